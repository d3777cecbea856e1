// Fuzzing the search language (src/search/query.ts) over HTTP, on every engine: random `q` made of
// FTS5 and tsquery syntax (quotes, NEAR, *, ^, column filters, &, !, <->, :*), the language's own marks
// (OR, |, -, parentheses), unbalanced ones, NUL and zero-width characters, combining marks and input
// past the length cap. Every operation that takes a full-text `q` must answer 200 or a 400 problem,
// never a 5xx; and the engines must find the same articles, quotes and counts for the same query.
// The seed is fixed so that a run is repeatable; SEARCH_FUZZ_SEED=<n> tries another, SEARCH_FUZZ_RUNS=<n>
// makes it longer.
import * as fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArticleDraft } from '../../src/analysis/article-draft.js';
import { buildTestApp } from '../app.js';
import { draft, entity } from '../store/drafts.js';
import { storeEngines } from '../store/postgres.js';

const SEED = Number(process.env.SEARCH_FUZZ_SEED ?? 16);
const RUNS = Number(process.env.SEARCH_FUZZ_RUNS ?? 80);

/** Words of the corpus, some of them the names of operators and columns, so that a literal reading finds them. */
const WORDS = [
  'prime',
  'minister',
  'storm',
  'near',
  'title',
  'headline',
  'body',
  'or',
  'and',
  'not',
  'café',
  "O'Brien",
];
const SYNTAX = [
  '"',
  '“',
  '”',
  '(',
  ')',
  ' OR ',
  ' AND ',
  ' NOT ',
  '|',
  '-',
  ' -',
  '*',
  '^',
  ':',
  'title:',
  'headline:',
  '{headline body}:',
  'NEAR(',
  'NEAR/2',
  ',',
  '&',
  '!',
  '<->',
  '<2>',
  ':*',
  "'",
  '\\',
  '\u0000',
  '\u200b',
  '\u200d',
  '\ufeff',
  '\u0301',
  ' ',
  '  ',
];

