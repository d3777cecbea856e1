// The benchmark: npm run bench -- [--articles 20000] [--sample 2000] [--duration 10] [--warmup 2] [--repeat 1]
//   [--jobs <cores>] [--seed 6] [--engine sqlite | postgres | sqlite,postgres] [--keep] [--no-build]
// 1. Generates a synthetic corpus (bench/corpus.ts: invented vocabularies, Zipf-skewed entities, fixed seed).
// 2. Ingests the first `--sample` articles through the full ingest path, extraction included, into a fresh
//    database of each engine (bench/engines.ts: a SQLite file in a temporary folder; a new PostgreSQL
//    database on BENCH_POSTGRES_URL's server): in bulk (ingestMany, what `npm run ingest` runs), then a
//    tenth as many one at a time (ingestText, what POST /articles runs); prints articles/s and chars/s for
//    each. Then fills in the rest in bulk, extracting each article once and saving it to every engine, and
//    settles each database (PostgreSQL: VACUUM (ANALYZE), which autovacuum does in production).
// 3. Builds the server, starts `node dist/server.js` on each engine's database as its own process (rate
//    limiting and the event-loop check off, LOG_LEVEL=warn), and load-tests route by route with autocannon
//    in another process (bench/load.ts): a warm-up, then `--duration` seconds each, the engines taking
//    turns route by route. Prints req/s, p50, p99 per engine side by side and the responses that were not
//    the expected status; exits 1 when any.
import { fork, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { articleId } from '../analysis/ids.js';
import { type Extractor, loadDefaultExtractor } from '../extract/extractor.js';
import { rng } from '../extract/ner/hash.js';
import { ARTICLE_CACHE_ENTRIES } from '../http/article-cache.js';
import { packageRoot } from '../paths.js';
import { createInlineAnalyser } from '../service/analysis-pool.js';
import { ingestMany, ingestText } from '../service/ingest.js';
import type { NewsStore } from '../store/news-store.js';
import { type BenchArticle, createCorpus, TOPICS } from './bench/corpus.js';
import { type BenchEngine, ENGINES, type EngineName, openEngine, teeStore } from './bench/engines.js';
import type { LoadResult, LoadSpec } from './bench/load.js';
import { startServer } from './server-process.js';

// ---- Options -----------------------------------------------------------------------------------------

interface Options {
  articles: number;
  sample: number;
  duration: number;
  warmup: number;
  repeat: number;
  jobs: number;
  seed: number;
  keep: boolean;
  build: boolean;
  engines: EngineName[];
}

function parseOptions(argv: string[]): Options {
  const num = new Map<string, number>();
  const flags = new Set<string>();
  let engines: EngineName[] = ['sqlite'];
  const NUMERIC = ['articles', 'sample', 'duration', 'warmup', 'repeat', 'jobs', 'seed'];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const [name, inline] = a.startsWith('--') ? a.slice(2).split('=', 2) : [a, undefined];
    if (name === 'keep' || name === 'no-build') flags.add(name);
    else if (name === 'engine') {
      const list = (inline ?? argv[++i] ?? '').split(',');
      if (!list.length || !list.every((e): e is EngineName => (ENGINES as readonly string[]).includes(e)))
        fail(`--engine takes ${ENGINES.join(', ')} or a comma-separated list of them`);
      engines = [...new Set(list as EngineName[])];
    } else if (name !== undefined && NUMERIC.includes(name)) {
      const v = Number(inline ?? argv[++i]);
      if (!Number.isFinite(v) || v < 0) fail(`--${name} needs a number >= 0`);
      num.set(name, v);
    } else
      fail(
        `unknown option ${a}\nusage: npm run bench -- [--articles N] [--sample N] [--duration S] ` +
          '[--warmup S] [--repeat N] [--jobs N] [--seed N] [--engine sqlite,postgres] [--keep] [--no-build]',
      );
  }
  const articles = Math.max(1, Math.floor(num.get('articles') ?? 20_000));
  return {
    articles,
    sample: Math.min(articles, Math.max(1, Math.floor(num.get('sample') ?? 2_000))),
    duration: Math.max(1, num.get('duration') ?? 10),
    warmup: num.get('warmup') ?? 2,
    repeat: Math.max(1, Math.floor(num.get('repeat') ?? 1)),
    jobs: Math.max(1, Math.floor(num.get('jobs') ?? availableParallelism())),
    seed: Math.floor(num.get('seed') ?? 6),
    keep: flags.has('keep'),
    build: !flags.has('no-build'),
    engines,
  };
}

