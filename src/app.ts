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
import { timelineRoutes } from './http/routes/timeline.js';
import { viewRoutes } from './http/routes/view.js';
import { serializerCompiler } from './http/serializer.js';
import type { Analyser } from './service/analysis-pool.js';
import type { IngestQueue } from './service/ingest-queue.js';
import type { NewsStore } from './store/news-store.js';
import { consistencyOf } from './store/replicated-store.js';

export type AppConfig = Pick<
  Config,
  | 'bodyLimit'
  | 'apiKeys'
  | 'rateLimitMax'
  | 'trustProxy'
  | 'corsOrigins'
  | 'requestTimeoutMs'
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
}

export async function buildApp({
  store,
  config = {},
  logger = false,
  analyser,
  queue = null,
  streamTimings = {},
}: AppOptions): Promise<FastifyInstance> {
  const c: AppConfig = { ...loadConfig({}), ...config };
  const app = Fastify({
    // Request URLs are logged with credential-like query parameters taken out (problems.ts).
    logger: logger && { ...(logger === true ? {} : logger), serializers: { req: logRequest } },
    bodyLimit: c.bodyLimit,
    // Fastify accepts a hop count here, though its typings leave numbers out.
    trustProxy: c.trustProxy as Exclude<AppConfig['trustProxy'], number>,
    requestTimeout: c.requestTimeoutMs,
    // New requests during a graceful close get 503 while the ones in flight finish: answered by
    // refuseWhileClosing as problem+json, not by Fastify's own plain JSON.
    return503OnClosing: false,
    frameworkErrors,
    routerOptions: { ignoreTrailingSlash: true },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // First of the hooks: a closing server does no other work for a new request.
  refuseWhileClosing(app);

  await registerProtection(app, c);
  await registerCaching(app);
  registerBodyParsers(app);
  await registerDocs(app);
  registerProblemHandlers(app);
  // Before the routes, whose lists it seals. The reader view's links stay within the view, which reads
  // the store's own cursors.
  registerCursorSealing(app, c.cursorSecret ?? processCursorSecret, (url) => url.startsWith('/view'));
  // With read replicas: the consistency token that lets a client read its own writes.
  const consistency = consistencyOf(store);
  if (consistency) registerConsistency(app, consistency);

  await app.register(articleRoutes, { store, apiKeys: c.apiKeys, analyser, queue });
  await registerArticleStream(app, { store, maxClients: c.streamMaxClients, ...streamTimings });
  await app.register(ingestJobRoutes, { queue, apiKeys: c.apiKeys, consistency });
  await app.register(entityRoutes, { store });
  await app.register(quoteRoutes, { store });
  await app.register(exportRoutes, { store });
  await app.register(timelineRoutes, { store });
  await app.register(extractRoutes, { analyser });
  await app.register(healthRoutes, { store });
  // The reader view: HTML pages for people, outside the API document.
  await app.register(viewRoutes, { store });
  return app;
}