const query = fc
  .oneof(
    { weight: 6, arbitrary: fc.array(fc.constantFrom(...WORDS, ...SYNTAX), { maxLength: 24 }).map((a) => a.join('')) },
    { weight: 2, arbitrary: fc.array(fc.constantFrom(...WORDS, ...SYNTAX), { maxLength: 24 }).map((a) => a.join(' ')) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
    // Past the 200-character cap, and near it with operators to the end.
    { weight: 1, arbitrary: fc.constantFrom(...SYNTAX, ...WORDS).map((s) => s.repeat(Math.ceil(400 / s.length))) },
    {
      weight: 1,
      arbitrary: fc.array(fc.constantFrom('(', '"', '-(', 'a OR ', '-"'), { maxLength: 60 }).map((a) => a.join('')),
    },
  )
  .filter((q) => q.length > 0);

/** The corpus: each engine stores the same drafts in the same order, so the same keys and orders. */
function corpus(): ArticleDraft[] {
  const speaker = entity('person', "Conor O'Brien", [[0, 13]]);
  return [
    ['Prime minister resigns', 'The prime minister resigned; near the end, the title went.'],
    ['Storm near the coast', 'A storm, or two, hit the coast and not the town.'],
    ['Café headline', "Conor O'Brien said the body of the headline was not the title."],
    ['Markets', 'Shares rose; nothing and nobody moved.'],
  ].map(([headline, body], i) =>
    draft(`${headline}\n${body}`, {
      source: { name: i % 2 ? 'Wire A' : 'Wire B' },
      publishedAt: `2024-0${i + 1}-01T00:00:00Z`,
      ...(i === 2
        ? {
            entities: [speaker],
            quotes: [
              {
                id: '00000000000000f0',
                kind: 'direct' as const,
                text: 'the prime minister was near the storm, or not',
                parts: [{ start: 0, end: 1, text: 'the prime minister was near the storm, or not' }],
                start: 0,
                end: 1,
                cue: null,
                speakerMention: null,
                speaker: 0,
                occurrences: [{ start: 0, end: 1 }],
              },
            ],
          }
        : {}),
    }),
  );
}

/** The operations that take a full-text `q`, with what to compare of their answer across engines. */
const OPERATIONS: { path: string; answer: (body: string) => unknown }[] = [
  { path: '/articles?sort=newest&limit=100', answer: (b) => JSON.parse(b).data.map((a: { id: string }) => a.id) },
  {
    path: '/articles?limit=100',
    answer: (b) =>
      JSON.parse(b)
        .data.map((a: { id: string }) => a.id)
        .sort(),
  },
  { path: '/quotes?limit=100', answer: (b) => JSON.parse(b).data.map((x: { id: string }) => x.id) },
  { path: '/articles/histogram?interval=month', answer: (b) => JSON.parse(b).data },
  { path: '/export/articles', answer: (b) => b.split('\n').filter(Boolean).length },
  { path: '/export/quotes', answer: (b) => b.split('\n').filter(Boolean).length },
];

const engines = await storeEngines();
const apps: { name: string; app: FastifyInstance }[] = [];

beforeAll(async () => {
  for (const engine of engines) {
    const store = await engine.fresh();
    for (const d of corpus()) await store.saveArticle(d);
    apps.push({ name: engine.name, app: await buildTestApp(store) });
  }
});
afterAll(async () => {
  for (const { app } of apps) await app.close();
});

describe(`search syntax in q, on ${engines.map((e) => e.name).join(' and ')}`, () => {
  it(`answers ${RUNS} random queries with 200 or a 400 problem, never a 5xx, the same on every engine`, async () => {
    console.log(`search fuzz: seed ${SEED} (SEARCH_FUZZ_SEED=<n> for another), ${RUNS} queries`);
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(query, async (q) => {
        for (const op of OPERATIONS) {
          const url = `${op.path}${op.path.includes('?') ? '&' : '?'}q=${encodeURIComponent(q)}`;
          const answers: unknown[] = [];
          for (const { name, app } of apps) {
            const res = await app.inject({ method: 'GET', url });
            statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
            const where = `${name} GET ${url.slice(0, 300)} -> ${res.statusCode} ${res.body.slice(0, 300)}`;
            expect([200, 400], where).toContain(res.statusCode);
            if (res.statusCode === 400) {
              expect(res.headers['content-type'], where).toMatch(/^application\/problem\+json/);
              expect(res.json().detail, where).toMatch(/\bq\b/);
            }
            answers.push([res.statusCode, res.statusCode === 200 ? op.answer(res.body) : null]);
          }
          // Every engine alike: the same status and the same matches.
          for (const a of answers.slice(1)) expect(a, `${url}: ${apps.map((x) => x.name)}`).toEqual(answers[0]);
        }
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    console.log(`search fuzz: statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
    // The run reached both sides: searches that ran, and queries refused (NUL, too long, only exclusions).
    expect(statuses.get(200)).toBeGreaterThan(0);
    expect(statuses.get(400)).toBeGreaterThan(0);
  }, 120_000);

  it.each([
    ['only exclusions', '-storm -"prime minister"', /only exclusions/],
    ['only an excluded group', '-(storm OR coast)', /only exclusions/],
    ['a NUL', 'storm\u0000', /U\+0000/],
    ['more than 200 characters', `${'"storm" OR '.repeat(30)}coast`, /200/],
  ])('refuses %s with a 400 problem that says why, on every operation', async (_, q, why) => {
    for (const { name, app } of apps) {
      for (const op of OPERATIONS) {
        const url = `${op.path}${op.path.includes('?') ? '&' : '?'}q=${encodeURIComponent(q)}`;
        const res = await app.inject({ method: 'GET', url });
        expect(res.statusCode, `${name} ${url}`).toBe(400);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.json().detail).toMatch(why);
      }
    }
  });
});
