// Extraction is the costly, CPU-bound part of ingesting (milliseconds per article); a pool of worker
// threads runs it on every core while the calling thread reads files and writes the store.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { type ArticleMeta, analyseArticle } from '../ingest/analyse-article.js';
import type { ArticleDraft } from '../ingest/article-draft.js';
import type { AnalysisReply, AnalysisTask } from './analysis-worker.js';

export interface Analyser {
  analyse(text: string, meta?: ArticleMeta): Promise<ArticleDraft>;
  close(): Promise<void>;
}

/** Analysis on the calling thread: for a handful of texts, where starting workers would cost more. */
export const inlineAnalyser: Analyser = {
  analyse: async (text, meta) => analyseArticle(text, meta),
  close: async () => {},
};

// Tasks each worker holds at once. Tasks are handed out by this thread, which may be busy for a
// while (saving a batch synchronously): a worker holding few would finish them and sit idle until
// this thread comes back. Enough for half a save batch each keeps them busy meanwhile.
const IN_FLIGHT = 32;

/** `size` worker threads, each loading the models once; tasks are handed out as workers free up. */
export function createAnalysisPool(size: number): Analyser {
  const workerUrl = new URL(`./analysis-worker${extname(import.meta.url)}`, import.meta.url);

  interface Pending {
    task: AnalysisTask;
    resolve: (draft: ArticleDraft) => void;
    reject: (err: Error) => void;
  }
  const queue: Pending[] = [];
  const running = new Map<Worker, Map<number, Pending>>();
  const workers: Worker[] = [];
  let nextTask = 0;
  let failure: Error | null = null;

  const dispatch = () => {
    for (const [worker, tasks] of running) {
      while (tasks.size < IN_FLIGHT && queue.length > 0) {
        const p = queue.shift() as Pending;
        tasks.set(p.task.task, p);
        worker.postMessage(p.task);
      }
    }
  };

  const fail = (err: Error) => {
    failure ??= err;
    for (const tasks of running.values()) for (const p of tasks.values()) p.reject(err);
    for (const p of queue.splice(0)) p.reject(err);
    running.clear();
  };

  for (let i = 0; i < Math.max(1, size); i++) {
    const worker = startWorker(workerUrl);
    workers.push(worker);
    running.set(worker, new Map());
    worker.on('message', (reply: AnalysisReply) => {
      const tasks = running.get(worker);
      const p = tasks?.get(reply.task);
      if (!tasks || !p) return;
      tasks.delete(reply.task);
      if ('draft' in reply) p.resolve(reply.draft);
      else p.reject(new Error(reply.error));
      dispatch();
    });
    worker.on('error', (err) => fail(new Error(`an analysis worker failed: ${err.message}`)));
    worker.on('exit', (code) => {
      if (running.has(worker)) fail(new Error(`an analysis worker exited with code ${code}`));
    });
  }

  return {
    analyse(text, meta = {}) {
      if (failure) return Promise.reject(failure);
      return new Promise((resolve, reject) => {
        queue.push({ task: { task: nextTask++, text, meta }, resolve, reject });
        dispatch();
      });
    },
    async close() {
      running.clear();
      for (const p of queue.splice(0)) p.reject(new Error('the analysis pool was closed'));
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

/**
 * Built, the worker is plain JavaScript. Run from source (tsx, vitest) it is TypeScript and needs tsx's
 * loader, which Node 20 does not apply to a worker's own entry file through execArgv: a bootstrap
 * registers it first.
 */
function startWorker(url: URL): Worker {
  if (!url.pathname.endsWith('.ts')) return new Worker(fileURLToPath(url));
  // tsx's ESM API, found through its package's exports map (require.resolve would give the CommonJS one).
  const manifest = createRequire(import.meta.url).resolve('tsx/package.json');
  const { exports } = JSON.parse(readFileSync(manifest, 'utf8'));
  const tsx = pathToFileURL(join(dirname(manifest), exports['./esm/api'].import.default)).href;
  const bootstrap = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(url.href)}); })`;
  return new Worker(bootstrap, { eval: true });
}
