// The durable ingest queue: POST /articles enqueues a text, worker processes (src/cli/worker.ts) on
// any host take jobs, extract and store. pg-boss 10 keeps the jobs in PostgreSQL (its own schema), so
// a job survives the death of the API process that took it and of the worker that works on it: an
// active job not finished within its timeout is put back (pg-boss expiration) and retried, and a
// retried job cannot store its article twice because saving is idempotent (the article id is a
// digest of the text, and ingestText skips an id already stored).

import pg from 'pg';
import PgBoss from 'pg-boss';
import type { ArticleMeta } from '../analysis/analyse-article.js';
import { articleId } from '../analysis/ids.js';
import type { IngestJob, JobState } from '../schemas/ingest-job.js';
import { isLsn } from '../store/lsn.js';
import {
  InvalidCursorError,
  type NewsStore,
  type Page,
  StoreUnavailableError,
  StoreWriteRefusedError,
} from '../store/news-store.js';
import { checkOut, isUnavailable } from '../store/postgres/db.js';
import { withUnavailable } from '../store/unavailable.js';
import type { Analyser } from './analysis-pool.js';
import { ingestText } from './ingest.js';
import { refusalLog } from './refused-writes.js';

/** pg-boss's tables live in this schema of the queue database, apart from anything else there. */
export const QUEUE_SCHEMA = 'newswire_queue';
/** The one queue: texts to extract and store. */
export const INGEST_QUEUE = 'ingest';

export interface IngestJobData {
  text: string;
  meta: ArticleMeta;
}

export interface QueueSettings {
  /** Retries after the first attempt before a job is dead-lettered (state failed). */
  retryLimit: number;
  /** Seconds before the first retry; doubled with jitter on each further one (pg-boss retryBackoff). */
  retryDelaySeconds: number;
  /** An attempt not finished in this time is taken to be lost with its worker and retried. */
  jobTimeoutSeconds: number;
}

export interface ClaimedJob {
  id: string;
  data: IngestJobData;
}

export interface CompletedJob {
  id: string;
  articleId: string;
  created: boolean;
  /** See IngestQueue.complete. */
  position?: string | undefined;
}

export interface IngestQueue {
  /**
   * Queues the text unless a job for the same article is already pending (queued, active or
   * retrying): then that job is answered, so a client retrying its POST does not queue it twice.
   */
  enqueue(text: string, meta: ArticleMeta): Promise<{ job: IngestJob; created: boolean }>;
  /** The job, and for a completed one the store position its worker recorded (see complete()). */
  getJob(id: string): Promise<(IngestJob & { position?: string }) | null>;
  /** Newest first, by creation. */
  listJobs(req: { state: JobState; limit: number; cursor?: string | undefined }): Promise<Page<IngestJob>>;
  /** For workers: takes up to `n` jobs, now active. */
  claim(n: number): Promise<ClaimedJob[]>;
  /**
   * `position`: the store primary's WAL position after the save (PostgreSQL), which GET
   * /ingest/jobs/:id hands out as the consistency token so the article reads back from a replica.
   */
  complete(id: string, articleId: string, created: boolean, position?: string): Promise<void>;
  /** Completes several jobs in one statement, each with its own result. */
  completeMany(results: CompletedJob[]): Promise<void>;
  fail(id: string, message: string): Promise<void>;
  /** Runs pg-boss maintenance now: expires jobs of dead workers (tests and the crash test drain with it). */
  maintain(): Promise<void>;
  close(): Promise<void>;
}

