// GET /entities, GET /entities/:id, and an entity's articles, quotes and related entities.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ArticlePageSchema } from '../../schemas/article.js';
import { problems } from '../../schemas/common.js';
import {
  EntityArticlesQuerySchema,
  EntityListQuerySchema,
  EntityPageSchema,
  EntitySchema,
  RelatedEntityPageSchema,
} from '../../schemas/entity.js';
import { EntityQuotesQuerySchema, QuotePageSchema } from '../../schemas/quote.js';
import type { NewsStore } from '../../store/news-store.js';
import { sendProblem } from '../problems.js';
import { PathIdSchema } from './articles.js';

export const entityRoutes: FastifyPluginAsyncZod<{ store: NewsStore }> = async (app, { store }) => {
  app.get(
    '/entities',
    {
      schema: {
        operationId: 'listEntities',
        tags: ['entities'],
        summary: 'List entities, most mentioned first (by name when `q` is given)',
        querystring: EntityListQuerySchema,
        response: { 200: EntityPageSchema, ...problems(400) },
      },
    },
    async (request) => store.listEntities(request.query),
  );

  app.get(
    '/entities/:id',
    {
      schema: {
        operationId: 'getEntity',
        tags: ['entities'],
        summary: 'Get an entity with its aliases, titles and counts',
        params: PathIdSchema,
        response: { 200: EntitySchema, ...problems(400, 404) },
      },
    },
    async (request, reply) => {
      const entity = await store.getEntity(request.params.id);
      return entity ?? sendProblem(reply, 404, `no entity ${request.params.id}`);
    },
  );

  app.get(
    '/entities/:id/articles',
    {
      schema: {
        operationId: 'listEntityArticles',
        tags: ['entities'],
        summary: 'List the articles that mention an entity, newest first',
        params: PathIdSchema,
        querystring: EntityArticlesQuerySchema,
        response: { 200: ArticlePageSchema, ...problems(400, 404) },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      if (!(await store.getEntity(id))) return sendProblem(reply, 404, `no entity ${id}`);
      return store.listArticles({ ...request.query, entity: [id] });
    },
  );

  app.get(
    '/entities/:id/quotes',
    {
      schema: {
        operationId: 'listEntityQuotes',
        tags: ['entities'],
        summary: 'List the quotes attributed to an entity, newest first',
        params: PathIdSchema,
        querystring: EntityQuotesQuerySchema,
        response: { 200: QuotePageSchema, ...problems(400, 404) },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      if (!(await store.getEntity(id))) return sendProblem(reply, 404, `no entity ${id}`);
      return store.listQuotes({ ...request.query, speaker: id });
    },
  );

  app.get(
    '/entities/:id/related',
    {
      schema: {
        operationId: 'listRelatedEntities',
        tags: ['entities'],
        summary: 'List the entities mentioned together with an entity, most shared articles first',
        params: PathIdSchema,
        querystring: EntityArticlesQuerySchema,
        response: { 200: RelatedEntityPageSchema, ...problems(400, 404) },
      },
    },
    async (request, reply) => {
      const page = await store.listRelated(request.params.id, request.query);
      return page ?? sendProblem(reply, 404, `no entity ${request.params.id}`);
    },
  );
};
