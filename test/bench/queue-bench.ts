// Ingest throughput through the queue (`npm run bench:queue`, which builds first): the same
// BENCH_ARTICLES invented articles are queued, held back (start_after in the future) while the
// worker processes start and load their models, then released at once; the rate is the articles
// over the span from the first job started to the last completed, as PostgreSQL timestamped them,
// so process start-up is not counted. Each run has a fresh store (BENCH_STORE: sqlite, a new file;
// postgres, a new database on the TEST_DATABASE_URL server, dropped after; or both, `sqlite,postgres`),
// so every run stores the same articles into an empty one. Configurations (and stores) alternate run by
// run (so a slow spell of a shared machine hits all of them) and the table shows the median of
// BENCH_RUNS runs each. CPU is counted from /proc over the span from release to the last completion:
// the worker processes (all their threads) and the PostgreSQL backends serving them (queue and store),
// per article and as a share of the machine's cores; `machine` is every process on the machine over
// the same span (the difference is other work). Each worker logs where its time went (its phases).
// Needs PostgreSQL at TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres).
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { INGEST_QUEUE, openIngestQueue, QUEUE_SCHEMA } from '../../src/service/ingest-queue.js';
import { article, seededPick } from '../crash/articles.js';
import { createTestDatabase } from '../postgres.js';

const ARTICLES = Number(process.env.BENCH_ARTICLES ?? 400);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const STORES = (process.env.BENCH_STORE ?? 'sqlite').split(',').map((s) => {
  if (s !== 'sqlite' && s !== 'postgres') throw new Error(`BENCH_STORE: sqlite, postgres or both, not ${s}`);
  return s;
});
/**
 * Builds of the worker to compare, run by run: `dist` (the one `npm run build` just made) by default;
 * another folder under the package holding an earlier build (e.g. `dist,dist/before`) adds a column.
 */
const BUILDS = (process.env.BENCH_DIST ?? 'dist').split(',');
/** Clock ticks a second in /proc (USER_HZ: 100 on Linux). */
const HZ = 100;
/** Worker processes × jobs each works on at once. */
const CONFIGS: { workers: number; concurrency: number }[] = [
  { workers: 1, concurrency: 1 },
  { workers: 2, concurrency: 1 },
  // the other way to use a second core: one process, two analysis threads
  { workers: 1, concurrency: 2 },
];

const root = join(import.meta.dirname, '../..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Worker {
  child: ChildProcess;
  exited: Promise<number | null>;
  output: () => string;
}

