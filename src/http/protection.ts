// What keeps the service up in the open: security headers, CORS, per-client rate limits, and 503s
// when the event loop falls behind. Each is set from the configuration.
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import underPressure from '@fastify/under-pressure';
import type { FastifyInstance } from 'fastify';
import type { Problem } from '../schemas/common.js';
import { clip } from './problems.js';

export interface ProtectionOptions {
  rateLimitMax: number;
  corsOrigins: string[];
  maxEventLoopDelayMs: number;
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
      exposedHeaders: ['Location', 'Retry-After', 'Consistency-Token'],
    });
  }
  if (opts.rateLimitMax > 0) {
    await app.register(rateLimit, {
      max: opts.rateLimitMax,
      timeWindow: '1 minute',
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