function fail(message: string): never {
  console.error(`bench: ${message}`);
  process.exit(2);
}

const log = (message: string) => process.stderr.write(`${message}\n`);
const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

/** The sibling module `name` of this one, .ts under tsx and .js once built. */
const sibling = (name: string) => fileURLToPath(new URL(`./bench/${name}${extname(import.meta.url)}`, import.meta.url));

// ---- Ingest and fill ---------------------------------------------------------------------------------

/** How often each vocabulary word (topics, surnames) is used, by the generator: document frequencies. */
class DocFrequencies {
  readonly counts = new Map<string, number>();
  add(words: string[]) {
    for (const w of words) this.counts.set(w, (this.counts.get(w) ?? 0) + 1);
  }
}

interface IngestFigures {
  articles: number;
  chars: number;
  seconds: number;
  cpuSeconds: number;
}

/**
 * Articles [from, from + count) through the full ingest path, extraction included: in bulk through
 * ingestMany (what `npm run ingest` runs: `jobs` extraction threads, a transaction per batch), or one at
 * a time through ingestText (what POST /articles runs, without the HTTP).
 */
async function measureIngest(
  store: NewsStore,
  corpus: ReturnType<typeof createCorpus>,
  {
    from,
    count,
    jobs,
    bulk,
    extractor,
  }: { from: number; count: number; jobs: number; bulk: boolean; extractor: Extractor },
  ids: string[],
  df: DocFrequencies,
): Promise<IngestFigures> {
  const items: BenchArticle[] = [];
  for (let i = from; i < from + count; i++) items.push(corpus.article(i));
  const chars = items.reduce((n, a) => n + a.text.length, 0);
  const progress = every(count);
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  if (bulk) {
    const summary = await ingestMany(
      store,
      items.map((a, k) => ({ name: String(from + k), read: () => a })),
      { extractor, jobs, onFile: (_name, _outcome, done) => progress(done, 'ingested') },
    );
    if (summary.stored !== count) throw new Error(`stored ${summary.stored} of ${count}: ${JSON.stringify(summary)}`);
  } else {
    const analyser = createInlineAnalyser(extractor);
    for (const [k, a] of items.entries()) {
      if (!(await ingestText(store, a.text, a.meta, analyser)).created)
        throw new Error(`article ${from + k} was a duplicate`);
      progress(k + 1, 'ingested');
    }
  }
  const cpu = process.cpuUsage(c0);
  const seconds = (performance.now() - t0) / 1000;
  for (const [k, a] of items.entries()) {
    ids[from + k] = articleId(a.text);
    df.add(a.words);
  }
  return { articles: count, chars, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}

/** A progress line on standard error at every tenth. */
function every(total: number) {
  let last = -1;
  return (done: number, what: string) => {
    const tenth = Math.floor((done / total) * 10);
    if (tenth !== last) log(`  ${what} ${fmt(done)}/${fmt(total)}`);
    last = tenth;
  };
}

/**
 * Articles [from, to) through the same bulk path (ingestMany), generated as they are read: the rest of
 * the store, so the load test runs at the asked size. Not the ingest figure (generation is inside).
 */
async function fill(
  store: NewsStore,
  corpus: ReturnType<typeof createCorpus>,
  { from, to, jobs, extractor }: { from: number; to: number; jobs: number; extractor: Extractor },
  ids: string[],
  df: DocFrequencies,
): Promise<{ seconds: number }> {
  const progress = every(to - from);
  const t0 = performance.now();
  const inputs = Array.from({ length: to - from }, (_, k) => ({
    name: String(from + k),
    read: () => {
      const a = corpus.article(from + k);
      ids[from + k] = articleId(a.text);
      df.add(a.words);
      return a;
    },
  }));
  const summary = await ingestMany(store, inputs, {
    extractor,
    jobs,
    onFile: (_name, _outcome, done) => progress(done, 'filled'),
  });
  if (summary.stored !== to - from)
    throw new Error(`filled ${summary.stored} of ${to - from}: ${JSON.stringify(summary)}`);
  return { seconds: (performance.now() - t0) / 1000 };
}

// ---- Server and load ---------------------------------------------------------------------------------

/** The built server on an engine's database, logging warnings only; its output goes to server-<engine>.log. */
async function startBuiltServer(dir: string, engine: BenchEngine) {
  const server = await startServer({ built: true, dir, env: { LOG_LEVEL: 'warn', ...engine.serverEnv } });
  const logPath = join(dir, `server-${engine.name}.log`);
  const out = createWriteStream(logPath);
  out.write(server.output());
  server.proc.stdout?.pipe(out);
  server.proc.stderr?.pipe(out);
  return { ...server, logPath };
}

function load(spec: LoadSpec): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(sibling('load'), [], { serialization: 'advanced', stdio: 'inherit' });
    let answered = false;
    child.once('message', (m: { ok: true; result: LoadResult } | { ok: false; error: string }) => {
      answered = true;
      if (m.ok) resolve(m.result);
      else reject(new Error(`autocannon: ${m.error}`));
    });
    child.once('exit', (code) => {
      if (!answered) reject(new Error(`the load process exited with code ${code}`));
    });
    child.send(spec);
  });
}

