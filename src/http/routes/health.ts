// GET /livez: the process answers; GET /health: the service answers and its database does too.
// Neither is rate-limited: probes (an orchestrator's, a load balancer's) often share one address, and
// a 429 would read as a dead instance.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problems, withExample } from '../../schemas/common.js';
import type { NewsStore } from '../../store/news-store.js';
import { sendProblem } from '../problems.js';

export const HealthSchema = z.object({ status: z.literal('ok') }).meta({ id: 'Health' });
const LIVE = { status: 'ok' as const };
/** @fastify/rate-limit skips a route whose config says so (and problems() then documents no 429). */
const NOT_RATE_LIMITED = { rateLimit: false } as const;

export const healthRoutes: FastifyPluginAsyncZod<{ store: NewsStore }> = async (app, { store }) => {
  app.get(
    '/livez',
    {
      config: NOT_RATE_LIMITED,
      schema: {
        operationId: 'getLiveness',
        tags: ['health'],
        summary: 'Check that the process answers (touches nothing else)',
        response: { 200: withExample(HealthSchema, LIVE), ...problems({ instance: '/livez', rateLimited: false }) },
      },
    },
    async () => LIVE,
  );

  app.get(
    '/health',
    {
      config: NOT_RATE_LIMITED,
      schema: {
        operationId: 'getHealth',
        tags: ['health'],
        summary: 'Check that the service and its database answer',
        response: {
          200: withExample(HealthSchema, LIVE),
          ...problems({ instance: '/health', rateLimited: false, details: { 503: 'the database does not answer' } }),
        },
      },
    },
    async (request, reply) => {
      try {
        await store.ping();
        return { status: 'ok' as const };
      } catch (err) {
        request.log.error({ err }, 'health check failed');
        return sendProblem(reply, 503, 'the database does not answer');
      }
    },
  );
};
