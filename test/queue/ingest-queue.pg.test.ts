// The ingest queue end to end against a real PostgreSQL (a database of this file's own): POST /articles
// answers 202 with a job, a worker stores the article, the job views follow it; repeats queue once;
// failures retry and end in the dead letters; a job whose worker died comes back and stores once.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { IngestJob } from '../../src/schemas/ingest-job.js';
import { type Analyser, refusingAnalyser } from '../../src/service/analysis-pool.js';
import { ingestText } from '../../src/service/ingest.js';
import {
  INGEST_QUEUE,
  type IngestQueue,
  type IngestWorker,
  openIngestQueue,
  QUEUE_SCHEMA,
  startIngestWorker,
} from '../../src/service/ingest-queue.js';
import { type NewsStore, StoreFullError, StoreUnavailableError } from '../../src/store/news-store.js';
import { createSqliteStore, openDatabase } from '../../src/store/sqlite-store.js';
import { buildTestApp, TEST_KEY } from '../app.js';
import { analyser } from '../extractor.js';
import { createTestDatabase } from '../postgres.js';

const AUTH = { authorization: `Bearer ${TEST_KEY}` };
const FIXTURE = readFileSync(join(import.meta.dirname, '../fixtures/articles/ap-style.txt'), 'utf8');
/** A distinct article per call: the fixture with a numbered sentence added. */
let serial = 0;
const freshText = () => `${FIXTURE.trimEnd()}\n\nThis is note ${++serial} of the queue test.\n`;

/** Short timeout and no retry delay, so expiration and retries happen within a test. */
const SETTINGS = { retryLimit: 1, retryDelaySeconds: 0, jobTimeoutSeconds: 2 };

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let queue: IngestQueue;
let store: NewsStore;
let app: FastifyInstance;
let sql: pg.Pool;
const workers: IngestWorker[] = [];

beforeAll(async () => {
  database = await createTestDatabase('newswire_queue_test');
  queue = await openIngestQueue(database.url, SETTINGS);
  sql = new pg.Pool({ connectionString: database.url, max: 2 });
  store = createSqliteStore(openDatabase(':memory:'));
  app = await buildTestApp(store, {}, queue);
});

afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.stop()));
});

afterAll(async () => {
  await app?.close();
  await store?.close();
  await queue?.close();
  await sql?.end();
  await database?.drop();
});

const post = (text: string) =>
  app.inject({ method: 'POST', url: '/articles', headers: { ...AUTH, 'content-type': 'text/plain' }, payload: text });
const getJob = (id: string) => app.inject({ method: 'GET', url: `/ingest/jobs/${id}`, headers: AUTH });

function work(with_: Analyser = analyser, into: NewsStore = store, walPosition?: () => Promise<string>) {
  const w = startIngestWorker({
    queue,
    store: into,
    analyser: with_,
    concurrency: 2,
    pollMs: 50,
    ...(walPosition ? { walPosition } : {}),
  });
  workers.push(w);
  return w;
}