/** CPU ticks (user + system) a process has used, its threads included; 0 once it is gone. */
function processTicks(pid: number): number {
  try {
    // after the command name (which may hold spaces): fields 3.. of proc(5); utime and stime are 14 and 15
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

/** Busy and total ticks of the whole machine (all cores). */
function machineTicks(): { busy: number; total: number } {
  const cpu = (readFileSync('/proc/stat', 'utf8').split('\n')[0] as string).trim().split(/\s+/).slice(1).map(Number);
  const total = cpu.reduce((a, b) => a + b, 0);
  // idle and iowait
  return { busy: total - (cpu[3] as number) - (cpu[4] as number), total };
}

function startWorker(build: string, env: NodeJS.ProcessEnv): Promise<Worker> {
  const child = spawn(process.execPath, [join(root, build, 'cli/worker.js')], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const check = setInterval(() => {
      if (output.includes('worker started')) {
        clearInterval(check);
        resolve({ child, exited, output: () => output });
      }
    }, 20);
    void exited.then(() => {
      clearInterval(check);
      reject(new Error(`the worker exited:\n${output}`));
    });
  });
}

async function main() {
  const queueDb = await createTestDatabase('newswire_queue_bench');
  // Retries at once: a busy SQLite store (two writer processes) fails an attempt now and then.
  const settings = { retryLimit: 3, retryDelaySeconds: 0, jobTimeoutSeconds: 300 };
  const queue = await openIngestQueue(queueDb.url, settings);
  const sql = new pg.Pool({ connectionString: queueDb.url, max: 2 });
  const random = seededPick(20260314);
  const texts = Array.from({ length: ARTICLES }, (_, i) => article(random, `bench-${i}`));
  console.log(
    `queue bench: ${ARTICLES} articles a run, ${RUNS} runs per configuration, ${availableParallelism()} cores, ` +
      `load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} at the start`,
  );
  const queueDbName = new URL(queueDb.url).pathname.slice(1);
  const rates = new Map<string, number[]>();
  const cpu = new Map<string, { workerMs: number[]; pgMs: number[]; cores: number[]; machine: number[] }>();
  const phases = new Map<string, Record<string, number>[]>();
  try {
    for (let run = 1; run <= RUNS; run++) {
      for (const store of STORES)
        for (const build of BUILDS)
          for (const config of CONFIGS) {
            const label = `${BUILDS.length > 1 ? `${build} ` : ''}${store}: ${config.workers} worker${config.workers > 1 ? 's' : ''} × ${config.concurrency}`;
            const dir = mkdtempSync(join(tmpdir(), 'newswire-queue-bench-'));
            const storeDb = store === 'postgres' ? await createTestDatabase('newswire_store_bench') : null;
            await sql.query(`DELETE FROM ${QUEUE_SCHEMA}.job WHERE name = $1`, [INGEST_QUEUE]);
            for (const text of texts) await queue.enqueue(text, {});
            // Held back until every worker is up.
            await sql.query(`UPDATE ${QUEUE_SCHEMA}.job SET start_after = 'infinity' WHERE name = $1`, [INGEST_QUEUE]);
            const { DATABASE_URL: _, ...inherited } = process.env;
            const env = {
              ...inherited,
              ...(storeDb ? { DATABASE_URL: storeDb.url } : {}),
              DATABASE_PATH: join(dir, 'news.db'),
              INGEST_QUEUE_URL: queueDb.url,
              WORKER_CONCURRENCY: String(config.concurrency),
              INGEST_RETRY_LIMIT: '3',
              INGEST_RETRY_DELAY_SECONDS: '0',
              LOG_LEVEL: 'warn',
            };
            // The first worker migrates the new store before the others open it.
            const workers = [await startWorker(build, env)];
            workers.push(
              ...(await Promise.all(Array.from({ length: config.workers - 1 }, () => startWorker(build, env)))),
            );
            // The backends serving the workers: the queue's pool (named) and every one on the store's database.
            const backends = async () =>
              (
                await sql.query<{ pid: number }>(
                  `SELECT pid FROM pg_stat_activity
               WHERE (datname = $1 AND application_name = 'newswire-queue') OR datname = $2`,
                  [queueDbName, storeDb ? new URL(storeDb.url).pathname.slice(1) : null],
                )
              ).rows.map((r) => r.pid);
            const before = new Map((await backends()).map((pid) => [pid, processTicks(pid)]));
            const workersBefore = workers.map((w) => processTicks(w.child.pid as number));
            const machineBefore = machineTicks();
            const released = performance.now();
            await sql.query(`UPDATE ${QUEUE_SCHEMA}.job SET start_after = now() WHERE name = $1`, [INGEST_QUEUE]);
            for (;;) {
              const { rows } = await sql.query(
                `SELECT count(*) FILTER (WHERE state < 'completed')::int AS pending,
                    count(*) FILTER (WHERE state = 'failed')::int AS failed FROM ${QUEUE_SCHEMA}.job WHERE name = $1`,
                [INGEST_QUEUE],
              );
              if (rows[0].failed > 0) {
                const why = await sql.query(
                  `SELECT DISTINCT output::text AS o FROM ${QUEUE_SCHEMA}.job WHERE state = 'failed'`,
                );
                throw new Error(`${rows[0].failed} jobs failed: ${why.rows.map((r) => r.o).join('; ')}`);
              }
              if (rows[0].pending === 0) break;
              await sleep(20);
            }
            const wallSeconds = (performance.now() - released) / 1000;
            const workerTicks = workers.reduce(
              (sum, w, i) => sum + processTicks(w.child.pid as number) - (workersBefore[i] as number),
              0,
            );
            const pgTicks = (await backends()).reduce(
              (sum, pid) => sum + processTicks(pid) - (before.get(pid) ?? 0),
              0,
            );
            const machineAfter = machineTicks();
            const machineShare = (machineAfter.busy - machineBefore.busy) / (machineAfter.total - machineBefore.total);
            const { rows } = await sql.query(
              `SELECT extract(epoch FROM max(completed_on) - min(started_on))::float AS seconds, count(*)::int AS n,
                  sum(retry_count)::int AS retries
           FROM ${QUEUE_SCHEMA}.job WHERE name = $1 AND state = 'completed'`,
              [INGEST_QUEUE],
            );
            const rate = rows[0].n / rows[0].seconds;
            rates.set(label, [...(rates.get(label) ?? []), rate]);
            const c = cpu.get(label) ?? { workerMs: [], pgMs: [], cores: [], machine: [] };
            c.workerMs.push(((workerTicks / HZ) * 1000) / rows[0].n);
            c.pgMs.push(((pgTicks / HZ) * 1000) / rows[0].n);
            const cores = (workerTicks + pgTicks) / HZ / wallSeconds / availableParallelism();
            c.cores.push(cores);
            c.machine.push(machineShare);
            cpu.set(label, c);
            console.log(
              `run ${run}, ${label}: ${rows[0].n} articles in ${rows[0].seconds.toFixed(2)} s, ${rate.toFixed(1)}/s ` +
                `(${rows[0].retries} attempts retried, the store busy); CPU per article: workers ` +
                `${(c.workerMs.at(-1) as number).toFixed(1)} ms, postgres ${(c.pgMs.at(-1) as number).toFixed(1)} ms; ` +
                `${(cores * 100).toFixed(0)}% of the ${availableParallelism()} cores (machine ${(machineShare * 100).toFixed(0)}%)`,
            );
            for (const w of workers) w.child.kill('SIGTERM');
            await Promise.all(workers.map((w) => w.exited));
            for (const w of workers) {
              const stopped = w
                .output()
                .split('\n')
                .find((l) => l.includes('"msg":"stopped"'));
              const ms = stopped ? (JSON.parse(stopped) as { ms?: Record<string, number> }).ms : undefined;
              if (ms) phases.set(label, [...(phases.get(label) ?? []), ms]);
            }
            rmSync(dir, { recursive: true, force: true });
            await storeDb?.drop();
          }
    }
  } finally {
    await queue.close();
    await sql.end();
    await queueDb.drop();
  }
  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    const m = Math.floor(s.length / 2);
    return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
  };
  console.log(
    '\n| store: workers × concurrency | articles/s (median) | runs | vs 1 worker | worker CPU ms/article | postgres CPU ms/article | share of the cores (machine) |',
  );
  console.log('|---|---|---|---|---|---|---|');
  for (const [label, xs] of rates) {
    const m = median(xs);
    const base = median(rates.get(`${label.split(':')[0]}: 1 worker × 1`) ?? [m]);
    const c = cpu.get(label);
    console.log(
      `| ${label} | ${m.toFixed(1)} | ${xs.map((x) => x.toFixed(1)).join(', ')} | ${(m / base).toFixed(2)}× | ` +
        `${median(c?.workerMs ?? [0]).toFixed(1)} | ${median(c?.pgMs ?? [0]).toFixed(1)} | ` +
        `${(median(c?.cores ?? [0]) * 100).toFixed(0)}% (${(median(c?.machine ?? [0]) * 100).toFixed(0)}%) |`,
    );
  }
  console.log('\nWhere each worker process spent its wall time, ms per article it completed (median over its runs):');
  for (const [label, list] of phases) {
    const keys = Object.keys(list[0] ?? {}).filter((k) => k !== 'jobs');
    const per = keys.map(
      (k) => `${k} ${median(list.map((p) => (p[k] as number) / Math.max(1, p.jobs as number))).toFixed(2)}`,
    );
    console.log(`${label}: ${per.join(', ')}`);
  }
  console.log(
    `load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} at the end`,
  );
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
