import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { articleId } from '../../src/analysis/ids.js';
import { buildApp } from '../../src/app.js';
import { createAnalysisPool } from '../../src/service/analysis-pool.js';
import type { NewsStore } from '../../src/store/news-store.js';
import { createSqliteStore, openDatabase } from '../../src/store/sqlite-store.js';
import { buildTestApp, TEST_KEY } from '../app.js';
import { extractor } from '../extractor.js';

const TEXT =
  'Leaders meet in Oslo\nTalks begin\n\nOSLO, Norway\nNorwegian officials met ministers from Sweden on Monday.\n';
const auth = { authorization: `Bearer ${TEST_KEY}` };

let store: NewsStore;
let app: FastifyInstance;
beforeEach(async () => {
  store = createSqliteStore(openDatabase(':memory:'));
  app = await buildTestApp(store);
});
afterEach(async () => {
  await app.close();
  await store.close();
});

const post = (payload: string | Buffer | object, headers: Record<string, string> = {}) =>
  app.inject({
    method: 'POST',
    url: '/articles',
    payload: typeof payload === 'object' && !Buffer.isBuffer(payload) ? JSON.stringify(payload) : payload,
    headers: {
      ...auth,
      'content-type': typeof payload === 'object' && !Buffer.isBuffer(payload) ? 'application/json' : 'text/plain',
      ...headers,
    },
  });

function expectProblem(
  res: { statusCode: number; headers: Record<string, unknown>; json: () => unknown },
  status: number,
) {
  expect(res.statusCode).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.json()).toMatchObject({ status, type: 'about:blank' });
  return res.json() as { title: string; detail: string; instance?: string; errors?: { path: string }[] };
}

