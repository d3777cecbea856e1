// GET /articles/stream over a real listening server, read as a client reads it (fastify's inject
// cannot stream): events for newly stored articles that match the filters, resume with Last-Event-ID,
// the 400s, the cap, a client that goes away, heartbeats, and closing the app with streams open.
import { type IncomingHttpHeaders, request } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { NewsStore } from '../../src/store/news-store.js';
import { createSqliteStore, openDatabase } from '../../src/store/sqlite-store.js';
import { TEST_KEY } from '../app.js';
import { analyser } from '../extractor.js';
import { draft } from '../store/drafts.js';

interface SseEvent {
  event: string;
  id: string;
  data: string;
}

interface Stream {
  status: number;
  headers: IncomingHttpHeaders;
  /** The body so far, for problem answers. */
  body: () => string;
  events: SseEvent[];
  comments: string[];
  /** Resolves once `n` events have come (or rejects after `ms`). */
  waitFor: (n: number, ms?: number) => Promise<SseEvent[]>;
  /** Resolves when the server ends the response. */
  ended: Promise<void>;
  close: () => void;
}

const MAX_CLIENTS = 3;
const POLL_MS = 50;

let app: FastifyInstance;
let store: NewsStore;
let base: { host: string; port: number };

async function startApp(s: NewsStore, heartbeatMs = 60_000) {
  const a = await buildApp({
    store: s,
    analyser,
    config: { rateLimitMax: 0, maxEventLoopDelayMs: 0, apiKeys: [TEST_KEY], streamMaxClients: MAX_CLIENTS },
    streamTimings: { pollMs: POLL_MS, heartbeatMs },
  });
  await a.listen({ port: 0, host: '127.0.0.1' });
  const address = a.server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return { app: a, base: { host: '127.0.0.1', port: address.port } };
}

beforeAll(async () => {
  store = createSqliteStore(openDatabase(':memory:'));
  ({ app, base } = await startApp(store));
});
afterAll(async () => {
  await app.close();
  await store.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Opens a stream and resolves once the answer's head has come. */
function open(path: string, headers: Record<string, string> = {}, to = base): Promise<Stream> {
  return new Promise((resolve, reject) => {
    const req = request({ ...to, path, headers: { accept: 'text/event-stream', ...headers } }, (res) => {
      let text = '';
      let buffer = '';
      const events: SseEvent[] = [];
      const comments: string[] = [];
      const waiters: (() => void)[] = [];
      let endedResolve: () => void = () => {};
      const ended = new Promise<void>((r) => {
        endedResolve = r;
      });
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
        buffer += chunk;
        let cut = buffer.indexOf('\n\n');
        while (cut !== -1) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const fields: Record<string, string> = {};
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) comments.push(line.slice(1).trim());
            else {
              const colon = line.indexOf(':');
              fields[line.slice(0, colon)] = line.slice(colon + 1).replace(/^ /, '');
            }
          }
          if (fields.data !== undefined)
            events.push({ event: fields.event ?? 'message', id: fields.id ?? '', data: fields.data });
          cut = buffer.indexOf('\n\n');
        }
        for (const w of waiters.splice(0)) w();
      });
      res.on('end', () => endedResolve());
      res.on('close', () => endedResolve());
      res.on('error', () => endedResolve());
      const waitFor = (n: number, ms = 5000) =>
        new Promise<SseEvent[]>((done, fail) => {
          const timer = setTimeout(
            () => fail(new Error(`${events.length} events of ${n} after ${ms} ms: ${JSON.stringify(events)}`)),
            ms,
          );
          const check = () => {
            if (events.length >= n) {
              clearTimeout(timer);
              done(events);
            } else waiters.push(check);
          };
          check();
        });
      resolve({
        status: res.statusCode ?? 0,
        headers: res.headers,
        body: () => text,
        events,
        comments,
        waitFor,
        ended,
        close: () => req.destroy(),
      });
    });
    req.on('error', reject);
    req.end();
  });
}

