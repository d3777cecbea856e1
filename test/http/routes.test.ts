import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewsStore } from '../../src/store/news-store.js';
import { createSqliteStore, openDatabase } from '../../src/store/sqlite-store.js';
import { buildTestApp, TEST_KEY } from '../app.js';
import { draft, entity } from '../store/drafts.js';

const paris = entity('place', 'Paris', [[0, 5]], { titles: [] });
const ann = entity(
  'person',
  'Ann Lee',
  [
    [6, 13],
    [20, 23],
  ],
  { aliases: ['Lee'], titles: ['Mayor'] },
);
const article = draft('Paris Ann Lee said Lee.\nBody one.\nBody two.', {
  source: { name: 'Example Wire' },
  entities: [paris, ann],
  quotes: [
    {
      id: '00000000000000a1',
      kind: 'indirect',
      text: 'Lee',
      parts: [{ start: 20, end: 23, text: 'Lee' }],
      start: 14,
      end: 23,
      cue: { start: 14, end: 18, text: 'said' },
      speakerMention: { start: 6, end: 13, text: 'Ann Lee' },
      speaker: 1,
      occurrences: [{ start: 14, end: 23 }],
    },
  ],
});

let app: FastifyInstance;
let store: NewsStore;
beforeAll(async () => {
  store = createSqliteStore(openDatabase(':memory:'));
  await store.saveArticle(article, new Date('2026-01-01T00:00:00Z'));
  for (let i = 0; i < 3; i++) await store.saveArticle(draft(`Filler ${i}`));
  app = await buildTestApp(store);
});
afterAll(async () => {
  await app.close();
  await store.close();
});

const get = (url: string) => app.inject({ method: 'GET', url });

function expectProblem(res: Awaited<ReturnType<typeof get>>, status: number) {
  expect(res.statusCode).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = res.json();
  expect(body).toMatchObject({ type: 'about:blank', status, title: expect.any(String) });
  return body;
}

describe('GET /articles', () => {
  it('lists articles newest first in the list envelope', async () => {
    const res = await get('/articles?limit=2');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.data.map((a: { headline: string }) => a.headline)).toEqual(['Filler 2', 'Filler 1']);
    expect(typeof body.next).toBe('string');
    const rest = (await get(`/articles?limit=2&cursor=${body.next}`)).json();
    expect(rest.data.map((a: { headline: string }) => a.headline)).toEqual(['Filler 0', 'Paris Ann Lee said Lee.']);
    expect(rest.next).toBeNull();
  });

  it('filters by entity', async () => {
    const body = (await get(`/articles?entity=${ann.id}`)).json();
    expect(body.data).toEqual([
      {
        id: article.id,
        headline: 'Paris Ann Lee said Lee.',
        standfirst: null,
        dateline: null,
        source: { name: 'Example Wire' },
        publishedAt: null,
        ingestedAt: '2026-01-01T00:00:00.000Z',
        storyId: article.id,
      },
    ]);
  });

  it('searches by words with a snippet, and filters by source, dates and several entities', async () => {
    const body = (await get('/articles?q=body')).json();
    expect(body.data.map((a: { id: string }) => a.id)).toEqual([article.id]);
    expect(body.data[0].snippet).toEqual({
      text: 'Body one.\nBody two.',
      highlights: [
        { start: 0, end: 4 },
        { start: 10, end: 14 },
      ],
    });
    for (const source of ['Example%20Wire', 'example%20wire', 'EXAMPLE%20WIRE'])
      expect((await get(`/articles?source=${source}`)).json().data.map((a: { id: string }) => a.id)).toEqual([
        article.id,
      ]);
    expect((await get('/articles?from=2099-01-01')).json().data).toEqual([]);
    expect((await get(`/articles?entity=${ann.id}&entity=${paris.id}`)).json().data).toHaveLength(1);
    expect((await get('/articles?to=2026-01-01&sort=oldest')).json().data.map((a: { id: string }) => a.id)).toEqual([
      article.id,
    ]);
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
    ['limit=ten', 'limit'],
    ['limit=1&limit=2', 'limit'],
    ['entity=nothex', 'entity'],
    ['colour=red', 'colour'],
    ['cursor=%%%', 'cursor'],
    ['cursor=WyJ4Il0', 'cursor'],
    ['sort=relevance', 'sort'],
    ['from=yesterday', 'from'],
    ['sort=random', 'sort'],
    ['collapse=stories', 'collapse'],
    ['collapse=', 'collapse'],
    ['collapse=story&collapse=story', 'collapse'],
  ])('refuses ?%s with a problem naming "%s"', async (query, path) => {
    const body = expectProblem(await get(`/articles?${query}`), 400);
    expect(body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ in: 'querystring' })]));
    expect(body.errors.map((e: { path: string }) => e.path)).toContain(path);
  });
});

