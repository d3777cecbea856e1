// The three readings of a word search agree: the query (ftsQuery, through src/text/words.ts), the
// full-text index (FTS5 unicode61 remove_diacritics 2, in the real SQLite; the application's lexemes in
// a tsvector, in the real PostgreSQL) and the snippet matcher. Run against both engines.
// Over text and queries in NFC and NFD, upper and lower case, with accents and with straight and curly
// apostrophes, a query word finds exactly the articles whose text has that word (the last word of a
// query is a prefix), and every snippet highlights it.
import { beforeAll, describe, expect, it } from 'vitest';
import type { NewsStore } from '../../src/store/news-store.js';
import { draft } from './drafts.js';
import { storeEngines } from './postgres.js';

// A reference written apart from src/text, so the test does not grade the code by itself: words are
// runs of letters and digits of the compatibility-decomposed, mark-free, lower-cased text.
const words = (s: string): string[] =>
  s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);

/** Whether `text` has the parts of one typed word in a row ("O'Brien": "o" then "brien"), the last a prefix if `prefix`. */
function hasWord(text: string, word: string, prefix: boolean): boolean {
  const w = words(word);
  const t = words(text);
  const last = w.length - 1;
  return t.some((_, i) => w.every((p, k) => (k === last && prefix ? t[i + k]?.startsWith(p) : t[i + k] === p)));
}

/** The typed words of a query: what white space separates. */
const typed = (q: string) => q.split(/\s+/).filter((w) => words(w).length > 0);

/** Whether `text` answers the query: every typed word in it, the last as a prefix (as a search reads it). */
const answers = (text: string, q: string) => typed(q).every((w, i, all) => hasWord(text, w, i === all.length - 1));

const NFD = (s: string) => s.normalize('NFD');

// Each article one headline and one paragraph; near misses sit beside the words searched for.
const ARTICLES = [
  ['Müller scores', 'Thomas Müller scored twice.'],
  [NFD('Müller again'), NFD('Thomas Müller, decomposed, scored again.')],
  ['MÜLLER IN CAPITALS', 'A headline shouted his name.'],
  ['Muller without the umlaut', 'Some wires drop the accent.'],
  ['Mueller is another spelling', 'Robert Mueller was not at the match.'],
  ["O'Brien speaks", "Conor O'Brien, with a straight apostrophe, spoke."],
  ['O’Brien replies', 'Mary O’Brien, with a curly one, replied.'],
  ['O Smith met Brienne', 'An "o" and a "brien" somewhere, not the name.'],
  ['Café society', NFD('The café, decomposed, and the CAFÉ in capitals.')],
  ['Łódź and İstanbul', 'Trains ran from Łódź to İstanbul; the Straße was closed.'],
  ['Lodz without its letters', 'Istanbul and Strasse, in plain Latin letters.'],
] as const;

const QUERIES = ['Müller', 'muller', "O'Brien", 'O’Brien', 'Brien', 'café', 'Łódź', 'İstanbul', 'straße', 'thomas mu'];

/** The forms a person may type a query in. */
const variants = (q: string) => [
  ...new Set([q, q.normalize('NFC'), NFD(q), q.toUpperCase(), q.toLowerCase(), NFD(q.toUpperCase())]),
];

const engines = await storeEngines();

describe.each(engines.map((e) => [e.name, e] as const))(
  'word search in %s: the query, the index and the snippet agree',
  (_, engine) => {
    let store: NewsStore;
    const text = new Map<string, string>();

    beforeAll(async () => {
      store = await engine.fresh();
      for (const [headline, body] of ARTICLES) {
        const d = draft(`${headline}\n${body}`);
        text.set(d.id, `${headline}\n${body}`);
        await store.saveArticle(d);
      }
    });

    it.each(QUERIES.flatMap((q) => variants(q).map((v) => [JSON.stringify(v), v] as const)))(
      'a search for %s finds exactly the articles with the word, and highlights it',
      async (_, q) => {
        const expected = [...text].filter(([, t]) => answers(t, q)).map(([id]) => id);
        expect(expected.length).toBeGreaterThan(0);
        const page = await store.listArticles({ limit: 100, q });
        expect(page.data.map((a) => a.id).sort()).toEqual(expected.sort());
        const all = typed(q);
        for (const hit of page.data) {
          const snippet = hit.snippet ?? { text: '', highlights: [] };
          const points = Array.from(snippet.text);
          const marked = snippet.highlights.map((h) => points.slice(h.start, h.end).join(''));
          // At least one highlight, and each is one of the typed words, whole (the last may be a prefix).
          expect(marked.length, `${hit.headline}: ${snippet.text}`).toBeGreaterThan(0);
          for (const m of marked) {
            const isWord = (w: string, i: number) =>
              words(m).length === words(w).length && hasWord(m, w, i === all.length - 1);
            expect(all.some(isWord), `highlight "${m}" in ${snippet.text}`).toBe(true);
          }
        }
      },
    );

    it('a decomposed query is one word: "Mu\\u0308ller" finds "Müller" in either form', async () => {
      const page = await store.listArticles({ limit: 100, q: 'Mu\u0308ller' });
      expect(page.data.map((a) => a.headline).sort()).toEqual(
        ['MÜLLER IN CAPITALS', NFD('Müller again'), 'Muller without the umlaut', 'Müller scores'].sort(),
      );
    });
  },
);
