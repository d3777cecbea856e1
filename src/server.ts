// Process entry: read the configuration, open and migrate the database (SQLite at DATABASE_PATH, or
// PostgreSQL at DATABASE_URL: src/store/open-store.ts), load the shipped articles, listen, and close
// cleanly on SIGINT/SIGTERM. With WORKERS=n the primary process migrates and loads once, then n
// workers (node:cluster) share the port and the database: SQLite in WAL mode lets them all read at
// once and takes their writes one at a time; PostgreSQL serves each worker's pool.
import cluster from 'node:cluster';
import { buildApp } from './app.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import { type Extractor, loadDefaultExtractor } from './extract/extractor.js';
import { serveClusterRateLimits } from './http/cluster-rate-limit.js';
import { newCursorSecret } from './http/cursors.js';
import { createAnalysisPool, createInlineAnalyser } from './service/analysis-pool.js';
import { loadArticles } from './service/ingest.js';
import { openIngestQueue } from './service/ingest-queue.js';
import { openStore } from './store/open-store.js';

/** Migrates the database and loads data/articles; returns what to log. */
async function prepare(config: Config, extractor: Extractor) {
  const store = await openStore(config);
  const loaded = await loadArticles(store, config.articlesDir, extractor);
  return { store, loaded };
}

async function serve(config: Config, extractor: Extractor, loadFirst: boolean) {
  // Replica problems (failing, falling behind) go to the app's log once there is one.
  let replicaProblem: (p: { msg: string; replica?: number; error: unknown }) => void = () => {};
  const store = await openStore(config, (p) => replicaProblem(p));
  const analyser =
    config.analysisThreads > 0
      ? createAnalysisPool(config.analysisThreads, extractor)
      : createInlineAnalyser(extractor);
  // With INGEST_QUEUE_URL, POST /articles queues texts for `npm run worker` processes; this process
  // leaves pg-boss maintenance (expiring the jobs of dead workers) to the workers.
  let queueError = (err: Error) => console.error(err);
  const queue = config.ingestQueueUrl
    ? await openIngestQueue(config.ingestQueueUrl, {
        retryLimit: config.ingestRetryLimit,
        retryDelaySeconds: config.ingestRetryDelaySeconds,
        jobTimeoutSeconds: config.ingestJobTimeoutSeconds,
        // This side only adds jobs and reads them (the workers hold the queue's other connections).
        maxConnections: 4,
        // pg-boss reports connection trouble here; the requests that meet it answer 500 and are logged.
        onError: (err) => queueError(err),
      })
    : null;
  const app = await buildApp({
    store,
    config,
    logger: { level: config.logLevel },
    analyser,
    queue,
    webhooks: config.webhooks,
  });
  replicaProblem = ({ msg, replica, error }) => app.log.warn({ replica, err: error }, msg);
  queueError = (err) => app.log.error({ err }, 'ingest queue error');
  if (loadFirst) {
    if (config.apiKeys.length === 0)
      app.log.warn('no API_KEYS configured: writes (POST and DELETE /articles) are refused');
    const loaded = await loadArticles(store, config.articlesDir, extractor);
    app.log.info(
      {
        dir: config.articlesDir,
        extractor: extractor.version,
        stored: loaded.stored,
        unchanged: loaded.unchanged,
        deleted: loaded.deleted,
      },
      'articles loaded',
    );
    for (const f of loaded.failed) app.log.warn({ file: f.file, reason: f.reason }, 'article not loaded');
    if (loaded.stopped) app.log.error(loaded.stopped, 'article loading stopped: the database refuses writes');
  }

  let closing = false;
  const close = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal, timeoutMs: config.shutdownTimeoutMs }, 'closing');
    // A client that never finishes its request (or a hung close) must not keep the process up for ever:
    // an orchestrator would kill it anyway, without a word in the log.
    setTimeout(() => {
      app.log.error(
        { timeoutMs: config.shutdownTimeoutMs },
        'shutdown did not finish within SHUTDOWN_TIMEOUT_MS: destroying the open connections and exiting 1',
      );
      app.server.closeAllConnections();
      process.exit(1);
    }, config.shutdownTimeoutMs).unref();
    await app.close();
    await queue?.close();
    await analyser.close();
    await store.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void close('SIGINT'));
  process.on('SIGTERM', () => void close('SIGTERM'));

  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code !== 'EADDRINUSE' && code !== 'EACCES') throw err;
    await app.close();
    throw new ConfigError(
      code === 'EADDRINUSE'
        ? `PORT=${config.port}: ${config.host}:${config.port} is already in use: stop what holds it, or choose another PORT`
        : `PORT=${config.port}: not allowed to listen on ${config.host}:${config.port} (a port below 1024 needs privileges): choose another PORT`,
    );
  }
}

