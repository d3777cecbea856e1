// How fast the PostgreSQL store saves articles, the save alone (`npx tsx test/bench/pg-save-bench.ts`):
// BENCH_ARTICLES articles of the bench corpus (src/cli/bench/corpus.ts) are extracted once, before any
// timing, then saved into a fresh database (test/postgres.ts) one article per saveArticles call and, in
// another fresh database, in batches of 64 (what ingestMany saves per transaction). Each is run
// BENCH_RUNS times; the table shows the median articles/s, and the statements sent per article
// (every query a pool client sends, BEGIN and COMMIT included), counted by wrapping pg.Client#query.
// Needs PostgreSQL at TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres).
import pg from 'pg';
import { analyseArticle } from '../../src/analysis/analyse-article.js';
import type { ArticleDraft } from '../../src/analysis/article-draft.js';
import { createCorpus } from '../../src/cli/bench/corpus.js';
import { loadDefaultExtractor } from '../../src/extract/extractor.js';
import { openPostgresStore } from '../../src/store/postgres-store.js';
import { createTestDatabase } from '../postgres.js';

const ARTICLES = Number(process.env.BENCH_ARTICLES ?? 1000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SEED = Number(process.env.BENCH_SEED ?? 6);
const BATCH = 64;

let statements = 0;
const clientQuery = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  statements++;
  return (clientQuery as (...a: unknown[]) => unknown).apply(this, args);
} as typeof pg.Client.prototype.query;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

function drafts(): ArticleDraft[] {
  const extractor = loadDefaultExtractor();
  const corpus = createCorpus({ articles: ARTICLES, seed: SEED });
  const t0 = performance.now();
  const out = Array.from({ length: ARTICLES }, (_, i) => {
    const a = corpus.article(i);
    return analyseArticle(a.text, a.meta, extractor);
  });
  const entities = out.reduce((n, d) => n + d.entities.length, 0);
  const quotes = out.reduce((n, d) => n + d.quotes.length, 0);
  process.stderr.write(
    `extracted ${ARTICLES} articles (${entities} entities, ${quotes} quotes) in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`,
  );
  return out;
}

/** Saves `all` into a fresh database, `size` per call; articles/s and statements per article. */
async function run(all: ArticleDraft[], size: number): Promise<{ rate: number; perArticle: number }> {
  const db = await createTestDatabase('news_bench_save');
  const store = await openPostgresStore(db.url);
  try {
    const at = new Date('2025-01-01T00:00:00Z');
    const s0 = statements;
    const t0 = performance.now();
    for (let from = 0; from < all.length; from += size) {
      const results = await store.saveArticles(all.slice(from, from + size), at);
      if (results.some((r) => !r.created)) throw new Error('an article was a duplicate');
    }
    const seconds = (performance.now() - t0) / 1000;
    return { rate: all.length / seconds, perArticle: (statements - s0) / all.length };
  } finally {
    await store.close();
    await db.drop();
  }
}

const all = drafts();
const rows: { label: string; rates: number[]; perArticle: number }[] = [
  { label: 'one article per call', rates: [], perArticle: 0 },
  { label: `batches of ${BATCH}`, rates: [], perArticle: 0 },
];
for (let r = 0; r < RUNS; r++) {
  // Alternating, so a slow spell of a shared machine hits both.
  for (const [i, size] of [1, BATCH].entries()) {
    const row = rows[i] as (typeof rows)[number];
    const { rate, perArticle } = await run(all, size);
    row.rates.push(rate);
    row.perArticle = perArticle;
    process.stderr.write(`run ${r + 1}: ${row.label}: ${rate.toFixed(1)} articles/s\n`);
  }
}
console.log(`${ARTICLES} articles, median of ${RUNS} runs`);
for (const row of rows)
  console.log(
    `${row.label.padEnd(22)} ${median(row.rates).toFixed(1).padStart(8)} articles/s  ${row.perArticle.toFixed(1).padStart(6)} statements/article`,
  );
