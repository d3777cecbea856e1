// `npm run worker`: takes articles from the ingest queue (INGEST_QUEUE_URL), extracts and stores
// them. Run as many as you like, on any host that reaches the queue database and the store.
// WORKER_CONCURRENCY jobs at once, each analysed on its own worker thread when more than one. SIGTERM
// or SIGINT: take no more jobs, finish those in hand, exit 0. A worker killed outright loses nothing:
// its active jobs expire after INGEST_JOB_TIMEOUT_SECONDS and another worker retries them.
import { ConfigError, loadConfig } from '../config.js';
import { loadDefaultExtractor } from '../extract/extractor.js';
import { createAnalysisPool, createInlineAnalyser } from '../service/analysis-pool.js';
import { openIngestQueue, startIngestWorker } from '../service/ingest-queue.js';
import { openStore } from '../store/open-store.js';
import { createPgWal } from '../store/pg-wal.js';

/** How long a stopping worker waits for the jobs in hand before it exits anyway (they then expire and retry). */
const STOP_TIMEOUT_MS = 30_000;

const log = (level: 'info' | 'warn' | 'error', msg: string, fields: object = {}) =>
  console.log(
    JSON.stringify({
      level: { info: 30, warn: 40, error: 50 }[level],
      time: Date.now(),
      pid: process.pid,
      name: 'worker',
      ...fields,
      msg,
    }),
  );

async function main() {
  const config = loadConfig();
  if (!config.ingestQueueUrl)
    throw new ConfigError('invalid configuration:\n  INGEST_QUEUE_URL: a worker needs the queue');
  // Built once: a missing or corrupt model file stops the worker before it takes a job.
  const extractor = loadDefaultExtractor();
  // Whichever engine DATABASE_URL / DATABASE_PATH names (replicas are of no use to a writer).
  const store = await openStore({ ...config, databaseReplicaUrls: [] });
  const analyser =
    config.workerConcurrency > 1
      ? createAnalysisPool(config.workerConcurrency, extractor)
      : createInlineAnalyser(extractor);
  const queue = await openIngestQueue(config.ingestQueueUrl, {
    retryLimit: config.ingestRetryLimit,
    retryDelaySeconds: config.ingestRetryDelaySeconds,
    jobTimeoutSeconds: config.ingestJobTimeoutSeconds,
    // Workers run pg-boss maintenance: it is what returns a dead worker's jobs to the queue.
    supervise: true,
    // Taking and completing jobs need not wait for the disk: a lost one is redone, idempotently.
    asyncCommit: true,
    maxConnections: config.workerConcurrency + 2,
    onError: (err) => log('error', 'ingest queue error', { error: err.message }),
  });
  // With PostgreSQL, each completed job records the primary's WAL position after its save: the API
  // hands it out as the consistency token, so the article reads back even from a lagging replica.
  const wal = config.databaseUrl ? createPgWal({ primaryUrl: config.databaseUrl, replicaUrls: [] }) : undefined;
  const worker = startIngestWorker({
    queue,
    store,
    analyser,
    concurrency: config.workerConcurrency,
    walPosition: wal && (() => wal.primaryPosition()),
    log,
  });
  log('info', 'worker started', { concurrency: config.workerConcurrency, extractor: extractor.version });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log('info', 'stopping: finishing the jobs in hand', { signal });
    const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), STOP_TIMEOUT_MS).unref());
    const finished = await Promise.race([worker.stop().then(() => 'finished' as const), timeout]);
    if (finished === 'timeout') log('warn', 'jobs still in hand at exit: they will expire and be retried');
    await queue.close();
    await analyser.close();
    await store.close();
    await wal?.close();
    log('info', 'stopped', worker.stats());
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