describe('POST /articles', () => {
  it('stores a plain-text article: 201 with Location, then 200 with the same id on a retry', async () => {
    const first = await post(TEXT);
    expect(first.statusCode).toBe(201);
    const id = articleId(TEXT);
    expect(first.headers.location).toBe(`/articles/${id}`);
    expect(first.json()).toMatchObject({ id, headline: 'Leaders meet in Oslo', text: TEXT });
    const again = await post(TEXT);
    expect(again.statusCode).toBe(200);
    expect(again.headers.location).toBeUndefined();
    expect(again.json().id).toBe(id);
    expect((await store.listArticles({ limit: 10 })).data).toHaveLength(1);
  });

  it('stores exactly what POST /extract answers for the same text, bar the ingestion time, story and truncation flag', async () => {
    const text = `${TEXT}"We agreed on the route," said Kari Nordmann, Norway's foreign minister.\n`;
    const extracted = await app.inject({
      method: 'POST',
      url: '/extract',
      payload: text,
      headers: { 'content-type': 'text/plain' },
    });
    const { id } = (await post(text)).json();
    const { ingestedAt, storyId, duplicates, ...stored } = (
      await app.inject({ method: 'GET', url: `/articles/${id}` })
    ).json();
    expect(ingestedAt).toEqual(expect.any(String));
    // What the store alone knows: the article's place among the others.
    expect({ storyId, duplicates }).toEqual({ storyId: id, duplicates: [] });
    expect(extracted.json()).toEqual({ ...stored, ingestedAt: null, truncated: false });
    expect(stored.quotes).toHaveLength(1);
    expect(stored.quotes[0].speaker).toMatchObject({ name: 'Kari Nordmann' });
  });

  it('takes JSON with what the client knows, which wins over the text', async () => {
    const res = await post({
      text: TEXT,
      source: 'Nordic Wire',
      url: 'https://news.example/oslo',
      publishedAt: '2024-06-03T08:00:00Z',
      language: 'en-GB',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      source: { name: 'Nordic Wire' },
      url: 'https://news.example/oslo',
      publishedAt: '2024-06-03T08:00:00Z',
      language: 'en-GB',
    });
  });

  it('takes the publication date from the text when the request gives none', async () => {
    const res = await post('Storm warning\nLONDON 1996-08-30\nForecasters warned of gales on Friday.\n');
    expect(res.json().publishedAt).toBe('1996-08-30');
    expect((await post('No date here\nJust a body.\n')).json().publishedAt).toBeNull();
  });

  it.each([
    ['an empty text', '  \n', {}, 400],
    ['invalid UTF-8', Buffer.from([0x4f, 0x73, 0x6c, 0xff, 0x0a]), {}, 400],
    ['JSON with an unknown field', { text: TEXT, admin: true }, {}, 400],
    ['JSON without text', { source: 'x' }, {}, 400],
    ['JSON with a bad date', { text: TEXT, publishedAt: 'yesterday' }, {}, 400],
    ['JSON with a non-http url', { text: TEXT, url: 'javascript:alert(1)' }, {}, 400],
    ['malformed JSON', '{"text": ', { 'content-type': 'application/json' }, 400],
    ['a __proto__ key', '{"text":"a","__proto__":{"x":1}}', { 'content-type': 'application/json' }, 400],
    ['deeply nested JSON', `${'['.repeat(100_000)}${']'.repeat(100_000)}`, { 'content-type': 'application/json' }, 400],
    ['a form', 'text=abc', { 'content-type': 'application/x-www-form-urlencoded' }, 415],
    ['XML', '<a/>', { 'content-type': 'application/xml' }, 415],
  ])('refuses %s', async (_, payload, headers, status) => {
    expectProblem(await post(payload as string, headers as Record<string, string>), status);
    expect((await store.listArticles({ limit: 10 })).data).toHaveLength(0);
  });

  it('names the media types it accepts in a 415', async () => {
    const res = await post('<a/>', { 'content-type': 'application/xml' });
    expect(expectProblem(res, 415).detail).toBe(
      'Content-Type application/xml is not accepted here; send text/plain or application/json',
    );
    expect(res.headers['accept-post']).toBe('text/plain, application/json');
  });

  it('calls an unknown JSON field a field', async () => {
    const body = expectProblem(await post({ text: TEXT, admin: true }), 400);
    expect(body.errors).toEqual([{ in: 'body', path: 'admin', message: 'unknown field' }]);
  });

  it('refuses a body over the limit with 413', async () => {
    const small = await buildTestApp(store, { bodyLimit: 4096 });
    const res = await small.inject({
      method: 'POST',
      url: '/articles',
      payload: `Headline\n${'word '.repeat(2000)}`,
      headers: { ...auth, 'content-type': 'text/plain' },
    });
    expectProblem(res, 413);
    await small.close();
  });
});

describe('DELETE /articles/:id', () => {
  it('deletes the article and the entities only it mentioned', async () => {
    const id = (await post(TEXT)).json().id;
    const entities = (await app.inject({ method: 'GET', url: '/entities' })).json().data;
    expect(entities.length).toBeGreaterThan(0);
    const res = await app.inject({ method: 'DELETE', url: `/articles/${id}`, headers: auth });
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');
    expectProblem(await app.inject({ method: 'GET', url: `/articles/${id}` }), 404);
    expect((await app.inject({ method: 'GET', url: '/entities' })).json().data).toEqual([]);
    expectProblem(await app.inject({ method: 'DELETE', url: `/articles/${id}`, headers: auth }), 404);
    expect(await store.articleStatus(id)).toBe('deleted');
  });
});