const STATE_OF: Record<string, JobState> = {
  created: 'queued',
  retry: 'retrying',
  active: 'active',
  completed: 'completed',
  failed: 'failed',
  cancelled: 'cancelled',
};
const BOSS_STATE: Record<JobState, string> = {
  queued: 'created',
  retrying: 'retry',
  active: 'active',
  completed: 'completed',
  failed: 'failed',
  cancelled: 'cancelled',
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface JobRow {
  id: string;
  state: string;
  singleton_key: string;
  retry_count: number;
  retry_limit: number;
  created_on: Date;
  started_on: Date | null;
  completed_on: Date | null;
  start_after: Date;
  output: { message?: string; value?: { message?: string }; position?: unknown } | null;
  /** created_on to the microsecond, for the list cursor (a Date keeps milliseconds only). */
  created_key: string;
}

const COLUMNS = `id, state, singleton_key, retry_count, retry_limit, created_on, started_on, completed_on, start_after,
  output, to_char(created_on AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created_key`;

function toJob(row: JobRow): IngestJob {
  const state = STATE_OF[row.state] ?? 'failed';
  // pg-boss counts retries, raising retry_count when it hands out a job that was started before.
  const attempts = row.started_on === null ? 0 : row.retry_count + 1;
  // Our own failures carry { message }; pg-boss's expiration writes { value: { message } }.
  const error = row.output?.message ?? row.output?.value?.message ?? null;
  return {
    id: row.id,
    articleId: row.singleton_key,
    state,
    attempts,
    maxAttempts: row.retry_limit + 1,
    createdAt: row.created_on.toISOString(),
    startedAt: row.started_on?.toISOString() ?? null,
    finishedAt: state === 'completed' || state === 'failed' ? (row.completed_on?.toISOString() ?? null) : null,
    retryAt: state === 'retrying' ? row.start_after.toISOString() : null,
    error: state === 'completed' ? null : typeof error === 'string' ? error.slice(0, 2048) : null,
  };
}

function encodeCursor(key: [string, string]) {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** The key of a job list cursor; InvalidCursorError (a 400) for anything the queue did not hand out. */
export function decodeJobCursor(cursor: string): [string, string] {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(key) &&
      key.length === 2 &&
      typeof key[0] === 'string' &&
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/.test(key[0]) &&
      typeof key[1] === 'string' &&
      UUID.test(key[1])
    )
      return [key[0], key[1]];
  } catch {
    // falls through to the error below
  }
  throw new InvalidCursorError();
}

export interface OpenQueueOptions extends QueueSettings {
  /** Run pg-boss maintenance (expiring jobs of dead workers, archiving) from this process: workers do. */
  supervise?: boolean;
  /** Connections this process may hold to the queue database. */
  maxConnections?: number;
  /**
   * Commit without waiting for the WAL flush (synchronous_commit off): for workers, whose writes
   * are taking, completing and failing jobs. A PostgreSQL crash can then undo the last of them,
   * which only means a job is done again, and doing a job again is a no-op (idempotent save). Never
   * for API processes: a 202 promises the job is durably queued.
   */
  asyncCommit?: boolean;
  onError?: (err: Error) => void;
}

/**
 * Connects to the queue database, creating or migrating pg-boss's schema and the ingest queue when
 * needed (idempotent, safe from many processes at once: pg-boss takes an advisory lock).
 */
