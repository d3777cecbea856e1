// The reader view: server-rendered HTML pages over the same store, for people rather than programs.
// GET /view (recent articles, search), /view/articles/:id, /view/entities/:id. Not part of the API
// document (hidden from OpenAPI). An unknown id is a 404 HTML page; a malformed request is a
// problem+json 400 like anywhere else.
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CursorSchema } from '../../schemas/common.js';
import type { NewsStore } from '../../store/news-store.js';
import type { Html } from '../view/html.js';
import { VIEW_CSP } from '../view/layout.js';
import { articlePage, entityPage, listPage, notFoundPage } from '../view/pages.js';
import { PathIdSchema } from './shared.js';

const PAGE_SIZE = 20;
const ENTITY_LIST_SIZE = 50;

const ViewListQuerySchema = z.object({
  // The search form sends an empty q: that is no search.
  q: z
    .string()
    .max(200)
    .optional()
    .transform((v) => v?.trim() || undefined),
  cursor: CursorSchema.optional(),
});

function sendPage(reply: FastifyReply, body: Html, status = 200) {
  return reply
    .code(status)
    .header('content-security-policy', VIEW_CSP)
    .type('text/html; charset=utf-8')
    .send(body.value);
}

export const viewRoutes: FastifyPluginAsyncZod<{ store: NewsStore }> = async (app, { store }) => {
  app.get('/view', { schema: { hide: true, querystring: ViewListQuerySchema } }, async (request, reply) => {
    const { q, cursor } = request.query;
    const result = await store.listArticles({ q, cursor, limit: PAGE_SIZE });
    const next = result.next ? `/view?${new URLSearchParams({ ...(q ? { q } : {}), cursor: result.next })}` : null;
    return sendPage(reply, listPage(q, result, next));
  });

  app.get('/view/articles/:id', { schema: { hide: true, params: PathIdSchema } }, async (request, reply) => {
    const article = await store.getArticle(request.params.id);
    if (!article) return sendPage(reply, notFoundPage('article', request.params.id), 404);
    return sendPage(reply, articlePage(article));
  });

  app.get('/view/entities/:id', { schema: { hide: true, params: PathIdSchema } }, async (request, reply) => {
    const { id } = request.params;
    const entity = await store.getEntity(id);
    if (!entity) return sendPage(reply, notFoundPage('entity', id), 404);
    const [articles, quotes, related] = await Promise.all([
      store.listArticles({ entity: [id], limit: ENTITY_LIST_SIZE }),
      store.listQuotes({ speaker: id, limit: ENTITY_LIST_SIZE }),
      store.listRelated(id, { limit: 12 }),
    ]);
    return sendPage(reply, entityPage(entity, articles, quotes, related?.data ?? []));
  });
};