describe('API keys', () => {
  it('are checked before the body is read: a bad body without a key is a 401, not a 400', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/articles',
      payload: '{"unknown": ',
      headers: { 'content-type': 'application/json' },
    });
    expectProblem(res, 401);
  });

  const writes = [
    { method: 'POST' as const, url: '/articles', payload: TEXT, headers: { 'content-type': 'text/plain' } },
    { method: 'DELETE' as const, url: `/articles/${articleId(TEXT)}` },
  ];

  it.each([
    ['no Authorization header', undefined],
    ['a wrong key', 'Bearer not-the-key-0123456789'],
    ['an empty key', 'Bearer '],
    ['another scheme', `Basic ${TEST_KEY}`],
    ['a very long key', `Bearer ${'k'.repeat(8000)}`],
    ['a key with non-ASCII characters', 'Bearer clé-secrète-ünïcødé-0123'],
    ['the key with something after it', `Bearer ${TEST_KEY}x`],
  ])('refuse every write with %s (401)', async (_, authorization) => {
    await store.saveArticle(
      (await import('../../src/analysis/analyse-article.js')).analyseArticle(TEXT, {}, extractor),
    );
    for (const w of writes) {
      const res = await app.inject({
        ...w,
        headers: { ...(w.headers ?? {}), ...(authorization === undefined ? {} : { authorization }) },
      });
      expect(expectProblem(res, 401).title).toBe('Unauthorized');
      expect(res.headers['www-authenticate']).toBe('Bearer');
    }
    expect(await store.articleStatus(articleId(TEXT))).toBe('stored');
  });

  it('refuse every write when no key is configured', async () => {
    const locked = await buildTestApp(store, { apiKeys: [] });
    for (const w of writes) {
      const res = await locked.inject({ ...w, headers: { ...(w.headers ?? {}), ...auth } });
      expect(expectProblem(res, 401).detail).toMatch(/no API key configured/);
    }
    await locked.close();
  });

  it('accept any of several configured keys', async () => {
    const two = await buildTestApp(store, { apiKeys: ['first-key-0123456789', 'second-key-0123456789'] });
    const res = await two.inject({
      method: 'POST',
      url: '/articles',
      payload: TEXT,
      headers: { 'content-type': 'text/plain', authorization: 'Bearer second-key-0123456789' },
    });
    expect(res.statusCode).toBe(201);
    await two.close();
  });

  it('are never asked for by reads or by /extract', async () => {
    for (const url of ['/articles', '/entities', '/quotes', '/health']) {
      expect((await app.inject({ method: 'GET', url })).statusCode).toBe(200);
    }
    const res = await app.inject({
      method: 'POST',
      url: '/extract',
      payload: TEXT,
      headers: { 'content-type': 'text/plain' },
    });
    expect(res.statusCode).toBe(200);
  });
});

