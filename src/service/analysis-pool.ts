// Extraction is the costly, CPU-bound part of ingesting (milliseconds per article); a pool of worker
// threads runs it on every core while the calling thread reads files and writes the store.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { type ArticleMeta, analyseArticle } from '../analysis/analyse-article.js';
import type { ArticleDraft } from '../analysis/article-draft.js';
import type { Extractor } from '../extract/extractor.js';
import type { AnalysisReply, AnalysisTask, AnalysisWorkerData } from './analysis-worker.js';

export interface Analyser {
  analyse(text: string, meta?: ArticleMeta): Promise<ArticleDraft>;
  close(): Promise<void>;
}

/** Analysis on the calling thread: for a handful of texts, where starting workers would cost more. */
export function createInlineAnalyser(extractor: Extractor): Analyser {
  return {
    analyse: async (text, meta = {}) => analyseArticle(text, meta, extractor),
    close: async () => {},
  };
}

// Tasks each worker holds at once. Tasks are handed out by this thread, which may be busy for a
// while (saving a batch synchronously): a worker holding few would finish them and sit idle until
// this thread comes back. Enough for half a save batch each keeps them busy meanwhile.
const IN_FLIGHT = 32;

/**
 * `size` worker threads, each building the extractor's twin once from the folder its models came from
 * (an extractor is not something a thread can be sent), and refusing to start when the twin's version
 * differs: every draft then carries the version of the models this process started with. Tasks are
 * handed out as workers free up. A
 * worker that dies fails only the tasks it held and is replaced, unless it never answered one (it
 * cannot start: replacing it would only loop). `workerUrl`: another script speaking the same
 * messages, for tests.
 */
export function createAnalysisPool(
  size: number,
  extractor: Extractor,
  workerUrl = new URL(`./analysis-worker${extname(import.meta.url)}`, import.meta.url),
): Analyser {
  interface Pending {
    task: AnalysisTask;
    resolve: (draft: ArticleDraft) => void;
    reject: (err: Error) => void;
  }
  if (extractor.modelsDir === null) throw new Error('an analysis pool needs an extractor whose models come from files');
  const workerData: AnalysisWorkerData = { modelsDir: extractor.modelsDir, version: extractor.version };
  const queue: Pending[] = [];
  const running = new Map<Worker, Map<number, Pending>>();
  let nextTask = 0;
  let failure: Error | null = null;
  let closed = false;

  const dispatch = () => {
    for (const [worker, tasks] of running) {
      while (tasks.size < IN_FLIGHT && queue.length > 0) {
        const p = queue.shift() as Pending;
        tasks.set(p.task.task, p);
        worker.postMessage(p.task);
      }
    }
  };

  const spawn = () => {
    const worker = startWorker(workerUrl, workerData);
    const tasks = new Map<number, Pending>();
    let answered = 0;
    running.set(worker, tasks);
    worker.on('message', (reply: AnalysisReply) => {
      const p = tasks.get(reply.task);
      if (!p) return;
      tasks.delete(reply.task);
      answered++;
      if ('draft' in reply) p.resolve(reply.draft);
      else p.reject(new Error(reply.error));
      dispatch();
    });
    // 'error' and then 'exit' both come for one death: the first one handles it.
    const lost = (why: string) => {
      if (!running.delete(worker)) return;
      const err = new Error(`an analysis worker ${why}`);
      for (const p of tasks.values()) p.reject(err);
      if (closed) return;
      if (answered > 0) spawn();
      else if (running.size === 0) {
        failure = err;
        for (const p of queue.splice(0)) p.reject(err);
      }
      dispatch();
    };
    worker.on('error', (e) => lost(`failed: ${e.message}`));
    worker.on('exit', (code) => lost(`exited with code ${code}`));
  };
  for (let i = 0; i < Math.max(1, size); i++) spawn();

  return {
    analyse(text, meta = {}) {
      if (failure) return Promise.reject(failure);
      if (closed) return Promise.reject(new Error('the analysis pool was closed'));
      return new Promise((resolve, reject) => {
        queue.push({ task: { task: nextTask++, text, meta }, resolve, reject });
        dispatch();
      });
    },
    async close() {
      closed = true;
      for (const p of queue.splice(0)) p.reject(new Error('the analysis pool was closed'));
      await Promise.all([...running.keys()].map((w) => w.terminate()));
    },
  };
}

/**
 * Built, the worker is plain JavaScript. Run from source (tsx, vitest) it is TypeScript and needs tsx's
 * loader, which Node 20 does not apply to a worker's own entry file through execArgv: a bootstrap
 * registers it first.
 */
function startWorker(url: URL, workerData: AnalysisWorkerData): Worker {
  if (!url.pathname.endsWith('.ts')) return new Worker(fileURLToPath(url), { workerData });
  // tsx's ESM API, found through its package's exports map (require.resolve would give the CommonJS one).
  const manifest = createRequire(import.meta.url).resolve('tsx/package.json');
  const { exports } = JSON.parse(readFileSync(manifest, 'utf8'));
  const tsx = pathToFileURL(join(dirname(manifest), exports['./esm/api'].import.default)).href;
  const bootstrap = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(url.href)}); })`;
  return new Worker(bootstrap, { eval: true, workerData });
}