async function until(id: string, states: IngestJob['state'][], timeoutMs = 15_000): Promise<IngestJob> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = (await getJob(id)).json() as IngestJob;
    if (states.includes(job.state)) return job;
    if (Date.now() > deadline) throw new Error(`job ${id} is ${job.state}, not ${states.join(' or ')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function jobsFor(articleId: string): Promise<number> {
  const { rows } = await sql.query(
    `SELECT count(*)::int AS n FROM ${QUEUE_SCHEMA}.job WHERE name = $1 AND singleton_key = $2`,
    [INGEST_QUEUE, articleId],
  );
  return rows[0].n;
}

async function storedCount(): Promise<number> {
  let n = 0;
  let cursor: string | undefined;
  do {
    const page = await store.listArticles({ limit: 100, cursor });
    n += page.data.length;
    cursor = page.next ?? undefined;
  } while (cursor);
  return n;
}

describe('POST /articles with an ingest queue', () => {
  it('answers 202 with the job; a worker stores the article; the job completes; the article is then served', async () => {
    const text = freshText();
    const res = await post(text);
    expect(res.statusCode).toBe(202);
    const job = res.json() as IngestJob;
    expect(res.headers.location).toBe(`/ingest/jobs/${job.id}`);
    expect(job).toMatchObject({ state: 'queued', attempts: 0, maxAttempts: 2, error: null, finishedAt: null });
    expect(job.articleId).toMatch(/^[0-9a-f]{16}$/);
    // Nothing is stored until a worker has it.
    expect((await app.inject({ method: 'GET', url: `/articles/${job.articleId}` })).statusCode).toBe(404);

    work();
    const done = await until(job.id, ['completed', 'failed']);
    expect(done).toMatchObject({ id: job.id, articleId: job.articleId, state: 'completed', attempts: 1, error: null });
    expect(done.finishedAt).not.toBeNull();

    const article = await app.inject({ method: 'GET', url: `/articles/${job.articleId}` });
    expect(article.statusCode).toBe(200);
    expect(article.json()).toMatchObject({ id: job.articleId, text });
    expect(article.json().entities.length).toBeGreaterThan(0);

    // The same text once stored answers 200 with the article, as without a queue, and queues nothing.
    const again = await post(text);
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(job.articleId);
    expect(await jobsFor(job.articleId)).toBe(1);
  });

  it("records the store's WAL position after the save with the completed job (the consistency token), not in the view", async () => {
    const first = (await post(freshText())).json() as IngestJob;
    work(analyser, store, async () => '1A/2B3C4D');
    await until(first.id, ['completed', 'failed']);
    expect(await queue.getJob(first.id)).toMatchObject({ state: 'completed', position: '1A/2B3C4D' });
    // Without a token in the view (no replicas here, so no Consistency-Token header either).
    const view = await getJob(first.id);
    expect(view.json()).not.toHaveProperty('position');
    expect(view.headers['consistency-token']).toBeUndefined();
    await Promise.all(workers.splice(0).map((w) => w.stop()));
    // A position that cannot be read does not fail the job: it completes without one.
    const second = (await post(freshText())).json() as IngestJob;
    work(analyser, store, async () => {
      throw new Error('primary gone');
    });
    expect(await until(second.id, ['completed', 'failed'])).toMatchObject({ state: 'completed' });
    expect(await queue.getJob(second.id)).not.toHaveProperty('position');
  });

  it('takes JSON with metadata, which the worker stores with the article', async () => {
    const text = freshText();
    const res = await app.inject({
      method: 'POST',
      url: '/articles',
      headers: AUTH,
      payload: { text, source: 'Queue Test Wire', language: 'en' },
    });
    expect(res.statusCode).toBe(202);
    const { id, articleId } = res.json() as IngestJob;
    work();
    await until(id, ['completed']);
    const article = (await app.inject({ method: 'GET', url: `/articles/${articleId}` })).json();
    expect(article).toMatchObject({ source: { name: 'Queue Test Wire' }, language: 'en' });
  });

  it('a retried POST while the job is pending answers the same job: one job, one article', async () => {
    const text = freshText();
    const first = await post(text);
    // Concurrent repeats too: the pending check and the insert are one locked transaction.
    const repeats = await Promise.all([post(text), post(text), post(text)]);
    const id = (first.json() as IngestJob).id;
    for (const r of repeats) {
      expect(r.statusCode).toBe(202);
      expect(r.json().id).toBe(id);
      expect(r.headers.location).toBe(`/ingest/jobs/${id}`);
    }
    const articleId = (first.json() as IngestJob).articleId;
    expect(await jobsFor(articleId)).toBe(1);
    const before = await storedCount();
    work();
    await until(id, ['completed']);
    expect(await storedCount()).toBe(before + 1);
    expect(await jobsFor(articleId)).toBe(1);
  });

  it('a job whose processing throws is retried, then dead-lettered and listed under state=failed', async () => {
    const failing = refusingAnalyser('the extractor is broken');
    const texts = [freshText(), freshText()];
    const jobs = [] as IngestJob[];
    for (const t of texts) jobs.push((await post(t)).json() as IngestJob);
    work(failing);
    for (const j of jobs) {
      const failed = await until(j.id, ['failed', 'completed']);
      // retryLimit 1: the first attempt and one retry.
      expect(failed).toMatchObject({ state: 'failed', attempts: 2, maxAttempts: 2, error: 'the extractor is broken' });
      expect(failed.finishedAt).not.toBeNull();
      expect((await app.inject({ method: 'GET', url: `/articles/${j.articleId}` })).statusCode).toBe(404);
    }

    // Newest first, a page at a time.
    const page1 = await app.inject({ method: 'GET', url: '/ingest/jobs?state=failed&limit=1', headers: AUTH });
    expect(page1.statusCode).toBe(200);
    const p1 = page1.json() as { data: IngestJob[]; next: string | null };
    expect(p1.data.map((j) => j.id)).toEqual([jobs[1]?.id]);
    expect(p1.next).not.toBeNull();
    const page2 = await app.inject({
      method: 'GET',
      url: `/ingest/jobs?state=failed&limit=1&cursor=${encodeURIComponent(p1.next as string)}`,
      headers: AUTH,
    });
    const p2 = page2.json() as { data: IngestJob[]; next: string | null };
    expect(p2.data.map((j) => j.id)).toEqual([jobs[0]?.id]);
    expect(p2.data[0]?.error).toBe('the extractor is broken');

    // A dead letter is not pending: the same text posted again gets a new job, which a working worker stores.
    await Promise.all(workers.splice(0).map((w) => w.stop()));
    const again = (await post(texts[0] as string)).json() as IngestJob;
    expect(again.id).not.toBe(jobs[0]?.id);
    work();
    await until(again.id, ['completed']);
    expect((await app.inject({ method: 'GET', url: `/articles/${again.articleId}` })).statusCode).toBe(200);
  });

  it('a store that refuses writes pauses the worker: one job at a time tries it, the rest keep their retries', async () => {
    let full = true;
    const refusing = new Proxy(store, {
      get: (target, name, receiver) =>
        name === 'saveArticle' && full
          ? () => Promise.reject(new StoreFullError())
          : Reflect.get(target, name, receiver),
    });
    const jobs = [] as IngestJob[];
    for (let i = 0; i < 4; i++) jobs.push((await post(freshText())).json() as IngestJob);
    const lines: string[] = [];
    const w = startIngestWorker({
      queue,
      store: refusing,
      analyser,
      concurrency: 2,
      pollMs: 50,
      refusedPauseMs: 400,
      log: (level, msg) => lines.push(`${level}: ${msg}`),
    });
    workers.push(w);
    await new Promise((r) => setTimeout(r, 1500));
    // The two slots' first jobs, then one job after 400 ms and one after 800 more: at most 4 attempts,
    // where taking job after job would spend all 8 (retryLimit 1) at once and dead-letter every job.
    expect(w.stats().failed).toBeGreaterThan(0);
    expect(w.stats().failed).toBeLessThanOrEqual(4);
    expect(lines).toEqual(['error: the store refuses writes: jobs wait until it takes them again']);
    full = false;
    const states = [] as IngestJob['state'][];
    for (const j of jobs) states.push((await until(j.id, ['completed', 'failed'])).state);
    expect(states.filter((s) => s === 'completed').length).toBeGreaterThanOrEqual(2);
  });

  it('a job whose worker died is put back when it expires, and its retry stores the article once', async () => {
    const text = freshText();
    const job = (await post(text)).json() as IngestJob;
    // A worker takes the job, stores the article, and dies before it can mark the job completed.
    const [claimed] = await queue.claim(1);
    expect(claimed?.id).toBe(job.id);
    expect((await getJob(job.id)).json()).toMatchObject({ state: 'active', attempts: 1 });
    const saved = await ingestText(store, text, {}, analyser);
    expect(saved.created).toBe(true);
    const before = await storedCount();

    // Expiration (pg-boss maintenance, which workers run on a timer) returns it once the timeout passes.
    await new Promise((r) => setTimeout(r, SETTINGS.jobTimeoutSeconds * 1000 + 500));
    await queue.maintain();
    const retrying = (await getJob(job.id)).json() as IngestJob;
    expect(retrying.state).toBe('retrying');
    expect(retrying.error).toMatch(/timeout/);

    work();
    const done = await until(job.id, ['completed', 'failed']);
    expect(done).toMatchObject({ state: 'completed', attempts: 2 });
    expect(await storedCount()).toBe(before);
  });

  it('a busy store is tried again within the attempt: the job completes on its first attempt', async () => {
    let busy = 2;
    const flaky = new Proxy(store, {
      get(target, name, receiver) {
        if (name !== 'saveArticle') return Reflect.get(target, name, receiver);
        return async (...args: Parameters<NewsStore['saveArticle']>) => {
          if (busy-- > 0) throw new StoreUnavailableError();
          return target.saveArticle(...args);
        };
      },
    });
    const job = (await post(freshText())).json() as IngestJob;
    work(analyser, flaky);
    expect(await until(job.id, ['completed', 'retrying', 'failed'])).toMatchObject({ state: 'completed', attempts: 1 });
    expect(busy).toBe(-1);
  });

  it('answers 404 problem+json for an unknown job id and for one that is no job id at all', async () => {
    for (const id of ['6c1f4a0e-3b2d-4e5f-8a9b-0c1d2e3f4a5b', 'not-a-job']) {
      const res = await getJob(id);
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json()).toMatchObject({ status: 404, detail: `no ingest job ${id}` });
    }
  });

  it('job reads need the API key; a bad state or cursor is a 400', async () => {
    const unauthenticated = await app.inject({ method: 'GET', url: '/ingest/jobs?state=failed' });
    expect(unauthenticated.statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/ingest/jobs/not-a-job' })).statusCode).toBe(401);
    const badState = await app.inject({ method: 'GET', url: '/ingest/jobs?state=lost', headers: AUTH });
    expect(badState.statusCode).toBe(400);
    const badCursor = await app.inject({
      method: 'GET',
      url: '/ingest/jobs?state=failed&cursor=bm9wZQ',
      headers: AUTH,
    });
    expect(badCursor.statusCode).toBe(400);
  });
});