interface Route {
  group: 'throughput' | 'latency';
  name: string;
  requests: { path: string; headers?: Record<string, string> }[];
  expect: number;
  connections: number;
  note?: string;
}

interface Row {
  route: Route;
  runs: LoadResult[];
  skipped?: string;
}

// ---- What to ask for --------------------------------------------------------------------------------

interface Picks {
  top: EntityPick;
  rare: EntityPick;
  common: string;
  veryCommon: string | null;
  rareWord: string;
  pickIds: string[];
  coldIds: string[];
}

type EntityPick = { id: string; type: string; name: string; article_count: number };

/**
 * A common and a rare word, a frequent and a rare entity, random article ids. Both engines store the
 * same drafts under the same ids, so what the first engine's database says holds for every engine.
 */
async function pick(engine: BenchEngine, opts: Options, ids: string[], df: DocFrequencies, say: (l?: string) => void) {
  const [top] = await engine.query<EntityPick>(
    'SELECT id, type, name, article_count FROM entities ORDER BY article_count DESC, seq LIMIT 1',
  );
  const [rare] = await engine.query<EntityPick>(
    `SELECT id, type, name, article_count FROM entities WHERE type = 'person' ORDER BY article_count, seq LIMIT 1`,
  );
  const [shape] = await engine.query<{ n: number; few: number; thousands: number; most: number }>(
    `SELECT count(*) AS n, sum(CASE WHEN article_count <= 3 THEN 1 ELSE 0 END) AS few,
     sum(CASE WHEN article_count >= 1000 THEN 1 ELSE 0 END) AS thousands, max(article_count) AS most FROM entities`,
  );
  const [articles] = await engine.query<{ n: number }>('SELECT count(*) AS n FROM articles');
  if (!top || !rare || !shape || !articles) throw new Error('the store holds no entities: extraction found none');
  // PostgreSQL answers count(*) and sum() as bigint, which node-postgres hands over as strings.
  const n = (x: number | string) => Number(x);
  say(
    `store: ${fmt(n(articles.n))} articles, ${fmt(n(shape.n))} entities; ${fmt(n(shape.thousands))} in >= 1,000 ` +
      `articles (most: ${fmt(n(shape.most))}), ${fmt((100 * n(shape.few)) / n(shape.n), 1)}% in <= 3`,
  );
  // The common word: the topic word nearest 5% of the articles (at least 1%); the very common one: the most
  // frequent topic word (a near stop word: ranking by relevance touches a large share of the corpus).
  const topicDf = TOPICS.map((t) => [t, df.counts.get(t) ?? 0] as const).sort((a, b) => b[1] - a[1]);
  const share = (k: number) => k / opts.articles;
  const [veryCommon, veryCommonDf] = topicDf[0] as readonly [string, number];
  const [common, commonDf] = topicDf
    .filter(([, k]) => share(k) >= 0.01)
    .reduce(
      (best, x) => (Math.abs(share(x[1]) - 0.05) < Math.abs(share(best[1]) - 0.05) ? x : best),
      topicDf[0] as readonly [string, number],
    );
  const withVeryCommon = veryCommon !== common && veryCommonDf >= 2 * commonDf;
  const rareWord = [...df.counts].filter(([, k]) => k > 0).sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1))[0];
  if (!rareWord) throw new Error('no rare word');
  say(
    `words: common "${common}" in ${fmt(commonDf)} articles (${fmt(100 * share(commonDf), 1)}%), ` +
      (withVeryCommon
        ? `very common "${veryCommon}" in ${fmt(veryCommonDf)} (${fmt(100 * share(veryCommonDf), 1)}%), `
        : '') +
      `rare "${rareWord[0]}" in ${fmt(rareWord[1])}; entities: frequent ${top.type} "${top.name}" ` +
      `(${top.id}, ${fmt(n(top.article_count))} articles), rare ${rare.type} "${rare.name}" ` +
      `(${rare.id}, ${fmt(n(rare.article_count))})`,
  );
  if (commonDf < opts.articles / 100) say('warning: the common word is in fewer than 1% of the articles');

  // Article ids to cycle over: 1,000 at random (all of them when fewer), in a seeded order; and, for the
  // cold path, ten times as many as the server's cache of rendered articles holds (all when fewer).
  const shuffle = rng(opts.seed + 1);
  const shuffled = ids
    .map((id) => ({ id, k: shuffle() }))
    .sort((a, b) => a.k - b.k)
    .map((o) => o.id);
  return {
    top: { ...top, article_count: n(top.article_count) },
    rare: { ...rare, article_count: n(rare.article_count) },
    common,
    veryCommon: withVeryCommon ? veryCommon : null,
    rareWord: rareWord[0],
    pickIds: shuffled.slice(0, 1000),
    coldIds: shuffled.slice(0, 10 * ARTICLE_CACHE_ENTRIES),
  } satisfies Picks;
}