export async function openIngestQueue(url: string, options: OpenQueueOptions): Promise<IngestQueue> {
  const {
    retryLimit,
    retryDelaySeconds,
    jobTimeoutSeconds,
    supervise = false,
    maxConnections = 10,
    asyncCommit = false,
  } = options;
  // One pool for pg-boss and for the queries of our own (the pending-job check, the job views).
  const pool = new pg.Pool({
    connectionString: url,
    max: maxConnections,
    // A request meeting a hung or unreachable queue database fails after 5 s instead of waiting
    // without end (as the store's pool does).
    connectionTimeoutMillis: 5000,
    application_name: 'newswire-queue',
    ...(asyncCommit ? { options: '-c synchronous_commit=off' } : {}),
  });
  pool.on('error', (err) => options.onError?.(err));
  const boss = new PgBoss({
    db: { executeSql: (text, values) => pool.query(text, values) },
    schema: QUEUE_SCHEMA,
    supervise,
    schedule: false,
    // Expiration runs with maintenance: often enough that a dead worker's job waits at most about
    // half its timeout longer, never more than a minute.
    maintenanceIntervalSeconds: Math.max(1, Math.min(60, Math.ceil(jobTimeoutSeconds / 2))),
    // Finished jobs are archived after a day and deleted a week later: the job views stay
    // answerable (they read the archive too) long enough for a client or an operator to look.
    archiveCompletedAfterSeconds: 24 * 3600,
    archiveFailedAfterSeconds: 24 * 3600,
    deleteAfterDays: 7,
  });
  boss.on('error', (err) => options.onError?.(err));
  try {
    await boss.start();
    const queueOptions = {
      name: INGEST_QUEUE,
      policy: 'standard' as const,
      retryLimit,
      retryDelay: retryDelaySeconds,
      retryBackoff: retryDelaySeconds > 0,
      expireInSeconds: jobTimeoutSeconds,
    };
    await boss.createQueue(INGEST_QUEUE, queueOptions);
  } catch (err) {
    await pool.end().catch(() => {});
    throw err;
  }
  const job = `${QUEUE_SCHEMA}.job`;
  const archive = `${QUEUE_SCHEMA}.archive`;

  const findJob = async (id: string): Promise<(IngestJob & { position?: string }) | null> => {
    if (!UUID.test(id)) return null;
    const { rows } = await pool.query<JobRow>(
      `SELECT ${COLUMNS} FROM ${job} WHERE name = $1 AND id = $2
       UNION ALL SELECT ${COLUMNS} FROM ${archive} WHERE name = $1 AND id = $2 LIMIT 1`,
      [INGEST_QUEUE, id],
    );
    const row = rows[0];
    if (!row) return null;
    const found = toJob(row);
    const position = row.output?.position;
    return found.state === 'completed' && typeof position === 'string' && isLsn(position)
      ? { ...found, position }
      : found;
  };

  const completeMany = async (results: CompletedJob[]): Promise<void> => {
    if (results.length === 0) return;
    // pg-boss's complete() with a result of each job's own: the same update of its job table (only
    // an active job is completed: one expired meanwhile is left to its retry).
    await pool.query(
      `UPDATE ${job} AS j SET completed_on = now(), state = 'completed', output = r.output
       FROM (SELECT unnest($2::uuid[]) AS id, unnest($3::jsonb[]) AS output) AS r
       WHERE j.name = $1 AND j.id = r.id AND j.state = 'active'`,
      [
        INGEST_QUEUE,
        results.map((r) => r.id),
        results.map(({ articleId, created, position }) =>
          JSON.stringify({ articleId, created, ...(position === undefined ? {} : { position }) }),
        ),
      ],
    );
  };

  // The side requests use: a queue database that cannot answer now (down, unreachable, its pool full
  // past the connection timeout) answers 503 with Retry-After, as the store does, not a 500.
  const requests: Pick<IngestQueue, 'enqueue' | 'getJob' | 'listJobs'> = {
    async enqueue(text, meta) {
      const key = articleId(text);
      const { client, release } = await checkOut(pool);
      try {
        // The check for a pending job and the insert are one transaction under a lock on the article
        // id, so two API processes taking the same text at once queue it once.
        await client.query('BEGIN');
        await client.query("SELECT pg_advisory_xact_lock(hashtextextended('newswire-ingest:' || $1, 0))", [key]);
        const { rows } = await client.query<JobRow>(
          `SELECT ${COLUMNS} FROM ${job} WHERE name = $1 AND singleton_key = $2 AND state < 'completed'
           ORDER BY created_on LIMIT 1`,
          [INGEST_QUEUE, key],
        );
        if (rows[0]) {
          await client.query('COMMIT');
          return { job: toJob(rows[0]), created: false };
        }
        const data: IngestJobData = { text, meta };
        const id = await boss.send(INGEST_QUEUE, data, {
          singletonKey: key,
          retryLimit,
          retryDelay: retryDelaySeconds,
          retryBackoff: retryDelaySeconds > 0,
          expireInSeconds: jobTimeoutSeconds,
          db: { executeSql: (sql, values) => client.query(sql, values) },
        });
        if (id === null) throw new Error('the ingest queue refused the job');
        const created = await client.query<JobRow>(`SELECT ${COLUMNS} FROM ${job} WHERE name = $1 AND id = $2`, [
          INGEST_QUEUE,
          id,
        ]);
        await client.query('COMMIT');
        return { job: toJob(created.rows[0] as JobRow), created: true };
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        release();
      }
    },

    getJob: findJob,

    async listJobs({ state, limit, cursor }) {
      const after = cursor === undefined ? null : decodeJobCursor(cursor);
      const where = `name = $1 AND state = $2::${QUEUE_SCHEMA}.job_state
        AND ($3::timestamptz IS NULL OR (created_on, id) < ($3::timestamptz, $4::uuid))`;
      const { rows } = await pool.query<JobRow>(
        `SELECT * FROM (SELECT ${COLUMNS} FROM ${job} WHERE ${where}
           UNION ALL SELECT ${COLUMNS} FROM ${archive} WHERE ${where}) AS jobs
         ORDER BY created_on DESC, id DESC LIMIT $5`,
        [INGEST_QUEUE, BOSS_STATE[state], after?.[0] ?? null, after?.[1] ?? null, limit + 1],
      );
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        data: page.map(toJob),
        next: rows.length > limit && last ? encodeCursor([last.created_key, last.id]) : null,
      };
    },
  };

  return {
    ...withUnavailable(requests, isUnavailable),

    async claim(n) {
      const jobs = await boss.fetch<IngestJobData>(INGEST_QUEUE, { batchSize: n });
      return (jobs ?? []).map((j) => ({ id: j.id, data: j.data }));
    },

    complete: (id, articleId, created, position) => completeMany([{ id, articleId, created, position }]),

    completeMany,

    async fail(id, message) {
      await boss.fail(INGEST_QUEUE, id, { message: message.slice(0, 2048) });
    },

    maintain: () => boss.maintain(),

    async close() {
      await boss.stop({ graceful: false, wait: true, close: false });
      await pool.end();
    },
  };
}

