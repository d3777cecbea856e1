// Memory of the bulk exports (`npm run bench:export`): fills a store with BENCH_ARTICLES (default
// 10,000) synthetic articles of the bench corpus (src/cli/bench/corpus.ts) through the bench's bulk
// path (ingestMany, extraction on BENCH_JOBS threads; each article extracted once and saved to every
// engine), serves the app on it, and downloads each export to the end over HTTP, discarding the
// bytes, while sampling the process's RSS and heap every 10 ms. Prints RSS before, at the peak and
// after each export, and what a client that stops reading for 2 s costs: the store pages read while
// it stalls (the stream waits for the socket, so none beyond what fills the buffers).
// BENCH_ENGINES=sqlite,postgres (default sqlite; PostgreSQL on BENCH_POSTGRES_URL's server).

import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../../src/app.js';
import { createCorpus } from '../../src/cli/bench/corpus.js';
import { type BenchEngine, type EngineName, openEngine, teeStore } from '../../src/cli/bench/engines.js';
import { loadDefaultExtractor } from '../../src/extract/extractor.js';
import { createInlineAnalyser } from '../../src/service/analysis-pool.js';
import { ingestMany } from '../../src/service/ingest.js';
import type { NewsStore } from '../../src/store/news-store.js';

const ARTICLES = Number(process.env.BENCH_ARTICLES ?? 10_000);
const JOBS = Number(process.env.BENCH_JOBS ?? 2);
const ENGINES = (process.env.BENCH_ENGINES ?? 'sqlite').split(',') as EngineName[];
const MB = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
const gc = () => (globalThis as { gc?: () => void }).gc?.();
const log = (s: string) => process.stderr.write(`${s}\n`);

/** Downloads `path` to the end, discarding it; `stallMs`: stop reading that long after the first chunk. */
function download(port: number, path: string, gzip: boolean, stallMs = 0) {
  return new Promise<{ bytes: number; lines: number }>((resolve, reject) => {
    const req = request({ port, path, headers: gzip ? { 'accept-encoding': 'gzip' } : {} }, (res) => {
      if (res.statusCode !== 200) reject(new Error(`${path}: ${res.statusCode}`));
      let bytes = 0;
      let lines = 0;
      let stalled = stallMs === 0;
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (!gzip) for (const b of chunk) if (b === 10) lines++;
        if (!stalled) {
          stalled = true;
          res.pause();
          setTimeout(() => res.resume(), stallMs);
        }
      });
      res.on('end', () => resolve({ bytes, lines }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Peak RSS and heap while `run` runs, sampled every 10 ms. */
async function sampled<T>(run: () => Promise<T>) {
  gc();
  const before = process.memoryUsage();
  let peakRss = before.rss;
  let peakHeap = before.heapUsed;
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 10);
  const t0 = performance.now();
  const result = await run();
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(timer);
  gc();
  const after = process.memoryUsage();
  return { result, seconds, before, peakRss, peakHeap, after };
}

/** The store with its list reads counted. */
function counting(store: NewsStore) {
  const reads = { pages: 0 };
  const counted: NewsStore = {
    ...store,
    listArticles: (req) => {
      reads.pages++;
      return store.listArticles(req);
    },
    listEntities: (req) => {
      reads.pages++;
      return store.listEntities(req);
    },
    listQuotes: (req) => {
      reads.pages++;
      return store.listQuotes(req);
    },
  };
  return { counted, reads };
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'export-bench-'));
  const engines: BenchEngine[] = [];
  try {
    for (const name of ENGINES) engines.push(await openEngine(name, dir));
    const extractor = loadDefaultExtractor();
    const corpus = createCorpus({ articles: ARTICLES, seed: 6 });
    log(`filling ${ARTICLES} articles into ${ENGINES.join(', ')} (ingestMany, ${JOBS} extraction threads) ...`);
    const t0 = performance.now();
    const summary = await ingestMany(
      teeStore(engines.map((e) => e.store)),
      Array.from({ length: ARTICLES }, (_, i) => ({ name: String(i), read: () => corpus.article(i) })),
      { extractor, jobs: JOBS },
    );
    if (summary.stored !== ARTICLES) throw new Error(`stored ${summary.stored} of ${ARTICLES}`);
    log(`filled in ${((performance.now() - t0) / 1000).toFixed(0)} s`);

    for (const engine of engines) {
      const { counted, reads } = counting(engine.store);
      const app = await buildApp({
        store: counted,
        analyser: createInlineAnalyser(extractor),
        config: { rateLimitMax: 0, maxEventLoopDelayMs: 0 },
      });
      await app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = app.server.address() as AddressInfo;
      // A first run warms the caches and the JIT: the figures are of the runs after it.
      await download(port, '/export/entities', false);
      console.log(`\n${engine.name}, ${ARTICLES} articles (node ${process.version})`);
      console.log(
        'export                      lines     bytes       time    RSS before  RSS peak    RSS after   heap peak',
      );
      for (const [path, gzip] of [
        ['/export/articles', false],
        ['/export/articles', true],
        ['/export/entities', false],
        ['/export/quotes', false],
        ['/export/quotes', true],
      ] as const) {
        const s = await sampled(() => download(port, path, gzip));
        console.log(
          `${(path + (gzip ? ' (gzip)' : '')).padEnd(26)}  ${String(gzip ? '-' : s.result.lines).padStart(7)}  ` +
            `${MB(s.result.bytes).padStart(9)}  ${`${s.seconds.toFixed(1)} s`.padStart(7)}  ` +
            `${MB(s.before.rss).padStart(10)}  ${MB(s.peakRss).padStart(10)}  ${MB(s.after.rss).padStart(10)}  ${MB(s.peakHeap).padStart(9)}  ${MB(s.after.heapUsed).padStart(9)}`,
        );
      }
      // A client that stops reading: the export waits for it instead of reading on into memory.
      for (const [path, gzip, total] of [
        ['/export/articles', false, Math.ceil(ARTICLES / 100)],
        ['/export/quotes', false, 0],
        ['/export/quotes', true, 0],
      ] as const) {
        reads.pages = 0;
        const stall = download(port, path, gzip, 2000);
        await new Promise((r) => setTimeout(r, 1000));
        const atOne = reads.pages;
        await new Promise((r) => setTimeout(r, 900));
        const during = reads.pages;
        await stall;
        console.log(
          `${path}${gzip ? ' (gzip)' : ''}, client stalled 2 s after its first chunk: ${during} of ` +
            `${total || reads.pages} store pages read by the end of the stall (${atOne} after 1 s)`,
        );
      }
      await app.close();
    }
  } finally {
    for (const e of engines) await e.close(false);
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
