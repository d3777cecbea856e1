// Saved searches with webhooks, end to end: the routes (API key, validation, the secret shown once),
// and deliveries to a local receiver (signed, retried with backoff, failed after the last attempt, in
// order, stopped by a delete). The dispatcher runs without its timer: each test drives its rounds.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { WebhookPayloadSchema } from '../../src/schemas/saved-search.js';
import { verifySignature } from '../../src/service/webhook-signature.js';
import type { WebhookSettings } from '../../src/service/webhooks.js';
import type { NewsStore } from '../../src/store/news-store.js';
import { createSqliteStore, openDatabase } from '../../src/store/sqlite-store.js';
import { TEST_KEY } from '../app.js';
import { analyser } from '../extractor.js';
import { draft } from '../store/drafts.js';
import { receiver } from '../support/webhook-receiver.js';

const auth = { authorization: `Bearer ${TEST_KEY}` };
const SETTINGS: Partial<WebhookSettings> = {
  pollMs: 0,
  retryBaseMs: 10,
  retryMaxMs: 40,
  maxAttempts: 3,
  timeoutMs: 5000,
};

let store: NewsStore;
let db: ReturnType<typeof openDatabase>;
let app: FastifyInstance;
let logs: string[];
const receivers: { close(): Promise<void> }[] = [];

async function start(settings: Partial<WebhookSettings> = SETTINGS, path = ':memory:') {
  logs = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      logs.push(String(chunk));
      done();
    },
  });
  db = openDatabase(path);
  store = createSqliteStore(db);
  app = await buildApp({
    store,
    analyser,
    config: { rateLimitMax: 0, maxEventLoopDelayMs: 0, apiKeys: [TEST_KEY] },
    logger: { level: 'info', stream },
    webhooks: settings,
  });
}

