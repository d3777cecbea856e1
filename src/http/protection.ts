// What keeps the service up in the open: security headers, CORS, per-client rate limits, and 503s
// when the event loop falls behind. Each is set from the configuration.
import cluster from 'node:cluster';
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import rateLimit, { type RateLimitPluginOptions } from '@fastify/rate-limit';
import underPressure from '@fastify/under-pressure';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import type { Problem } from '../schemas/common.js';
import { ClusterRateLimitStore } from './cluster-rate-limit.js';
import { clip } from './problems.js';

export interface ProtectionOptions {
  rateLimitMax: number;
  corsOrigins: string[];
  maxEventLoopDelayMs: number;
  /** Serving processes on this host (node:cluster workers when above 1). */
  workers: number;
  /** Redis for rate-limit counters shared across hosts; none counts on this host. */
  redisUrl?: string | undefined;
  redisKeyPrefix: string;
}

/** How long a Redis connection attempt, and then each counting command, may take. */
export const REDIS_CONNECT_TIMEOUT_MS = 1000;
export const REDIS_COMMAND_TIMEOUT_MS = 500;

/**
 * A client tuned so that a Redis outage costs a request no time: with no offline queue a command
 * fails at once while the connection is down (instead of waiting for it to come back), a command
 * on a hung connection gives up after REDIS_COMMAND_TIMEOUT_MS, and one retry is enough. It goes on
 * reconnecting in the background (ioredis's default back-off, up to 2 s between attempts).
 */
async function connectRedis(url: string, log: FastifyBaseLogger): Promise<Redis> {
  const redis = new Redis(url, {
    connectTimeout: REDIS_CONNECT_TIMEOUT_MS,
    commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
  });
  // One warning an outage, not one per reconnection attempt; and an 'error' listener is needed anyway,
  // or ioredis reports every failed attempt as unhandled.
  let down = false;
  redis.on('error', (err: Error) => {
    if (down) return;
    down = true;
    log.warn({ err: err.message }, 'Redis unreachable: rate limits are not enforced until it is back');
  });
  redis.on('ready', () => {
    if (down) log.info('Redis reachable again: rate limits enforced');
    down = false;
  });
  // Wait (briefly) for the first connection, so a server with a healthy Redis counts from its first
  // request; one without starts anyway, and counts once Redis answers.
  await new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      redis.off('ready', done);
      redis.off('error', done);
      resolve();
    };
    const timer = setTimeout(done, REDIS_CONNECT_TIMEOUT_MS);
    redis.once('ready', done);
    redis.once('error', done);
  });
  return redis;
}

export async function registerProtection(app: FastifyInstance, opts: ProtectionOptions) {
  // helmet's default CSP fits Swagger UI, which loads only its own scripts and styles. The service speaks plain HTTP and leaves TLS to the operator's proxy: asking browsers to upgrade
  // requests, or to use HTTPS only (HSTS), would break /docs for anyone reaching it over HTTP.
  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
    hsts: false,
  });
  if (opts.corsOrigins.length > 0) {
    await app.register(cors, {
      origin: opts.corsOrigins.includes('*') ? '*' : opts.corsOrigins,
      methods: ['GET', 'HEAD', 'POST', 'DELETE'],
      // What a script may read of an answer: what it needs to revalidate, to pace itself under the
      // rate limit, to follow a created resource, and to read its own writes.
      exposedHeaders: [
        'ETag',
        'Location',
        'Retry-After',
        'Consistency-Token',
        'X-RateLimit-Limit',
        'X-RateLimit-Remaining',
        'X-RateLimit-Reset',
      ],
    });
  }
  if (opts.rateLimitMax > 0) {
    // Where the counts live decides whose requests share a budget. With REDIS_URL, in Redis: every
    // process on every host. Else, with WORKERS above 1, in the cluster primary (cluster-rate-limit.ts):
    // every process on this host. Else in this process's memory, which is all there is to share.
    let counts: Pick<RateLimitPluginOptions, 'redis' | 'nameSpace' | 'store'> = {};
    if (opts.redisUrl) {
      const redis = await connectRedis(opts.redisUrl, app.log);
      app.addHook('onClose', async () => {
        // quit() lets the commands in flight finish; a client that is not connected can only be dropped.
        if (redis.status === 'ready') await redis.quit().catch(() => redis.disconnect());
        else redis.disconnect();
      });
      counts = { redis, nameSpace: `${opts.redisKeyPrefix}rate-limit:` };
    } else if (opts.workers > 1 && cluster.isWorker) {
      counts = { store: ClusterRateLimitStore };
    }
    await app.register(rateLimit, {
      ...counts,
      max: opts.rateLimitMax,
      timeWindow: '1 minute',
      // When the counts cannot be had (Redis down or timing out, the primary not answering in time),
      // the request is served uncounted: fail open. The limit is a fairness guard, not access control
      // (API keys guard the writes, and the overload check below still sheds load), so an outage of
      // the counter should not become an outage of the whole API across every host, which failing
      // closed would make it. The outage is logged (see connectRedis).
      skipOnError: true,
      // request.ip honours X-Forwarded-For only as far as TRUST_PROXY allows.
      keyGenerator: (request) => request.ip,
      // Thrown by the plugin: the central error handler turns it into problem+json.
      errorResponseBuilder: (_request, context) =>
        Object.assign(
          new Error(`more than ${context.max} requests a minute from this client; retry in ${context.after}`),
          {
            statusCode: context.statusCode,
          },
        ),
    });
  }
  if (opts.maxEventLoopDelayMs > 0) {
    await app.register(underPressure, {
      maxEventLoopDelay: opts.maxEventLoopDelayMs,
      retryAfter: 10,
      pressureHandler: (request, reply, type, value) => {
        reply
          .code(503)
          .header('retry-after', '10')
          .type('application/problem+json')
          .send({
            type: 'about:blank',
            title: 'Service Unavailable',
            status: 503,
            detail: `the server is overloaded (${type} ${value}); retry later`,
            instance: clip(request.url),
          } satisfies Problem);
      },
    });
  }
}