/** Tries within one attempt when the store is busy, before the job is failed (and retried later). */
const BUSY_TRIES = 4;

/**
 * A busy store (SQLite's write lock taken by another process: several workers write one file) is
 * a moment's wait, not a failure: tried again here after a short random pause, so that a burst of
 * contention does not spend the job's retries (5 s back-off each by default) and dead-letter it.
 */
async function ingestBusyTolerant<T>(fn: () => Promise<T>): Promise<T> {
  for (let tries = 1; ; tries++) {
    try {
      return await fn();
    } catch (err) {
      if (!(err instanceof StoreUnavailableError) || tries >= BUSY_TRIES) throw err;
      await new Promise((r) => setTimeout(r, 20 + Math.random() * 100 * tries));
    }
  }
}

export interface IngestWorkerOptions {
  queue: IngestQueue;
  store: NewsStore;
  analyser: Analyser;
  /** Jobs worked on at once. */
  concurrency: number;
  /**
   * The store primary's WAL position (PostgreSQL), read after each save and recorded with the
   * completed job: the consistency token GET /ingest/jobs/:id hands out. None for SQLite.
   */
  walPosition?: () => Promise<string>;
  /**
   * Jobs taken beyond those worked on: the queue is asked for up to concurrency + prefetch jobs at
   * a time, in the background while the last ones in hand are worked on, so a slot finishing a job
   * has the next one at once. A worker that dies holds these too (they expire and are retried).
   */
  prefetch?: number;
  /** How long an idle slot waits before asking the queue again. */
  pollMs?: number;
  /**
   * After a write the store refused (full, read-only), how long the worker takes no job, doubling
   * while the refusals go on (up to a minute) and back to this after a job is stored.
   */
  refusedPauseMs?: number;
  log?: (level: 'info' | 'warn' | 'error', msg: string, fields?: object) => void;
}