async function probe(base: string, path: string, headers: Record<string, string> = {}) {
  const r = await fetch(base + path, { headers });
  const body = await r.text();
  return { status: r.status, etag: r.headers.get('etag'), body };
}

/** The routes to load, for the server at `base` (its ETags are its own), and notes on what is not measured. */
async function routesFor(base: string, p: Picks): Promise<{ routes: Route[]; notes: string[] }> {
  const notes: string[] = [];
  const T = 50;
  const L = 10;
  // The ceiling: /livez, or /health until it exists.
  let ceiling = '/livez';
  if ((await probe(base, '/livez')).status === 404) {
    ceiling = '/health';
    notes.push('GET /livez is not there yet (404): the ceiling is GET /health, which also queries the database');
  }
  const routes: Route[] = [
    { group: 'throughput', name: `GET ${ceiling}`, requests: [{ path: ceiling }], expect: 200, connections: T },
    {
      group: 'throughput',
      name: `GET /articles/:id (${fmt(p.pickIds.length)} ids)`,
      requests: p.pickIds.map((id) => ({ path: `/articles/${id}` })),
      expect: 200,
      connections: T,
    },
  ];
  // The 304 path, when the server sends ETags.
  const etags: { path: string; headers: Record<string, string> }[] = [];
  for (const id of p.pickIds) {
    const r = await probe(base, `/articles/${id}`);
    if (r.status !== 200 || !r.etag) break;
    etags.push({ path: `/articles/${id}`, headers: { 'if-none-match': r.etag } });
  }
  const first = etags[0];
  if (first && (await probe(base, first.path, first.headers)).status === 304) {
    routes.push({
      group: 'throughput',
      name: 'GET /articles/:id → 304 (If-None-Match)',
      requests: etags,
      expect: 304,
      connections: T,
    });
  } else
    notes.push(
      etags.length === 0
        ? 'GET /articles/:id sends no ETag: the 304 path is not measured'
        : 'GET /articles/:id sends an ETag but does not answer 304 to If-None-Match: the 304 path is not measured',
    );
  routes.push({
    group: 'throughput',
    name: `GET /articles/:id cold (${fmt(p.coldIds.length)} ids, the cache holds ${fmt(ARTICLE_CACHE_ENTRIES)})`,
    requests: p.coldIds.map((id) => ({ path: `/articles/${id}` })),
    expect: 200,
    connections: T,
  });
  const latency = (name: string, path: string): Route => ({
    group: 'latency',
    name,
    requests: [{ path }],
    expect: 200,
    connections: L,
  });
  const enc = encodeURIComponent;
  routes.push(
    latency('GET /articles?limit=20', '/articles?limit=20'),
    latency(`GET /articles?q=${p.common} (common)`, `/articles?q=${enc(p.common)}`),
    ...(p.veryCommon
      ? [latency(`GET /articles?q=${p.veryCommon} (very common)`, `/articles?q=${enc(p.veryCommon)}`)]
      : []),
    latency(`GET /articles?q=${p.rareWord} (rare)`, `/articles?q=${enc(p.rareWord)}`),
    latency(`GET /articles?entity= (frequent, ${fmt(p.top.article_count)})`, `/articles?entity=${p.top.id}`),
    latency(`GET /articles?entity= (rare, ${fmt(p.rare.article_count)})`, `/articles?entity=${p.rare.id}`),
    latency('GET /entities?type=person', '/entities?type=person'),
    latency('GET /entities/:id/related (frequent)', `/entities/${p.top.id}/related`),
  );
  return { routes, notes };
}

