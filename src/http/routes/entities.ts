// GET /entities, GET /entities/:id, and an entity's articles, quotes and related entities.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ArticlePageSchema } from '../../schemas/article.js';
import { problems, withExample } from '../../schemas/common.js';
import {
  EntityArticlesQuerySchema,
  EntityListQuerySchema,
  EntityPageSchema,
  EntitySchema,
  RelatedEntitiesQuerySchema,
  RelatedEntityPageSchema,
} from '../../schemas/entity.js';
import {
  EXAMPLE_ARTICLE_PAGE,
  EXAMPLE_ENTITY_PAGE,
  EXAMPLE_IDS,
  EXAMPLE_PERSON,
  EXAMPLE_QUOTE_PAGE,
  EXAMPLE_RELATED_PAGE,
  exampleProblem,
  type ProblemContext,
} from '../../schemas/examples.js';
import { EntityQuotesQuerySchema, QuotePageSchema } from '../../schemas/quote.js';
import type { NewsStore } from '../../store/news-store.js';
import { sendProblem } from '../problems.js';
import { pathIdWithExample } from './shared.js';

const EntityPathSchema = pathIdWithExample(EXAMPLE_IDS.person);

/** An id no entity has: the 404 examples. */
const MISSING_ID = '0b8e4d2f6a1c9735';

/** The problem examples of the operations on one entity, at `/entities/{id}` plus `tail`. */
const oneEntity = (tail = ''): ProblemContext => ({
  instance: `/entities/${MISSING_ID}${tail}`,
  invalid: exampleProblem(400, `/entities/%E0%A4%A${tail}`, 'the URL is not validly percent-encoded'),
  details: { 404: `no entity ${MISSING_ID}` },
});

export const entityRoutes: FastifyPluginAsyncZod<{ store: NewsStore }> = async (app, { store }) => {
  app.get(
    '/entities',
    {
      schema: {
        operationId: 'listEntities',
        tags: ['entities'],
        summary: 'List entities, most mentioned first (by name when `q` is given)',
        querystring: EntityListQuerySchema,
        response: {
          200: withExample(EntityPageSchema, EXAMPLE_ENTITY_PAGE),
          ...problems({ instance: '/entities' }, 400),
        },
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
        params: EntityPathSchema,
        response: { 200: withExample(EntitySchema, EXAMPLE_PERSON), ...problems(oneEntity(), 400, 404) },
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
        params: EntityPathSchema,
        querystring: EntityArticlesQuerySchema,
        response: {
          200: withExample(ArticlePageSchema, EXAMPLE_ARTICLE_PAGE),
          ...problems(oneEntity('/articles'), 400, 404),
        },
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
        params: EntityPathSchema,
        querystring: EntityQuotesQuerySchema,
        response: {
          200: withExample(QuotePageSchema, EXAMPLE_QUOTE_PAGE),
          ...problems(oneEntity('/quotes'), 400, 404),
        },
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
        params: EntityPathSchema,
        querystring: RelatedEntitiesQuerySchema,
        response: {
          200: withExample(RelatedEntityPageSchema, EXAMPLE_RELATED_PAGE),
          ...problems(oneEntity('/related'), 400, 404),
        },
      },
    },
    async (request, reply) => {
      const page = await store.listRelated(request.params.id, request.query);
      return page ?? sendProblem(reply, 404, `no entity ${request.params.id}`);
    },
  );
};