/**
 * Where a worker's time went since its start, in ms summed over its slots and its background
 * queue calls (which overlap the slots' work, so the sum can exceed the wall time): `ingest` is
 * analysing and saving, `wait` slots waiting for a job to be taken, `idle` slots polling an empty
 * queue; `claim` and `complete` the queue round trips. `jobs` taken, `claims` and `completions` the
 * round trips.
 */
export interface WorkerPhases {
  jobs: number;
  claims: number;
  completions: number;
  claim: number;
  ingest: number;
  wait: number;
  complete: number;
  idle: number;
}

export interface IngestWorker {
  /** Counts since the start, and where the time went. */
  stats(): { completed: number; failed: number; ms: WorkerPhases };
  /** Takes no more jobs and resolves when those in hand are finished (completed or failed). */
  stop(): Promise<void>;
}

/**
 * Works on the ingest queue: `concurrency` slots, each taking a job, extracting and storing it, and
 * taking the next at once (pg-boss's own work() waits a polling interval between batches even when
 * jobs are waiting, which would cap a slot at a few jobs a second). Jobs are taken from the queue in
 * batches, the next batch asked for while the last job of one is worked on, and a finished job's
 * completion is sent without the slot waiting for it, together with those finished meanwhile: the
 * queue's round trips overlap the extraction instead of adding to it. A job is completed only after
 * its article is saved (a worker dying between the two leaves it active: it expires and is redone,
 * and redoing it stores nothing twice). A job whose processing throws is failed with the error's
 * message: pg-boss retries it after a back-off, and after the retry limit it stays failed (the dead
 * letters of GET /ingest/jobs?state=failed).
 */
