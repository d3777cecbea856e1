// GET /articles, GET /articles/:id (JSON, or IPTC ninjs on request), and the writes: POST /articles and
// DELETE /articles/:id.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { articleId } from '../../analysis/ids.js';
import {
  type ArticleInput,
  ArticleInputSchema,
  ArticleListQuerySchema,
  ArticlePageSchema,
  ArticleSchema,
  ArticleTextSchema,
} from '../../schemas/article.js';
import { problems, withExample, withInputExample } from '../../schemas/common.js';
import {
  EXAMPLE_ARTICLE,
  EXAMPLE_ARTICLE_INPUT,
  EXAMPLE_IDS,
  EXAMPLE_NINJS,
  EXAMPLE_SEARCH_PAGE,
  EXAMPLE_TEXT,
  exampleInvalid,
  exampleProblem,
  type ProblemContext,
} from '../../schemas/examples.js';
import { EXAMPLE_INGEST_JOB, IngestJobSchema } from '../../schemas/ingest-job.js';
import { NINJS_MEDIA_TYPE, NinjsSchema } from '../../schemas/ninjs.js';
import type { Analyser } from '../../service/analysis-pool.js';
import { ingestText } from '../../service/ingest.js';
import type { IngestQueue } from '../../service/ingest-queue.js';
import type { NewsStore } from '../../store/news-store.js';
import { readPrimaryFromNowOn } from '../../store/replicated-store.js';
import { createArticleCache, sendRendered } from '../article-cache.js';
import { requireApiKey } from '../auth.js';
import { prefersNinjs, toNinjs } from '../ninjs.js';
import { sendProblem } from '../problems.js';
import { BEARER, pathIdWithExample } from './shared.js';

const ArticlePathSchema = pathIdWithExample(EXAMPLE_IDS.article);

/** An id no article has: the 404 examples. */
const MISSING_ID = '5f0c7e2a9b1d4836';

/** The problem examples of the operations on one article. */
const ONE_ARTICLE: ProblemContext = {
  instance: `/articles/${MISSING_ID}`,
  invalid: exampleProblem(400, '/articles/%E0%A4%A', 'the URL is not validly percent-encoded'),
  details: { 404: `no article ${MISSING_ID}` },
};

/**
 * The body of POST /articles, typed. The route declares a schema per content type, which the type
 * provider cannot follow (it types the body unknown); both were validated before the handler runs,
 * so the JSON parse here cannot fail, and costs little next to the extraction that follows.
 */
function articleInputOf(body: unknown): ArticleInput {
  return typeof body === 'string' ? { text: body } : ArticleInputSchema.parse(body);
}

