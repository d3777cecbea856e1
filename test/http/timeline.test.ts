// GET /entities/:id/timeline and GET /articles/histogram over HTTP: the answers, and what is refused.
// What the counts are on both engines is the store contract's (test/store/contract.ts).
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewsStore } from '../../src/store/news-store.js';
import { createSqliteStore, openDatabase } from '../../src/store/sqlite-store.js';
import { buildTestApp } from '../app.js';
import { draft, entity } from '../store/drafts.js';

const paris = entity('place', 'Paris', [
  [0, 5],
  [10, 15],
]);
const rome = entity('place', 'Rome', [[20, 24]]);

let app: FastifyInstance;
let store: NewsStore;
beforeAll(async () => {
  store = createSqliteStore(openDatabase(':memory:'));
  await store.saveArticles([
    draft('Harbour\nThe harbour in Paris.', {
      publishedAt: '2025-03-03T08:00:00Z',
      source: { name: 'Wire A' },
      entities: [paris],
    }),
    draft('Talks\nParis and Rome talk harbours.', {
      publishedAt: '2025-03-09T22:00:00Z',
      source: { name: 'Wire B' },
      entities: [entity('place', 'Paris', [[6, 11]]), rome],
    }),
    draft('Later\nThe harbour again.', { publishedAt: '2025-04-15T08:00:00Z', source: { name: 'Wire A' } }),
  ]);
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

describe('GET /entities/:id/timeline', () => {
  it("counts the entity's articles and mentions per period, oldest first, with an ETag", async () => {
    const res = await get(`/entities/${paris.id}/timeline?interval=day`);
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toEqual(expect.any(String));
    expect(res.json()).toEqual({
      entity: paris.id,
      interval: 'day',
      data: [
        { start: '2025-03-03', articles: 1, mentions: 2 },
        { start: '2025-03-09', articles: 1, mentions: 1 },
      ],
    });
    expect((await get(`/entities/${paris.id}/timeline?interval=week`)).json().data).toEqual([
      { start: '2025-03-03', articles: 2, mentions: 3 },
    ]);
    expect((await get(`/entities/${paris.id}/timeline?interval=month&from=2025-03-04`)).json().data).toEqual([
      { start: '2025-03-01', articles: 1, mentions: 1 },
    ]);
    expect(
      (await get(`/entities/${paris.id}/timeline?interval=month&to=2025-03-09T23:00:00%2B02:00`)).json().data,
    ).toEqual([{ start: '2025-03-01', articles: 1, mentions: 2 }]);
  });

  it.each(['ffffffffffffffff', 'not-an-id'])('answers 404 problem+json for the unknown entity %s', async (id) => {
    expect(expectProblem(await get(`/entities/${id}/timeline?interval=day`), 404).detail).toBe(`no entity ${id}`);
  });

  it('counts per month unless told otherwise', async () => {
    expect((await get(`/entities/${paris.id}/timeline`)).json()).toEqual({
      entity: paris.id,
      interval: 'month',
      data: [{ start: '2025-03-01', articles: 2, mentions: 3 }],
    });
  });

  it.each([
    ['interval=', 'interval'],
    ['interval=year', 'interval'],
    ['interval=day&interval=week', 'interval'],
    ['interval=day&from=yesterday', 'from'],
    ['interval=day&to=2025-02-30', 'to'],
    ['interval=day&from=2025-03-10&to=2025-03-09', 'from'],
    ['interval=day&from=2025-03-09T12:00:00Z&to=2025-03-09T11:00:00Z', 'from'],
    ['interval=day&q=harbour', 'q'],
    ['interval=day&limit=10', 'limit'],
  ])('refuses ?%s with a problem naming "%s"', async (query, path) => {
    const body = expectProblem(await get(`/entities/${paris.id}/timeline?${query}`), 400);
    expect(body.errors.map((e: { path: string }) => e.path)).toContain(path);
  });

  it('takes a date range of one day, and from equal to to', async () => {
    const res = await get(`/entities/${paris.id}/timeline?interval=day&from=2025-03-03&to=2025-03-03`);
    expect(res.json().data).toEqual([{ start: '2025-03-03', articles: 1, mentions: 2 }]);
  });
});

describe('GET /articles/histogram', () => {
  it('counts the articles of a search per period, with the filters of the article list', async () => {
    const res = await get('/articles/histogram?interval=month');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      interval: 'month',
      data: [
        { start: '2025-03-01', articles: 2 },
        { start: '2025-04-01', articles: 1 },
      ],
    });
    const data = async (query: string) => (await get(`/articles/histogram?${query}`)).json().data;
    expect(await data('interval=week&q=harbour')).toEqual([
      { start: '2025-03-03', articles: 2 },
      { start: '2025-04-14', articles: 1 },
    ]);
    expect(await data('interval=month&q=harbour&source=Wire%20A')).toEqual([
      { start: '2025-03-01', articles: 1 },
      { start: '2025-04-01', articles: 1 },
    ]);
    expect(await data(`interval=day&entity=${paris.id}&entity=${rome.id}`)).toEqual([
      { start: '2025-03-09', articles: 1 },
    ]);
    expect(await data('interval=day&from=2025-04-01&to=2025-04-30')).toEqual([{ start: '2025-04-15', articles: 1 }]);
    // Nothing to find is an empty histogram, not an error.
    expect(await data('interval=day&entity=ffffffffffffffff')).toEqual([]);
    expect(await data('interval=day&q=%21%21')).toEqual([]);
  });

  it('is not taken for an article id, and counts per month by default', async () => {
    expect((await get('/articles/histogram')).json().interval).toBe('month');
  });

  it.each([
    ['interval=', 'interval'],
    ['interval=hour', 'interval'],
    ['interval=day&entity=nothex', 'entity'],
    ['interval=day&from=2025-13-01', 'from'],
    ['interval=day&from=2025-04-01&to=2025-03-01', 'from'],
    ['interval=day&sort=newest', 'sort'],
    ['interval=day&cursor=WyJ4Il0', 'cursor'],
    ['interval=day&q=', 'q'],
  ])('refuses ?%s with a problem naming "%s"', async (query, path) => {
    const body = expectProblem(await get(`/articles/histogram?${query}`), 400);
    expect(body.errors.map((e: { path: string }) => e.path)).toContain(path);
  });
});
