// GET /quotes.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { problems } from '../../schemas/common.js';
import { QuoteListQuerySchema, QuotePageSchema } from '../../schemas/quote.js';
import type { NewsStore } from '../../store/news-store.js';

export const quoteRoutes: FastifyPluginAsyncZod<{ store: NewsStore }> = async (app, { store }) => {
  app.get(
    '/quotes',
    {
      schema: {
        operationId: 'listQuotes',
        tags: ['quotes'],
        summary: 'List quotes, newest first; filter by speaker, kind and words',
        querystring: QuoteListQuerySchema,
        response: { 200: QuotePageSchema, ...problems(400) },
      },
    },
    async (request) => store.listQuotes(request.query),
  );
};
