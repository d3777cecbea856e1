// The bulk exports (GET /export/articles, /export/entities, /export/quotes): NDJSON with the lists'
// filters, the same items as paging the list to its end, resumable after any line, gzip on request,
// problems for bad input, and a reading that stops when the client goes away.
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCorpus } from '../../src/cli/bench/corpus.js';
import { EXPORT_PAGE_SIZE } from '../../src/http/routes/export.js';
import { ingestMany } from '../../src/service/ingest.js';
import type { NewsStore } from '../../src/store/news-store.js';
import { createSqliteStore, openDatabase } from '../../src/store/sqlite-store.js';
import { buildTestApp } from '../app.js';
import { extractor } from '../extractor.js';

/** More than two export pages of articles, so paging and resuming cross page boundaries. */
const ARTICLES = 2 * EXPORT_PAGE_SIZE + 37;

let store: NewsStore;
let app: FastifyInstance;
let someEntity: { id: string; name: string };
let someSpeaker: string;

beforeAll(async () => {
  store = createSqliteStore(openDatabase(':memory:'));
  const corpus = createCorpus({ articles: ARTICLES, seed: 15 });
  const summary = await ingestMany(
    store,
    Array.from({ length: ARTICLES }, (_, i) => ({ name: String(i), read: () => corpus.article(i) })),
    { extractor, jobs: 0 },
  );
  expect(summary.stored).toBe(ARTICLES);
  app = await buildTestApp(store);
  const top = (await store.listEntities({ limit: 5, type: 'person' })).data[1];
  if (!top) throw new Error('no people');
  someEntity = top;
  const quote = (await store.listQuotes({ limit: 100 })).data.find((q) => q.speaker !== null);
  if (!quote?.speaker) throw new Error('no attributed quote');
  someSpeaker = quote.speaker.id;
}, 120_000);

afterAll(async () => {
  await app.close();
  await store.close();
});

const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });

/** The lines of an NDJSON body, each parsed; every line must end with a newline. */
function parseLines(body: string): { id: string }[] {
  if (body === '') return [];
  expect(body.endsWith('\n')).toBe(true);
  return body
    .slice(0, -1)
    .split('\n')
    .map((line) => JSON.parse(line));
}

async function exported(url: string): Promise<{ id: string }[]> {
  const res = await get(url);
  expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
  expect(res.headers['content-type']).toBe('application/x-ndjson');
  return parseLines(res.body);
}

