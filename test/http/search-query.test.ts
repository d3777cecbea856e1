// A query reaches the store as sent: percent-decoded, not normalised, so a decomposed "Mu\u0308ller"
// (q=Mu%CC%88ller) must be found by the store's reading of it. End to end, through the HTTP layer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteStore, openDatabase } from '../../src/store/sqlite-store.js';
import { buildTestApp } from '../app.js';
import { draft } from '../store/drafts.js';

let app: Awaited<ReturnType<typeof buildTestApp>>;

beforeAll(async () => {
  const store = createSqliteStore(openDatabase(':memory:'));
  await store.saveArticle(draft('Müller scores\nThomas Müller scored twice.'));
  await store.saveArticle(draft('Markets\nShares rose.'));
  app = await buildTestApp(store);
});
afterAll(() => app.close());

describe('GET /articles?q=', () => {
  it.each(['M%C3%BCller', 'Mu%CC%88ller', 'MU%CC%88LLER', 'muller'])('q=%s finds "Müller", highlighted', async (q) => {
    const res = await app.inject({ method: 'GET', url: `/articles?q=${q}` });
    expect(res.statusCode).toBe(200);
    const [hit, ...rest] = res.json().data;
    expect(rest).toEqual([]);
    expect(hit.headline).toBe('Müller scores');
    const points = Array.from(hit.snippet.text as string);
    const marked = hit.snippet.highlights.map((h: { start: number; end: number }) =>
      points.slice(h.start, h.end).join(''),
    );
    expect(marked).toEqual(['Müller']);
  });
});