export const articleRoutes: FastifyPluginAsyncZod<{
  store: NewsStore;
  apiKeys: string[];
  analyser: Analyser;
  /** With a queue, POST /articles queues the text for a worker instead of storing it before answering. */
  queue: IngestQueue | null;
}> = async (app, { store, apiKeys, analyser, queue }) => {
  const authenticate = requireApiKey(apiKeys);
  const articles = createArticleCache(store);

  app.get(
    '/articles',
    {
      schema: {
        operationId: 'listArticles',
        tags: ['articles'],
        summary: 'List articles, newest first',
        description: 'Keyset-paginated: pass `next` as `cursor` to get the following page.',
        querystring: ArticleListQuerySchema,
        response: {
          200: withExample(ArticlePageSchema, EXAMPLE_SEARCH_PAGE),
          ...problems({ instance: '/articles' }, 400),
        },
      },
    },
    async (request) => store.listArticles(request.query),
  );

  app.get(
    '/articles/:id',
    {
      schema: {
        operationId: 'getArticle',
        tags: ['articles'],
        summary: 'Get an article with its entities, their mentions, and its quotes',
        description:
          `Send \`Accept: ${NINJS_MEDIA_TYPE}\` for the article as an IPTC ninjs 2.2 news item (no quotes: ninjs ` +
          'has no place for them). Entities are `people`, `organisations` and `places` with `rel: mentions`, ' +
          'their id in `literal`, and for countries the ISO 3166-1 URI on the ISO Online Browsing Platform.',
        params: ArticlePathSchema,
        response: {
          200: {
            description: 'The article',
            content: {
              'application/json': { schema: withExample(ArticleSchema, EXAMPLE_ARTICLE) },
              [NINJS_MEDIA_TYPE]: { schema: withExample(NinjsSchema, EXAMPLE_NINJS) },
            },
          },
          ...problems(ONE_ARTICLE, 400, 404),
        },
      },
    },
    async (request, reply) => {
      // Two representations of one URL: caches must key them on Accept.
      reply.header('vary', 'Accept');
      if (prefersNinjs(request.headers.accept)) {
        const article = await store.getArticle(request.params.id);
        if (!article) return sendProblem(reply, 404, `no article ${request.params.id}`);
        return reply.type(NINJS_MEDIA_TYPE).send(toNinjs(article));
      }
      const rendered = await articles.get(request.params.id);
      if (!rendered) return sendProblem(reply, 404, `no article ${request.params.id}`);
      return sendRendered(reply, rendered);
    },
  );

  app.post(
    '/articles',
    {
      schema: {
        operationId: 'createArticle',
        tags: ['articles'],
        summary: 'Ingest an article',
        description:
          'Send the raw article as `text/plain`, or `application/json` with the text and what you know about it. ' +
          'The same text again answers 200 with the stored article: retrying is safe. When the server runs an ' +
          'ingest queue (INGEST_QUEUE_URL), a new text answers 202 with the queued job, which `Location` ' +
          '(/ingest/jobs/{id}) shows until a worker has stored the article; sending the text again while its ' +
          'job is pending answers 202 with the same job.',
        security: BEARER,
        body: {
          content: {
            'text/plain': { schema: withInputExample(ArticleTextSchema, EXAMPLE_TEXT) },
            'application/json': { schema: withInputExample(ArticleInputSchema, EXAMPLE_ARTICLE_INPUT) },
          },
        },
        response: {
          200: withExample(ArticleSchema.describe('The article was already stored'), EXAMPLE_ARTICLE),
          201: withExample(ArticleSchema.describe('The article was stored'), EXAMPLE_ARTICLE),
          202: withExample(
            IngestJobSchema.describe('The article was queued for a worker to store'),
            EXAMPLE_INGEST_JOB,
          ),
          ...problems(
            {
              instance: '/articles',
              invalid: exampleInvalid('/articles', 'body', 'language', 'a BCP 47 language tag such as en or en-GB'),
            },
            400,
            401,
            413,
            415,
            507,
          ),
        },
      },
      // Checked before the body is read: no unauthenticated client gets its body parsed or validated.
      onRequest: authenticate,
      // Without a body Fastify runs no parser and no body validation: refuse it like any other type.
      preValidation: async (request, reply) => {
        if (request.body === undefined || request.body === null) {
          return sendProblem(reply, 415, 'send the article as text/plain or application/json');
        }
      },
    },
    async (request, reply) => {
      const { text, ...meta } = articleInputOf(request.body);
      if (queue) {
        const id = articleId(text);
        // Whether it is stored decides between answering it and queueing it: asked of the primary (the
        // status is), and so is the article (a lagging replica may not have it yet).
        readPrimaryFromNowOn(store);
        const stored = (await store.articleStatus(id)) === 'stored' ? await store.getArticle(id) : null;
        if (stored) return stored;
        const { job } = await queue.enqueue(text, meta);
        return reply.code(202).header('location', `/ingest/jobs/${job.id}`).send(job);
      }
      const { id, created } = await ingestText(store, text, meta, analyser);
      const article = await store.getArticle(id);
      if (!article) throw new Error(`article ${id} was not stored`);
      if (created) reply.code(201).header('location', `/articles/${id}`);
      return article;
    },
  );

  app.delete(
    '/articles/:id',
    {
      schema: {
        operationId: 'deleteArticle',
        tags: ['articles'],
        summary: 'Delete an article',
        description:
          'Entities no other article mentions go with it. The article is not loaded again from data/articles at restart.',
        security: BEARER,
        params: ArticlePathSchema,
        response: { 204: z.undefined().describe('Deleted'), ...problems(ONE_ARTICLE, 400, 401, 404, 507) },
      },
      // Checked before the body is read: no unauthenticated client gets its body parsed or validated.
      onRequest: authenticate,
    },
    async (request, reply) => {
      if (!(await store.deleteArticle(request.params.id))) {
        return sendProblem(reply, 404, `no article ${request.params.id}`);
      }
      return reply.code(204).send();
    },
  );
};