describe('GET /articles/:id', () => {
  it('returns the article with its entities, mentions and quotes', async () => {
    const res = await get(`/articles/${article.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      id: article.id,
      body: 'Body one.\nBody two.',
      paragraphs: ['Body one.', 'Body two.'],
      entities: [
        { id: paris.id, type: 'place', name: 'Paris', aliases: [], titles: [], mentions: [{ start: 0, end: 5 }] },
        { id: ann.id, type: 'person', name: 'Ann Lee', aliases: ['Lee'], titles: ['Mayor'] },
      ],
      quotes: [{ id: '00000000000000a1', speaker: { id: ann.id, type: 'person', name: 'Ann Lee' } }],
    });
  });

  it.each(['ffffffffffffffff', 'not-an-id'])('answers 404 problem+json for %s', async (id) => {
    expect(expectProblem(await get(`/articles/${id}`), 404).detail).toContain(id);
  });
});

describe('GET /entities', () => {
  it('lists by mention count, filters by type and searches by prefix', async () => {
    const names = async (q: string) => (await get(`/entities?${q}`)).json().data.map((e: { name: string }) => e.name);
    expect(await names('')).toEqual(['Ann Lee', 'Paris']);
    expect(await names('type=person')).toEqual(['Ann Lee']);
    expect(await names('q=par')).toEqual(['Paris']);
  });

  it('sorts by articles or name, and refuses a sort with q other than name', async () => {
    const names = async (q: string) => (await get(`/entities?${q}`)).json().data.map((e: { name: string }) => e.name);
    expect(await names('sort=name')).toEqual(['Ann Lee', 'Paris']);
    expect(await names('sort=articles&type=place')).toEqual(['Paris']);
    expect(expectProblem(await get('/entities?q=a&sort=mentions'), 400).errors[0].path).toBe('sort');
  });

  it('refuses an unknown type', async () => {
    expect(expectProblem(await get('/entities?type=animal'), 400).errors[0].path).toBe('type');
  });

  it('gets one entity with its counts, and the articles that mention it', async () => {
    expect((await get(`/entities/${ann.id}`)).json()).toEqual({
      id: ann.id,
      type: 'person',
      name: 'Ann Lee',
      aliases: ['Lee'],
      titles: ['Mayor'],
      countryCode: null,
      mentionCount: 2,
      articleCount: 1,
    });
    const arts = (await get(`/entities/${ann.id}/articles`)).json();
    expect(arts.data.map((a: { id: string }) => a.id)).toEqual([article.id]);
    expectProblem(await get('/entities/ffffffffffffffff'), 404);
    expectProblem(await get('/entities/ffffffffffffffff/articles'), 404);
  });
});

describe('GET /quotes', () => {
  it('lists quotes by speaker with their article id', async () => {
    const body = (await get(`/quotes?speaker=${ann.id}`)).json();
    expect(body).toEqual({
      data: [
        {
          id: '00000000000000a1',
          articleId: article.id,
          kind: 'indirect',
          text: 'Lee',
          parts: [{ start: 20, end: 23, text: 'Lee' }],
          start: 14,
          end: 23,
          cue: { start: 14, end: 18, text: 'said' },
          speaker: { id: ann.id, type: 'person', name: 'Ann Lee' },
          speakerMention: { start: 6, end: 13, text: 'Ann Lee' },
          occurrences: [{ start: 14, end: 23 }],
        },
      ],
      next: null,
    });
    expect((await get(`/quotes?speaker=${paris.id}`)).json()).toEqual({ data: [], next: null });
  });

  it("filters by kind and words, and lists an entity's quotes", async () => {
    expect((await get('/quotes?kind=indirect&q=lee')).json().data.map((q: { id: string }) => q.id)).toEqual([
      '00000000000000a1',
    ]);
    expect((await get('/quotes?kind=direct')).json().data).toEqual([]);
    expect((await get(`/entities/${ann.id}/quotes`)).json().data.map((q: { id: string }) => q.id)).toEqual([
      '00000000000000a1',
    ]);
    expect((await get(`/entities/${paris.id}/quotes?q=lee`)).json().data).toEqual([]);
    expectProblem(await get('/entities/ffffffffffffffff/quotes'), 404);
    expectProblem(await get('/quotes?kind=rumour'), 400);
  });
});

describe('caching and liveness', () => {
  it('tags GET responses with a strong ETag and answers a matching If-None-Match with 304', async () => {
    const res = await get(`/articles/${article.id}`);
    expect(res.headers.etag).toMatch(/^"[^"]+"$/);
    expect(res.headers['cache-control']).toBe('no-cache');
    const again = await app.inject({
      method: 'GET',
      url: `/articles/${article.id}`,
      headers: { 'if-none-match': String(res.headers.etag) },
    });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    // RFC 9110 §15.4.5: no Content-Length (it would have to be the full body's), and the headers a
    // cache needs to key and keep it, as the 200 has them.
    expect(again.headers['content-length']).toBeUndefined();
    expect(again.headers.vary).toBe(res.headers.vary);
    expect(String(again.headers.vary).toLowerCase()).toContain('accept-encoding');
    expect(again.headers['cache-control']).toBe('no-cache');
    const other = await app.inject({
      method: 'GET',
      url: '/articles',
      headers: { 'if-none-match': String(res.headers.etag) },
    });
    expect(other.statusCode).toBe(200);
  });

  it('serves an article rendered once, and renders it again when the data changes, in any process', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cache-')), 'news.db');
    const mine = createSqliteStore(openDatabase(file));
    const other = createSqliteStore(openDatabase(file));
    const lee = (aliases: string[]) => entity('person', 'Ann Lee', [[0, 7]], { aliases });
    const a = draft('Ann Lee speaks', { entities: [lee([])] });
    await mine.saveArticle(a);
    const app2 = await buildTestApp(mine);
    const read = () => app2.inject({ method: 'GET', url: `/articles/${a.id}` });
    const first = await read();
    expect((await read()).headers.etag).toBe(first.headers.etag);
    // A write here that changes the article's entity (a new alias) shows at once.
    await mine.saveArticle(draft('Lee again', { entities: [lee(['A. Lee'])] }));
    const second = await read();
    expect(second.json().entities[0].aliases).toEqual(['A. Lee']);
    expect(second.headers.etag).not.toBe(first.headers.etag);
    // So does a write through another connection to the same database (another worker, the CLI).
    await other.deleteArticle(a.id);
    expectProblem(await read(), 404);
    await app2.close();
    await mine.close();
    await other.close();
  });

  it('serves writes made through another app at once: no stale rendered copy across apps sharing the database', async () => {
    // Two apps on two connections to one file, as two workers or two hosts on one database.
    const file = join(mkdtempSync(join(tmpdir(), 'cache-apps-')), 'news.db');
    const storeA = createSqliteStore(openDatabase(file));
    const storeB = createSqliteStore(openDatabase(file));
    const a = await buildTestApp(storeA);
    const b = await buildTestApp(storeB);
    const key = { authorization: `Bearer ${TEST_KEY}` };
    const auth = { ...key, 'content-type': 'application/json' };
    const text = 'Ferry resumes\nThe ferry to Bergen resumed service on Monday, officials said.\n';
    try {
      const created = await a.inject({
        method: 'POST',
        url: '/articles',
        headers: auth,
        payload: { text, source: 'First Wire' },
      });
      expect(created.statusCode).toBe(201);
      const { id } = created.json();
      const readB = () => b.inject({ method: 'GET', url: `/articles/${id}` });
      // B renders and keeps it; a second read is the kept copy.
      const first = await readB();
      expect(first.json().source.name).toBe('First Wire');
      expect((await readB()).headers.etag).toBe(first.headers.etag);
      // A deletes it: B answers 404, not its kept copy.
      expect((await a.inject({ method: 'DELETE', url: `/articles/${id}`, headers: key })).statusCode).toBe(204);
      expectProblem(await readB(), 404);
      // A stores it again under another source: B shows the new one.
      const again = await a.inject({
        method: 'POST',
        url: '/articles',
        headers: auth,
        payload: { text, source: 'Second Wire' },
      });
      expect(again.json().id).toBe(id);
      const second = await readB();
      expect(second.statusCode).toBe(200);
      expect(second.json().source.name).toBe('Second Wire');
      expect(second.headers.etag).not.toBe(first.headers.etag);
    } finally {
      await a.close();
      await b.close();
      await storeA.close();
      await storeB.close();
    }
  });

  it('varies every list answer on Accept-Encoding, small identity ones and their 304s too', async () => {
    const first = await get('/articles?limit=1');
    expect(first.headers['content-encoding']).toBeUndefined();
    expect(first.headers.vary).toBe('accept-encoding');
    const again = await app.inject({
      method: 'GET',
      url: '/articles?limit=1',
      headers: { 'if-none-match': `W/${String(first.headers.etag)}` },
    });
    expect(again.statusCode).toBe(304);
    expect(again.headers).toMatchObject({ vary: 'accept-encoding', 'cache-control': 'no-cache' });
    expect(again.headers['content-length']).toBeUndefined();
  });

  it('puts no ETag on an error, and never answers 304 for one', async () => {
    const missing = await get('/articles/ffffffffffffffff');
    expectProblem(missing, 404);
    expect(missing.headers.etag).toBeUndefined();
    const bad = await get('/articles?limit=0');
    expectProblem(bad, 400);
    expect(bad.headers.etag).toBeUndefined();
    const star = await app.inject({
      method: 'GET',
      url: '/articles/ffffffffffffffff',
      headers: { 'if-none-match': '*' },
    });
    expectProblem(star, 404);
  });

  it('compresses large responses for clients that accept it', async () => {
    const res = await app.inject({ method: 'GET', url: '/openapi.json', headers: { 'accept-encoding': 'gzip' } });
    expect(res.headers['content-encoding']).toBe('gzip');
    const plain = await app.inject({ method: 'GET', url: '/openapi.json' });
    expect(plain.headers['content-encoding']).toBeUndefined();
  });

  it('gives the compressed and the identity bodies different strong ETags, and 304s on either', async () => {
    const url = '/openapi.json';
    const gzip = { 'accept-encoding': 'gzip' };
    const zipped = await app.inject({ method: 'GET', url, headers: gzip });
    const plain = await app.inject({ method: 'GET', url });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(plain.headers.etag).toMatch(/^"[^"]+"$/);
    expect(zipped.headers.etag).toBe(`${String(plain.headers.etag).slice(0, -1)}-gzip"`);
    const again = await app.inject({
      method: 'GET',
      url,
      headers: { ...gzip, 'if-none-match': String(zipped.headers.etag) },
    });
    expect(again.statusCode).toBe(304);
    expect(again.headers.etag).toBe(zipped.headers.etag);
    const plainAgain = await app.inject({
      method: 'GET',
      url,
      headers: { 'if-none-match': String(plain.headers.etag) },
    });
    expect(plainAgain.statusCode).toBe(304);
    expect(plainAgain.headers.etag).toBe(plain.headers.etag);
  });

  it('answers /livez without touching the store', async () => {
    const dead = await buildTestApp({
      ...store,
      ping: async () => {
        throw new Error('no database');
      },
    });
    expect((await dead.inject({ method: 'GET', url: '/livez' })).json()).toEqual({ status: 'ok' });
    await dead.close();
  });

  it('lists related entities, and 404s for an unknown one', async () => {
    expect((await get(`/entities/${paris.id}/related`)).json()).toMatchObject({
      data: [{ id: ann.id, name: 'Ann Lee', sharedArticles: 1 }],
      next: null,
    });
    expectProblem(await get('/entities/ffffffffffffffff/related'), 404);
  });
});

describe('errors', () => {
  it('answers unknown routes with problem+json', async () => {
    expect(expectProblem(await get('/nowhere'), 404).detail).toBe('no route GET /nowhere');
  });

  it('answers a method a path does not have with 405 and Allow, not 404', async () => {
    for (const [method, url, allow] of [
      ['PUT', `/articles/${article.id}`, 'DELETE, GET, HEAD'],
      ['PATCH', '/articles', 'GET, HEAD, POST'],
      ['DELETE', '/entities', 'GET, HEAD'],
      ['POST', '/livez/', 'GET, HEAD'],
    ] as const) {
      const res = await app.inject({ method, url });
      const body = expectProblem(res, 405);
      expect(res.headers.allow).toBe(allow);
      expect(body.detail).toBe(`${method} is not allowed on ${url}; allowed: ${allow}`);
    }
    expectProblem(await app.inject({ method: 'PUT', url: '/nowhere' }), 404);
  });

  it('says which format a date takes, once', async () => {
    const body = expectProblem(await get('/articles?from=yesterday'), 400);
    const message = 'an ISO 8601 date or date-time, such as 2025-03-01 or 2025-03-01T09:30:00Z';
    expect(body.errors).toEqual([{ in: 'querystring', path: 'from', message }]);
    expect(body.detail).toBe(`invalid querystring: from: ${message}`);
  });

  it.each(['0x10', '1e1', ' 16', '+16', '16.0', '', '0', '101', '-1', '１６'])(
    'takes limit=%j in plain decimal digits only (1 to 100)',
    async (limit) => {
      const body = expectProblem(await get(`/articles?limit=${encodeURIComponent(limit)}`), 400);
      expect(body.errors).toEqual([
        {
          in: 'querystring',
          path: 'limit',
          message: 'a whole number from 1 to 100 in plain decimal digits, such as 20',
        },
      ]);
    },
  );

  it('refuses a parameter given twice, naming it, but takes a list parameter repeated', async () => {
    const body = expectProblem(await get('/articles?limit=1&limit=2'), 400);
    expect(body.errors).toEqual([
      { in: 'querystring', path: 'limit', message: 'given 2 times; this parameter takes one value' },
    ]);
    expectProblem(await get('/articles?q=a&q=b'), 400);
    const both = await get(`/articles?entity=${paris.id}&entity=${ann.id}`);
    expect(both.statusCode).toBe(200);
  });

  it('answers a request that arrives during a graceful close with a problem+json 503', async () => {
    const closing = await buildTestApp(store);
    // Once the close has begun, and before the listening socket is closed, a client asks.
    let during: Response | undefined;
    closing.addHook('preClose', async () => {
      during = await fetch(`http://127.0.0.1:${port}/livez`);
    });
    await closing.listen({ port: 0, host: '127.0.0.1' });
    const { port } = closing.server.address() as AddressInfo;
    await closing.close();
    expect(during?.status).toBe(503);
    expect(during?.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(during?.headers.get('connection')).toBe('close');
    expect(await during?.json()).toMatchObject({
      status: 503,
      title: 'Service Unavailable',
      detail: 'the server is shutting down; retry',
    });
  });

  it('hides the details of server errors', async () => {
    const failing = {
      ...store,
      getArticle: async () => {
        throw new Error('secret database detail');
      },
    } as NewsStore;
    const broken = await buildTestApp(failing);
    const res = await broken.inject({ method: 'GET', url: `/articles/${article.id}` });
    const body = expectProblem(res, 500);
    expect(JSON.stringify(body)).not.toContain('secret');
    await broken.close();
  });

  it('answers 503 with Retry-After when the database is busy', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'busy-')), 'news.db');
    const db = openDatabase(file);
    db.pragma('busy_timeout = 10');
    const busy = createSqliteStore(db);
    // Another connection holds the write lock, as another process would.
    const other = new Database(file);
    other.exec('BEGIN IMMEDIATE');
    const app2 = await buildTestApp(busy);
    const res = await app2.inject({
      method: 'POST',
      url: '/articles',
      payload: 'Headline\nBody',
      headers: { 'content-type': 'text/plain', authorization: `Bearer ${TEST_KEY}` },
    });
    other.exec('ROLLBACK');
    other.close();
    expect(expectProblem(res, 503).detail).toMatch(/busy/);
    expect(res.headers['retry-after']).toBe('1');
    await app2.close();
    await busy.close();
  });

  it('never lets a field the schema does not list into a response', async () => {
    const leaky = {
      ...store,
      getEntity: async (id: string) => ({ ...(await store.getEntity(id)), seq: 7, key: 'internal' }),
    } as NewsStore;
    const app2 = await buildTestApp(leaky);
    const body = (await app2.inject({ method: 'GET', url: `/entities/${ann.id}` })).json();
    expect(body).not.toHaveProperty('seq');
    expect(body).not.toHaveProperty('key');
    await app2.close();
  });
});

