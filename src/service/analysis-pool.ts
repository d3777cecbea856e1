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
import { extractionJson } from '../http/extraction.js';
import type { AnalysisReply, AnalysisTask, AnalysisWorkerData } from './analysis-worker.js';

export interface AnalyseOptions {
  /**
   * Aborted, a text still waiting is dropped; one being analysed is stopped when it is alone on its
   * worker thread, else left to finish. Either way the promise rejects with the signal's reason.
   */
  signal?: AbortSignal | undefined;
  /**
   * 'public' (POST /extract, which anyone may call) waits behind every 'write' text (the
   * authenticated ones, to be stored), and starts only on a worker thread holding nothing else, so a
   * write never queues behind more than the one public text its thread may be running.
   */
  priority?: 'write' | 'public' | undefined;
}

export interface Analyser {
  analyse(text: string, meta?: ArticleMeta, options?: AnalyseOptions): Promise<ArticleDraft>;
  /** POST /extract's answer for `text`, as JSON (extractionJson), with at most `maxSpans` mentions and occurrences. */
  extract(text: string, options: AnalyseOptions & { maxSpans: number }): Promise<string>;
  close(): Promise<void>;
}

/** An analyser that refuses every text with `why`: for an app that must analyse nothing. */
export function refusingAnalyser(why: string): Analyser {
  const refuse = () => Promise.reject(new Error(why));
  return { analyse: refuse, extract: refuse, close: async () => {} };
}

/** Analysis on the calling thread: for a handful of texts, where starting workers would cost more. */
export function createInlineAnalyser(extractor: Extractor): Analyser {
  return {
    analyse: async (text, meta = {}, { signal } = {}) => {
      signal?.throwIfAborted();
      return analyseArticle(text, meta, extractor);
    },
    extract: async (text, { signal, maxSpans }) => {
      signal?.throwIfAborted();
      return extractionJson(analyseArticle(text, {}, extractor), maxSpans);
    },
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
    // a draft, or an answer's JSON when the task asked for one (maxSpans)
    resolve: (result: ArticleDraft | string) => void;
    reject: (err: unknown) => void;
    isPublic: boolean;
    /** Called once the task is answered, failed or dropped, to stop listening to its signal. */
    settle: () => void;
  }
  if (extractor.modelsDir === null) throw new Error('an analysis pool needs an extractor whose models come from files');
  const workerData: AnalysisWorkerData = { modelsDir: extractor.modelsDir, version: extractor.version };
  const queue: Pending[] = [];
  const publicQueue: Pending[] = [];
  const running = new Map<Worker, Map<number, Pending>>();
  let nextTask = 0;
  let failure: Error | null = null;
  let closed = false;

  const post = (worker: Worker, tasks: Map<number, Pending>, p: Pending) => {
    tasks.set(p.task.task, p);
    worker.postMessage(p.task);
  };
  const dispatch = () => {
    for (const [worker, tasks] of running) {
      while (tasks.size < IN_FLIGHT && queue.length > 0) post(worker, tasks, queue.shift() as Pending);
      if (tasks.size === 0 && publicQueue.length > 0) post(worker, tasks, publicQueue.shift() as Pending);
    }
  };

  /** The client of a task gave up: drop it if it waits, stop its worker if the task is all it holds. */
  const abandon = (p: Pending, reason: unknown) => {
    for (const q of [queue, publicQueue]) {
      const at = q.indexOf(p);
      if (at >= 0) q.splice(at, 1);
    }
    for (const [worker, tasks] of running) {
      if (tasks.get(p.task.task) !== p) continue;
      tasks.delete(p.task.task);
      // Analysis is synchronous in the worker: the only way to stop it is to end the thread, and a
      // new one loads the models again (a fraction of what a long text costs). Not done while the
      // thread holds other tasks, which would fail with it.
      if (tasks.size === 0 && !closed) {
        running.delete(worker);
        void worker.terminate();
        spawn();
      }
    }
    p.settle();
    p.reject(reason);
    dispatch();
  };

  const spawn = () => {
    const worker = startWorker(workerUrl, workerData);
    const tasks = new Map<number, Pending>();
    let answered = 0;
    running.set(worker, tasks);
    worker.on('message', (reply: AnalysisReply) => {
      answered++;
      const p = tasks.get(reply.task);
      if (!p) return dispatch();
      tasks.delete(reply.task);
      p.settle();
      if ('error' in reply) p.reject(new Error(reply.error));
      else p.resolve('json' in reply ? reply.json : reply.draft);
      dispatch();
    });
    // 'error' and then 'exit' both come for one death: the first one handles it.
    const lost = (why: string) => {
      if (!running.delete(worker)) return;
      const err = new Error(`an analysis worker ${why}`);
      for (const p of tasks.values()) {
        p.settle();
        p.reject(err);
      }
      if (closed) return;
      if (answered > 0) spawn();
      else if (running.size === 0) {
        failure = err;
        for (const p of [...queue.splice(0), ...publicQueue.splice(0)]) {
          p.settle();
          p.reject(err);
        }
      }
      dispatch();
    };
    worker.on('error', (e) => lost(`failed: ${e.message}`));
    worker.on('exit', (code) => lost(`exited with code ${code}`));
  };
  for (let i = 0; i < Math.max(1, size); i++) spawn();

  const submit = (task: AnalysisTask, { signal, priority = 'write' }: AnalyseOptions) => {
    if (failure) return Promise.reject(failure);
    if (closed) return Promise.reject(new Error('the analysis pool was closed'));
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<ArticleDraft | string>((resolve, reject) => {
      const onAbort = () => abandon(p, signal?.reason);
      const p: Pending = {
        task,
        resolve,
        reject,
        isPublic: priority === 'public',
        settle: () => signal?.removeEventListener('abort', onAbort),
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      (p.isPublic ? publicQueue : queue).push(p);
      dispatch();
    });
  };

  return {
    analyse(text, meta = {}, options = {}) {
      return submit({ task: nextTask++, text, meta }, options) as Promise<ArticleDraft>;
    },
    extract(text, { maxSpans, ...options }) {
      return submit({ task: nextTask++, text, meta: {}, maxSpans }, options) as Promise<string>;
    },
    async close() {
      closed = true;
      for (const p of [...queue.splice(0), ...publicQueue.splice(0)]) {
        p.settle();
        p.reject(new Error('the analysis pool was closed'));
      }
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
