// A quote's parts over HTTP: the words as written, each part at its code points, the same from POST
// /extract, POST /articles, GET /articles/:id and GET /quotes.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewsStore } from '../../src/store/news-store.js';
import { createSqliteStore, openDatabase } from '../../src/store/sqlite-store.js';
import { buildTestApp, TEST_KEY } from '../app.js';

// Emoji before the quote (two UTF-16 units each, one code point), so UTF-16 offsets would be off.
const TEXT = [
  'Harbour 🚢 reopens after 🌊 storm',
  'Boats may return on Monday, officials said.',
  '"The quay is safe again," harbour master Ola Brenn said. "Boats return on Monday."',
].join('\n');

/** Code-point span of `needle` in TEXT. */
function at(needle: string): { start: number; end: number; text: string } {
  const i = TEXT.indexOf(needle);
  if (i < 0) throw new Error(`no ${needle}`);
  const start = Array.from(TEXT.slice(0, i)).length;
  return { start, end: start + Array.from(needle).length, text: needle };
}

interface Quote {
  kind: string;
  text: string;
  parts: { start: number; end: number; text: string }[];
}

let store: NewsStore;
let app: FastifyInstance;
beforeAll(async () => {
  store = createSqliteStore(openDatabase(':memory:'));
  app = await buildTestApp(store);
});
afterAll(async () => {
  await app.close();
  await store.close();
});

const direct = (quotes: Quote[]) => quotes.find((q) => q.kind === 'direct');

describe('quote parts over HTTP', () => {
  it('serves an interrupted quote as its two parts, between the quotation marks, in code points', async () => {
    const expected = {
      kind: 'direct',
      text: 'The quay is safe again, Boats return on Monday.',
      parts: [at('The quay is safe again,'), at('Boats return on Monday.')],
    };
    const extracted = await app.inject({
      method: 'POST',
      url: '/extract',
      payload: TEXT,
      headers: { 'content-type': 'text/plain' },
    });
    expect(extracted.statusCode).toBe(200);
    expect(direct(extracted.json().quotes)).toMatchObject(expected);

    const stored = await app.inject({
      method: 'POST',
      url: '/articles',
      payload: TEXT,
      headers: { 'content-type': 'text/plain', authorization: `Bearer ${TEST_KEY}` },
    });
    expect(stored.statusCode).toBe(201);
    expect(direct(stored.json().quotes)).toMatchObject(expected);
    const article = (await app.inject({ method: 'GET', url: `/articles/${stored.json().id}` })).json();
    expect(direct(article.quotes)).toMatchObject(expected);
    const listed = (await app.inject({ method: 'GET', url: '/quotes?kind=direct' })).json();
    expect(listed.data).toHaveLength(1);
    expect(listed.data[0]).toMatchObject(expected);
  });

  it("gives every quote parts that slice the text and join into the quote's text", async () => {
    const article = (
      await app.inject({ method: 'POST', url: '/extract', payload: TEXT, headers: { 'content-type': 'text/plain' } })
    ).json();
    const chars = Array.from(TEXT);
    expect(article.quotes.length).toBeGreaterThanOrEqual(2);
    for (const q of article.quotes as Quote[]) {
      expect(q.parts.length).toBeGreaterThan(0);
      for (const p of q.parts) expect(chars.slice(p.start, p.end).join('')).toBe(p.text);
      expect(q.text).toBe(q.parts.map((p) => p.text).join(' '));
    }
  });
});