describe('GET /health', () => {
  it('is ok when the database answers, 503 when it does not', async () => {
    expect((await get('/health')).json()).toEqual({ status: 'ok' });
    const down = await buildTestApp({
      ...store,
      ping: async () => {
        throw new Error('disk gone');
      },
    });
    expectProblem(await down.inject({ method: 'GET', url: '/health' }), 503);
    await down.close();
  });
});

describe('POST /extract', () => {
  const post = (payload: string | Buffer, contentType = 'text/plain; charset=utf-8') =>
    app.inject({ method: 'POST', url: '/extract', payload, headers: { 'content-type': contentType } });

  it('analyses exactly the posted text and stores nothing', async () => {
    const text = 'Ministers meet in Paris\nFrance will host the talks, officials said.';
    const res = await post(text);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ text, headline: 'Ministers meet in Paris', ingestedAt: null });
    expect(body.entities.map((e: { name: string }) => e.name)).toEqual(expect.arrayContaining(['Paris', 'France']));
    expectProblem(await get(`/articles/${body.id}`), 404);
  });

  it('counts offsets in code points, so they slice text with emoji exactly', async () => {
    const text = '🌍🛰️ Talks in Paris\n🎉 France and Germany agreed on Monday.';
    const body = (await post(text)).json();
    const cps = Array.from(text);
    const mentions = body.entities.flatMap(
      (e: { mentions: { start: number; end: number; text: string }[] }) => e.mentions,
    );
    expect(mentions.length).toBeGreaterThanOrEqual(3);
    for (const m of mentions) expect(cps.slice(m.start, m.end).join('')).toBe(m.text);
  });

  it.each([
    ['an empty text', '   \n ', 'text/plain', 400],
    ['JSON', '{"text":"x"}', 'application/json', 415],
    ['a form', 'a=b', 'application/x-www-form-urlencoded', 415],
  ])('refuses %s', async (_, payload, type, status) => {
    expectProblem(await post(payload, type), status);
  });

  it('refuses a body over its own limit with 413', async () => {
    const small = await buildTestApp(store, { extractMaxBytes: 2048 });
    const res = await small.inject({
      method: 'POST',
      url: '/extract',
      payload: 'x'.repeat(4096),
      headers: { 'content-type': 'text/plain' },
    });
    expectProblem(res, 413);
    await small.close();
  });
});
