// GET /articles/stream: newly stored articles as Server-Sent Events, with GET /articles's filters and
// Last-Event-ID resume. The connections and their polling are in src/http/article-stream.ts.
import type { FastifyInstance } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ArticleListQuerySchema } from '../../schemas/article.js';
import { MAX_CURSOR_LENGTH, problems, withExample, withInputExample } from '../../schemas/common.js';
import { EXAMPLE_ARTICLE_SUMMARY, EXAMPLE_CURSORS, exampleProblem } from '../../schemas/examples.js';
import { InvalidCursorError, type NewsStore } from '../../store/news-store.js';
import { articleEvent, createStreamHub, STREAM_PAGE_SIZE, type StreamHub } from '../article-stream.js';
import { createCursorSeal, scopeOf } from '../cursors.js';
import { sendProblem } from '../problems.js';

const EXAMPLE_EVENT_ID = EXAMPLE_CURSORS.streamEvent;
/** The stream's own parameter is no part of what its ids are bound to: a resumed stream's ids are the same. */
const NOT_SCOPED = ['lastEventId'] as const;
const NOT_AN_ID = 'not an event id this stream handed out for these filters';

const PositionSchema = z.string().max(MAX_CURSOR_LENGTH);

const { entity, source, q } = ArticleListQuerySchema.shape;

const StreamQuerySchema = z
  .object({
    entity,
    source,
    q,
    lastEventId: withInputExample(
      PositionSchema.optional().describe(
        'Resume after this event: the `id` of the last event received, for clients that cannot send the Last-Event-ID header (the header wins when both are sent)',
      ),
      EXAMPLE_EVENT_ID,
    ),
  })
  .strict();

// Loose: the other request headers stay as they are.
const StreamHeadersSchema = z.looseObject({
  'last-event-id': withInputExample(
    PositionSchema.optional().describe(
      'Resume after this event (EventSource sends it when it reconnects): the `id` of the last event received',
    ),
    EXAMPLE_EVENT_ID,
  ),
});

const EXAMPLE_STREAM =
  'retry: 1000\n\n' +
  `event: article\nid: ${EXAMPLE_EVENT_ID}\ndata: ${JSON.stringify(EXAMPLE_ARTICLE_SUMMARY)}\n\n` +
  ': keep-alive\n\n';

const EventStreamSchema = withExample(
  z
    .string()
    .max(Number.MAX_SAFE_INTEGER)
    .describe(
      "Server-Sent Events, one per article stored: `event: article`, `id:` the article's position in storage order (opaque: sealed, and good only for this route with the same filters), `data:` the article as an item of GET /articles (JSON, one line; with `q`, with its snippet). A comment line (`: keep-alive`) comes when nothing else has been sent for 20 s.",
    ),
  EXAMPLE_STREAM,
);

const INSTANCE = '/articles/stream';

export interface ArticleStreamOptions {
  store: NewsStore;
  /** Open streams allowed in this process; beyond, 503. */
  maxClients: number;
  /** How often the store's version is checked, and the heartbeat interval (tests shorten them). */
  pollMs?: number | undefined;
  heartbeatMs?: number | undefined;
  /**
   * Seals the event ids as page cursors are sealed (src/http/cursors.ts): a client can neither read a
   * position nor forge one, and an id from other filters is refused.
   */
  cursorSecret: string;
}

/**
 * The stream's connections (on the app itself, so that `app.articleStreams` tells how many are open
 * and closing the app ends them) and its route.
 */
export async function registerArticleStream(app: FastifyInstance, options: ArticleStreamOptions) {
  const hub = createStreamHub({ ...options, log: app.log });
  // Before the server closes: an open stream would keep it waiting for ever.
  app.addHook('preClose', async () => hub.close());
  app.decorate('articleStreams', { size: () => hub.size() });
  await app.register(articleStreamRoutes, {
    store: options.store,
    hub,
    seal: createCursorSeal(options.cursorSecret),
  });
}

