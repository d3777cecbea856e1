// Queue crash test (`npm run test:queue-crash`, which builds first): API_PROCESSES API servers with an
// ingest queue (pg-boss in a PostgreSQL database of its own) and WORKERS `npm run worker` processes,
// all on one SQLite store. Clients POST invented articles to random API processes without pause;
// CYCLES times a random API process or worker is killed with SIGKILL at a random moment and started
// again. Then the clients stop, the queue is left to drain, and the check is that
//   - every acknowledged article (202 queued, 201 stored, 200 already stored) is stored,
//   - once: one row per article id, one job per article, no job dead-lettered,
//   - whole: every mention and every quote that POST /extract finds in its text (test/crash/essence.ts),
//   - the SQLite file passes integrity_check and foreign_key_check.
// Prints the figures; exits 1 on any violation. CRASH_SEED replays the articles and the kills;
// CRASH_CYCLES, CRASH_CLIENTS, CRASH_API_PROCESSES, CRASH_WORKERS and CRASH_DRAIN_SECONDS change its size. Needs
// PostgreSQL at TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres).
// CRASH_STORE=postgres stores the articles in a PostgreSQL database of their own (DATABASE_URL) instead
// of the SQLite file: the same checks, with the engine's own foreign keys in place of SQLite's checks.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { freePort } from '../../src/cli/server-process.js';
import { INGEST_QUEUE, QUEUE_SCHEMA } from '../../src/service/ingest-queue.js';
import { createTestDatabase } from '../postgres.js';
import { article, seededPick } from './articles.js';
import { essence } from './essence.js';

const CYCLES = Number(process.env.CRASH_CYCLES ?? 20);
const CLIENTS = Number(process.env.CRASH_CLIENTS ?? 4);
const API_PROCESSES = Number(process.env.CRASH_API_PROCESSES ?? 2);
const WORKERS = Number(process.env.CRASH_WORKERS ?? 2);
const STORE = process.env.CRASH_STORE === 'postgres' ? 'postgres' : 'sqlite';
const SEED = Number(process.env.CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));
/** Time between kills: long enough for work, short enough for many kills mid-job. */
const KILL_EVERY_MS: [number, number] = [300, 1500];
/** A killed worker's job comes back after this (plus up to one maintenance interval, half of it). */
const JOB_TIMEOUT_SECONDS = 3;
/** How long the queue may take to drain once the clients stop (CRASH_DRAIN_SECONDS): a backlog, not a loss. */
const DRAIN_TIMEOUT_MS = 1000 * Number(process.env.CRASH_DRAIN_SECONDS ?? 180);

const root = join(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'newswire-queue-crash-'));
const databasePath = join(dir, 'news.db');
const articlesDir = join(dir, 'articles');
mkdirSync(articlesDir);
const apiKey = randomBytes(24).toString('hex');
const random = seededPick(SEED);
const violations: string[] = [];
/** Why attempts failed, from the workers' 'ingest job failed' log lines (killed workers' included). */
const failures = new Map<string, number>();

function readWorkerLines(text: string) {
  for (const line of text.split('\n')) {
    if (!line.includes('ingest job failed')) continue;
    try {
      const error = String((JSON.parse(line) as { error?: unknown }).error);
      failures.set(error, (failures.get(error) ?? 0) + 1);
    } catch {
      // a line cut by a kill
    }
  }
}

interface Proc {
  kind: 'api' | 'worker';
  n: number;
  child: ChildProcess;
  base: string | null;
  exited: Promise<number | null>;
  output: () => string;
}

/** The PostgreSQL store's database, with CRASH_STORE=postgres. */
let storeDb: Awaited<ReturnType<typeof createTestDatabase>> | null = null;