beforeEach(() => start());
afterEach(async () => {
  await app.close();
  await store.close();
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

async function hook(statuses: number[] = []) {
  const r = await receiver(statuses);
  receivers.push(r);
  return r;
}

async function createSearch(body: object) {
  const res = await app.inject({ method: 'POST', url: '/searches', headers: auth, payload: body });
  expect(res.statusCode).toBe(201);
  return res.json() as { id: string; secret: string; url: string };
}

/** Dispatcher rounds, each with its attempts finished, until `done` holds. */
async function until(done: () => boolean | Promise<boolean>) {
  const dispatcher = app.webhooks;
  if (!dispatcher) throw new Error('no dispatcher');
  for (;;) {
    await dispatcher.tick();
    await dispatcher.idle();
    if (await done()) return;
    // The shortest wait there is for a retry that is due in a few milliseconds.
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function deliveries(id: string) {
  const res = await app.inject({ url: `/searches/${id}/deliveries`, headers: auth });
  expect(res.statusCode).toBe(200);
  return (res.json() as { data: Record<string, unknown>[] }).data;
}

const flood = (n: number) =>
  draft(`Flood warning ${n}\nRivers rose in the north, report ${n}.`, { source: { name: 'Wire' } });

describe('saved search routes', () => {
  it('saves a search: 201 with Location and the secret, which no later answer shows', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/searches',
      headers: auth,
      payload: { url: 'https://hooks.example.com/in?x=1', q: 'flood', source: 'Wire', secret: 'my-secret-0123456789' },
    });
    expect(res.statusCode).toBe(201);
    const made = res.json();
    expect(res.headers.location).toBe(`/searches/${made.id}`);
    expect(made).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{16}$/),
      url: 'https://hooks.example.com/in?x=1',
      q: 'flood',
      source: 'Wire',
      createdAt: expect.any(String),
      secret: 'my-secret-0123456789',
    });
    const { secret, ...shown } = made;
    const one = await app.inject({ url: res.headers.location as string, headers: auth });
    expect(one.json()).toEqual(shown);
    const list = await app.inject({ url: '/searches', headers: auth });
    expect(list.json()).toEqual({ data: [shown], next: null });
    for (const body of [
      one.body,
      list.body,
      (await app.inject({ url: `/searches/${made.id}/deliveries`, headers: auth })).body,
    ])
      expect(body).not.toContain(secret);
  });

  it('makes a secret when none is given, different for each search', async () => {
    const a = await createSearch({ url: 'https://hooks.example.com/a' });
    const b = await createSearch({ url: 'https://hooks.example.com/b', entity: ['0123456789abcdef'] });
    expect(a.secret).toMatch(/^whsec_[A-Za-z0-9_-]{32}$/);
    expect(b.secret).not.toBe(a.secret);
    expect((await app.inject({ url: `/searches/${b.id}`, headers: auth })).json()).toMatchObject({
      entity: ['0123456789abcdef'],
    });
  });

  it.each([
    ['a scheme other than http(s)', { url: 'ftp://hooks.example.com/in' }, 'url', 'an http:// or https:// URL'],
    ['a file URL', { url: 'file:///etc/passwd' }, 'url', 'an http:// or https:// URL'],
    ['no URL', { q: 'flood' }, 'url', expect.any(String)],
    [
      'credentials in the URL',
      { url: 'https://me:pw@hooks.example.com/' },
      'url',
      expect.stringContaining('no user name or password'),
    ],
    ['an unknown filter', { url: 'https://hooks.example.com/', sort: 'newest' }, 'sort', 'unknown field'],
    ['a URL that is no URL at all', { url: '-1' }, 'url', 'an http:// or https:// URL'],
    ['a short secret', { url: 'https://hooks.example.com/', secret: 'short' }, 'secret', expect.any(String)],
    ['a malformed entity id', { url: 'https://hooks.example.com/', entity: ['nope'] }, 'entity.0', expect.any(String)],
  ])('refuses %s with a 400 naming the field', async (_, payload, path, message) => {
    const res = await app.inject({ method: 'POST', url: '/searches', headers: auth, payload });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json().errors).toContainEqual({ in: 'body', path, message });
    expect((await app.inject({ url: '/searches', headers: auth })).json().data).toEqual([]);
  });

  it.each([
    ['POST', '/searches'],
    ['GET', '/searches'],
    ['GET', '/searches/0123456789abcdef'],
    ['DELETE', '/searches/0123456789abcdef'],
    ['GET', '/searches/0123456789abcdef/deliveries'],
  ] as const)('%s %s needs the API key (401 problem)', async (method, url) => {
    const res = await app.inject({
      method,
      url,
      payload: method === 'POST' ? { url: 'https://h.example.com/' } : undefined,
    });
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.headers['www-authenticate']).toBe('Bearer');
  });

  it('answers 404 for a search that is not there', async () => {
    for (const [method, url] of [
      ['GET', '/searches/0123456789abcdef'],
      ['DELETE', '/searches/0123456789abcdef'],
      ['GET', '/searches/0123456789abcdef/deliveries'],
    ] as const) {
      const res = await app.inject({ method, url, headers: auth });
      expect(res.statusCode).toBe(404);
      expect(res.json().detail).toBe('no saved search 0123456789abcdef');
    }
  });
});

