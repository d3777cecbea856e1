// The application: buildApp() wires plugins in a fixed order (protection, caching, body parsing, documentation,
// error handling, then routes) around a store it is given. Tests build it with an in-memory store and
// the settings they need; server.ts with the real store and the configuration.
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import { type Config, loadConfig } from './config.js';
import { registerBodyParsers } from './http/body-parsers.js';
import { registerCaching } from './http/caching.js';
import { registerConsistency } from './http/consistency.js';
import { newCursorSecret, registerCursorSealing } from './http/cursors.js';
import { registerDocs } from './http/docs.js';
import { frameworkErrors, logRequest, refuseWhileClosing, registerProblemHandlers } from './http/problems.js';
import { registerProtection } from './http/protection.js';
import { registerArticleStream } from './http/routes/article-stream.js';
import { articleRoutes } from './http/routes/articles.js';
import { entityRoutes } from './http/routes/entities.js';
import { exportRoutes } from './http/routes/export.js';
import { extractRoutes } from './http/routes/extract.js';
import { healthRoutes } from './http/routes/health.js';
import { ingestJobRoutes } from './http/routes/ingest-jobs.js';
import { quoteRoutes } from './http/routes/quotes.js';
import { searchRoutes } from './http/routes/searches.js';
import { timelineRoutes } from './http/routes/timeline.js';
import { viewRoutes } from './http/routes/view.js';
import { serializerCompiler } from './http/serializer.js';
import type { Analyser } from './service/analysis-pool.js';
import type { IngestQueue } from './service/ingest-queue.js';
import { createWebhookDispatcher, type WebhookDispatcher, type WebhookSettings } from './service/webhooks.js';
import type { NewsStore } from './store/news-store.js';
import { consistencyOf } from './store/replicated-store.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The webhook dispatcher, when the app runs one (AppOptions.webhooks). */
    webhooks?: WebhookDispatcher;
  }
}

export type AppConfig = Pick<
  Config,
  | 'bodyLimit'
  | 'apiKeys'
  | 'rateLimitMax'
  | 'trustProxy'
  | 'corsOrigins'
  | 'requestTimeoutMs'
  | 'headersTimeoutMs'
  | 'keepAliveTimeoutMs'
  | 'maxConnections'
  | 'extractMaxBytes'
  | 'extractRateLimitMax'
  | 'extractConcurrency'
  | 'extractQueueMax'
  | 'extractMaxMentions'
  | 'maxEventLoopDelayMs'
  | 'streamMaxClients'
  | 'workers'
  | 'redisUrl'
  | 'redisKeyPrefix'
  | 'cursorSecret'
>;

/** The cursor secret of every app in this process that is given none. */
const processCursorSecret = newCursorSecret();

export interface AppOptions {
  store: NewsStore;
  /** Defaults are those of an empty environment. */
  config?: Partial<AppConfig>;
  logger?: FastifyServerOptions['logger'];
  /** Runs the extraction of POST /articles and POST /extract (createInlineAnalyser or createAnalysisPool). */
  analyser: Analyser;
  /** The ingest queue (openIngestQueue) when INGEST_QUEUE_URL is set: POST /articles then queues. */
  queue?: IngestQueue | null;
  /** GET /articles/stream's store polling and heartbeat intervals, for tests; 1 s and 20 s by default. */
  streamTimings?: { pollMs?: number; heartbeatMs?: number };
  /**
   * Runs this process's webhook dispatcher (src/service/webhooks.ts) with these settings; the server
   * passes the configuration's. Left out, the routes of saved searches work and nothing is sent.
   */
  webhooks?: Partial<WebhookSettings>;
}

