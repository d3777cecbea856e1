// The reader view: server-rendered HTML pages over the same store, for people rather than programs.
// GET / (a redirect here), /view (articles: search and filters), /view/articles/:id,
// /view/entities/:id, /view/people, /view/organisations, /view/places and /view/quotes. The article
// list shows one article per story (its newest version) unless `versions=all` asks for every version
// or `story=<id>` for one story's. Not part of
// the API document (hidden from OpenAPI). An unknown id is a 404 HTML page; a malformed request (a
// bad cursor, date, entity id, kind or sort) is a problem+json 400 like anywhere else. A form's
// empty field is no filter; a parameter the page does not know is ignored (links keep working).
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ArticleListQuerySchema, QuoteKindSchema } from '../../schemas/article.js';
import { CursorSchema, IdSchema } from '../../schemas/common.js';
import type { Entity } from '../../schemas/entity.js';
import type { Quote } from '../../schemas/quote.js';
import type { NewsStore } from '../../store/news-store.js';
import type { Html } from '../view/html.js';
import { VIEW_CSP } from '../view/layout.js';
import {
  articlePage,
  ENTITY_INDEXES,
  entityIndexPage,
  entityPage,
  listPage,
  notFoundPage,
  quotesPage,
  viewHref,
} from '../view/pages.js';
import { PathIdSchema } from './shared.js';

const PAGE_SIZE = 20;
const ENTITY_LIST_SIZE = 50;
const ENTITY_INDEX_SIZE = 50;

/** Free text from a form: trimmed, and empty is nothing. */
const formText = z
  .string()
  .max(200)
  .optional()
  .transform((v) => v?.trim() || undefined);

/** A form field that must be valid when filled in; empty is nothing. */
const blankOr = <T extends z.ZodType>(schema: T) =>
  z
    .union([z.literal(''), schema])
    .optional()
    .transform((v) => (v === '' ? undefined : (v as z.output<T> | undefined)));

const ViewListQuerySchema = z.object({
  q: formText,
  source: formText,
  from: blankOr(ArticleListQuerySchema.shape.from.unwrap()),
  to: blankOr(ArticleListQuerySchema.shape.to.unwrap()),
  entity: blankOr(IdSchema),
  story: blankOr(IdSchema),
  versions: blankOr(z.enum(['all'])),
  cursor: CursorSchema.optional(),
});

const EntityIndexQuerySchema = z.object({
  q: formText,
  sort: blankOr(z.enum(['mentions', 'articles', 'name'])),
  cursor: CursorSchema.optional(),
});

const QuoteViewQuerySchema = z.object({
  q: formText,
  speaker: blankOr(IdSchema),
  kind: blankOr(QuoteKindSchema),
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
  const entityOrNull = async (id: string | undefined): Promise<Entity | null> => (id ? store.getEntity(id) : null);

  /** The headlines of the quotes' articles, those not already known looked up (at most one page's worth). */
  async function headlines(quotes: Quote[], known: ReadonlyMap<string, string> = new Map()) {
    const out = new Map(known);
    const missing = [...new Set(quotes.map((q) => q.articleId))].filter((id) => !out.has(id));
    const found = await Promise.all(missing.map((id) => store.getArticle(id)));
    for (const a of found) if (a) out.set(a.id, a.headline);
    return out;
  }

  app.get('/', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/view', 302));

  app.get('/view', { schema: { hide: true, querystring: ViewListQuerySchema } }, async (request, reply) => {
    const { q, source, from, to, entity, story, versions, cursor } = request.query;
    // A reader wants a story once, not once per outlet that ran it; its versions are a click away.
    const collapse = story || versions === 'all' ? undefined : 'story';
    const filter = { q, source, from, to, entity: entity ? [entity] : undefined, story, collapse } as const;
    const [result, named, first] = await Promise.all([
      store.listArticles({ ...filter, cursor, limit: PAGE_SIZE }),
      entityOrNull(entity),
      // A story is named by its first article's headline, while that article is stored.
      story ? store.getArticle(story) : null,
    ]);
    const params = { q, source, from, to, entity, story, versions };
    const next = result.next ? viewHref('/view', { ...params, cursor: result.next }) : null;
    const shown = { ...params, entityId: entity, entity: named, storyHeadline: first?.headline ?? null };
    return sendPage(reply, listPage(shown, result, next));
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
    // Most quotes are in articles the list above already names.
    const named = await headlines(quotes.data, new Map(articles.data.map((a) => [a.id, a.headline])));
    return sendPage(reply, entityPage(entity, articles, quotes, related?.data ?? [], named));
  });

  for (const { type, path } of ENTITY_INDEXES) {
    app.get(path, { schema: { hide: true, querystring: EntityIndexQuerySchema } }, async (request, reply) => {
      const { q, cursor } = request.query;
      const sort = request.query.sort ?? 'mentions';
      const result = await store.listEntities({ type, q, sort, cursor, limit: ENTITY_INDEX_SIZE });
      const next = result.next
        ? viewHref(path, { q, sort: sort === 'mentions' ? undefined : sort, cursor: result.next })
        : null;
      return sendPage(reply, entityIndexPage(type, { q, sort }, result, next));
    });
  }

  app.get('/view/quotes', { schema: { hide: true, querystring: QuoteViewQuerySchema } }, async (request, reply) => {
    const { q, speaker, kind, cursor } = request.query;
    const [result, named] = await Promise.all([
      store.listQuotes({ q, speaker, kind, cursor, limit: PAGE_SIZE }),
      entityOrNull(speaker),
    ]);
    const next = result.next ? viewHref('/view/quotes', { q, speaker, kind, cursor: result.next }) : null;
    const filter = { speakerId: speaker, speaker: named, kind, q };
    return sendPage(reply, quotesPage(filter, result, await headlines(result.data), next));
  });
};
