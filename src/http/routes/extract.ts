// POST /extract: what ingesting a text would produce, for exactly the posted text; nothing is stored.
// Anyone may call it and each call costs CPU in proportion to its text, so it has its own body limit,
// rate limit and admission (a few analyses at once, a few more waiting, the rest turned away), waits
// behind the authenticated writes for the analysis threads, is dropped when its client goes away, and
// answers a bounded number of spans.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ArticleTextSchema, ExtractionSchema } from '../../schemas/article.js';
import { problems, withExample, withInputExample } from '../../schemas/common.js';
import { EXAMPLE_EXTRACTION, EXAMPLE_TEXT, exampleInvalid } from '../../schemas/examples.js';
import type { Analyser } from '../../service/analysis-pool.js';
import { createGate, GateFullError } from '../../service/gate.js';
import { sendProblem } from '../problems.js';

class ClientGoneError extends Error {
  constructor() {
    super('the client went away');
  }
}

export interface ExtractRouteOptions {
  analyser: Analyser;
  /** The largest text taken, in bytes (EXTRACT_MAX_BYTES). */
  maxBytes: number;
  /** Requests a minute per client (EXTRACT_RATE_LIMIT_MAX), counted when rate limiting is on. */
  rateLimitMax: number;
  /** Analyses at once (EXTRACT_CONCURRENCY) and waiting (EXTRACT_QUEUE_MAX); beyond them, 503. */
  concurrency: number;
  queueMax: number;
  /** Entity mentions, and quote occurrences, an answer lists at most (EXTRACT_MAX_MENTIONS). */
  maxMentions: number;
}

export const extractRoutes: FastifyPluginAsyncZod<ExtractRouteOptions> = async (app, opts) => {
  const { analyser } = opts;
  const gate = createGate(opts.concurrency, opts.queueMax);
  app.post(
    '/extract',
    {
      bodyLimit: opts.maxBytes,
      // Its own count, apart from the global one (the plugin keeps one per route that sets it).
      config: { rateLimit: { max: opts.rateLimitMax, timeWindow: '1 minute' } },
      schema: {
        operationId: 'extractArticle',
        tags: ['extraction'],
        summary: 'Analyse a plain-text article without storing it',
        description:
          'Returns the article, entities and quotes that ingesting this exact text would store. Open to anyone, so bounded: a text over EXTRACT_MAX_BYTES (256 KiB by default) gets 413; more than EXTRACT_RATE_LIMIT_MAX requests a minute from one client get 429; when EXTRACT_CONCURRENCY analyses run and EXTRACT_QUEUE_MAX wait, 503 with Retry-After. An answer lists at most EXTRACT_MAX_MENTIONS entity mentions and as many quote occurrences (`truncated` says when it left some out).',
        consumes: ['text/plain'],
        body: withInputExample(ArticleTextSchema, EXAMPLE_TEXT),
        response: {
          200: withExample(ExtractionSchema, EXAMPLE_EXTRACTION),
          ...problems(
            {
              instance: '/extract',
              invalid: exampleInvalid('/extract', 'body', '', 'the text is empty'),
              details: {
                415: 'send the article as text/plain',
                503: 'too many texts are waiting to be analysed; retry later',
              },
            },
            400,
            413,
            415,
          ),
        },
      },
      preValidation: async (request, reply) => {
        if (!request.headers['content-type']?.toLowerCase().startsWith('text/plain')) {
          return sendProblem(reply, 415, 'send the article as text/plain');
        }
      },
    },
    async (request, reply) => {
      // The response closing before it was sent means the client went away: its analysis is dropped
      // if it waits, stopped if it runs alone on its thread.
      const gone = new AbortController();
      const onClose = () => {
        if (!reply.raw.writableFinished) gone.abort(new ClientGoneError());
      };
      reply.raw.on('close', onClose);
      // Gone already, before this handler could listen.
      if (request.raw.socket?.destroyed) onClose();
      try {
        // The answer comes as JSON from the analysis thread: turning a draft of 60,000 mentions into
        // objects here and back into JSON held this thread about 60 ms a MiB, which the reads waited out.
        const json = await gate.run(gone.signal, (signal) =>
          analyser.extract(request.body, { signal, priority: 'public', maxSpans: opts.maxMentions }),
        );
        // A string with a JSON type is sent as it is (Fastify serialises only objects): the schema's own
        // serialiser made it, so the type the schema gives the handler's answer holds.
        return reply.type('application/json; charset=utf-8').send(json as never);
      } catch (err) {
        if (err instanceof GateFullError) {
          reply.header('retry-after', String(err.retryAfterSeconds));
          return sendProblem(reply, 503, err.message);
        }
        // Nobody is left to answer.
        if (err instanceof ClientGoneError) return reply.hijack();
        throw err;
      } finally {
        reply.raw.off('close', onClose);
      }
    },
  );
};
