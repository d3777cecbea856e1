// How fast entity timelines and search histograms are at scale (`npx tsx test/bench/timeline-bench.ts`):
// a fresh store of each engine in BENCH_ENGINES (sqlite, postgres; default both) is filled with
// BENCH_ARTICLES (default 100,000) articles, then NewsStore.entityTimeline of the entity in most
// articles and articleHistogram of a common word (and of every article) are timed BENCH_RUNS times
// (default 30, after 3 untimed), printing p50 and p99 in ms: the store call alone, no HTTP.
//
// The articles are the bench corpus's texts (src/cli/bench/corpus.ts: ~2,500 characters, dates spread
// over two years, Zipf-skewed words and sources), stored as hand-made drafts, not extracted (extracting
// 100,000 articles takes over ten minutes here): each gets 3 people, 2 organisations, 2 places and
// a country drawn with a Zipf skew from invented pools, mentioned 1 to 3 times each, so the most
// frequent entity is in tens of thousands of articles as in an extracted corpus. Saved by
// saveArticles in batches (one transaction each), as ingestMany saves. PostgreSQL gets VACUUM ANALYZE
// after the fill (what autovacuum would do in time), so its index-only scans are index-only.
// PostgreSQL at TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { ArticleDraft, DraftEntity } from '../../src/analysis/article-draft.js';
import { articleId, entityId } from '../../src/analysis/ids.js';
import { createCorpus, TOPICS, zipf } from '../../src/cli/bench/corpus.js';
import { rng } from '../../src/extract/ner/hash.js';
import { migrationsDir, postgresMigrationsDir } from '../../src/paths.js';
import type { Interval } from '../../src/schemas/timeline.js';
import type { NewsStore } from '../../src/store/news-store.js';
import { openPostgresStore } from '../../src/store/postgres-store.js';
import { createSqliteStore, openDatabase } from '../../src/store/sqlite-store.js';
import { createTestDatabase } from '../postgres.js';