export function startIngestWorker({
  queue,
  store,
  analyser,
  concurrency,
  walPosition,
  prefetch = Math.max(2, concurrency),
  pollMs = 250,
  refusedPauseMs = 5000,
  log = () => {},
}: IngestWorkerOptions): IngestWorker {
  let stopping = false;
  // A store that refuses writes refuses every job alike until an operator acts: taking job after job
  // would only spend each one's retries and dead-letter the queue. One job at a time tries it, after
  // a pause that grows while it still refuses; the refusal is logged once a minute.
  let refused = false;
  let refusedUntil = 0;
  let refusedPause = refusedPauseMs;
  // a slot is trying one job on a store that refused the last write
  let probing = false;
  const noteRefusal = refusalLog();
  const counts = { completed: 0, failed: 0 };
  const ms: WorkerPhases = { jobs: 0, claims: 0, completions: 0, claim: 0, ingest: 0, wait: 0, complete: 0, idle: 0 };
  type Phase = 'claim' | 'ingest' | 'wait' | 'complete' | 'idle';
  const timed = async <T>(phase: Phase, fn: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    try {
      return await fn();
    } finally {
      ms[phase] += performance.now() - t;
    }
  };
  const wakers = new Set<() => void>();
  const idle = (ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        wakers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      wakers.add(done);
    });

  // Jobs taken and not yet worked on; at most one claim in flight.
  const taken: ClaimedJob[] = [];
  let working = 0;
  let claiming: Promise<void> | null = null;
  const claim = (): Promise<void> => {
    if (claiming) return claiming;
    const want = concurrency + prefetch - taken.length - working;
    if (stopping || want <= 0) return Promise.resolve();
    claiming = (async () => {
      try {
        const jobs = await timed('claim', () => queue.claim(want));
        ms.claims++;
        ms.jobs += jobs.length;
        taken.push(...jobs);
      } catch (err) {
        log('error', 'could not take a job from the ingest queue', { error: String(err) });
        await idle(Math.max(pollMs, 1000));
      } finally {
        claiming = null;
      }
    })();
    return claiming;
  };
  /** The next job to work on, or null when stopping and none is left in hand. */
  const next = async (): Promise<ClaimedJob | null> => {
    for (;;) {
      if (refused && !stopping && (probing || Date.now() < refusedUntil)) {
        await timed('idle', () => idle(probing ? pollMs : refusedUntil - Date.now()));
        continue;
      }
      const job = taken.shift();
      if (job) {
        working++;
        if (refused) probing = true;
        // the last one in hand: the next batch is asked for while this one is worked on
        if (taken.length === 0) void claim();
        return job;
      }
      if (stopping) {
        // jobs a claim in flight brings are worked on too, not left to expire
        if (claiming) {
          await claiming;
          continue;
        }
        return null;
      }
      const inFlight = claiming !== null;
      await timed('wait', claim);
      // the queue had nothing: wait before asking again (a claim another slot had in flight does not count)
      if (taken.length === 0 && !inFlight && !stopping) await timed('idle', () => idle(pollMs));
    }
  };

  // Finished jobs waiting to be marked completed: sent together, one statement in flight at a time.
  let finished: CompletedJob[] = [];
  let completing: Promise<void> | null = null;
  const flush = async () => {
    while (finished.length > 0) {
      const batch = finished;
      finished = [];
      try {
        await timed('complete', () => queue.completeMany(batch));
        ms.completions++;
        counts.completed += batch.length;
      } catch (err) {
        // The jobs stay active and expire: pg-boss hands them out again, and the retry finds the
        // article stored.
        log('error', 'could not mark ingest jobs completed', { jobs: batch.map((j) => j.id), error: String(err) });
      }
    }
  };
  const completeLater = (job: CompletedJob) => {
    finished.push(job);
    completing ??= flush().finally(() => {
      completing = null;
    });
  };

  const work = async (job: ClaimedJob) => {
    try {
      const { text, meta } = job.data;
      const result = await timed('ingest', () =>
        ingestBusyTolerant(() => ingestText(store, text, meta ?? {}, analyser)),
      );
      // Unknown, the job completes without it: the article reads from the primary or a replica in time.
      const position = await walPosition?.().catch((err: unknown) => {
        log('warn', "could not read the store's WAL position after a save", { job: job.id, error: String(err) });
        return undefined;
      });
      completeLater({ id: job.id, articleId: result.id, created: result.created, position });
      refused = false;
      refusedPause = refusedPauseMs;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      counts.failed++;
      // Whatever else went wrong, the store did not refuse this job's write.
      refused = err instanceof StoreWriteRefusedError;
      if (err instanceof StoreWriteRefusedError) {
        refusedUntil = Date.now() + refusedPause;
        refusedPause = Math.min(refusedPause * 2, Math.max(refusedPauseMs, 60_000));
        // Jobs already taken wait too; a pause longer than their timeout lets them expire, which spends
        // one retry of each (at most concurrency + prefetch jobs).
        noteRefusal(message, (count) =>
          log('error', 'the store refuses writes: jobs wait until it takes them again', {
            refused: count,
            error: message,
          }),
        );
      } else log('warn', 'ingest job failed', { job: job.id, error: message });
      try {
        await queue.fail(job.id, message);
      } catch (failErr) {
        // The job stays active and expires: pg-boss retries it after its timeout.
        log('error', 'could not record the failure of an ingest job', { job: job.id, error: String(failErr) });
      }
    } finally {
      working--;
      probing = false;
    }
  };

  const slot = async () => {
    for (let job = await next(); job; job = await next()) await work(job);
  };

  const slots = Array.from({ length: concurrency }, () => slot());
  return {
    stats: () => ({ ...counts, ms: { ...ms } }),
    async stop() {
      stopping = true;
      for (const w of [...wakers]) w();
      // The jobs already taken are worked on too (the slots empty `taken` before they end), then the
      // last completions are sent.
      await Promise.all(slots);
      await claiming;
      while (completing) await completing;
    },
  };
}