/** Probes a route once: a route not there yet is skipped with a reason; any other failure counts. */
async function probeRoute(base: string, route: Route, notes: string[]): Promise<string | undefined> {
  const r0 = route.requests[0];
  if (!r0) return 'no requests';
  const p = await probe(base, r0.path, r0.headers);
  if (route.name.includes('?q=') && p.status === 200 && /"data":\[\]/.test(p.body))
    notes.push(`${route.name} answered an empty page`);
  if (p.status === route.expect) return undefined;
  if (route.name.includes('?q=') && p.status === 400) return '400: /articles has no `q` yet';
  if (route.name.includes('/related') && p.status === 404) return '404: no /entities/:id/related yet';
  return `FAILED: the first request answered ${p.status}: ${p.body.slice(0, 200)}`;
}

// ---- Main --------------------------------------------------------------------------------------------

interface Served {
  engine: BenchEngine;
  server: Awaited<ReturnType<typeof startBuiltServer>>;
  routes: Route[];
}

async function main() {
  const opts = parseOptions(process.argv.slice(2));
  const command = [
    'npm run bench --',
    `--articles ${opts.articles}`,
    `--sample ${opts.sample}`,
    `--duration ${opts.duration}`,
    `--warmup ${opts.warmup}`,
    `--repeat ${opts.repeat}`,
    `--jobs ${opts.jobs}`,
    `--seed ${opts.seed}`,
    `--engine ${opts.engines.join(',')}`,
  ].join(' ');
  const load0 = loadavg();
  const started = performance.now();
  const say = (line = '') => console.log(line);

  if (opts.build) {
    log('building (npm run build) ...');
    const b = spawnSync('npm', ['run', 'build'], { cwd: packageRoot, stdio: ['ignore', 2, 2] });
    if (b.status !== 0) fail('npm run build failed; fix the build or pass --no-build to bench the current dist/');
  }
  if (!existsSync(join(packageRoot, 'dist/server.js'))) fail('dist/server.js is missing: run npm run build');

  const dir = mkdtempSync(join(tmpdir(), 'newswire-bench-'));
  const engines: BenchEngine[] = [];
  const served: Served[] = [];
  const cleanup = async () => {
    await Promise.all(served.map((s) => s.server.stop()));
    await Promise.all(engines.map((e) => e.close(opts.keep)));
    if (!opts.keep) rmSync(dir, { recursive: true, force: true });
  };
  process.once('SIGINT', () => void cleanup().then(() => process.exit(130)));

  try {
    say(`# npm run bench: ${fmt(opts.articles)} synthetic articles, seed ${opts.seed}, ${opts.engines.join(' and ')}`);
    say(
      `machine: ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'}, Node ${process.version}, ` +
        `load average ${load0.map((x) => x.toFixed(2)).join(' ')} at start`,
    );

    // 1-2. Corpus, ingest (each engine measured on its own), fill (every engine at once).
    const corpus = createCorpus({ articles: opts.articles, seed: opts.seed });
    say(
      `corpus: ${fmt(corpus.sizes.people)} people, ${fmt(corpus.sizes.organisations)} organisations, ` +
        `${fmt(corpus.sizes.cities)} cities (Zipf-skewed), ${TOPICS.length} topic words`,
    );
    const extractor = loadDefaultExtractor();
    for (const name of opts.engines) engines.push(await openEngine(name, dir));
    const ids: string[] = new Array(opts.articles);
    const df = new DocFrequencies();
    // Bulk: the first `sample` articles; one at a time: the next tenth as many (at least 1), when there are any.
    const single = Math.min(opts.articles - opts.sample, Math.max(1, Math.floor(opts.sample / 10)));
    say();
    say('## Ingest (full path, extraction included)');
    for (const [k, engine] of engines.entries()) {
      // The vocabulary is counted once: every engine ingests the same articles.
      const counted = k === 0 ? df : new DocFrequencies();
      const tag = engines.length > 1 ? `${engine.name}, ` : '';
      log(`${tag}ingesting the first ${fmt(opts.sample)} articles through ingestMany (${opts.jobs} threads) ...`);
      const bulk = await measureIngest(
        engine.store,
        corpus,
        { from: 0, count: opts.sample, jobs: opts.jobs, bulk: true, extractor },
        ids,
        counted,
      );
      ingestLine(
        say,
        `${tag}bulk (ingestMany, as npm run ingest: ${opts.jobs} extraction threads, a transaction per 64)`,
        bulk,
      );
      if (single > 0) {
        log(`${tag}then ${fmt(single)} one at a time through ingestText ...`);
        const one = await measureIngest(
          engine.store,
          corpus,
          { from: opts.sample, count: single, jobs: 0, bulk: false, extractor },
          ids,
          counted,
        );
        ingestLine(
          say,
          `${tag}one at a time (ingestText, as POST /articles without HTTP: one thread, a transaction each)`,
          one,
        );
      }
    }
    const filled = opts.sample + single;
    if (opts.articles > filled) {
      log(
        `filling the other ${fmt(opts.articles - filled)} articles (ingestMany, ${opts.jobs} extraction threads) ...`,
      );
      const n = opts.articles - filled;
      const into = teeStore(engines.map((e) => e.store));
      const f = await fill(into, corpus, { from: filled, to: opts.articles, jobs: opts.jobs, extractor }, ids, df);
      say(
        `fill of the other ${fmt(n)} the same way${engines.length > 1 ? ', each draft saved to every engine' : ''}: ` +
          `${fmt(f.seconds, 1)} s, ${fmt(n / f.seconds, 1)} articles/s`,
      );
    }
    // Settle: what a production database would have done by itself (BenchEngine.settle) before the reads.
    for (const engine of engines) {
      log(`settling ${engine.name} ...`);
      say(`settle, ${engine.name}: ${await engine.settle()}`);
    }
    const first = engines[0] as BenchEngine;
    const picks = await pick(first, opts, ids, df, say);

    // 3. A server per engine, all running, loaded route by route in turn: side by side in one sitting.
    const notes: string[] = [];
    for (const engine of engines) {
      log(`starting the built server on ${engine.name} ...`);
      const server = await startBuiltServer(dir, engine);
      const { routes, notes: more } = await routesFor(server.base, picks);
      for (const n of more) notes.push(engines.length > 1 ? `${engine.name}: ${n}` : n);
      served.push({ engine, server, routes });
    }
    say();
    say(
      `## Load (built server: node dist/server.js, RATE_LIMIT_MAX=0 MAX_EVENT_LOOP_DELAY_MS=0 LOG_LEVEL=warn` +
        `${process.env.WORKERS ? ` WORKERS=${process.env.WORKERS}` : ''}; autocannon in its own process; ` +
        `warm-up ${opts.warmup} s, then ${opts.duration} s a route${opts.repeat > 1 ? `, median of ${opts.repeat}` : ''}` +
        `${engines.length > 1 ? '; the engines take turns route by route' : ''})`,
    );
    const names = (served[0] as Served).routes.map((r) => r.name);
    const rows: Row[][] = names.map(() => []);
    for (const s of served) {
      for (const [i, name] of names.entries()) {
        const route = s.routes.find((r) => r.name === name);
        const skipped = route ? await probeRoute(s.server.base, route, notes) : 'not offered by this server';
        (rows[i] as Row[]).push({ route: route ?? ((served[0] as Served).routes[i] as Route), runs: [], skipped });
      }
    }
    for (let rep = 0; rep < opts.repeat; rep++) {
      for (const perEngine of rows) {
        for (const [k, row] of perEngine.entries()) {
          if (row.skipped) continue;
          const s = served[k] as Served;
          log(
            `load: ${row.route.name}${engines.length > 1 ? ` on ${s.engine.name}` : ''}, ` +
              `${row.route.connections} connections${opts.repeat > 1 ? `, run ${rep + 1}` : ''}`,
          );
          row.runs.push(
            await load({
              url: s.server.base,
              connections: row.route.connections,
              warmup: opts.warmup,
              duration: opts.duration,
              requests: row.route.requests,
              expect: row.route.expect,
            }),
          );
        }
      }
    }

    const failures = printTable(
      say,
      served.map((s) => s.engine.name),
      rows,
    );
    say();
    for (const n of notes) say(`note: ${n}`);
    const minutes = (performance.now() - started) / 60_000;
    say(
      `whole run: ${fmt(minutes, 1)} min; load average ${loadavg()
        .map((x) => x.toFixed(2))
        .join(' ')} at the end`,
    );
    say(`reproduce: ${command}`);
    if (failures > 0) say(`FAILED: ${fmt(failures)} responses or routes were not the expected status`);
    await cleanup();
    if (opts.keep) log(`kept ${dir} (database, server log)`);
    process.exitCode = failures > 0 ? 1 : 0;
  } catch (err) {
    await cleanup();
    throw err;
  }
}

