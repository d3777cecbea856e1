// Stories over HTTP: an article's storyId and duplicates, GET /articles?collapse=story and ?story=.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewsStore } from '../../src/store/news-store.js';
import { createSqliteStore, openDatabase } from '../../src/store/sqlite-store.js';
import { buildTestApp } from '../app.js';
import { COPY, draft, OTHER, WIRE } from '../store/drafts.js';

const article = (headline: string, paragraphs: string[], source: string, day: number) =>
  draft([headline, ...paragraphs].join('\n'), {
    source: { name: source },
    publishedAt: `2026-03-0${day}T10:00:00Z`,
  });
const wire = article('EU proposes to cut reporting rules', WIRE, 'Example Wire', 1);
const copy = article('Brussels to slash paperwork for small firms', COPY, 'Example Daily', 2);
const other = article('Small firms welcome EU plan', OTHER, 'Example Times', 3);
const latest = article('Reporting rules to be cut', WIRE.slice(0, 5), 'Example Post', 4);

let app: FastifyInstance;
let store: NewsStore;
beforeAll(async () => {
  store = createSqliteStore(openDatabase(':memory:'));
  for (const d of [wire, copy, other, latest]) await store.saveArticle(d);
  app = await buildTestApp(store);
});
afterAll(async () => {
  await app.close();
  await store.close();
});

const get = async (url: string) => {
  const res = await app.inject({ method: 'GET', url });
  expect(res.statusCode, url).toBe(200);
  return res.json();
};

describe('stories', () => {
  it('gives an article its story and the other articles of it, newest first', async () => {
    expect(await get(`/articles/${copy.id}`)).toMatchObject({
      storyId: wire.id,
      duplicates: [
        { id: latest.id, headline: 'Reporting rules to be cut', source: { name: 'Example Post' } },
        { id: wire.id, headline: 'EU proposes to cut reporting rules', source: { name: 'Example Wire' } },
      ],
    });
    expect(await get(`/articles/${other.id}`)).toMatchObject({ storyId: other.id, duplicates: [] });
  });

  it('puts the story on every list item, and collapses the list to one article per story across pages', async () => {
    const all = await get('/articles?limit=10');
    expect(all.data.map((a: { id: string; storyId: string }) => [a.id, a.storyId])).toEqual([
      [latest.id, wire.id],
      [other.id, other.id],
      [copy.id, wire.id],
      [wire.id, wire.id],
    ]);
    const first = await get('/articles?collapse=story&limit=1');
    const second = await get(`/articles?collapse=story&limit=1&cursor=${first.next}`);
    expect([...first.data, ...second.data]).toEqual([
      expect.objectContaining({ id: latest.id, storyId: wire.id, duplicateCount: 2 }),
      expect.objectContaining({ id: other.id, storyId: other.id, duplicateCount: 0 }),
    ]);
    expect(second.next).toBeNull();
  });

  it('lists one story with `story`, across pages with a cursor bound to it, and collapses it', async () => {
    const first = await get(`/articles?story=${wire.id}&limit=2`);
    const second = await get(`/articles?story=${wire.id}&limit=2&cursor=${first.next}`);
    expect([...first.data, ...second.data].map((a: { id: string }) => a.id)).toEqual([latest.id, copy.id, wire.id]);
    expect(second.next).toBeNull();
    // The cursor is the story's: another story's list refuses it.
    const foreign = await app.inject({
      method: 'GET',
      url: `/articles?story=${other.id}&limit=2&cursor=${first.next}`,
    });
    expect(foreign.statusCode).toBe(400);
    expect((await get(`/articles?story=${other.id}`)).data.map((a: { id: string }) => a.id)).toEqual([other.id]);
    expect((await get(`/articles?story=${wire.id}&source=example+daily`)).data).toEqual([
      expect.objectContaining({ id: copy.id, storyId: wire.id }),
    ]);
    expect((await get(`/articles?story=${wire.id}&collapse=story`)).data).toEqual([
      expect.objectContaining({ id: latest.id, duplicateCount: 2 }),
    ]);
    // A copy's own id names no story.
    expect((await get(`/articles?story=${copy.id}`)).data).toEqual([]);
  });

  it('refuses a malformed story id with a problem naming it', async () => {
    const res = await app.inject({ method: 'GET', url: '/articles?story=%3Cscript%3E' });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    // Refused as an id, not as a parameter the list does not know.
    expect(res.json().errors).toContainEqual({
      in: 'querystring',
      path: 'story',
      message: 'an id is 16 lowercase hexadecimal characters',
    });
  });

  it('refuses an unknown collapse with a problem naming it', async () => {
    const res = await app.inject({ method: 'GET', url: '/articles?collapse=source' });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    // The values it takes, not an unknown parameter.
    expect(res.json().errors).toEqual([
      expect.objectContaining({ in: 'querystring', path: 'collapse', message: expect.stringContaining('"story"') }),
    ]);
    expect((await get('/articles?collapse=story')).data).toHaveLength(2);
  });
});
