// POST /extract is public: its own body and rate limits, a bounded queue of analyses (503 with
// Retry-After beyond it), analyses dropped when their client goes away, public priority in the
// analysis pool, and answers of a bounded number of spans.
import { createConnection } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AppConfig, buildApp } from '../../src/app.js';
import type { AnalyseOptions, Analyser } from '../../src/service/analysis-pool.js';
import type { NewsStore } from '../../src/store/news-store.js';
import { createSqliteStore, openDatabase } from '../../src/store/sqlite-store.js';
import { buildTestApp, TEST_KEY } from '../app.js';
import { analyser as inline } from '../extractor.js';

let store: NewsStore;
let app: FastifyInstance;
beforeEach(() => {
  store = createSqliteStore(openDatabase(':memory:'));
});
afterEach(async () => {
  await app.close();
  await store.close();
});

/** An analyser that holds every text until the test releases it, and records what it was asked. */
function heldAnalyser() {
  const calls: { text: string; options: AnalyseOptions; release: () => void }[] = [];
  const hold = <T>(text: string, options: AnalyseOptions, run: () => Promise<T>) =>
    new Promise<T>((resolve, reject) => {
      options.signal?.addEventListener('abort', () => reject(options.signal?.reason));
      calls.push({ text, options, release: () => void run().then(resolve, reject) });
    });
  const analyser: Analyser = {
    analyse: (text, meta, options = {}) => hold(text, options, () => inline.analyse(text, meta)),
    extract: (text, options) => hold(text, options, () => inline.extract(text, options)),
    close: async () => {},
  };
  return { analyser, calls };
}

const held = async (config: Partial<AppConfig>) => {
  const h = heldAnalyser();
  app = await buildApp({
    store,
    analyser: h.analyser,
    config: { rateLimitMax: 0, maxEventLoopDelayMs: 0, apiKeys: [TEST_KEY], ...config },
  });
  return h;
};

const extract = (payload: string) =>
  app.inject({ method: 'POST', url: '/extract', payload, headers: { 'content-type': 'text/plain' } });

function expectProblem(res: Awaited<ReturnType<typeof extract>>, status: number) {
  expect(res.statusCode).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.json()).toMatchObject({ status, type: 'about:blank' });
  return res.json() as { detail: string };
}

describe('POST /extract limits', () => {
  it('has a body limit of its own, below that of the authenticated writes', async () => {
    app = await buildTestApp(store, { extractMaxBytes: 2048, bodyLimit: 1024 * 1024 });
    const text = `Headline\n\n${'Officials met in Oslo. '.repeat(200)}`;
    expectProblem(await extract(text), 413);
    const write = await app.inject({
      method: 'POST',
      url: '/articles',
      payload: text,
      headers: { 'content-type': 'text/plain', authorization: `Bearer ${TEST_KEY}` },
    });
    expect(write.statusCode).toBe(201);
  });

  it('has a rate limit of its own: the next request from the client gets 429, its reads do not', async () => {
    app = await buildTestApp(store, { rateLimitMax: 100, extractRateLimitMax: 2 });
    expect((await extract('Talks in Oslo\nNorway met Sweden.')).statusCode).toBe(200);
    expect((await extract('Talks in Oslo\nNorway met Sweden.')).statusCode).toBe(200);
    const refused = await extract('Talks in Oslo\nNorway met Sweden.');
    expectProblem(refused, 429);
    expect(refused.headers['retry-after']).toBeDefined();
    expect((await app.inject({ method: 'GET', url: '/articles' })).statusCode).toBe(200);
  });

  it('runs EXTRACT_CONCURRENCY analyses, queues EXTRACT_QUEUE_MAX, and answers 503 with Retry-After beyond', async () => {
    const { calls } = await held({ extractConcurrency: 1, extractQueueMax: 1 });
    const first = extract('First text\nNorway met Sweden.');
    const second = extract('Second text\nNorway met Sweden.');
    await expect.poll(() => calls.length).toBe(1);
    const third = await extract('Third text\nNorway met Sweden.');
    expect(expectProblem(third, 503).detail).toMatch(/retry later/);
    expect(Number(third.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    calls[0]?.release();
    expect((await first).statusCode).toBe(200);
    await expect.poll(() => calls.length).toBe(2);
    calls[1]?.release();
    expect((await second).json().headline).toBe('Second text');
  });

  it('asks the analyser with public priority, and a write without', async () => {
    const { calls } = await held({});
    const res = extract('Talks in Oslo\nNorway met Sweden.');
    const write = app.inject({
      method: 'POST',
      url: '/articles',
      payload: 'Talks in Bergen\nNorway met Denmark.',
      headers: { 'content-type': 'text/plain', authorization: `Bearer ${TEST_KEY}` },
    });
    await expect.poll(() => calls.length).toBe(2);
    for (const c of calls) c.release();
    await Promise.all([res, write]);
    expect(calls.map((c) => [c.text.split('\n')[0], c.options.priority ?? 'write'])).toEqual(
      expect.arrayContaining([
        ['Talks in Oslo', 'public'],
        ['Talks in Bergen', 'write'],
      ]),
    );
  });

  it('drops the analyses of a client that went away: a waiting one never starts, a running one is aborted', async () => {
    const { calls } = await held({ extractConcurrency: 1, extractQueueMax: 4 });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as { port: number };
    const send = (text: string) => {
      const socket = createConnection({ host: '127.0.0.1', port });
      socket.on('error', () => {});
      socket.write(
        `POST /extract HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`,
      );
      return socket;
    };
    const running = send('Running text\nNorway met Sweden.');
    await expect.poll(() => calls.length).toBe(1);
    const connections = () => new Promise<number>((r) => app.server.getConnections((_e, n) => r(n)));
    const waiting = send('Waiting text\nNorway met Sweden.');
    await expect.poll(connections).toBe(2);
    // Read and queued behind the first (the gate holds it; the analyser has not seen it).
    await new Promise((r) => setTimeout(r, 200));
    waiting.destroy();
    await expect.poll(connections).toBe(1);
    running.destroy();
    await expect.poll(() => calls[0]?.options.signal?.aborted).toBe(true);
    // The slot freed; the waiting text was dropped rather than started.
    const after = extract('After text\nNorway met Sweden.');
    await expect.poll(() => calls.length).toBe(2);
    expect(calls[1]?.text).toBe('After text\nNorway met Sweden.');
    calls[1]?.release();
    expect((await after).statusCode).toBe(200);
  });

  it('lists at most EXTRACT_MAX_MENTIONS mentions and says the answer is truncated', async () => {
    app = await buildTestApp(store, { extractMaxMentions: 3 });
    const text = `Talks in Oslo\n\n${'Norway met Sweden and Denmark in Oslo. '.repeat(5)}`;
    const body = (await extract(text)).json();
    const mentions = body.entities.flatMap((e: { mentions: unknown[] }) => e.mentions);
    expect(mentions).toHaveLength(3);
    expect(body.truncated).toBe(true);
    const whole = await buildTestApp(store);
    const full = (
      await whole.inject({ method: 'POST', url: '/extract', payload: text, headers: { 'content-type': 'text/plain' } })
    ).json();
    expect(full.truncated).toBe(false);
    expect(full.entities.flatMap((e: { mentions: unknown[] }) => e.mentions).length).toBeGreaterThan(3);
    await whole.close();
  });
});
