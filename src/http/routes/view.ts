// The reader view: server-rendered HTML pages over the same store, for people rather than programs.
// GET / (a redirect here), /view (articles: search and filters), /view/articles/:id,
// /view/entities/:id, /view/people, /view/organisations, /view/places and /view/quotes. The article
// list shows one article per story (its newest version) unless `versions=all` asks for every version
// or `story=<id>` for one story's. Not part of
// the API document (hidden from OpenAPI). An unknown id is a 404 HTML page; a malformed request (a
// bad date, entity id, kind or sort) is a problem+json 400 like anywhere else. A form's empty field is
// no filter; a parameter the page does not know is ignored (links keep working).
//
// The "next page" links carry sealed cursors, as the API's lists do (cursors.ts): the store's cursor
// encrypted and bound to the page's route and filters, so a link cannot be edited to read the store's
// keys or to page through another list. A cursor that does not open (edited, from another list or
// other filters, from the API, or from a process with another CURSOR_SECRET) is a 400 HTML page that
// offers the list from its start: a person followed a link, and problem+json would be no use to them.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ArticleListQuerySchema, QuoteKindSchema } from '../../schemas/article.js';
import { IdSchema, MAX_CURSOR_LENGTH } from '../../schemas/common.js';
import type { Entity } from '../../schemas/entity.js';
import type { Quote } from '../../schemas/quote.js';
import { InvalidCursorError, type NewsStore } from '../../store/news-store.js';
import { createCursorSeal, scopeOf, WRONG_CURSOR } from '../cursors.js';
import type { Html } from '../view/html.js';
import { VIEW_CSP } from '../view/layout.js';
import {
  articlePage,
  badCursorPage,
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

/** A page's sealed cursor: any string, checked by opening it, so that a bad one gets the HTML answer. */
const ViewCursorSchema = z.string().optional();

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
  cursor: ViewCursorSchema,
});

const EntityIndexQuerySchema = z.object({
  q: formText,
  sort: blankOr(z.enum(['mentions', 'articles', 'name'])),
  cursor: ViewCursorSchema,
});

const QuoteViewQuerySchema = z.object({
  q: formText,
  speaker: blankOr(IdSchema),
  kind: blankOr(QuoteKindSchema),
  cursor: ViewCursorSchema,
});

function sendPage(reply: FastifyReply, body: Html, status = 200) {
  return reply
    .code(status)
    .header('content-security-policy', VIEW_CSP)
    .type('text/html; charset=utf-8')
    .send(body.value);
}

/** The URL without its `cursor`: the first page of the same list. */
function firstPageOf(request: FastifyRequest): string {
  const url = new URL(request.url, 'http://reader');
  url.searchParams.delete('cursor');
  return `${url.pathname}${url.search}`;
}

export const viewRoutes: FastifyPluginAsyncZod<{ store: NewsStore; cursorSecret: string }> = async (
  app,
  { store, cursorSecret },
) => {
  const { seal, open } = createCursorSeal(cursorSecret);
  /** The store's cursor the page's `cursor` seals, for this route and these filters (else InvalidCursorError). */
  const opened = (request: FastifyRequest, cursor: string | undefined) => {
    if (cursor === undefined) return undefined;
    if (cursor.length > MAX_CURSOR_LENGTH) throw new InvalidCursorError(WRONG_CURSOR);
    return open(cursor, scopeOf(request));
  };
  /** The link to the next page of the list at `path`: its `params` and the store's `next` sealed for them; none after the last. */
  const nextHref = (
    request: FastifyRequest,
    path: string,
    params: Record<string, string | undefined>,
    next: string | null,
  ) => (next ? viewHref(path, { ...params, cursor: seal(next, scopeOf(request)) }) : null);

  // Only this plugin's routes: an error the view does not answer itself goes on to the app's handler.
  app.setErrorHandler((err, request, reply) => {
    if (!(err instanceof InvalidCursorError)) throw err;
    return sendPage(reply, badCursorPage(firstPageOf(request)), 400);
  });

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
      store.listArticles({ ...filter, cursor: opened(request, cursor), limit: PAGE_SIZE }),
      entityOrNull(entity),
      // A story is named by its first article's headline, while that article is stored.
      story ? store.getArticle(story) : null,
    ]);
    const params = { q, source, from, to, entity, story, versions };
    const next = nextHref(request, '/view', params, result.next);
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
      // One article per story, as on /view?entity=, where its "more" link leads.
      store.listArticles({ entity: [id], collapse: 'story', limit: ENTITY_LIST_SIZE }),
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
      const result = await store.listEntities({
        type,
        q,
        sort,
        cursor: opened(request, cursor),
        limit: ENTITY_INDEX_SIZE,
      });
      const next = nextHref(request, path, { q, sort: request.query.sort }, result.next);
      return sendPage(reply, entityIndexPage(type, { q, sort }, result, next));
    });
  }

  app.get('/view/quotes', { schema: { hide: true, querystring: QuoteViewQuerySchema } }, async (request, reply) => {
    const { q, speaker, kind, cursor } = request.query;
    const [result, named] = await Promise.all([
      store.listQuotes({ q, speaker, kind, cursor: opened(request, cursor), limit: PAGE_SIZE }),
      entityOrNull(speaker),
    ]);
    const next = nextHref(request, '/view/quotes', { q, speaker, kind }, result.next);
    const filter = { speakerId: speaker, speaker: named, kind, q };
    return sendPage(reply, quotesPage(filter, result, await headlines(result.data), next));
  });
};