describe('protection', () => {
  it('limits requests per client with 429 and Retry-After, and a spoofed X-Forwarded-For does not help', async () => {
    const limited = await buildTestApp(store, { rateLimitMax: 2 });
    const hit = (ip: string) =>
      limited.inject({
        method: 'GET',
        url: '/entities',
        headers: { 'x-forwarded-for': ip },
        remoteAddress: '10.0.0.9',
      });
    expect((await hit('1.1.1.1')).statusCode).toBe(200);
    expect((await hit('2.2.2.2')).statusCode).toBe(200);
    const res = await hit('3.3.3.3');
    expectProblem(res, 429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    await limited.close();
  });

  it('counts clients by X-Forwarded-For when the proxy is trusted', async () => {
    const proxied = await buildTestApp(store, { rateLimitMax: 1, trustProxy: true });
    const hit = (ip: string) =>
      proxied.inject({
        method: 'GET',
        url: '/entities',
        headers: { 'x-forwarded-for': ip },
        remoteAddress: '10.0.0.9',
      });
    expect((await hit('1.1.1.1')).statusCode).toBe(200);
    expect((await hit('2.2.2.2')).statusCode).toBe(200);
    expect((await hit('1.1.1.1')).statusCode).toBe(429);
    await proxied.close();
  });

  it('never rate-limits the probes: /health and /livez answer behind a shared address', async () => {
    const limited = await buildTestApp(store, { rateLimitMax: 1 });
    const hit = (url: string) => limited.inject({ method: 'GET', url, remoteAddress: '10.0.0.9' });
    expect((await hit('/entities')).statusCode).toBe(200);
    expectProblem(await hit('/entities'), 429);
    for (let i = 0; i < 3; i++) {
      expect((await hit('/health')).statusCode).toBe(200);
      expect((await hit('/livez')).statusCode).toBe(200);
    }
    await limited.close();
  });

  it('lets a browser script read the ETag, rate-limit, Location and consistency headers', async () => {
    const open = await buildTestApp(store, { corsOrigins: ['https://a.example'], rateLimitMax: 10 });
    const res = await open.inject({ method: 'GET', url: '/entities', headers: { origin: 'https://a.example' } });
    const exposed = String(res.headers['access-control-expose-headers'])
      .split(',')
      .map((h) => h.trim().toLowerCase());
    expect(exposed.sort()).toEqual(
      [
        'consistency-token',
        'etag',
        'location',
        'retry-after',
        'x-ratelimit-limit',
        'x-ratelimit-remaining',
        'x-ratelimit-reset',
      ].sort(),
    );
    await open.close();
  });

  it('never echoes nor logs an API key sent in the query string', async () => {
    const lines: string[] = [];
    const logged = await buildTestApp(store, {}, null, lines);
    const res = await logged.inject({
      method: 'POST',
      url: `/articles?api_key=${TEST_KEY}&x=1&Token=${TEST_KEY}`,
      payload: TEXT,
      headers: { 'content-type': 'text/plain' },
    });
    const body = expectProblem(res, 401);
    expect(body.instance).toBe('/articles?api_key=REDACTED&x=1&Token=REDACTED');
    expect(res.body).not.toContain(TEST_KEY);
    await logged.inject({ method: 'GET', url: `/nowhere?access_token=${TEST_KEY}` });
    expect(lines.join('')).toContain('api_key=REDACTED');
    expect(lines.join('')).not.toContain(TEST_KEY);
    await logged.close();
  });

  it('sends security headers, and CORS headers only for configured origins', async () => {
    const res = await app.inject({ method: 'GET', url: '/health', headers: { origin: 'https://a.example' } });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    // Served over plain HTTP behind the operator's TLS: nothing may force browsers onto HTTPS.
    expect(res.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    expect(res.headers['strict-transport-security']).toBeUndefined();
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    const open = await buildTestApp(store, { corsOrigins: ['https://a.example'] });
    const ok = await open.inject({ method: 'GET', url: '/health', headers: { origin: 'https://a.example' } });
    expect(ok.headers['access-control-allow-origin']).toBe('https://a.example');
    const other = await open.inject({ method: 'GET', url: '/health', headers: { origin: 'https://b.example' } });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    await open.close();
  });

  it('answers 503 with Retry-After while the event loop lags past the threshold', async () => {
    const pressured = await buildTestApp(store, { maxEventLoopDelayMs: 20 });
    await pressured.ready();
    const until = Date.now() + 1500;
    while (Date.now() < until) {
      // Block the event loop, then let under-pressure take its sample.
    }
    await new Promise((r) => setTimeout(r, 20));
    const res = await pressured.inject({ method: 'GET', url: '/articles' });
    expectProblem(res, 503);
    expect(res.headers['retry-after']).toBe('10');
    await pressured.close();
  });
});

describe('extraction in a worker thread (ANALYSIS_THREADS)', () => {
  it('stores and extracts exactly what analysis on the event loop does', async () => {
    const pool = createAnalysisPool(1, extractor);
    const pooledStore = createSqliteStore(openDatabase(':memory:'));
    const pooled = await buildApp({
      store: pooledStore,
      analyser: pool,
      config: { rateLimitMax: 0, maxEventLoopDelayMs: 0, apiKeys: [TEST_KEY] },
    });
    try {
      const text = { 'content-type': 'text/plain' };
      const [a, b] = await Promise.all([
        post(TEXT),
        pooled.inject({ method: 'POST', url: '/articles', payload: TEXT, headers: { ...auth, ...text } }),
      ]);
      expect(b.statusCode).toBe(201);
      const { ingestedAt: _a, ...inline } = a.json();
      const { ingestedAt: _b, ...threaded } = b.json();
      expect(threaded).toEqual(inline);
      expect(threaded.entities.map((e: { name: string }) => e.name)).toContain('Oslo');

      const [x, y] = await Promise.all(
        [app, pooled].map((s) => s.inject({ method: 'POST', url: '/extract', payload: TEXT, headers: text })),
      );
      expect(y?.statusCode).toBe(200);
      expect(y?.json()).toEqual(x?.json());
    } finally {
      await pooled.close();
      await pool.close();
      await pooledStore.close();
    }
  });
});