async function primary(config: Config, extractor: Extractor) {
  const log = (msg: string, fields: object = {}) =>
    console.log(JSON.stringify({ level: 30, time: Date.now(), pid: process.pid, ...fields, msg }));
  const { store, loaded } = await prepare(config, extractor);
  await store.close();
  log('articles loaded', { dir: config.articlesDir, stored: loaded.stored, unchanged: loaded.unchanged });
  for (const f of loaded.failed) log('article not loaded', { level: 40, file: f.file, reason: f.reason });
  if (loaded.stopped) log('article loading stopped: the database refuses writes', { level: 50, ...loaded.stopped });
  if (config.apiKeys.length === 0) log('no API_KEYS configured: writes are refused', { level: 40 });

  // Without Redis the workers count each client's requests here, so the limit is per host rather
  // than per worker; before forking, so that no worker's first request goes unanswered.
  if (config.rateLimitMax > 0 && !config.redisUrl) serveClusterRateLimits(cluster);

  // One cursor secret for all the workers, so that a page's cursor works on whichever answers next.
  const cursorSecret = config.cursorSecret ?? newCursorSecret();
  let closing = false;
  let status = 0;
  const left = () => Object.keys(cluster.workers ?? {}).length;
  // Workers that have listened: one of the first ones that exits before is failing at start-up (the
  // port in use, the database refused), and its replacement would fail the same way, forever. Once
  // all of them have listened, the configuration is known good: a replacement that fails to start
  // (the database briefly away) is replaced in turn, and the healthy workers keep serving.
  const listening = new Set<number>();
  let started = false;
  cluster.on('listening', (worker) => {
    listening.add(worker.id);
    if (listening.size >= config.workers) started = true;
  });
  const fork = () => cluster.fork({ CURSOR_SECRET: cursorSecret });
  for (let i = 0; i < config.workers; i++) fork();
  cluster.on('exit', (worker, code, signal) => {
    if (closing) {
      if (left() === 0) process.exit(status);
      return;
    }
    if (!started && !listening.has(worker.id)) {
      log('a worker failed at start-up (its message is above): stopping', {
        level: 60,
        worker: worker.process.pid,
        code,
        signal,
      });
      status = 1;
      close('start-up failure');
      if (left() === 0) process.exit(status);
      return;
    }
    // A worker that dies unasked is replaced, so the service keeps its capacity; a replacement that
    // failed before listening is retried after a pause, not in a tight loop.
    log('worker exited; starting another', { level: 50, worker: worker.process.pid, code, signal });
    if (listening.has(worker.id)) fork();
    else setTimeout(() => closing || fork(), 1000);
  });
  const close = (signal: string) => {
    if (closing) return;
    closing = true;
    log('closing', { signal });
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
    // Each worker keeps its own deadline; this one, a little later, covers a worker that hangs anyway.
    setTimeout(() => {
      log('workers did not exit within SHUTDOWN_TIMEOUT_MS: killing them and exiting 1', { level: 50 });
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGKILL');
      process.exit(1);
    }, config.shutdownTimeoutMs + 1000).unref();
  };
  process.on('SIGINT', () => close('SIGINT'));
  process.on('SIGTERM', () => close('SIGTERM'));
}

async function main() {
  const config = loadConfig();
  // Built once per process, before anything listens: a missing or corrupt model file stops the
  // start with the file's name. Cluster workers each build their own from the same files.
  const extractor = loadDefaultExtractor();
  if (config.workers > 1) {
    if (cluster.isPrimary) return primary(config, extractor);
    return serve(config, extractor, false);
  }
  return serve(config, extractor, true);
}

main().catch((err) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