describe('webhook deliveries', () => {
  it('POSTs each newly stored matching article once, signed with the secret', async () => {
    const r = await hook();
    await store.saveArticle(flood(0)); // before the search: not sent
    const search = await createSearch({ url: r.url, q: 'flood', source: 'Wire' });
    await store.saveArticle(flood(1));
    await store.saveArticle(draft('Budget talks\nNothing about water.', { source: { name: 'Wire' } }));
    await until(async () => (await deliveries(search.id)).every((d) => d.status !== 'pending'));
    expect(r.requests).toHaveLength(1);
    const [got] = r.requests;
    const body = JSON.parse(got?.body ?? '');
    expect(body).toEqual({
      deliveryId: expect.stringMatching(/^[0-9a-f]{16}$/),
      searchId: search.id,
      createdAt: expect.any(String),
      article: expect.objectContaining({ id: flood(1).id, headline: 'Flood warning 1', snippet: expect.any(Object) }),
    });
    expect(got?.headers['content-type']).toBe('application/json');
    expect(got?.headers['x-delivery-id']).toBe(body.deliveryId);
    const signature = String(got?.headers['x-signature']);
    expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifySignature(search.secret, signature, got?.body ?? '')).toBe(true);
    expect(verifySignature(search.secret, signature, `${got?.body} `)).toBe(false);
    expect(verifySignature('another-secret-0123', signature, got?.body ?? '')).toBe(false);
    // The body and headers are what the OpenAPI document's webhook says: the zod schema the dispatcher
    // types it by (nothing left out, nothing more), and the JSON Schema published from it.
    expect(WebhookPayloadSchema.parse(body)).toEqual(body);
    const doc = (await app.inject({ url: '/openapi.json' })).json();
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(ajv);
    const validate = ajv.compile({ $ref: '#/components/schemas/WebhookPayload', components: doc.components });
    expect(validate(body), ajv.errorsText(validate.errors)).toBe(true);
    const { parameters } = doc.webhooks.savedSearchDelivery.post;
    for (const p of parameters as { name: string; schema: { pattern: string } }[])
      expect(got?.headers[p.name.toLowerCase()]).toMatch(new RegExp(p.schema.pattern));
    expect(await deliveries(search.id)).toEqual([
      {
        id: body.deliveryId,
        searchId: search.id,
        articleId: flood(1).id,
        status: 'delivered',
        attempts: 1,
        nextAttemptAt: null,
        lastStatusCode: 200,
        lastError: null,
        createdAt: body.createdAt,
        finishedAt: expect.any(String),
      },
    ]);
  });

  it('waits out a database that refuses writes, logging it once rather than a stack a round, then delivers', async () => {
    const r = await hook();
    const search = await createSearch({ url: r.url, q: 'flood' });
    await store.saveArticle(flood(1));
    // As in test/http/read-only.test.ts: SQLite refuses writes with SQLITE_READONLY, whoever runs the tests.
    db.pragma('query_only = ON');
    for (let round = 0; round < 5; round++) {
      await app.webhooks?.tick();
      await app.webhooks?.idle();
    }
    expect(r.requests).toHaveLength(0);
    const warnings = logs
      .map((l) => JSON.parse(l) as { level: number; msg: string; err?: unknown })
      .filter((l) => l.level >= 40);
    expect(warnings).toEqual([
      expect.objectContaining({
        msg: expect.stringMatching(/database refuses writes/),
        refused: 1,
        error: expect.stringMatching(/read-only/),
      }),
    ]);
    db.pragma('query_only = OFF');
    await until(async () => (await deliveries(search.id))[0]?.status === 'delivered');
    expect(r.requests).toHaveLength(1);
  });

  it('retries an attempt answered 500: the same body again, then delivered', async () => {
    const r = await hook([500]);
    const search = await createSearch({ url: r.url });
    await store.saveArticle(flood(1));
    await until(() => r.requests.length === 2);
    await until(async () => (await deliveries(search.id))[0]?.status === 'delivered');
    expect(r.requests[1]?.body).toBe(r.requests[0]?.body);
    expect(r.requests[1]?.headers['x-delivery-id']).toBe(r.requests[0]?.headers['x-delivery-id']);
    expect(await deliveries(search.id)).toEqual([
      expect.objectContaining({ status: 'delivered', attempts: 2, lastStatusCode: 200, lastError: null }),
    ]);
  });

  it('marks a delivery failed after the last attempt, and sends no more; the failure is logged without the secret', async () => {
    const r = await hook([500, 503, 502, 500, 500]);
    const search = await createSearch({ url: r.url });
    await store.saveArticle(flood(1));
    await until(async () => (await deliveries(search.id))[0]?.status === 'failed');
    expect(r.requests).toHaveLength(3);
    expect(await deliveries(search.id)).toEqual([
      expect.objectContaining({
        status: 'failed',
        attempts: 3,
        nextAttemptAt: null,
        lastStatusCode: 502,
        lastError: 'the receiver answered HTTP 502',
        finishedAt: expect.any(String),
      }),
    ]);
    const end = Date.now() + 100;
    await until(() => Date.now() > end);
    expect(r.requests).toHaveLength(3);
    const log = logs.join('');
    expect(log).toContain('webhook delivery attempt failed');
    expect(log).not.toContain(search.secret);
  });

  it('shows a pending delivery waiting for its next attempt, and a receiver that cannot be reached', async () => {
    const r = await hook();
    await r.close();
    await start({ ...SETTINGS, retryBaseMs: 60_000, retryMaxMs: 60_000 });
    const search = await createSearch({ url: r.url });
    await store.saveArticle(flood(1));
    await until(async () => (await deliveries(search.id))[0]?.attempts === 1);
    const [d] = await deliveries(search.id);
    expect(d).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastStatusCode: null,
      lastError: 'the request failed: ECONNREFUSED',
    });
    // Half the base wait at least, a whole one at most.
    const wait = Date.parse(String(d?.nextAttemptAt)) - Date.parse(String(d?.createdAt));
    expect(wait).toBeGreaterThanOrEqual(30_000);
    expect(wait).toBeLessThanOrEqual(61_000);
  });

  it('gives up on a receiver that does not answer within the timeout', async () => {
    const r = await hook([0]);
    await start({ ...SETTINGS, timeoutMs: 100, retryBaseMs: 60_000 });
    const search = await createSearch({ url: r.url });
    await store.saveArticle(flood(1));
    await until(async () => (await deliveries(search.id))[0]?.lastError != null);
    expect(await deliveries(search.id)).toEqual([
      expect.objectContaining({ status: 'pending', attempts: 1, lastError: 'no answer within 100 ms' }),
    ]);
  });

  it("sends a search's articles in the order they were stored, the next only once the one before is answered", async () => {
    const r = await hook([500]);
    const search = await createSearch({ url: r.url });
    for (const n of [1, 2, 3]) await store.saveArticle(flood(n));
    await until(async () => (await deliveries(search.id)).every((d) => d.status === 'delivered'));
    const sent = r.requests.map((q) => JSON.parse(q.body).article.id);
    expect(sent).toEqual([flood(1).id, flood(1).id, flood(2).id, flood(3).id]);
  });

  it('claims the next delivery as soon as one is answered, not at the next poll', async () => {
    await app.close();
    await store.close();
    // The timer is on, but does not fire within the test: one tick starts the sending, no other follows.
    await start({ ...SETTINGS, pollMs: 3_600_000 });
    const r = await hook();
    const search = await createSearch({ url: r.url });
    for (const n of [1, 2, 3]) await store.saveArticle(flood(n));
    await app.webhooks?.tick();
    // Before, the second delivery waited for the next poll: this waited for the test's timeout.
    while (r.requests.length < 3) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(r.requests.map((q) => JSON.parse(q.body).article.id)).toEqual([flood(1).id, flood(2).id, flood(3).id]);
    await app.webhooks?.idle();
    expect((await deliveries(search.id)).map((d) => d.status)).toEqual(['delivered', 'delivered', 'delivered']);
  });

  it('goes on after a restart from where the search was: what was stored while down is sent, nothing twice', async () => {
    const r = await hook();
    const file = join(mkdtempSync(join(tmpdir(), 'webhooks-')), 'news.db');
    await app.close();
    await store.close();
    await start(SETTINGS, file);
    const search = await createSearch({ url: r.url, q: 'flood' });
    await store.saveArticle(flood(1));
    await until(() => r.requests.length === 1);
    await app.close();
    await store.close();
    // Stored while no server runs.
    const offline = createSqliteStore(openDatabase(file));
    await offline.saveArticle(flood(2));
    await offline.close();
    await start(SETTINGS, file);
    await until(async () => (await deliveries(search.id)).length === 2 && r.requests.length === 2);
    await until(() => true);
    expect(r.requests.map((q) => JSON.parse(q.body).article.id)).toEqual([flood(1).id, flood(2).id]);
  });

  it('sends nothing more for a deleted search: not the retry due, not a new article', async () => {
    const r = await hook([500]);
    const search = await createSearch({ url: r.url });
    await store.saveArticle(flood(1));
    await until(async () => (await deliveries(search.id))[0]?.lastStatusCode === 500);
    const del = await app.inject({ method: 'DELETE', url: `/searches/${search.id}`, headers: auth });
    expect(del.statusCode).toBe(204);
    await store.saveArticle(flood(2));
    // Past the retry's time (10 to 20 ms away) several times over.
    const end = Date.now() + 100;
    await until(() => Date.now() > end);
    expect(r.requests).toHaveLength(1);
    expect((await app.inject({ url: `/searches/${search.id}/deliveries`, headers: auth })).statusCode).toBe(404);
  });
});

afterAll(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});
