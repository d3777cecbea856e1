// GET /quotes.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { problems, withExample } from '../../schemas/common.js';
import { EXAMPLE_QUOTE_PAGE } from '../../schemas/examples.js';
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
        response: { 200: withExample(QuotePageSchema, EXAMPLE_QUOTE_PAGE), ...problems({ instance: '/quotes' }, 400) },
      },
    },
    async (request) => store.listQuotes(request.query),
  );
};