function env(extra: Record<string, string>, queueUrl: string): NodeJS.ProcessEnv {
  const { DATABASE_URL: _, ...inherited } = process.env;
  return {
    ...inherited,
    DATABASE_PATH: databasePath,
    ...(storeDb ? { DATABASE_URL: storeDb.url } : {}),
    ARTICLES_DIR: articlesDir,
    API_KEYS: apiKey,
    RATE_LIMIT_MAX: '0',
    MAX_EVENT_LOOP_DELAY_MS: '0',
    LOG_LEVEL: 'warn',
    INGEST_QUEUE_URL: queueUrl,
    INGEST_JOB_TIMEOUT_SECONDS: String(JOB_TIMEOUT_SECONDS),
    INGEST_RETRY_DELAY_SECONDS: '1',
    // Enough retries that the kills (a job can be in hand at several) cannot dead-letter a job.
    INGEST_RETRY_LIMIT: '10',
    WORKER_CONCURRENCY: '2',
    ...extra,
  };
}

async function spawnProc(kind: Proc['kind'], n: number, queueUrl: string): Promise<Proc> {
  const port = kind === 'api' ? await freePort() : 0;
  const script = kind === 'api' ? 'dist/server.js' : 'dist/cli/worker.js';
  const child = spawn(process.execPath, [join(root, script)], {
    cwd: root,
    env: env(kind === 'api' ? { PORT: String(port), HOST: '127.0.0.1' } : {}, queueUrl),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      if (kind === 'worker') readWorkerLines(output);
      resolve(code);
    }),
  );
  let alive = true;
  void exited.then(() => (alive = false));
  const base = kind === 'api' ? `http://127.0.0.1:${port}` : null;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && alive) {
    if (kind === 'worker' ? output.includes('worker started') : await healthy(base as string)) {
      return { kind, n, child, base, exited, output: () => output };
    }
    await sleep(50);
  }
  child.kill('SIGKILL');
  throw new Error(`${kind} ${n} did not start:\n${output}`);
}

async function healthy(base: string) {
  try {
    return (await fetch(`${base}/health`)).status === 200;
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Sent {
  text: string;
  articleId?: string;
  jobId?: string;
  /** The answer that promised the article: 202 (queued), 201 (stored) or 200 (already stored). */
  status?: number;
}

const sent: Sent[] = [];
const answers = new Map<number, number>();
let connectionErrors = 0;

const post = (base: string, text: string) =>
  fetch(`${base}/articles`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'text/plain; charset=utf-8' },
    body: text,
  });

/** One client: POSTs new articles to a random API process until told to stop; a text whose POST met a killed process is sent again elsewhere, as a client would. */
async function client(apis: Proc[], n: number, running: () => boolean) {
  for (let i = 0; running(); i++) {
    const entry: Sent = { text: article(random, `Q${n}-${i}-${SEED}`) };
    sent.push(entry);
    for (let attempt = 0; attempt < 5 && running(); attempt++) {
      const api = apis[Math.floor(random.next() * apis.length)] as Proc;
      try {
        const res = await post(api.base as string, entry.text);
        const body = (await res.json()) as { id?: string; articleId?: string };
        answers.set(res.status, (answers.get(res.status) ?? 0) + 1);
        if (res.status === 202) {
          entry.status = 202;
          entry.jobId = body.id;
          entry.articleId = body.articleId;
        } else if (res.status === 200 || res.status === 201) {
          entry.status = res.status;
          entry.articleId = body.id;
        } else if (res.status !== 503) {
          // 503 is a process shutting down; anything else is a fault
          violations.push(`POST answered ${res.status} ${JSON.stringify(body).slice(0, 200)}`);
        }
        if (entry.status !== undefined) break;
      } catch {
        connectionErrors++; // the process was killed under the request: its fate is unknown, so send again
        await sleep(20);
      }
    }
  }
}

