// Ingest jobs: what POST /articles answers (202) when the server runs an ingest queue, and what
// GET /ingest/jobs and GET /ingest/jobs/:id show while workers extract and store the articles.
import { z } from 'zod';
import { CursorSchema, IdSchema, int32, LimitSchema, PROBLEM_LIMITS, pageOf, withInputExample } from './common.js';
import { EXAMPLE_CURSORS } from './examples.js';

export const JOB_STATES = ['queued', 'active', 'retrying', 'completed', 'failed', 'cancelled'] as const;
export type JobState = (typeof JOB_STATES)[number];

const JobStateSchema = z.enum(JOB_STATES).meta({
  id: 'IngestJobState',
  description:
    'queued: waiting for a worker; active: a worker has it; retrying: it failed (or its worker died) and waits ' +
    'for another attempt; completed: the article is stored; failed: every attempt failed, the job is ' +
    'dead-lettered; cancelled: an operator cancelled it.',
});

const time = () => z.iso.datetime({ offset: true }).max(40);

export const IngestJobSchema = z
  .object({
    id: z.uuid().max(36).describe('The job id'),
    articleId: IdSchema.describe('The id the article has (and has, once stored): a digest of its text'),
    state: JobStateSchema,
    attempts: int32().describe('Attempts started so far'),
    maxAttempts: int32().describe('Attempts allowed before the job is dead-lettered'),
    createdAt: time(),
    startedAt: time().nullable().describe('When the latest attempt started'),
    finishedAt: time().nullable().describe('When the job completed or failed for good'),
    retryAt: time().nullable().describe('While retrying: when the next attempt may start'),
    error: z.string().max(PROBLEM_LIMITS.text).nullable().describe('Why the latest attempt failed'),
  })
  .meta({ id: 'IngestJob', description: 'An article waiting to be, or being, extracted and stored by a worker' });

export type IngestJob = z.infer<typeof IngestJobSchema>;

export const IngestJobPageSchema = pageOf(IngestJobSchema, 'IngestJobPage');

export const IngestJobListQuerySchema = z
  .object({
    state: withInputExample(JobStateSchema.describe('Jobs in this state; `failed` lists the dead letters'), 'failed'),
    limit: LimitSchema,
    cursor: withInputExample(CursorSchema.optional(), EXAMPLE_CURSORS.ingestJobs),
  })
  .strict();

export const EXAMPLE_INGEST_JOB: IngestJob = {
  id: '0f8e3c52-7d1b-4a6e-9c0d-2b5f8e1a7c34',
  articleId: '8c1d2f3a4b5e6d70',
  state: 'queued',
  attempts: 0,
  maxAttempts: 4,
  createdAt: '2026-03-14T09:30:00.000Z',
  startedAt: null,
  finishedAt: null,
  retryAt: null,
  error: null,
};

export const EXAMPLE_FAILED_JOB: IngestJob = {
  ...EXAMPLE_INGEST_JOB,
  state: 'failed',
  attempts: 4,
  startedAt: '2026-03-14T09:31:10.000Z',
  finishedAt: '2026-03-14T09:31:10.250Z',
  error: 'the database is busy; retry shortly',
};