/** Reads a whole (non-stream) answer; a stream opened instead is closed, so that a failing test does not hang. */
async function answer(path: string, headers: Record<string, string> = {}) {
  const s = await open(path, headers);
  if (s.headers['content-type']?.startsWith('text/event-stream')) {
    s.close();
    return { status: s.status, headers: s.headers, json: null };
  }
  await s.ended;
  return { status: s.status, headers: s.headers, json: JSON.parse(s.body()) };
}

async function post(text: string, source: string) {
  const res = await fetch(`http://${base.host}:${base.port}/articles`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TEST_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ text, source }),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string };
}

async function until(check: () => boolean, ms = 5000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await sleep(10);
  }
}

describe('GET /articles/stream', () => {
  it('sends a POSTed article that matches the filter, as GET /articles lists it, and not one that does not', async () => {
    await store.saveArticle(draft('Stored before the stream opened', { source: { name: 'Harbour Wire' } }));
    const s = await open('/articles/stream?source=Harbour%20Wire');
    expect(s.status).toBe(200);
    expect(s.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(s.headers['cache-control']).toBe('no-cache');
    expect(s.headers['x-accel-buffering']).toBe('no');

    await post('Ferry strike ends\n\nOSLO - The ferry strike ended on Monday.\n', 'Other Wire');
    const { id } = await post('Harbour reopens\n\nOSLO - The harbour reopened on Monday.\n', 'Harbour Wire');
    const [event] = await s.waitFor(1);
    expect(event?.event).toBe('article');
    expect(event?.id).toMatch(/^[A-Za-z0-9_-]+$/);
    const listed = await fetch(`http://${base.host}:${base.port}/articles?source=Harbour%20Wire&limit=1`).then(
      (r) => r.json() as Promise<{ data: { id: string }[] }>,
    );
    expect(listed.data[0]?.id).toBe(id);
    expect(JSON.parse(event?.data ?? '')).toEqual(listed.data[0]);
    // A few more polls: nothing else comes (neither the other source's article nor the older one).
    await sleep(POLL_MS * 6);
    expect(s.events).toHaveLength(1);
    s.close();
  });

  it('sends the snippet with q, as GET /articles does', async () => {
    const s = await open('/articles/stream?q=lighthouse');
    await store.saveArticle(draft('Coast news\nThe old lighthouse was restored.'));
    await store.saveArticle(draft('Inland news\nNothing about the sea.'));
    const [event] = await s.waitFor(1);
    const item = JSON.parse(event?.data ?? '');
    expect(item.headline).toBe('Coast news');
    expect(item.snippet.text).toContain('lighthouse');
    await sleep(POLL_MS * 4);
    expect(s.events).toHaveLength(1);
    s.close();
  });

  it('resumes after Last-Event-ID (header or query) with what was missed, exactly once, in order', async () => {
    const s = await open('/articles/stream?source=Resume%20Wire');
    const stored = (n: number) => draft(`Resume story ${n}`, { source: { name: 'Resume Wire' } });
    for (const n of [1, 2, 3]) await store.saveArticle(stored(n));
    const first = await s.waitFor(3);
    s.close();
    // Missed while away; the publication date does not matter, only when it was stored.
    await store.saveArticle({ ...stored(4), publishedAt: '2001-01-01' });
    await store.saveArticle(stored(5));

    const headlines = (events: SseEvent[]) => events.map((e) => JSON.parse(e.data).headline);
    const resumed = await open('/articles/stream?source=Resume%20Wire', { 'last-event-id': first[0]?.id ?? '' });
    expect(headlines(await resumed.waitFor(4))).toEqual([2, 3, 4, 5].map((n) => `Resume story ${n}`));
    // Then live again, once each.
    await store.saveArticle(stored(6));
    await resumed.waitFor(5);
    await sleep(POLL_MS * 6);
    expect(headlines(resumed.events)).toEqual([2, 3, 4, 5, 6].map((n) => `Resume story ${n}`));
    expect(new Set(resumed.events.map((e) => e.id)).size).toBe(5);
    resumed.close();

    const byQuery = await open(`/articles/stream?source=Resume%20Wire&lastEventId=${resumed.events[2]?.id}`);
    expect(headlines(await byQuery.waitFor(2))).toEqual(['Resume story 5', 'Resume story 6']);
    await sleep(POLL_MS * 4);
    expect(byQuery.events).toHaveLength(2);
    byQuery.close();
  });

  it('sends sealed ids, not store positions, and resumes from one; a raw position is a 400', async () => {
    const s = await open('/articles/stream?source=Sealed%20Wire');
    const start = (await store.articlesStoredAfter({ source: 'Sealed Wire', limit: 1 })).position;
    const stored = (n: number) => draft(`Sealed story ${n}`, { source: { name: 'Sealed Wire' } });
    for (const n of [1, 2]) await store.saveArticle(stored(n));
    const [first] = await s.waitFor(2);
    s.close();
    // The store's own position of the first article, as the stream used to hand it out.
    const raw = (await store.articlesStoredAfter({ source: 'Sealed Wire', after: start, limit: 1 })).data[0]?.position;
    if (raw === undefined) throw new Error('no stored position');
    expect(first?.id).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(first?.id).not.toBe(raw);
    // A sealed id does not read back as a position (base64url JSON).
    expect(() => JSON.parse(Buffer.from(first?.id ?? '', 'base64url').toString('utf8'))).toThrow();

    const resumed = await open('/articles/stream?source=Sealed%20Wire', { 'last-event-id': first?.id ?? '' });
    expect(resumed.status).toBe(200);
    expect((await resumed.waitFor(1)).map((e) => JSON.parse(e.data).headline)).toEqual(['Sealed story 2']);
    resumed.close();

    for (const [path, headers, where] of [
      ['/articles/stream?source=Sealed%20Wire', { 'last-event-id': raw }, 'headers'],
      [`/articles/stream?source=Sealed%20Wire&lastEventId=${raw}`, {}, 'querystring'],
    ] as const) {
      const res = await answer(path, headers);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json.detail).toContain('not an event id this stream handed out for these filters');
      expect(res.json.errors).toEqual([expect.objectContaining({ in: where })]);
    }
  });

  it('refuses, with a 400, an id from another filter set or a cursor from another route', async () => {
    const s = await open('/articles/stream?source=Filter%20Wire');
    for (const n of [1, 2]) await store.saveArticle(draft(`Filtered story ${n}`, { source: { name: 'Filter Wire' } }));
    const [event] = await s.waitFor(2);
    s.close();
    const id = encodeURIComponent(event?.id ?? '');
    const page = await fetch(`http://${base.host}:${base.port}/articles?source=Filter%20Wire&limit=1`).then(
      (r) => r.json() as Promise<{ next: string | null }>,
    );
    // Two articles of the source, one a page: GET /articles has a next page.
    expect(page.next).not.toBeNull();

    for (const path of [
      `/articles/stream?source=Other%20Wire&lastEventId=${id}`,
      `/articles/stream?lastEventId=${id}`,
      `/articles/stream?source=Filter%20Wire&q=harbour&lastEventId=${id}`,
      `/articles/stream?source=Filter%20Wire&lastEventId=${encodeURIComponent(page.next ?? '')}`,
    ]) {
      const res = await answer(path);
      expect(res.status, path).toBe(400);
      expect(res.json).toMatchObject({ status: 400, errors: [expect.objectContaining({ in: 'querystring' })] });
    }
    // The same id with the same filters (in another order of parameters) is good.
    const again = await open(`/articles/stream?lastEventId=${id}&source=Filter%20Wire`);
    expect(again.status).toBe(200);
    again.close();
  });

  it.each([
    ['/articles/stream?limit=5', {}, 'querystring'],
    ['/articles/stream?q=', {}, 'querystring'],
    ['/articles/stream?entity=not%20an%20id', {}, 'querystring'],
    ['/articles/stream', { 'last-event-id': 'not a position!' }, 'headers'],
    ['/articles/stream', { 'last-event-id': Buffer.from('["x"]').toString('base64url') }, 'headers'],
    ['/articles/stream?lastEventId=WzEuNV0', {}, 'querystring'],
  ])('answers %s %j with a 400 problem', async (path, headers, where) => {
    const res = await answer(path, headers);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json).toMatchObject({
      status: 400,
      errors: expect.arrayContaining([expect.objectContaining({ in: where })]),
    });
    // No stream was left open by it (those of the tests before close in their own time).
    await until(() => app.articleStreams.size() === 0);
  });

  it('frees a stream whose client goes away, and goes on serving', async () => {
    await until(() => app.articleStreams.size() === 0);
    const s = await open('/articles/stream');
    expect(app.articleStreams.size()).toBe(1);
    await store.saveArticle(draft('Before the client leaves'));
    await s.waitFor(1);
    s.close();
    await until(() => app.articleStreams.size() === 0);
    // Articles stored after it left are no trouble, and the server answers as before.
    await store.saveArticle(draft('After the client left'));
    await sleep(POLL_MS * 4);
    expect((await fetch(`http://${base.host}:${base.port}/health`)).status).toBe(200);
    const again = await open('/articles/stream');
    await store.saveArticle(draft('For the next client'));
    expect(JSON.parse((await again.waitFor(1))[0]?.data ?? '').headline).toBe('For the next client');
    again.close();
    await until(() => app.articleStreams.size() === 0);
  });

  it('holds no slot for a client that left while its first page was read', async () => {
    // The first read waits until the client has gone: the response's 'close' then comes before the
    // stream is opened (which used to keep it, and its slot, for good).
    let entered: () => void = () => {};
    const reading = new Promise<void>((r) => {
      entered = r;
    });
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const slow: NewsStore = {
      ...store,
      articlesStoredAfter: async (req) => {
        entered();
        await gate;
        return store.articlesStoredAfter(req);
      },
    };
    const other = await startApp(slow);
    try {
      const req = request({ ...other.base, path: '/articles/stream', headers: { accept: 'text/event-stream' } });
      req.on('error', () => {});
      req.end();
      await reading;
      req.destroy();
      await sleep(100);
      release();
      await sleep(POLL_MS * 3);
      expect(other.app.articleStreams.size()).toBe(0);
    } finally {
      release();
      await other.app.close();
    }
  });

  it('answers 503 with Retry-After beyond the cap, and has room again when one closes', async () => {
    await until(() => app.articleStreams.size() === 0);
    const streams = await Promise.all(Array.from({ length: MAX_CLIENTS }, () => open('/articles/stream')));
    expect(streams.map((s) => s.status)).toEqual(Array(MAX_CLIENTS).fill(200));
    const refused = await answer('/articles/stream');
    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toBe('10');
    expect(refused.json).toMatchObject({ status: 503 });
    streams[0]?.close();
    await until(() => app.articleStreams.size() === MAX_CLIENTS - 1);
    const next = await open('/articles/stream');
    expect(next.status).toBe(200);
    for (const s of [...streams, next]) s.close();
    await until(() => app.articleStreams.size() === 0);
  });
});

describe('GET /articles/stream, heartbeats and shutdown', () => {
  it('sends a comment when idle, and ends its streams when the app closes, without hanging', async () => {
    const own = createSqliteStore(openDatabase(':memory:'));
    const { app: a, base: b } = await startApp(own, 100);
    const s = await open('/articles/stream', {}, b);
    await until(() => s.comments.includes('keep-alive'), 3000);
    const closed = a.close();
    await s.ended;
    await closed;
    expect(a.articleStreams.size()).toBe(0);
    await own.close();
  });
});