const ARTICLES = Number(process.env.BENCH_ARTICLES ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const SEED = Number(process.env.BENCH_SEED ?? 6);
const ENGINES = (process.env.BENCH_ENGINES ?? 'sqlite,postgres').split(',');
const BATCH = 500;

const log = (s: string) => process.stderr.write(`${s}\n`);

// ---- the drafts -------------------------------------------------------------------------------------

const corpus = createCorpus({ articles: ARTICLES, seed: SEED });
const pool = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix} ${i}`);
const POOLS = {
  person: { names: pool('Person', 30_000), draw: zipf(30_000, 1.05), per: 3 },
  organization: { names: pool('Organisation', 10_000), draw: zipf(10_000, 1.0), per: 2 },
  place: { names: pool('City', 3_000), draw: zipf(3_000, 1.0), per: 2 },
  country: { names: pool('Country', 40), draw: zipf(40, 0.8), per: 1 },
};

function draftOf(i: number): { draft: ArticleDraft; words: string[] } {
  const a = corpus.article(i);
  const lines = a.text.split('\n');
  const r = rng(SEED * 1_000_003 + i);
  const entities: DraftEntity[] = [];
  let at = 0;
  for (const [kind, p] of Object.entries(POOLS)) {
    const type = kind === 'country' ? 'place' : (kind as DraftEntity['type']);
    const chosen = new Set<number>();
    while (chosen.size < p.per) chosen.add(p.draw(r));
    for (const k of chosen) {
      const name = p.names[k] as string;
      const mentions = Array.from({ length: 1 + Math.floor(r() * 3) }, () => {
        at += 40;
        return { start: at, end: at + name.length, text: name };
      });
      const key = name.toLowerCase();
      entities.push({
        id: entityId(type, key),
        type,
        key,
        name,
        aliases: [],
        titles: [],
        countryCode: null,
        mentions,
      });
    }
  }
  return {
    words: a.words,
    draft: {
      id: articleId(a.text),
      text: a.text,
      headline: lines[0] ?? '',
      standfirst: lines[1] ?? null,
      dateline: null,
      source: { name: a.meta.source },
      url: null,
      paragraphs: lines.slice(4).filter((l) => l.length > 0),
      language: 'en',
      publishedAt: a.meta.publishedAt,
      entities,
      quotes: [],
      extractorVersion: 'bench',
      clientMeta: {},
    },
  };
}

// ---- measuring --------------------------------------------------------------------------------------

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] as number;

async function time(label: string, fn: () => Promise<unknown>): Promise<void> {
  for (let i = 0; i < 3; i++) await fn();
  const ms: number[] = [];
  let size = 0;
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const out = await fn();
    ms.push(performance.now() - t0);
    size = Array.isArray(out) ? out.length : 0;
  }
  ms.sort((x, y) => x - y);
  console.log(
    `| ${label.padEnd(58)} | ${String(size).padStart(7)} | ${quantile(ms, 0.5).toFixed(1).padStart(7)} | ${quantile(ms, 0.99).toFixed(1).padStart(7)} |`,
  );
}

async function fill(store: NewsStore, tag: string): Promise<Map<string, number>> {
  const df = new Map<string, number>();
  const t0 = performance.now();
  const ingestedAt = new Date('2025-01-01T00:00:00Z');
  for (let from = 0; from < ARTICLES; from += BATCH) {
    const batch = Array.from({ length: Math.min(BATCH, ARTICLES - from) }, (_, k) => draftOf(from + k));
    for (const b of batch) for (const w of b.words) df.set(w, (df.get(w) ?? 0) + 1);
    await store.saveArticles(
      batch.map((b) => b.draft),
      ingestedAt,
    );
    if ((from / BATCH) % 20 === 19) {
      const s = (performance.now() - t0) / 1000;
      log(`${tag}: ${from + batch.length} articles in ${s.toFixed(0)} s (${((from + batch.length) / s).toFixed(0)}/s)`);
    }
  }
  const s = (performance.now() - t0) / 1000;
  log(`${tag}: filled ${ARTICLES} articles in ${s.toFixed(0)} s (${(ARTICLES / s).toFixed(0)} articles/s)`);
  return df;
}

async function measure(store: NewsStore, tag: string, df: Map<string, number>) {
  const [top] = (await store.listEntities({ limit: 1, sort: 'articles' })).data;
  if (!top) throw new Error('no entity');
  const topics = TOPICS.map((t) => [t, df.get(t) ?? 0] as const).sort((x, y) => y[1] - x[1]);
  const [common] = topics;
  // A word in about 5% of the articles, as docs/benchmarks.md's "common word".
  const five = topics.reduce((best, t) =>
    Math.abs(t[1] / ARTICLES - 0.05) < Math.abs(best[1] / ARTICLES - 0.05) ? t : best,
  );
  if (!common) throw new Error('no word');
  const pct = (n: number) => `${((100 * n) / ARTICLES).toFixed(1)}%`;
  console.log(`\n${tag}, ${ARTICLES.toLocaleString('en')} articles, ${RUNS} runs each:\n`);
  console.log(`| ${'call'.padEnd(58)} | periods | p50 ms  | p99 ms  |`);
  console.log(`| ${'-'.repeat(58)} | ------: | ------: | ------: |`);
  const entity = `entity in ${top.articleCount} articles (${pct(top.articleCount)})`;
  for (const interval of ['day', 'week', 'month'] as Interval[])
    await time(`timeline, ${entity}, ${interval}`, () => store.entityTimeline(top.id, { interval }));
  await time(`timeline, ${entity}, week, one quarter`, () =>
    store.entityTimeline(top.id, { interval: 'week', from: '2024-01-01', to: '2024-03-31' }),
  );
  for (const [word, n] of [common, five]) {
    for (const interval of ['week', 'month'] as Interval[])
      await time(`histogram q=${word} (${pct(n)}), ${interval}`, () => store.articleHistogram({ interval, q: word }));
  }
  await time('histogram, every article, month', () => store.articleHistogram({ interval: 'month' }));
  await time(`histogram, ${entity} & q=${common[0]}, month`, () =>
    store.articleHistogram({ interval: 'month', entity: [top.id], q: common[0] }),
  );
  return top;
}

for (const engine of ENGINES) {
  if (engine === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'timeline-bench-'));
    const db = openDatabase(join(dir, 'news.db'));
    const store = createSqliteStore(db);
    try {
      const df = await fill(store, 'SQLite');
      await measure(store, 'SQLite', df);
      // What the migration costs on a store of this size: it rebuilds the index.
      const t0 = performance.now();
      db.exec('DROP INDEX articles_by_seq_date');
      db.exec(readFileSync(join(migrationsDir, '0004_timeline_index.sql'), 'utf8'));
      log(`SQLite: migration 0004 (its two indexes) took ${(performance.now() - t0).toFixed(0)} ms`);
    } finally {
      await store.close();
      // BENCH_KEEP=1 leaves the database for a closer look.
      if (process.env.BENCH_KEEP === '1') log(`SQLite: kept ${join(dir, 'news.db')}`);
      else rmSync(dir, { recursive: true, force: true });
    }
  } else if (engine === 'postgres') {
    const db = await createTestDatabase('news_bench_timeline');
    const store = await openPostgresStore(db.url);
    try {
      const df = await fill(store, 'PostgreSQL');
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      const t0 = performance.now();
      await client.query(readFileSync(join(postgresMigrationsDir, '0003_timeline_index.sql'), 'utf8'));
      log(`PostgreSQL: migration 0002 (index rebuild) took ${(performance.now() - t0).toFixed(0)} ms`);
      await client.query('VACUUM ANALYZE');
      const top = await measure(store, 'PostgreSQL', df);
      const { rows } = await client.query(
        `EXPLAIN (ANALYZE, BUFFERS) SELECT substr(sort_date, 1, 10), count(*), sum(mention_count)
         FROM article_entities WHERE entity_seq = (SELECT seq FROM entities WHERE id = $1)
         AND sort_date >= '' AND sort_date <= '\u{10FFFF}' GROUP BY 1 ORDER BY 1`,
        [top.id],
      );
      log(rows.map((r: { 'QUERY PLAN': string }) => r['QUERY PLAN']).join('\n'));
      await client.end();
    } finally {
      await store.close();
      await db.drop();
    }
  } else {
    throw new Error(`unknown engine ${engine}`);
  }
}
