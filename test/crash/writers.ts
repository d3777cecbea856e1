// Concurrent writers on one SQLite file (`npm run test:writers`, which builds first): the built server
// with WORKERS=2 on a new database (which loads WRITERS_LOADED articles at start), WRITERS_CLIENTS
// clients POSTing new articles, and meanwhile `npm run ingest` of a folder of WRITERS_FILES files and
// `npm run reprocess -- --all`, the built CLIs as separate processes, at the same time. Every POST
// must answer 2xx (a busy database is waited for, never a 503 or 500), ingest must store every file
// and reprocess every article it found. Prints the figures; exits 1 on any failure.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../../src/cli/server-process.js';
import { article, seededPick } from './articles.js';

const CLIENTS = Number(process.env.WRITERS_CLIENTS ?? 4);
const FILES = Number(process.env.WRITERS_FILES ?? 300);
const LOADED = Number(process.env.WRITERS_LOADED ?? 100);
const SEED = Number(process.env.WRITERS_SEED ?? Math.floor(Math.random() * 2 ** 31));

const root = join(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'newswire-writers-'));
const inbox = join(dir, 'inbox');
const loaded = join(dir, 'articles');
mkdirSync(inbox);
mkdirSync(loaded);
const random = seededPick(SEED);
const write = (folder: string, name: string) =>
  writeFileSync(join(folder, `${name}.txt`), article(random, `${name}-${SEED}`));
for (let i = 0; i < FILES; i++) write(inbox, `F${String(i).padStart(4, '0')}`);
for (let i = 0; i < LOADED; i++) write(loaded, `L${String(i).padStart(4, '0')}`);
const apiKey = randomBytes(24).toString('hex');
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;

const server = await startServer({
  built: true,
  dir,
  env: { WORKERS: '2', API_KEYS: apiKey, LOG_LEVEL: 'warn' },
});

const answers = new Map<number, number>();
let writes = 0;
/** Milliseconds from each POST to its answer: the wait for another writer's lock shows here. */
const latencies: number[] = [];
let stop = false;
const failures: string[] = [];

/** One client: POSTs new articles one after another until told to stop. */
async function client(n: number) {
  for (let i = 0; !stop; i++) {
    const sent = Date.now();
    const res = await fetch(`${server.base}/articles`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'text/plain; charset=utf-8' },
      body: article(random, `W${n}-${i}-${SEED}`),
    });
    const body = await res.text();
    latencies.push(Date.now() - sent);
    writes++;
    answers.set(res.status, (answers.get(res.status) ?? 0) + 1);
    if (res.status >= 300 && failures.length < 10) failures.push(`POST answered ${res.status}: ${body.slice(0, 200)}`);
  }
}

/** Runs a built CLI against the server's database; its status and output. */
function cli(script: string, args: string[]): Promise<{ code: number | null; output: string }> {
  const child: ChildProcess = spawn(process.execPath, [join(root, 'dist/cli', script), ...args], {
    cwd: root,
    env: { ...process.env, DATABASE_PATH: server.databasePath, DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, output })));
}

/** The summary line's number after `label` ("ingested 300, unchanged 0, failed 0 (...)"). */
const figure = (output: string, label: string) => Number(new RegExp(`${label} (\\d+)`).exec(output)?.[1] ?? Number.NaN);

let ingest: Awaited<ReturnType<typeof cli>> = { code: null, output: '' };
let reprocess: Awaited<ReturnType<typeof cli>> = { code: null, output: '' };
const clients = Array.from({ length: CLIENTS }, (_, n) => client(n));
const up = elapsed();
let ingestDone = '';
let reprocessDone = '';
try {
  [ingest, reprocess] = await Promise.all([
    cli('ingest.js', [inbox]).then((r) => {
      ingestDone = elapsed();
      return r;
    }),
    cli('reprocess.js', ['--all']).then((r) => {
      reprocessDone = elapsed();
      return r;
    }),
  ]);
} finally {
  stop = true;
  await Promise.allSettled(clients);
  await server.stop();
}

const ingested = figure(ingest.output, 'ingested');
const reprocessed = figure(reprocess.output, 'reprocessed');
const nonOk = [...answers].filter(([status]) => status >= 300).reduce((sum, [, n]) => sum + n, 0);
const seconds = (Date.now() - started) / 1000;
const statuses = [...answers].map(([s, n]) => `${s}: ${n}`).join(', ');
console.log(
  `writers: ${CLIENTS} clients on WORKERS=2, ingest of ${FILES} files and reprocess --all of the ${LOADED} loaded at start and those posted by then, at once (seed ${SEED})`,
);
latencies.sort((a, b) => a - b);
const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
console.log(`  POSTs ${writes} (${statuses}), non-2xx ${nonOk}`);
console.log(`  POST latency ms: p50 ${at(0.5)}, p99 ${at(0.99)}, max ${latencies.at(-1) ?? 0}`);
console.log(
  `  ingest: exit ${ingest.code}, files ingested ${ingested} of ${FILES}, failed ${figure(ingest.output, 'failed')}`,
);
console.log(
  `  reprocess: exit ${reprocess.code}, reprocessed ${reprocessed}, failed ${figure(reprocess.output, 'failed')}`,
);
console.log(
  `  duration ${seconds.toFixed(1)} s (server up at ${up}, reprocess done at ${reprocessDone}, ingest done at ${ingestDone})`,
);

const problems = [
  ...failures,
  ...(nonOk > 0 ? [`${nonOk} POSTs were not answered 2xx`] : []),
  ...(ingest.code !== 0 || ingested !== FILES
    ? [`ingest stored ${ingested} of ${FILES} files:\n${ingest.output.slice(-2000)}`]
    : []),
  ...(reprocess.code !== 0 || !(reprocessed >= LOADED) ? [`reprocess:\n${reprocess.output.slice(-2000)}`] : []),
];
if (problems.length > 0) {
  console.error(`FAILED:\n${problems.join('\n')}\nserver output:\n${server.output().slice(-3000)}`);
  process.exit(1);
}
rmSync(dir, { recursive: true, force: true });
console.log('ok');
