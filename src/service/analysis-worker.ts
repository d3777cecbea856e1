// A worker thread of the analysis pool: builds its extractor once, from the models folder the pool
// names, then analyses the texts it is sent, one at a time, and sends back each draft (or the
// error's message) under the task number it came with.
import { parentPort, workerData } from 'node:worker_threads';
import { type ArticleMeta, analyseArticle } from '../analysis/analyse-article.js';
import { loadDefaultExtractor } from '../extract/extractor.js';

export interface AnalysisTask {
  task: number;
  text: string;
  meta: ArticleMeta;
}

/** What the pool tells a worker: where the models are, and the version the pool's extractor has. */
export interface AnalysisWorkerData {
  modelsDir: string;
  version: string;
}

export type AnalysisReply =
  | { task: number; draft: ReturnType<typeof analyseArticle> }
  | { task: number; error: string };

const { modelsDir, version } = workerData as AnalysisWorkerData;
// Throwing here kills the worker before it answers a task: the pool then fails loudly (a worker that
// cannot start), rather than storing drafts of models other than the process started with.
const extractor = loadDefaultExtractor(modelsDir);
if (extractor.version !== version)
  throw new Error(`the models in ${modelsDir} changed since start (${version} -> ${extractor.version}): restart`);

parentPort?.on('message', ({ task, text, meta }: AnalysisTask) => {
  let reply: AnalysisReply;
  try {
    reply = { task, draft: analyseArticle(text, meta, extractor) };
  } catch (err) {
    reply = { task, error: err instanceof Error ? err.message : String(err) };
  }
  parentPort?.postMessage(reply);
});
