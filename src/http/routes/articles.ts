// GET /articles and GET /articles/:id.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ArticleListQuerySchema, ArticlePageSchema, ArticleSchema } from '../../schemas/article.js';
import { problems } from '../../schemas/common.js';
import type { NewsStore } from '../../store/news-store.js';
import { sendProblem } from '../problems.js';

// Path ids are not pattern-checked: an id that cannot exist is simply not found (404).
export const PathIdSchema = z.object({ id: z.string().min(1).max(128).describe('The resource id') });

export const articleRoutes: FastifyPluginAsyncZod<{ store: NewsStore }> = async (app, { store }) => {
  app.get(
    '/articles',
    {
      schema: {
        operationId: 'listArticles',
        tags: ['articles'],
        summary: 'List articles, newest first',
        description: 'Keyset-paginated: pass `next` as `cursor` to get the following page.',
        querystring: ArticleListQuerySchema,
        response: { 200: ArticlePageSchema, ...problems(400) },
      },
    },
    async (request) => store.listArticles(request.query),
  );

  app.get(
    '/articles/:id',
    {
      schema: {
        operationId: 'getArticle',
        tags: ['articles'],
        summary: 'Get an article with its entities, their mentions, and its quotes',
        params: PathIdSchema,
        response: { 200: ArticleSchema, ...problems(404) },
      },
    },
    async (request, reply) => {
      const article = await store.getArticle(request.params.id);
      return article ?? sendProblem(reply, 404, `no article ${request.params.id}`);
    },
  );
};
