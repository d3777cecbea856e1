// GET /export/articles, /export/entities, /export/quotes: whole collections, filtered like the lists,
// as NDJSON streams. The store is read page by page through the lists' keyset cursors, and a page is
// read only when the client has taken the previous one (a Readable pulled by the socket), so memory
// stays flat whatever the size of the export; a client that goes away stops the reading.
import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ArticleSchema } from '../../schemas/article.js';
import { problems, withExample } from '../../schemas/common.js';
import { EntitySchema } from '../../schemas/entity.js';
import { EXAMPLE_ARTICLE, EXAMPLE_PERSON, EXAMPLE_QUOTE_PAGE, exampleInvalid } from '../../schemas/examples.js';
import {
  ArticleExportQuerySchema,
  EntityExportQuerySchema,
  NDJSON,
  QuoteExportQuerySchema,
} from '../../schemas/export.js';
import { type Quote, QuoteSchema } from '../../schemas/quote.js';
import type { NewsStore, Page } from '../../store/news-store.js';

/** Items read from the store at a time. */
export const EXPORT_PAGE_SIZE = 100;
/** Full articles read ahead of the one being written (PostgreSQL answers them concurrently). */
const ARTICLE_READ_AHEAD = 4;
/** About the size of a chunk written (in UTF-16 units: a few times that in bytes at most). */
const CHUNK_BYTES = 16 * 1024;
/** Bytes the stream holds before it waits for the socket. */
const HIGH_WATER_MARK = 64 * 1024;

const COMMON =
  'One JSON document per line (NDJSON, UTF-8), each ended by a newline; an empty export is an empty body. ' +
  'Send `Accept-Encoding: gzip` (or br, deflate) for a compressed stream. ' +
  'A download that broke off resumes with `after` set to the `id` of the last complete line (one that ' +
  'ends with a newline) and the same filters: the export continues just after that item, with neither ' +
  'gap nor repeat. An item deleted since cannot be resumed from (400): resume from an earlier line. ' +
  'Errors found before the first line (a bad filter, a bad `after`) are problem+json answers; an error ' +
  'after streaming began aborts the response without its end (the chunked encoding is left unterminated, ' +
  'HTTP/2 resets the stream), which HTTP clients report as an incomplete or aborted body: every complete ' +
  'line before it stands, so resume after the last of them.';

const ARTICLES_DESCRIPTION =
  'Every article the filters select, newest first (by publication date, the ingest date when unknown; ' +
  'ties newest ingested first), the order of `GET /articles` without `q`, also with `q`. Each line is the ' +
  'whole article as `GET /articles/{id}` answers it: its text, entities with their mentions, and quotes. ' +
  'An article deleted while the export runs is left out. ';

const ENTITIES_DESCRIPTION =
  'Every entity the filters select, by name (`GET /entities?sort=name`; with `q`, by the name that ' +
  'matches, as `GET /entities?q=`): an order that writes do not shuffle, unlike the counts. Each line ' +
  'is an entity as the list gives it. ';

const QUOTES_DESCRIPTION =
  "Every quote the filters select, newest first (by the article's ingest order, then place in the " +
  'article), the order of `GET /quotes`. Each line is a quote as the list gives it. ';

/**
 * The lines of an export: pages of items from `read` (the first one already read), each item made a
 * line by `render` (null leaves it out). Stops between reads once `stopped()` says the client left.
 */
async function* lines<T>(
  first: Page<T>,
  read: (cursor: string) => Promise<Page<T>>,
  render: (items: T[]) => AsyncIterable<unknown>,
  stopped: () => boolean,
): AsyncGenerator<Buffer> {
  let page = first;
  // Lines go out in chunks of about CHUNK_BYTES (a whole article may be more): one write each, not
  // one per line, which costs a compressing stream dearly for short lines.
  let chunk: string[] = [];
  let size = 0;
  for (;;) {
    for await (const item of render(page.data)) {
      if (item === null) continue;
      const line = `${JSON.stringify(item)}\n`;
      chunk.push(line);
      size += line.length;
      if (size >= CHUNK_BYTES) {
        yield Buffer.from(chunk.join(''));
        chunk = [];
        size = 0;
      }
    }
    if (page.next === null || stopped()) break;
    page = await read(page.next);
  }
  if (chunk.length > 0) yield Buffer.from(chunk.join(''));
}

/** List items as they are, a page at a time. */
async function* asListed<T>(items: T[]): AsyncIterable<T> {
  yield* items;
}

/**
 * Sends an export: the first page is read before anything is sent, so what goes wrong there (a bad
 * `after`, an unavailable store) is an ordinary problem answer.
 */
