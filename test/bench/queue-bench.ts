// Ingest throughput through the queue (`npm run bench:queue`, which builds first): the same
// BENCH_ARTICLES invented articles are queued, held back (start_after in the future) while the
// worker processes start and load their models, then released at once; the rate is the articles
// over the span from the first job started to the last completed, as PostgreSQL timestamped them,
// so process start-up is not counted. Each run has a fresh SQLite store, so every run stores the
// same articles into an empty one. Configurations alternate run by run (so a slow spell of a
// shared machine hits all of them) and the table shows the median of BENCH_RUNS runs each.
// Needs PostgreSQL at TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres).
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { INGEST_QUEUE, openIngestQueue, QUEUE_SCHEMA } from '../../src/service/ingest-queue.js';
import { article, seededPick } from '../crash/articles.js';
import { createTestDatabase } from '../postgres.js';

const ARTICLES = Number(process.env.BENCH_ARTICLES ?? 400);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
/** Worker processes × jobs each works on at once. */
const CONFIGS: { workers: number; concurrency: number }[] = [
  { workers: 1, concurrency: 1 },
  { workers: 2, concurrency: 1 },
  // the other way to use a second core: one process, two analysis threads
  { workers: 1, concurrency: 2 },
];

const root = join(import.meta.dirname, '../..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function startWorker(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; exited: Promise<number | null> }> {
  const child = spawn(process.execPath, [join(root, 'dist/cli/worker.js')], {
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
        resolve({ child, exited });
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
  const rates = new Map<string, number[]>();
  try {
    for (let run = 1; run <= RUNS; run++) {
      for (const config of CONFIGS) {
        const label = `${config.workers} worker${config.workers > 1 ? 's' : ''} × ${config.concurrency}`;
        const dir = mkdtempSync(join(tmpdir(), 'newswire-queue-bench-'));
        await sql.query(`DELETE FROM ${QUEUE_SCHEMA}.job WHERE name = $1`, [INGEST_QUEUE]);
        for (const text of texts) await queue.enqueue(text, {});
        // Held back until every worker is up.
        await sql.query(`UPDATE ${QUEUE_SCHEMA}.job SET start_after = 'infinity' WHERE name = $1`, [INGEST_QUEUE]);
        const env = {
          ...process.env,
          DATABASE_PATH: join(dir, 'news.db'),
          INGEST_QUEUE_URL: queueDb.url,
          WORKER_CONCURRENCY: String(config.concurrency),
          INGEST_RETRY_LIMIT: '3',
          INGEST_RETRY_DELAY_SECONDS: '0',
          LOG_LEVEL: 'warn',
        };
        // The first worker migrates the new store before the others open it.
        const workers = [await startWorker(env)];
        workers.push(...(await Promise.all(Array.from({ length: config.workers - 1 }, () => startWorker(env)))));
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
          await sleep(100);
        }
        const { rows } = await sql.query(
          `SELECT extract(epoch FROM max(completed_on) - min(started_on))::float AS seconds, count(*)::int AS n,
                  sum(retry_count)::int AS retries
           FROM ${QUEUE_SCHEMA}.job WHERE name = $1 AND state = 'completed'`,
          [INGEST_QUEUE],
        );
        const rate = rows[0].n / rows[0].seconds;
        rates.set(label, [...(rates.get(label) ?? []), rate]);
        console.log(
          `run ${run}, ${label}: ${rows[0].n} articles in ${rows[0].seconds.toFixed(2)} s, ${rate.toFixed(1)}/s ` +
            `(${rows[0].retries} attempts retried, the store busy)`,
        );
        for (const w of workers) w.child.kill('SIGTERM');
        await Promise.all(workers.map((w) => w.exited));
        rmSync(dir, { recursive: true, force: true });
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
  const base = median(rates.values().next().value ?? [1]);
  console.log('\n| workers × concurrency | articles/s (median) | runs | vs 1 worker |');
  console.log('|---|---|---|---|');
  for (const [label, xs] of rates) {
    const m = median(xs);
    console.log(
      `| ${label} | ${m.toFixed(1)} | ${xs.map((x) => x.toFixed(1)).join(', ')} | ${(m / base).toFixed(2)}× |`,
    );
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
