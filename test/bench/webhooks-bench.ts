// Webhook throughput end to end (`npm run bench:webhooks`): on a fresh store of each engine in
// BENCH_ENGINES (sqlite,postgres; default both), the app with its webhook dispatcher at the default
// settings (src/service/webhooks.ts: a poll a second, 8 attempts at a time) and a local receiver
// answering 200 at once; BENCH_SEARCHES (default 20) saved searches are made over HTTP (POST /searches),
// then BENCH_ARTICLES (default 200) articles that match every one are stored, one saveArticle each, as
// an ingest would. Timed from the first save to the last of the searches × articles deliveries
// received; the run also checks that each delivery arrived once and that every one is recorded
// delivered. BENCH_RUNS runs (default 3) a engine; printed: the median deliveries/s, and each run's.
// BENCH_DISPATCHERS (default 1): further dispatchers, each on a connection of its own to the same
// database, stand for WORKERS > 1 (they share this process's CPU, as workers share a machine's).
// The receiver listens on BENCH_RECEIVER_PORT (default any free port). PostgreSQL on the server of
// TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres), a database of its own a run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../../src/app.js';
import { refusingAnalyser } from '../../src/service/analysis-pool.js';
import { createWebhookDispatcher } from '../../src/service/webhooks.js';
import type { NewsStore } from '../../src/store/news-store.js';
import { openPostgresStore } from '../../src/store/postgres-store.js';
import { createSqliteStore, openDatabase } from '../../src/store/sqlite-store.js';
import { createTestDatabase } from '../postgres.js';
import { draft } from '../store/drafts.js';
import { receiver } from '../support/webhook-receiver.js';

const SEARCHES = Number(process.env.BENCH_SEARCHES ?? 20);
const ARTICLES = Number(process.env.BENCH_ARTICLES ?? 200);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const ENGINES = (process.env.BENCH_ENGINES ?? 'sqlite,postgres').split(',');
const PORT = Number(process.env.BENCH_RECEIVER_PORT ?? 0);
const DISPATCHERS = Number(process.env.BENCH_DISPATCHERS ?? 1);
const KEY = 'bench-key-0123456789abcdef';

const log = (s: string) => process.stderr.write(`${s}\n`);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

interface Fresh {
  store: NewsStore;
  /** Another connection to the same database, as another process would have. */
  another(): Promise<NewsStore>;
  drop(): Promise<void>;
}

/** A fresh store of the engine, and how to remove it after. */
async function freshStore(engine: string): Promise<Fresh> {
  if (engine === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'webhooks-bench-'));
    const file = join(dir, 'news.db');
    return {
      store: createSqliteStore(openDatabase(file)),
      another: async () => createSqliteStore(openDatabase(file)),
      drop: async () => rmSync(dir, { recursive: true }),
    };
  }
  if (engine === 'postgres') {
    const db = await createTestDatabase('news_bench_webhooks');
    return {
      store: await openPostgresStore(db.url),
      another: () => openPostgresStore(db.url, { migrate: false }),
      drop: db.drop,
    };
  }
  throw new Error(`unknown engine ${engine}: sqlite or postgres`);
}

// Nothing is analysed: the articles are stored as drafts, and the searches' routes need no analyser.
const analyser = refusingAnalyser('webhooks bench: nothing is analysed');

/** Half the searches by a word (deliveries with a snippet), half by source: every article matches all. */
const filterOf = (i: number) => (i % 2 === 0 ? { q: 'flood' } : { source: 'Wire' });
const article = (run: number, n: number) =>
  draft(`Flood warning ${run}-${n}\nRivers rose in the north, report ${run}-${n}.`, { source: { name: 'Wire' } });

async function once(engine: string, run: number): Promise<number> {
  const { store, another, drop } = await freshStore(engine);
  const others = await Promise.all(
    Array.from({ length: DISPATCHERS - 1 }, async () => {
      const other = await another();
      return { store: other, dispatcher: createWebhookDispatcher({ store: other, log: { warn: () => {} } }) };
    }),
  );
  const hook = await receiver([], PORT);
  const expected = SEARCHES * ARTICLES;
  const app = await buildApp({
    store,
    analyser,
    config: { rateLimitMax: 0, maxEventLoopDelayMs: 0, apiKeys: [KEY] },
    logger: false,
    webhooks: {},
  });
  try {
    for (let i = 0; i < SEARCHES; i++) {
      const res = await app.inject({
        method: 'POST',
        url: '/searches',
        headers: { authorization: `Bearer ${KEY}` },
        payload: { url: hook.url, ...filterOf(i) },
      });
      if (res.statusCode !== 201) throw new Error(`POST /searches: ${res.statusCode} ${res.body}`);
    }
    const all = new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (hook.requests.length >= expected) {
          clearInterval(check);
          resolve();
        }
      }, 2);
    });
    const t0 = performance.now();
    for (let n = 0; n < ARTICLES; n++) await store.saveArticle(article(run, n));
    await all;
    const seconds = (performance.now() - t0) / 1000;
    await Promise.all([app.webhooks?.idle(), ...others.map((o) => o.dispatcher.idle())]);
    const ids = new Set(hook.requests.map((r) => r.headers['x-delivery-id']));
    if (hook.requests.length !== expected || ids.size !== expected)
      throw new Error(`${hook.requests.length} requests, ${ids.size} deliveries: expected ${expected} of each`);
    const searches = await store.searches.listSearches({ limit: SEARCHES });
    for (const s of searches.data) {
      const page = await store.searches.listDeliveries(s.id, { limit: ARTICLES + 1 });
      const delivered = page?.data.filter((d) => d.status === 'delivered').length;
      if (delivered !== ARTICLES) throw new Error(`search ${s.id}: ${delivered} of ${ARTICLES} recorded delivered`);
    }
    return expected / seconds;
  } finally {
    for (const o of others) {
      await o.dispatcher.close();
      await o.store.close();
    }
    await app.close();
    await hook.close();
    await store.close();
    await drop();
  }
}

const results: { engine: string; rates: number[] }[] = [];
for (const engine of ENGINES) {
  const rates: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const rate = await once(engine, run);
    log(`${engine} run ${run + 1}: ${rate.toFixed(1)} deliveries/s`);
    rates.push(rate);
  }
  results.push({ engine, rates });
}

console.log(
  `${SEARCHES} searches × ${ARTICLES} articles = ${SEARCHES * ARTICLES} deliveries a run, ${DISPATCHERS} dispatcher(s) at the default settings, median of ${RUNS} runs`,
);
for (const { engine, rates } of results) {
  const runs = rates.map((r) => r.toFixed(1)).join(', ');
  console.log(`${engine.padEnd(9)} ${median(rates).toFixed(1).padStart(8)} deliveries/s   (runs: ${runs})`);
}
