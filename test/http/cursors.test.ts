// Page cursors are sealed and bound to their query (src/http/cursors.ts), on both engines: the next
// page of the same list and filters is served; the cursor of another list, of other filters, or one
// altered by a byte is a 400; and a cursor shows nothing of the store's keys (row numbers, dates).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WRONG_CURSOR } from '../../src/http/cursors.js';
import { ingestText } from '../../src/service/ingest.js';
import type { NewsStore } from '../../src/store/news-store.js';
import { buildTestApp } from '../app.js';
import { analyser } from '../extractor.js';
import { storeEngines } from '../store/postgres.js';

const FIXTURES = ['ap-style.txt', 'reuters-style.txt', 'afp-style.txt', 'xinhua-style.txt'];
const story = (day: string) =>
  `Harbour talks resume on ${day}\n\nOSLO, Norway (Reuters) - Mayor Ellen Park met Minister John Berg and ` +
  `officials of Nordic Shipping in Oslo on ${day}. "The talks will go on," Park said. Berg said the ` +
  `harbour would stay open.\n`;

describe.each(await storeEngines())('cursors on $name', (engine) => {
  let store: NewsStore;
  let app: FastifyInstance;
  let entity: string;
  let speaker: string;
  beforeAll(async () => {
    store = await engine.fresh();
    for (const f of FIXTURES) {
      await ingestText(store, readFileSync(join(import.meta.dirname, '../fixtures/articles', f), 'utf8'), {}, analyser);
    }
    // The same people in several articles, so that every list of one entity has a second page.
    for (const day of ['Monday', 'Tuesday', 'Wednesday']) {
      await ingestText(store, story(day), {}, analyser);
    }
    app = await buildTestApp(store);
    entity = (await app.inject({ url: '/entities?sort=articles' })).json().data[0].id;
    speaker = (await app.inject({ url: '/quotes' })).json().data.find((q: { speaker: unknown }) => q.speaker)
      ?.speaker?.id;
  }, 60_000);
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  /** Every list, each with a variant that differs only in a filter or the sort. */
  const lists = (): [string, string][] => [
    ['/articles', '/articles?sort=oldest'],
    ['/articles?q=the', '/articles?q=a'],
    ['/entities', '/entities?type=person'],
    [`/entities/${entity}/articles`, `/entities/${speaker}/articles`],
    [`/entities/${entity}/related`, `/entities/${speaker}/related`],
    ['/quotes', `/quotes?speaker=${speaker}`],
  ];

  const page = async (url: string, cursor?: string) => {
    const sep = url.includes('?') ? '&' : '?';
    return app.inject({ url: `${url}${sep}limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}` });
  };

  it('hands out cursors that reveal nothing and serve the next page of the same query', async () => {
    for (const [url] of lists()) {
      const first = (await page(url)).json();
      expect(first.next, url).toEqual(expect.any(String));
      // Not base64 of JSON any more: no sort key, no row number can be read from it.
      expect(() => JSON.parse(Buffer.from(first.next, 'base64url').toString('utf8')), url).toThrow();
      const second = await page(url, first.next);
      expect(second.statusCode, `${url}: ${second.body}`).toBe(200);
      expect(second.json().data[0], url).not.toEqual(first.data[0]);
      // The same page, the same cursor: answers keep their ETag.
      expect((await page(url)).json().next, url).toBe(first.next);
    }
  });

  it('refuses with 400 a cursor given to another list, or to the same list with other filters', async () => {
    const all = lists();
    for (const [i, [url, variant]] of all.entries()) {
      const next = (await page(url)).json().next as string;
      const others = [variant, ...all.filter((_, j) => j !== i).map(([u]) => u)];
      for (const other of others) {
        const res = await page(other, next);
        expect(res.statusCode, `${url} -> ${other}`).toBe(400);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.json().errors).toEqual([{ in: 'querystring', path: 'cursor', message: WRONG_CURSOR }]);
      }
    }
  });

  it('refuses a cursor altered in any byte, and a store cursor sent as it is', async () => {
    const next = (await page('/articles')).json().next as string;
    const raw = Buffer.from(next, 'base64url');
    for (const at of [0, 12, 28, raw.length - 1]) {
      const altered = Buffer.from(raw);
      altered[at] = (altered[at] ?? 0) ^ 1;
      expect((await page('/articles', altered.toString('base64url'))).statusCode).toBe(400);
    }
    // What the store itself would hand out: base64url JSON of the last row's key.
    const forged = Buffer.from(JSON.stringify(['2025-03-12T09:30:00Z', 1])).toString('base64url');
    expect((await page('/articles', forged)).statusCode).toBe(400);
  });

  it('lets the page size change between pages', async () => {
    const next = (await page('/entities')).json().next as string;
    expect((await app.inject({ url: `/entities?limit=3&cursor=${encodeURIComponent(next)}` })).statusCode).toBe(200);
  });
});
