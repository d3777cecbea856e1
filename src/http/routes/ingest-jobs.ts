// GET /ingest/jobs/:id and GET /ingest/jobs: the jobs POST /articles queues when the server runs an
// ingest queue (INGEST_QUEUE_URL). They need the API key: a job names the article a client submitted
// and, when it failed, why, which is the submitter's business rather than every reader's. Without
// a queue there are no jobs: a job is not found and every list is empty.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problems, withExample, withInputExample } from '../../schemas/common.js';
import { exampleInvalid } from '../../schemas/examples.js';
import {
  EXAMPLE_FAILED_JOB,
  EXAMPLE_INGEST_JOB,
  IngestJobListQuerySchema,
  IngestJobPageSchema,
  IngestJobSchema,
} from '../../schemas/ingest-job.js';
import { decodeJobCursor, type IngestQueue } from '../../service/ingest-queue.js';
import type { ConsistencyScope } from '../../store/consistency.js';
import { requireApiKey } from '../auth.js';
import { handOutToken } from '../consistency.js';
import { sendProblem } from '../problems.js';
import { BEARER } from './shared.js';

// Like other path ids, not pattern-checked here: an id that cannot exist is simply not found.
const JobPathSchema = z.object({
  id: withInputExample(z.string().min(1).max(128).describe('The job id'), EXAMPLE_INGEST_JOB.id),
});

const MISSING_JOB = '00000000-0000-4000-8000-000000000000';

export const ingestJobRoutes: FastifyPluginAsyncZod<{
  queue: IngestQueue | null;
  apiKeys: string[];
  /** With read replicas: a completed job hands out its save's position as the consistency token. */
  consistency?: ConsistencyScope | undefined;
}> = async (app, { queue, apiKeys, consistency }) => {
  const authenticate = requireApiKey(apiKeys);

  app.get(
    '/ingest/jobs/:id',
    {
      schema: {
        operationId: 'getIngestJob',
        tags: ['ingest'],
        summary: 'Get an ingest job: whether its article is stored yet',
        description:
          'POST /articles answers 202 with this job in `Location` when the server runs an ingest queue. ' +
          'Once `completed`, the article is at `/articles/{articleId}`; `failed` means every attempt failed ' +
          '(see `error`). Finished jobs stay visible for about a week.',
        security: BEARER,
        params: JobPathSchema,
        response: {
          200: withExample(IngestJobSchema, EXAMPLE_INGEST_JOB),
          ...problems(
            { instance: `/ingest/jobs/${MISSING_JOB}`, details: { 404: `no ingest job ${MISSING_JOB}` } },
            400,
            401,
            404,
          ),
        },
      },
      onRequest: authenticate,
    },
    async (request, reply) => {
      const job = queue ? await queue.getJob(request.params.id) : null;
      if (!job) return sendProblem(reply, 404, `no ingest job ${request.params.id}`);
      // The worker's save, like a write of this request: the client's next read sees the article.
      const { position, ...view } = job;
      if (position !== undefined) handOutToken(consistency, position);
      return view;
    },
  );

  app.get(
    '/ingest/jobs',
    {
      schema: {
        operationId: 'listIngestJobs',
        tags: ['ingest'],
        summary: 'List ingest jobs in one state, newest first',
        description:
          '`state=failed` lists the dead letters: jobs whose every attempt failed. Keyset-paginated: pass ' +
          '`next` as `cursor` to get the following page. POST the article again to queue a new job for it.',
        security: BEARER,
        querystring: IngestJobListQuerySchema,
        response: {
          200: withExample(IngestJobPageSchema, { data: [EXAMPLE_FAILED_JOB], next: null }),
          ...problems(
            {
              instance: '/ingest/jobs?state=lost',
              invalid: exampleInvalid(
                '/ingest/jobs?state=lost',
                'querystring',
                'state',
                'Invalid option: expected one of "queued"|"active"|"retrying"|"completed"|"failed"|"cancelled"',
              ),
            },
            400,
            401,
          ),
        },
      },
      onRequest: authenticate,
    },
    async (request) => {
      if (queue) return queue.listJobs(request.query);
      // No queue, no jobs; a cursor no queue could have handed out is still refused, as with a queue.
      if (request.query.cursor !== undefined) decodeJobCursor(request.query.cursor);
      return { data: [], next: null };
    },
  );
};