export async function buildApp({
  store,
  config = {},
  logger = false,
  analyser,
  queue = null,
  streamTimings = {},
  webhooks,
}: AppOptions): Promise<FastifyInstance> {
  const c: AppConfig = { ...loadConfig({}), ...config };
  // Node refuses a headers timeout longer than the request timeout (config.ts checks the environment's).
  const headersTimeout = c.requestTimeoutMs > 0 ? Math.min(c.headersTimeoutMs, c.requestTimeoutMs) : c.headersTimeoutMs;
  const app = Fastify({
    // Request URLs are logged with credential-like query parameters taken out (problems.ts).
    logger: logger && { ...(logger === true ? {} : logger), serializers: { req: logRequest } },
    bodyLimit: c.bodyLimit,
    // Fastify accepts a hop count here, though its typings leave numbers out.
    trustProxy: c.trustProxy as Exclude<AppConfig['trustProxy'], number>,
    // A client that sends its headers or its body slowly holds a socket (and the body's buffered part)
    // until these close it. Node checks them every connectionsCheckingInterval (30 s by default, which
    // let a slow body run about twice the request timeout): a tenth of the shorter one here, at most 1 s.
    requestTimeout: c.requestTimeoutMs,
    keepAliveTimeout: c.keepAliveTimeoutMs,
    http: {
      headersTimeout: headersTimeout,
      requestTimeout: c.requestTimeoutMs,
      connectionsCheckingInterval: Math.max(
        10,
        Math.min(1000, Math.floor(Math.min(headersTimeout, c.requestTimeoutMs || headersTimeout) / 10)),
      ),
    },
    // New requests during a graceful close get 503 while the ones in flight finish: answered by
    // refuseWhileClosing as problem+json, not by Fastify's own plain JSON.
    return503OnClosing: false,
    frameworkErrors,
    routerOptions: { ignoreTrailingSlash: true },
  });
  // Beyond it, Node closes a new connection at once: sockets, and the bodies they buffer, stay bounded.
  app.server.maxConnections = c.maxConnections;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // First of the hooks: a closing server does no other work for a new request.
  refuseWhileClosing(app);

  await registerProtection(app, c);
  await registerCaching(app);
  registerBodyParsers(app);
  await registerDocs(app);
  registerProblemHandlers(app);
  // Before the routes, whose lists it seals. The reader view, whose pages are HTML, seals its own links'
  // cursors with the same secret (and answers a bad one with an HTML page).
  const cursorSecret = c.cursorSecret ?? processCursorSecret;
  registerCursorSealing(app, cursorSecret, (url) => url.startsWith('/view'));
  // With read replicas: the consistency token that lets a client read its own writes.
  const consistency = consistencyOf(store);
  if (consistency) registerConsistency(app, consistency);

  await app.register(articleRoutes, { store, apiKeys: c.apiKeys, analyser, queue });
  await registerArticleStream(app, { store, maxClients: c.streamMaxClients, cursorSecret, ...streamTimings });
  await app.register(ingestJobRoutes, { queue, apiKeys: c.apiKeys, consistency });
  await app.register(entityRoutes, { store });
  await app.register(quoteRoutes, { store });
  await app.register(exportRoutes, { store });
  await app.register(timelineRoutes, { store });
  await app.register(searchRoutes, { store, apiKeys: c.apiKeys });
  if (webhooks) {
    const dispatcher = createWebhookDispatcher({ ...webhooks, store, log: app.log });
    // As the close begins, not after the requests drain: a drain that outlasts SHUTDOWN_TIMEOUT_MS
    // ends the process, and attempts claimed meanwhile would go unrecorded and be sent again.
    app.addHook('preClose', async () => dispatcher.close());
    app.decorate('webhooks', dispatcher);
  }
  await app.register(extractRoutes, {
    analyser,
    maxBytes: c.extractMaxBytes,
    rateLimitMax: c.extractRateLimitMax,
    concurrency: c.extractConcurrency,
    queueMax: c.extractQueueMax,
    maxMentions: c.extractMaxMentions,
  });
  await app.register(healthRoutes, { store });
  // The reader view: HTML pages for people, outside the API document.
  await app.register(viewRoutes, { store, cursorSecret });
  return app;
}
