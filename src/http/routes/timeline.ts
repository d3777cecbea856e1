// Counts per period: GET /entities/:id/timeline (an entity's articles and mentions) and
// GET /articles/histogram (the articles of a search). What a period is: src/schemas/timeline.ts.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { problems, withExample } from '../../schemas/common.js';
import { EXAMPLE_IDS, exampleInvalid } from '../../schemas/examples.js';
import {
  ArticleHistogramQuerySchema,
  ArticleHistogramSchema,
  EntityTimelineQuerySchema,
  EntityTimelineSchema,
  EXAMPLE_ARTICLE_HISTOGRAM,
  EXAMPLE_ENTITY_TIMELINE,
} from '../../schemas/timeline.js';
import type { NewsStore } from '../../store/news-store.js';
import { sendProblem } from '../problems.js';
import { pathIdWithExample } from './shared.js';

/** An id no entity has: the 404 example. */
const MISSING_ID = '0b8e4d2f6a1c9735';

const PERIODS =
  'A period is a UTC day, an ISO 8601 week (Monday to Sunday, named by its Monday) or a calendar month (named by ' +
  'its 1st). An article counts in the period of its publication time, or of its ingest time when that is ' +
  'unknown: the date the article list sorts and filters by. Periods in which no article falls are left out ' +
  '(a client drawing a chart fills them with zero), oldest first. `from` and `to` bound the article dates ' +
  'inclusively, as in `GET /articles`; a period they cut counts only the articles inside them.';

export const timelineRoutes: FastifyPluginAsyncZod<{ store: NewsStore }> = async (app, { store }) => {
  app.get(
    '/entities/:id/timeline',
    {
      schema: {
        operationId: 'getEntityTimeline',
        tags: ['entities'],
        summary: 'Count the articles that mention an entity, and their mentions of it, per day, week or month',
        description: PERIODS,
        params: pathIdWithExample(EXAMPLE_IDS.person),
        querystring: EntityTimelineQuerySchema,
        response: {
          200: withExample(EntityTimelineSchema, EXAMPLE_ENTITY_TIMELINE),
          ...problems(
            {
              instance: `/entities/${MISSING_ID}/timeline?interval=week`,
              invalid: exampleInvalid(
                `/entities/${EXAMPLE_IDS.person}/timeline?interval=year`,
                'querystring',
                'interval',
                'Invalid option: expected one of "day"|"week"|"month"',
              ),
              details: { 404: `no entity ${MISSING_ID}` },
            },
            400,
            404,
          ),
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const { interval } = request.query;
      const data = await store.entityTimeline(id, request.query);
      return data ? { entity: id, interval, data } : sendProblem(reply, 404, `no entity ${id}`);
    },
  );

  app.get(
    '/articles/histogram',
    {
      schema: {
        operationId: 'getArticleHistogram',
        tags: ['articles'],
        summary: 'Count the articles of a search per day, week or month',
        description: `The filters are those of \`GET /articles\`, and each period counts the articles that list would find in it. ${PERIODS}`,
        querystring: ArticleHistogramQuerySchema,
        response: {
          200: withExample(ArticleHistogramSchema, EXAMPLE_ARTICLE_HISTOGRAM),
          ...problems(
            {
              instance: '/articles/histogram?interval=month',
              invalid: exampleInvalid(
                '/articles/histogram?interval=month&from=2025-04-01&to=2025-03-01',
                'querystring',
                'from',
                'from is after to',
              ),
            },
            400,
          ),
        },
      },
    },
    async (request) => ({ interval: request.query.interval, data: await store.articleHistogram(request.query) }),
  );
};
