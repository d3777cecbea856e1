// POST /extract: what ingesting a text would produce, for exactly the posted text; nothing is stored.
// Anyone may call it and each call costs CPU in proportion to its text, so it has its own body limit,
// rate limit and admission (a few analyses at once, a few more waiting, the rest turned away), waits
// behind the authenticated writes for the analysis threads, is dropped when its client goes away, and
// answers a bounded number of spans.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ArticleDraft } from '../../analysis/article-draft.js';
import { ArticleTextSchema, assembleArticle, type Extraction, ExtractionSchema } from '../../schemas/article.js';
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

/**
 * The first items of each list, `max` items in all over the lists, but at least one of each list kept:
 * the lists kept, in order, and whether anything was left out.
 */
function firstItems<T>(lists: T[][], max: number): { kept: T[][]; cut: boolean } {
  const kept: T[][] = [];
  let left = max;
  for (const list of lists) {
    if (left <= 0) break;
    const take = list.slice(0, Math.max(1, left));
    left -= take.length;
    kept.push(take);
  }
  const cut = kept.length < lists.length || kept.some((k, i) => k.length < (lists[i] as T[]).length);
  return { kept, cut };
}

/**
 * The API shape of a draft: what GET /articles/:id would return once it is stored, with at most
 * `maxSpans` entity mentions and `maxSpans` quote occurrences (`truncated` says when some were left out).
 */
export function draftToExtraction(d: ArticleDraft, maxSpans = Number.POSITIVE_INFINITY): Extraction {
  const mentions = firstItems(
    d.entities.map((e) => e.mentions),
    maxSpans,
  );
  const occurrences = firstItems(
    d.quotes.map((q) => q.occurrences),
    maxSpans,
  );
  const all = d.entities.map((e) => ({
    id: e.id,
    type: e.type,
    name: e.name,
    aliases: e.aliases,
    titles: e.titles,
    countryCode: e.countryCode,
    mentions: e.mentions,
  }));
  const entities = all.slice(0, mentions.kept.length).map((e, i) => ({ ...e, mentions: mentions.kept[i] ?? [] }));
  const article = assembleArticle({
    id: d.id,
    headline: d.headline,
    standfirst: d.standfirst,
    dateline: d.dateline,
    source: d.source,
    publishedAt: d.publishedAt,
    ingestedAt: null,
    url: d.url,
    language: d.language,
    extractorVersion: d.extractorVersion,
    paragraphs: d.paragraphs,
    text: d.text,
    entities,
    quotes: d.quotes.slice(0, occurrences.kept.length).map((q, i) => {
      // A speaker whose entity was cut is still named: the reference carries its name.
      const speaker = q.speaker === null ? undefined : all[q.speaker];
      return {
        id: q.id,
        kind: q.kind,
        text: q.text,
        parts: q.parts,
        start: q.start,
        end: q.end,
        cue: q.cue,
        speaker: speaker ? { id: speaker.id, type: speaker.type, name: speaker.name } : null,
        speakerMention: q.speakerMention,
        occurrences: occurrences.kept[i] ?? [],
      };
    }),
  });
  return { ...article, truncated: mentions.cut || occurrences.cut };
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
        const draft = await gate.run(gone.signal, (signal) =>
          analyser.analyse(request.body, {}, { signal, priority: 'public' }),
        );
        return draftToExtraction(draft, opts.maxMentions);
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