async function sendExport<T>(
  reply: FastifyReply,
  read: (page: { after?: string | undefined; cursor?: string }) => Promise<Page<T>>,
  after: string | undefined,
  render: (items: T[]) => AsyncIterable<unknown>,
) {
  const first = await read({ after });
  // Fastify destroys the stream when the response closes early, which ends the generator at its next
  // yield; this stops it between two reads too.
  let stopped = false;
  reply.raw.once('close', () => {
    stopped = true;
  });
  const stream = Readable.from(
    lines(
      first,
      (cursor) => read({ cursor }),
      render,
      () => stopped,
    ),
    { objectMode: false, highWaterMark: HIGH_WATER_MARK },
  );
  return reply.type(NDJSON).header('cache-control', 'no-store').send(stream);
}

/** Compress NDJSON too (@fastify/compress's default types leave it out), streams included. */
const COMPRESS: { customTypes: RegExp; encodings: ('br' | 'gzip' | 'deflate')[] } = {
  customTypes: /^application\/x-ndjson/,
  encodings: ['br', 'gzip', 'deflate'],
};

export const exportRoutes: FastifyPluginAsyncZod<{ store: NewsStore }> = async (app, { store }) => {
  /** The whole articles of a page, read a few ahead of the one being written. */
  async function* wholeArticles(items: { id: string }[]) {
    const pending: ReturnType<NewsStore['getArticle']>[] = [];
    let next = 0;
    const fill = () => {
      while (pending.length < ARTICLE_READ_AHEAD && next < items.length) {
        const read = store.getArticle((items[next++] as { id: string }).id);
        // Awaited below; a read left behind when the client goes away must not be an unhandled rejection.
        read.catch(() => {});
        pending.push(read);
      }
    };
    fill();
    while (pending.length > 0) {
      const article = await pending.shift();
      fill();
      yield article ?? null;
    }
  }

  app.get(
    '/export/articles',
    {
      compress: COMPRESS,
      schema: {
        operationId: 'exportArticles',
        tags: ['export'],
        summary: 'Export articles, whole, as NDJSON',
        description: ARTICLES_DESCRIPTION + COMMON,
        querystring: ArticleExportQuerySchema,
        response: {
          200: {
            description: 'One whole article per line',
            content: { [NDJSON]: { schema: withExample(ArticleSchema, EXAMPLE_ARTICLE) } },
          },
          ...problems(
            {
              instance: '/export/articles',
              invalid: exampleInvalid(
                '/export/articles?after=x',
                'querystring',
                'after',
                'an id is 16 lowercase hexadecimal characters',
              ),
            },
            400,
          ),
        },
      },
    },
    async (request, reply) => {
      const { after, ...filter } = request.query;
      return sendExport(
        reply,
        (page) => store.listArticles({ ...filter, ...page, sort: 'newest', limit: EXPORT_PAGE_SIZE }),
        after,
        wholeArticles,
      );
    },
  );

  app.get(
    '/export/entities',
    {
      compress: COMPRESS,
      schema: {
        operationId: 'exportEntities',
        tags: ['export'],
        summary: 'Export entities as NDJSON',
        description: ENTITIES_DESCRIPTION + COMMON,
        querystring: EntityExportQuerySchema,
        response: {
          200: {
            description: 'One entity per line',
            content: { [NDJSON]: { schema: withExample(EntitySchema, EXAMPLE_PERSON) } },
          },
          ...problems({ instance: '/export/entities' }, 400),
        },
      },
    },
    async (request, reply) => {
      const { after, ...filter } = request.query;
      return sendExport(
        reply,
        (page) =>
          store.listEntities({
            ...filter,
            ...page,
            sort: filter.q === undefined ? 'name' : undefined,
            limit: EXPORT_PAGE_SIZE,
          }),
        after,
        asListed,
      );
    },
  );

  app.get(
    '/export/quotes',
    {
      compress: COMPRESS,
      schema: {
        operationId: 'exportQuotes',
        tags: ['export'],
        summary: 'Export quotes as NDJSON',
        description: QUOTES_DESCRIPTION + COMMON,
        querystring: QuoteExportQuerySchema,
        response: {
          200: {
            description: 'One quote per line',
            content: { [NDJSON]: { schema: withExample(QuoteSchema, EXAMPLE_QUOTE_PAGE.data[0] as Quote) } },
          },
          ...problems({ instance: '/export/quotes' }, 400),
        },
      },
    },
    async (request, reply) => {
      const { after, ...filter } = request.query;
      return sendExport(
        reply,
        (page) => store.listQuotes({ ...filter, ...page, limit: EXPORT_PAGE_SIZE }),
        after,
        asListed,
      );
    },
  );
};
