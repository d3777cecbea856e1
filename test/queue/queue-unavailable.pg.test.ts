// The ingest queue's database going away under a running API: requests that need the queue answer
// 503 with Retry-After (as the store's do), not a 500, and the process goes on (vitest fails the run
// on an uncaught exception). The queue is reached through a TCP relay the test cuts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IngestQueue, openIngestQueue } from '../../src/service/ingest-queue.js';
import type { NewsStore } from '../../src/store/news-store.js';
import { createSqliteStore, openDatabase } from '../../src/store/sqlite-store.js';
import { buildTestApp, TEST_KEY } from '../app.js';
import { createTestDatabase } from '../postgres.js';
import { relayTo } from '../support/tcp-relay.js';

const AUTH = { authorization: `Bearer ${TEST_KEY}` };

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let queue: IngestQueue;
let store: NewsStore;

beforeAll(async () => {
  database = await createTestDatabase('newswire_queue_outage');
  const relay = await relayTo(database.url);
  queue = await openIngestQueue(relay.through(database.url), {
    retryLimit: 1,
    retryDelaySeconds: 0,
    jobTimeoutSeconds: 30,
  });
  store = createSqliteStore(openDatabase(':memory:'));
  const app = await buildTestApp(store, {}, queue);
  const post = () =>
    app.inject({
      method: 'POST',
      url: '/articles',
      headers: { ...AUTH, 'content-type': 'text/plain' },
      payload: `Outage test\nA body written at ${Date.now()}.\n`,
    });
  const queued = await post();
  expect(queued.statusCode).toBe(202);
  // At once, so that a request takes a pooled connection that is already cut (which used to end
  // the process: a checked-out client's 'error' had no listener).
  await relay.cut();
  results = {
    post: await post(),
    job: await app.inject({ method: 'GET', url: `/ingest/jobs/${queued.json().id}`, headers: AUTH }),
    list: await app.inject({ method: 'GET', url: '/ingest/jobs?state=failed', headers: AUTH }),
  };
  await app.close();
});

let results: Record<'post' | 'job' | 'list', Awaited<ReturnType<Awaited<ReturnType<typeof buildTestApp>>['inject']>>>;

afterAll(async () => {
  await store?.close();
  await queue?.close().catch(() => {});
  await database?.drop();
});

describe('the ingest queue unreachable', () => {
  it.each(['post', 'job', 'list'] as const)('%s answers 503 problem+json with Retry-After, not 500', (which) => {
    const res = results[which];
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('1');
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});
