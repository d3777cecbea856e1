// Configuration: one zod schema over the environment. An invalid value stops start-up with a message
// that names the variable. There are no default secrets: with no API key, writes are refused.
import { z } from 'zod';
import { DEFAULT_WEBHOOK_SETTINGS as WEBHOOK } from './service/webhooks.js';

const list = z.string().transform((s) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean),
);

/** TRUST_PROXY as Fastify's trustProxy: true, false, a hop count, or a list of addresses. */
function trustProxy(value: string): boolean | number | string[] {
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (/^\d+$/.test(value)) return Number(value);
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

const POSTGRES_URL = /^postgres(ql)?:\/\//;

/** Settings that depend on each other, checked on the environment as given. */
function crossChecks(env: Record<string, string | undefined>): string[] {
  const problems: string[] = [];
  const replicas = (env.DATABASE_REPLICA_URLS ?? '').split(',').some((url) => url.trim() !== '');
  if (replicas && !POSTGRES_URL.test(env.DATABASE_URL ?? ''))
    problems.push(
      '  DATABASE_REPLICA_URLS: read replicas need DATABASE_URL to be the postgres:// URL of their primary (DATABASE_URL is unset or not PostgreSQL)',
    );
  const request = Number(env.REQUEST_TIMEOUT_MS ?? 30_000);
  const headers = Number(env.HEADERS_TIMEOUT_MS);
  // Node refuses a headers timeout longer than the request timeout.
  if (env.HEADERS_TIMEOUT_MS !== undefined && request > 0 && headers > request)
    problems.push(
      `  HEADERS_TIMEOUT_MS: at most REQUEST_TIMEOUT_MS (${request}), since the headers are part of the request`,
    );
  return problems;
}

// The environment's names on the left, the settings' names (and their meaning) in the transform: one
// declaration, whose type the rest of the code takes by z.output.
const ConfigSchema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().min(1).default('127.0.0.1'),
    DATABASE_PATH: z.string().min(1).default('data/db/news.db'),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\/\S+$/, 'a postgres:// or postgresql:// connection URL')
      .optional(),
    ARTICLES_DIR: z.string().min(1).default('data/articles'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    BODY_LIMIT: z.coerce
      .number()
      .int()
      .min(1024)
      .default(1024 * 1024),
    API_KEYS: list.pipe(z.array(z.string().min(16, 'each key needs at least 16 characters').max(512))).default([]),
    RATE_LIMIT_MAX: z.coerce.number().int().min(0).default(1000),
    TRUST_PROXY: z
      .string()
      .regex(/^(true|false|\d+|[0-9a-fA-F:.,/ ]+)$/, 'true, false, a hop count, or a comma-separated list of addresses')
      .default('false'),
    CORS_ORIGINS: list.default([]),
    REQUEST_TIMEOUT_MS: z.coerce.number().int().min(0).default(30_000),
    HEADERS_TIMEOUT_MS: z.coerce.number().int().min(1).optional(),
    KEEP_ALIVE_TIMEOUT_MS: z.coerce.number().int().min(1).default(5_000),
    MAX_CONNECTIONS: z.coerce.number().int().min(1).default(1024),
    EXTRACT_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .default(256 * 1024),
    EXTRACT_RATE_LIMIT_MAX: z.coerce.number().int().min(1).optional(),
    EXTRACT_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
    EXTRACT_QUEUE_MAX: z.coerce.number().int().min(0).max(10_000).default(8),
    EXTRACT_MAX_MENTIONS: z.coerce.number().int().min(1).default(5_000),
    MAX_EVENT_LOOP_DELAY_MS: z.coerce.number().int().min(0).default(1000),
    CURSOR_SECRET: z
      .string()
      .min(32, 'at least 32 characters (for example `openssl rand -base64 32`)')
      .max(512)
      .optional(),
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(1).max(3_600_000).default(10_000),
    STREAM_MAX_CLIENTS: z.coerce.number().int().min(0).max(100_000).default(100),
    WORKERS: z.coerce.number().int().min(1).max(64).default(1),
    ANALYSIS_THREADS: z.coerce.number().int().min(0).max(64).default(1),
    REDIS_URL: z
      .string()
      .regex(/^rediss?:\/\/\S+$/, 'a redis:// or rediss:// URL')
      .optional(),
    REDIS_KEY_PREFIX: z.string().min(1).max(100).default('newswire:'),
    DATABASE_REPLICA_URLS: list
      .pipe(z.array(z.string().regex(POSTGRES_URL, 'each replica needs a postgres:// or postgresql:// URL')))
      .default([]),
    REPLICA_MAX_LAG_MS: z.coerce.number().int().min(0).default(10_000),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(1000).default(10),
    // The ingest queue (docs/operations.md, "Queue and workers").
    INGEST_QUEUE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'a PostgreSQL URL such as postgres://user@host:5432/db')
      .optional(),
    WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
    // At least one: a job whose worker died is retried, and a limit of 0 would dead-letter it instead.
    INGEST_RETRY_LIMIT: z.coerce
      .number()
      .int()
      .min(1, 'at least 1, so that the job of a worker that died is retried')
      .max(100)
      .default(3),
    INGEST_RETRY_DELAY_SECONDS: z.coerce.number().int().min(0).max(86_400).default(5),
    INGEST_JOB_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
    // Saved searches' webhooks (docs/operations.md, "Webhooks").
    WEBHOOK_POLL_MS: z.coerce.number().int().min(0).max(3_600_000).default(WEBHOOK.pollMs),
    WEBHOOK_RETRY_BASE_MS: z.coerce.number().int().min(1).max(86_400_000).default(WEBHOOK.retryBaseMs),
    WEBHOOK_RETRY_MAX_MS: z.coerce.number().int().min(1).max(86_400_000).default(WEBHOOK.retryMaxMs),
    WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(WEBHOOK.maxAttempts),
    WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(WEBHOOK.timeoutMs),
    WEBHOOK_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(WEBHOOK.concurrency),
  })
  .transform((c) => ({
    port: c.PORT,
    host: c.HOST,
    /** The SQLite database file, used when databaseUrl is not set. */
    databasePath: c.DATABASE_PATH,
    /** A PostgreSQL connection URL: when set, the store is PostgreSQL (src/store/open-store.ts). */
    databaseUrl: c.DATABASE_URL,
    articlesDir: c.ARTICLES_DIR,
    logLevel: c.LOG_LEVEL,
    bodyLimit: c.BODY_LIMIT,
    /** Keys accepted as `Authorization: Bearer <key>` on writes; none means writes are refused. */
    apiKeys: c.API_KEYS,
    /** Requests a minute per client; 0 turns rate limiting off. */
    rateLimitMax: c.RATE_LIMIT_MAX,
    /** Fastify's trustProxy: whether (and which) X-Forwarded-For hops to believe for the client address. */
    trustProxy: trustProxy(c.TRUST_PROXY),
    /** Origins allowed by CORS; ['*'] for any; empty for no CORS headers. */
    corsOrigins: c.CORS_ORIGINS,
    /** Time a client has to send a whole request, body included; 0 for none. */
    requestTimeoutMs: c.REQUEST_TIMEOUT_MS,
    /** Time a client has to send a request's headers, from its first byte (at most requestTimeoutMs). */
    headersTimeoutMs:
      c.HEADERS_TIMEOUT_MS ?? (c.REQUEST_TIMEOUT_MS > 0 ? Math.min(10_000, c.REQUEST_TIMEOUT_MS) : 10_000),
    /** An idle keep-alive connection is closed after this. */
    keepAliveTimeoutMs: c.KEEP_ALIVE_TIMEOUT_MS,
    /** Open connections a serving process accepts; the ones beyond are closed at once. */
    maxConnections: c.MAX_CONNECTIONS,
    /** The largest text POST /extract takes (it is public; bodyLimit is that of the authenticated writes). */
    extractMaxBytes: c.EXTRACT_MAX_BYTES,
    /**
     * POST /extract's own count, apart from the other routes'. By default as many as RATE_LIMIT_MAX: a
     * client analysing a corpus one text at a time (an evaluation) goes at full speed; the gate
     * (EXTRACT_CONCURRENCY, EXTRACT_QUEUE_MAX) is what bounds the CPU it takes.
     */
    extractRateLimitMax: c.EXTRACT_RATE_LIMIT_MAX ?? c.RATE_LIMIT_MAX,
    /** POST /extract analyses a serving process runs at once. */
    extractConcurrency: c.EXTRACT_CONCURRENCY,
    /** POST /extract requests a serving process holds waiting for a free analysis; beyond it, 503. */
    extractQueueMax: c.EXTRACT_QUEUE_MAX,
    /** Mentions a POST /extract answer lists at most, over all its entities (and quote occurrences at most). */
    extractMaxMentions: c.EXTRACT_MAX_MENTIONS,
    /**
     * Seals the page cursors (src/http/cursors.ts). Unset, each start picks a random one (shared by its
     * WORKERS): cursors then stop working across restarts, and between hosts.
     */
    cursorSecret: c.CURSOR_SECRET,
    /**
     * How long a graceful close may take (requests in flight, streams, threads, database) before the
     * open connections are destroyed and the process exits 1.
     */
    shutdownTimeoutMs: c.SHUTDOWN_TIMEOUT_MS,
    /** Answer 503 when the event loop lags longer than this; 0 turns the check off. */
    maxEventLoopDelayMs: c.MAX_EVENT_LOOP_DELAY_MS,
    /** Open GET /articles/stream connections each serving process allows; beyond it, 503. 0 turns the stream off. */
    streamMaxClients: c.STREAM_MAX_CLIENTS,
    /** Processes serving requests (node:cluster); 1 serves from the main process. */
    workers: c.WORKERS,
    /**
     * Worker threads per serving process that run the extraction of POST /articles and POST /extract,
     * so the event loop goes on answering while a text is analysed; 0 analyses on the event loop.
     */
    analysisThreads: c.ANALYSIS_THREADS,
    /** Redis holding the rate-limit counters shared by every process on every host; none keeps them per host. */
    redisUrl: c.REDIS_URL,
    /** Start of every key this service writes to Redis, so several deployments can share one. */
    redisKeyPrefix: c.REDIS_KEY_PREFIX,
    /** Read replicas of the PostgreSQL DATABASE_URL: reads go to them, writes to DATABASE_URL. */
    databaseReplicaUrls: c.DATABASE_REPLICA_URLS,
    /** A replica further behind the primary than this is not read from. */
    replicaMaxLagMs: c.REPLICA_MAX_LAG_MS,
    /** Connections each process keeps at most to the PostgreSQL primary, and to each replica. */
    databasePoolSize: c.DATABASE_POOL_SIZE,
    /** PostgreSQL database of the ingest queue (pg-boss); unset, POST /articles stores before answering. */
    ingestQueueUrl: c.INGEST_QUEUE_URL ?? null,
    /** Jobs one `npm run worker` process works on at once (each on its own analysis thread when > 1). */
    workerConcurrency: c.WORKER_CONCURRENCY,
    /** Retries of a failed ingest job before it is dead-lettered (state failed). */
    ingestRetryLimit: c.INGEST_RETRY_LIMIT,
    /** Base delay before a retry; it doubles (with jitter) on each retry. */
    ingestRetryDelaySeconds: c.INGEST_RETRY_DELAY_SECONDS,
    /** An active job whose worker has not finished it in this time is taken to have died with it, and retried. */
    ingestJobTimeoutSeconds: c.INGEST_JOB_TIMEOUT_SECONDS,
    /** The webhook dispatcher of each serving process (src/service/webhooks.ts); pollMs 0 turns it off there. */
    webhooks: {
      pollMs: c.WEBHOOK_POLL_MS,
      retryBaseMs: c.WEBHOOK_RETRY_BASE_MS,
      retryMaxMs: c.WEBHOOK_RETRY_MAX_MS,
      maxAttempts: c.WEBHOOK_MAX_ATTEMPTS,
      timeoutMs: c.WEBHOOK_TIMEOUT_MS,
      concurrency: c.WEBHOOK_CONCURRENCY,
    },
  }));

export type Config = z.output<typeof ConfigSchema>;

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable means "unset", as in most shells' `VAR= cmd`.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const parsed = ConfigSchema.safeParse(present);
  const lines = [
    ...(parsed.success ? [] : parsed.error.issues.map((i) => `  ${String(i.path[0])}: ${i.message}`)),
    ...crossChecks(present),
  ];
  if (!parsed.success || lines.length > 0) throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  return parsed.data;
}