const articleStreamRoutes: FastifyPluginAsyncZod<{
  store: NewsStore;
  hub: StreamHub;
  seal: ReturnType<typeof createCursorSeal>;
}> = async (app, { store, hub, seal }) => {
  app.get(
    '/articles/stream',
    {
      // A HEAD would open a stream with no body to send, for ever.
      exposeHeadRoute: false,
      schema: {
        operationId: 'streamArticles',
        tags: ['articles'],
        summary: 'Newly stored articles, as Server-Sent Events',
        description:
          'A `text/event-stream` of the articles stored from now on (in the order they are stored, whatever ' +
          "their publication date) that match the filters, which are GET /articles's. Each event's `id` is its " +
          'position, opaque like a page cursor (sealed, and bound to this route and these filters): send it back ' +
          'unchanged as `Last-Event-ID` (EventSource does when it reconnects) or `lastEventId`, with the same ' +
          'filters, to get exactly what was stored after it, in order, each article once; any other id is a 400. ' +
          'Deleted articles are not sent. ' +
          'A stream counts as one request against the rate limit; each server process allows a limited ' +
          'number open at once (503 with Retry-After beyond).',
        querystring: StreamQuerySchema,
        headers: StreamHeadersSchema,
        response: {
          200: {
            description: 'The stream, open until the client or the server closes it',
            content: { 'text/event-stream': { schema: EventStreamSchema } },
          },
          ...problems(
            {
              instance: INSTANCE,
              invalid: exampleProblem(
                400,
                INSTANCE,
                `Last-Event-ID is ${NOT_AN_ID}: send the \`id\` of an event, with the same filters, unchanged`,
                [{ in: 'headers', path: 'last-event-id', message: NOT_AN_ID }],
              ),
              details: { 503: 'too many open streams; retry later' },
            },
            400,
          ),
        },
      },
    },
    async (request, reply) => {
      const full = () => sendProblem(reply.header('retry-after', '10'), 503, 'too many open streams; retry later');
      if (!hub.hasRoom()) return full();
      const { lastEventId, ...filter } = request.query;
      // An empty one (a client that had no id yet) is as none.
      const header = request.headers['last-event-id'];
      const fromHeader = typeof header === 'string' && header !== '';
      const id = fromHeader ? header : lastEventId || undefined;
      const scope = scopeOf(request, NOT_SCOPED);
      let first: Awaited<ReturnType<NewsStore['articlesStoredAfter']>>;
      try {
        // A raw position, garbage, an id of other filters or a cursor of another route fail to open.
        const after = id === undefined ? undefined : seal.open(id, scope);
        first = await store.articlesStoredAfter({ ...filter, after, limit: STREAM_PAGE_SIZE });
      } catch (err) {
        if (!(err instanceof InvalidCursorError)) throw err;
        const message = NOT_AN_ID;
        const error = fromHeader
          ? { in: 'headers', path: 'last-event-id', message }
          : { in: 'querystring', path: 'lastEventId', message };
        const name = fromHeader ? 'Last-Event-ID' : 'lastEventId';
        return sendProblem(
          reply,
          400,
          `${name} is ${message}: send the \`id\` of an event, with the same filters, unchanged`,
          { errors: [error] },
        );
      }
      // Others may have opened streams while this one read.
      if (!hub.hasRoom()) return full();

      reply.hijack();
      const res = reply.raw;
      // One connection per stream: when it ends, so does the connection (a closing server waits for none).
      res.shouldKeepAlive = false;
      // What the hooks set (security headers, CORS, rate-limit counts) goes out with the stream's head.
      for (const [name, value] of Object.entries(reply.getHeaders())) {
        if (value !== undefined) res.setHeader(name, value);
      }
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache',
        'x-accel-buffering': 'no',
      });
      const eventId = (position: string) => seal.seal(position, scope);
      const events = first.data.map(({ position, article }) => articleEvent(eventId(position), article)).join('');
      hub.open(res, filter, first.position, events, eventId);
    },
  );
};

declare module 'fastify' {
  interface FastifyInstance {
    /** The open GET /articles/stream connections of this process (for tests and health). */
    articleStreams: { size(): number };
  }
}