async function main() {
  const queueDb = await createTestDatabase('newswire_queue_crash');
  if (STORE === 'postgres') storeDb = await createTestDatabase('newswire_store_crash');
  const sql = new pg.Pool({ connectionString: queueDb.url, max: 2 });
  console.log(
    `queue crash test: ${CYCLES} kills, ${API_PROCESSES} API processes, ${WORKERS} workers, ${CLIENTS} clients, ` +
      `seed ${SEED} (CRASH_SEED=${SEED} replays); store ${storeDb?.url ?? databasePath}, queue ${queueDb.url}`,
  );
  const started = Date.now();
  const apis: Proc[] = [];
  const workers: Proc[] = [];
  // The first API process creates the queue schema; the others then find it.
  for (let n = 0; n < API_PROCESSES; n++) apis.push(await spawnProc('api', n, queueDb.url));
  for (let n = 0; n < WORKERS; n++) workers.push(await spawnProc('worker', n, queueDb.url));

  let running = true;
  const clients = Array.from({ length: CLIENTS }, (_, n) => client(apis, n, () => running));
  const kills = { api: 0, worker: 0 };
  for (let cycle = 1; cycle <= CYCLES; cycle++) {
    const wait = Math.round(KILL_EVERY_MS[0] + random.next() * (KILL_EVERY_MS[1] - KILL_EVERY_MS[0]));
    await sleep(wait);
    const all = [...apis, ...workers];
    const victim = all[Math.floor(random.next() * all.length)] as Proc;
    const active = await sql.query(
      `SELECT count(*)::int AS n FROM ${QUEUE_SCHEMA}.job WHERE name = $1 AND state = 'active'`,
      [INGEST_QUEUE],
    );
    victim.child.kill('SIGKILL');
    await victim.exited;
    kills[victim.kind]++;
    const fresh = await spawnProc(victim.kind, victim.n, queueDb.url);
    (victim.kind === 'api' ? apis : workers)[victim.n] = fresh;
    console.log(
      `kill ${String(cycle).padStart(2)}: ${victim.kind} ${victim.n} after ${wait} ms (${active.rows[0].n} jobs active at the kill); ` +
        `${sent.length} sent so far, restarted`,
    );
  }
  running = false;
  await Promise.all(clients);

  // Drain: the workers finish what is queued; jobs of killed workers come back when they expire.
  const drainStart = Date.now();
  let pending = -1;
  while (Date.now() - drainStart < DRAIN_TIMEOUT_MS) {
    const { rows } = await sql.query(
      `SELECT count(*)::int AS n FROM ${QUEUE_SCHEMA}.job WHERE name = $1 AND state < 'completed'`,
      [INGEST_QUEUE],
    );
    pending = rows[0].n;
    if (pending === 0) break;
    await sleep(250);
  }
  const drainSeconds = (Date.now() - drainStart) / 1000;
  if (pending !== 0)
    violations.push(`the queue did not drain in ${DRAIN_TIMEOUT_MS / 1000} s: ${pending} jobs pending`);

  const jobs = (
    await sql.query(
      `SELECT singleton_key AS key, state::text AS state, retry_count FROM ${QUEUE_SCHEMA}.job WHERE name = $1
       UNION ALL SELECT singleton_key, state::text, retry_count FROM ${QUEUE_SCHEMA}.archive WHERE name = $1`,
      [INGEST_QUEUE],
    )
  ).rows as { key: string; state: string; retry_count: number }[];
  const byState = new Map<string, number>();
  const perArticle = new Map<string, number>();
  for (const j of jobs) {
    byState.set(j.state, (byState.get(j.state) ?? 0) + 1);
    perArticle.set(j.key, (perArticle.get(j.key) ?? 0) + 1);
  }
  const retried = jobs.filter((j) => j.retry_count > 0).length;
  const twiceQueued = [...perArticle.values()].filter((n) => n > 1).length;
  if ((byState.get('failed') ?? 0) > 0) violations.push(`${byState.get('failed')} jobs dead-lettered`);
  if (twiceQueued > 0) violations.push(`${twiceQueued} articles were queued more than once`);

  // The store, read through a live API process and directly.
  const base = apis[0]?.base as string;
  const acknowledged = sent.filter((s) => s.status !== undefined);
  let lost = 0;
  let halfWritten = 0;
  const ids = [...new Set(acknowledged.flatMap((s) => (s.articleId ? [s.articleId] : [])))];
  const statusOf = new Map(acknowledged.map((s) => [s.articleId, s.status]));
  const checkOne = async (id: string) => {
    const res = await fetch(`${base}/articles/${id}`);
    if (res.status !== 200) {
      lost++;
      violations.push(`acknowledged article ${id} (answered ${statusOf.get(id)}) is not stored: ${res.status}`);
      return;
    }
    const stored = (await res.json()) as Parameters<typeof essence>[0] & { text: string };
    const extracted = (await (
      await fetch(`${base}/extract`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain; charset=utf-8' },
        body: stored.text,
      })
    ).json()) as Parameters<typeof essence>[0];
    if (JSON.stringify(essence(stored)) !== JSON.stringify(essence(extracted))) {
      halfWritten++;
      violations.push(`article ${id} is half-written`);
    }
  };
  // Four at a time: thousands of articles, each read and extracted again.
  let next = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < ids.length) await checkOne(ids[next++] as string);
    }),
  );
  const { rows, integrity, fk } = await storeFigures();
  if (integrity !== 'ok' || fk !== 0) violations.push(`integrity_check ${String(integrity)}, ${fk} foreign-key errors`);
  if (rows.n !== rows.ids) violations.push(`${rows.n - rows.ids} article rows share an id`);
  const distinctTexts = new Set(sent.map((s) => s.text)).size;
  if (rows.n > distinctTexts) violations.push(`${rows.n} articles stored from ${distinctTexts} texts`);

  for (const p of [...apis, ...workers]) p.child.kill('SIGTERM');
  const codes = await Promise.all([...apis, ...workers].map((p) => p.exited));
  codes.forEach((code, i) => {
    const p = [...apis, ...workers][i] as Proc;
    if (code !== 0) violations.push(`${p.kind} ${p.n} exited with ${code} on SIGTERM:\n${p.output().slice(-2000)}`);
  });
  await sql.end();

  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const status = [...answers].map(([s, n]) => `${s}×${n}`).join(' ');
  console.log(
    `total: ${kills.api + kills.worker} kills (${kills.api} API, ${kills.worker} worker) in ${seconds} s; ` +
      `${sent.length} texts sent, answers ${status}, ${connectionErrors} requests cut or refused by a killed API process (sent again); ` +
      `${acknowledged.length} acknowledged`,
  );
  console.log(
    `queue: ${jobs.length} jobs, ${[...byState].map(([s, n]) => `${s} ${n}`).join(', ')}; ${retried} retried ` +
      `(an attempt lost with a killed worker, or failed: ${[...failures].map(([e, n]) => `${n}× ${e}`).join('; ') || 'none failed'}); ` +
      `drained in ${drainSeconds.toFixed(1)} s`,
  );
  console.log(
    `store: ${rows.n} articles (${rows.ids} distinct ids); ${ids.length} acknowledged checked: ${lost} lost, ` +
      `${halfWritten} half-written; integrity ${String(integrity)}, ${fk} foreign-key errors`,
  );
  if (acknowledged.length === 0) violations.push('no article was ever acknowledged: the test proved nothing');
  if (kills.worker === 0) violations.push('no worker was killed: raise CRASH_CYCLES');
  if (violations.length > 0) {
    console.error(`FAILED: ${violations.length} violations\n${violations.slice(0, 20).join('\n')}`);
    console.error(`kept for inspection: ${dir}, queue database ${queueDb.url}`);
    process.exitCode = 1;
  } else {
    await queueDb.drop();
    await storeDb?.drop();
    rmSync(dir, { recursive: true, force: true });
    console.log('ok');
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});

/**
 * Rows and ids of the articles table, and the engine's own consistency checks: SQLite's integrity and
 * foreign-key checks; PostgreSQL enforces its foreign keys on every write, so there is nothing to run.
 */
async function storeFigures() {
  if (storeDb) {
    const client = new pg.Client({ connectionString: storeDb.url });
    await client.connect();
    const r = await client.query<{ n: number; ids: number }>(
      'SELECT count(*)::int AS n, count(DISTINCT id)::int AS ids FROM articles',
    );
    await client.end();
    // Nothing to check beyond what every write already had checked: reported as SQLite's check would.
    return { rows: r.rows[0] ?? { n: 0, ids: 0 }, integrity: 'ok', fk: 0 };
  }
  const db = new Database(databasePath, { readonly: true, fileMustExist: true });
  const rows = (db.prepare('SELECT count(*) AS n, count(DISTINCT id) AS ids FROM articles').get() ?? {}) as {
    n: number;
    ids: number;
  };
  const integrity = db.pragma('integrity_check', { simple: true });
  const fk = (db.pragma('foreign_key_check') as unknown[]).length;
  db.close();
  return { rows, integrity, fk };
}