function ingestLine(say: (l?: string) => void, what: string, f: IngestFigures) {
  say(
    `${what}: ${fmt(f.articles)} articles, ${fmt(f.chars / f.articles)} chars each: ` +
      `${fmt(f.articles / f.seconds, 1)} articles/s, ${fmt(f.chars / f.seconds)} chars/s ` +
      `(${fmt((1000 * f.seconds) / f.articles, 2)} ms an article; ${fmt(f.cpuSeconds / f.seconds, 2)} cores busy ` +
      `in this process)`,
  );
}

/** The markdown table, one group of columns per engine; returns the count of failures. */
function printTable(say: (l?: string) => void, engines: EngineName[], rows: Row[][]): number {
  const rps = (row: Row | undefined) => (row?.runs.length ? median(row.runs.map((r) => r.rps)) : Number.NaN);
  const multi = engines.length > 1;
  let failures = 0;
  say();
  const head = engines.map((e) => (multi ? `${e} req/s | ${e} p50 ms | ${e} p99 ms` : 'req/s | p50 ms | p99 ms'));
  say(`| route | connections | ${head.join(' | ')} | not expected status | note |`);
  say(`|---|---:|${engines.map(() => '---:|---:|---:|').join('')}---:|---|`);
  for (const perEngine of rows) {
    const route = (perEngine[0] as Row).route;
    const cells: string[] = [];
    const notes: string[] = [];
    let bad = 0;
    for (const [k, row] of perEngine.entries()) {
      const tag = multi ? `${engines[k]}: ` : '';
      if (row.skipped) {
        if (row.skipped.startsWith('FAILED')) failures++;
        cells.push('– | – | –');
        notes.push(`${tag}skipped: ${row.skipped}`);
        continue;
      }
      const b = row.runs.reduce((n, r) => n + r.unexpected, 0);
      bad += b;
      const r = rps(row);
      const ceiling = rps(rows[0]?.[k]);
      cells.push(
        `${fmt(r)}${route.group === 'throughput' && rows[0] !== perEngine ? ` (${(r / ceiling).toFixed(2)})` : ''} | ` +
          `${fmt(median(row.runs.map((x) => x.p50)), 1)} | ${fmt(median(row.runs.map((x) => x.p99)), 1)}`,
      );
      if (b > 0)
        notes.push(
          `${tag}statuses ${JSON.stringify(row.runs.map((x) => x.statuses))}, errors ` +
            `${row.runs.reduce((n, x) => n + x.errors, 0)} ${JSON.stringify(row.runs.map((x) => x.errorKinds))}`,
        );
    }
    failures += bad;
    if (rows[0] === perEngine) notes.unshift('the ceiling; (x) is a ratio to it');
    say(`| ${route.name} | ${route.connections} | ${cells.join(' | ')} | ${fmt(bad)} | ${notes.join('; ')} |`);
  }
  return failures;
}

main().catch((err) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