/** Every item of a list, paged with `next` to its end. */
async function listed(url: string): Promise<{ id: string }[]> {
  const items: { id: string }[] = [];
  let cursor: string | null = null;
  do {
    const sep = url.includes('?') ? '&' : '?';
    const res = await get(`${url}${sep}limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    const page = res.json() as { data: { id: string }[]; next: string | null };
    items.push(...page.data);
    cursor = page.next;
  } while (cursor);
  return items;
}

const ids = (items: { id: string }[]) => items.map((x) => x.id);

describe('GET /export/*', () => {
  it('exports every article, whole, as GET /articles/:id serves it, in the order of GET /articles', async () => {
    const lines = await exported('/export/articles');
    expect(lines).toHaveLength(ARTICLES);
    expect(ids(lines)).toEqual(ids(await listed('/articles')));
    for (const line of [lines[0], lines[150], lines[ARTICLES - 1]]) {
      const one = await get(`/articles/${line?.id}`);
      expect(line).toEqual(one.json());
    }
  });

  it.each([
    ['articles', '', ''],
    ['articles', `?entity=ENTITY`, `?entity=ENTITY`],
    ['articles', '?source=Calder%20Wire&from=2020-01-01', '?source=Calder%20Wire&from=2020-01-01'],
    ['articles', '?q=budget', '?q=budget&sort=newest'],
    ['articles', '?q=budget&entity=ENTITY&to=2100-01-01', '?q=budget&entity=ENTITY&to=2100-01-01&sort=newest'],
    ['entities', '', '?sort=name'],
    ['entities', '?type=organization', '?type=organization&sort=name'],
    ['entities', '?q=a', '?q=a'],
    ['entities', '?type=person&q=b', '?type=person&q=b'],
    ['quotes', '', ''],
    ['quotes', '?kind=direct', '?kind=direct'],
    ['quotes', '?speaker=SPEAKER', '?speaker=SPEAKER'],
    ['quotes', '?q=the&kind=indirect', '?q=the&kind=indirect'],
  ])('/export/%s%s holds what paging the list to its end gives', async (kind, exportQuery, listQuery) => {
    const fill = (s: string) => s.replace('ENTITY', someEntity.id).replace('SPEAKER', someSpeaker);
    const all = await exported(`/export/${kind}${fill(exportQuery)}`);
    const list = await listed(`/${kind}${fill(listQuery)}`);
    expect(all.length).toBeGreaterThan(0);
    if (kind === 'articles') expect(ids(all)).toEqual(ids(list));
    else expect(all).toEqual(list);
  });

  it('resumes after any line: the rest, with neither gap nor repeat, across pages and with filters', async () => {
    for (const [kind, filter] of [
      ['articles', ''],
      ['articles', `?entity=${someEntity.id}`],
      ['entities', ''],
      ['entities', '?q=a'],
      ['quotes', ''],
      ['quotes', '?kind=direct'],
    ] as const) {
      const all = ids(await exported(`/export/${kind}${filter}`));
      const sep = filter ? '&' : '?';
      for (const at of [0, EXPORT_PAGE_SIZE - 1, EXPORT_PAGE_SIZE, Math.floor(all.length / 2), all.length - 1]) {
        if (at >= all.length) continue;
        const rest = ids(await exported(`/export/${kind}${filter}${sep}after=${all[at]}`));
        expect(rest, `${kind}${filter} after line ${at}`).toEqual(all.slice(at + 1));
      }
    }
  });

  it('compresses the stream with gzip on request', async () => {
    const plain = await get('/export/entities');
    const res = await get('/export/entities', { 'accept-encoding': 'gzip' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers.vary).toMatch(/accept-encoding/i);
    expect(res.headers['content-type']).toBe('application/x-ndjson');
    const body = gunzipSync(res.rawPayload).toString('utf8');
    expect(body).toBe(plain.body);
    expect(res.rawPayload.length).toBeLessThan(plain.rawPayload.length / 3);
    expect(plain.headers['content-encoding']).toBeUndefined();
  });

  it.each([
    ['/export/articles?after=nothex', 'after'],
    ['/export/articles?after=0123456789abcdef', 'after'],
    ['/export/entities?after=0123456789abcdef', 'after'],
    ['/export/quotes?after=0123456789abcdef', 'after'],
    ['/export/articles?from=yesterday', 'from'],
    ['/export/articles?entity=x', 'entity'],
    ['/export/articles?limit=10', 'limit'],
    ['/export/articles?cursor=abc', 'cursor'],
    ['/export/articles?sort=oldest', 'sort'],
    ['/export/entities?type=animal', 'type'],
    ['/export/entities?sort=name', 'sort'],
    ['/export/quotes?kind=loud', 'kind'],
    ['/export/quotes?speaker=nobody', 'speaker'],
  ])('%s is a 400 problem naming %s', async (url, param) => {
    const res = await get(url);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json().errors.map((e: { path: string }) => e.path)).toContain(param);
  });

  it('an export that matches nothing is an empty 200', async () => {
    const res = await get('/export/articles?source=Nobody%20Wire');
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('');
  });
});

describe('GET /export/* over a socket', () => {
  let server: FastifyInstance;
  let base: string;
  const spy = { pages: 0, articles: 0, fail: false };

  beforeAll(async () => {
    // The store as the export sees it: list reads counted, and made to fail on demand.
    const counted: NewsStore = {
      ...store,
      listArticles: async (req) => {
        spy.pages++;
        if (spy.fail && req.cursor) throw new Error('the disk went away');
        return store.listArticles(req);
      },
      getArticle: async (id) => {
        spy.articles++;
        return store.getArticle(id);
      },
      listEntities: async (req) => {
        spy.pages++;
        return store.listEntities(req);
      },
    };
    server = await buildTestApp(counted);
    await server.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await server.close();
  });

  it('stops reading the store when the client disconnects, and stays healthy', async () => {
    spy.pages = 0;
    const controller = new AbortController();
    const res = await fetch(`${base}/export/articles`, { signal: controller.signal });
    expect(res.status).toBe(200);
    const reader = res.body?.getReader();
    // Read the first bytes only: at most the first page and the one after were asked for.
    await reader?.read();
    controller.abort();
    await new Promise((r) => setTimeout(r, 300));
    const [pages, articles] = [spy.pages, spy.articles];
    expect(pages).toBeLessThan(Math.ceil(ARTICLES / EXPORT_PAGE_SIZE));
    expect(articles).toBeLessThan(ARTICLES);
    await new Promise((r) => setTimeout(r, 300));
    expect([spy.pages, spy.articles]).toEqual([pages, articles]);
    const health = await fetch(`${base}/entities?limit=1`);
    expect(health.status).toBe(200);
    const whole = await (await fetch(`${base}/export/articles`)).text();
    expect(whole.endsWith('\n')).toBe(true);
    expect(whole.split('\n')).toHaveLength(ARTICLES + 1);
  });

  it('answers HEAD with the headers alone, reading no further than the first page', async () => {
    spy.pages = 0;
    const res = await server.inject({ method: 'HEAD', url: '/export/articles' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/x-ndjson');
    expect(res.body).toBe('');
    await new Promise((r) => setTimeout(r, 200));
    expect(spy.pages).toBe(1);
  });

  it('aborts the response when the store fails after streaming began: the client sees an incomplete body', async () => {
    spy.fail = true;
    try {
      const res = await fetch(`${base}/export/articles`);
      expect(res.status).toBe(200);
      await expect(res.text()).rejects.toThrow();
    } finally {
      spy.fail = false;
    }
    expect((await fetch(`${base}/export/articles?after=0123456789abcdef`)).status).toBe(400);
  });

  it('a store failure before the first line is a problem answer', async () => {
    const failing = await buildTestApp({
      ...store,
      listQuotes: async () => {
        throw new Error('the disk went away');
      },
    });
    const res = await failing.inject({ method: 'GET', url: '/export/quotes' });
    expect(res.statusCode).toBe(500);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    await failing.close();
  });
});
