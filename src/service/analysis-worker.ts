// A worker thread of the analysis pool: builds its extractor once, from the models folder the pool
// names, then analyses the texts it is sent, one at a time, and sends back each draft (or the
// error's message) under the task number it came with.
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { type ArticleMeta, analyseArticle } from '../analysis/analyse-article.js';
import { loadDefaultExtractor } from '../extract/extractor.js';
import { extractionJson } from '../http/extraction.js';

export interface AnalysisTask {
  task: number;
  text: string;
  meta: ArticleMeta;
  /** Asked for POST /extract's answer (its JSON, at most this many spans) rather than the draft. */
  maxSpans?: number;
}

/** What the pool tells a worker: where the models are, and the version the pool's extractor has. */
export interface AnalysisWorkerData {
  modelsDir: string;
  version: string;
}

/** The nice value of an analysis thread: 10, half-way to the lowest priority. */
const ANALYSIS_NICE = 10;

export type AnalysisReply =
  | { task: number; draft: ReturnType<typeof analyseArticle> }
  | { task: number; json: string }
  | { task: number; error: string };

const { modelsDir, version } = workerData as AnalysisWorkerData;
// Analysis is bulk work; the event loop answers requests that someone waits on. On Linux a nice value
// belongs to a thread, and 0 names the calling one: this thread yields the CPU to the event loop when
// both want it (elsewhere it may apply to the whole process, so it is left alone).
if (process.platform === 'linux') {
  try {
    setPriority(0, ANALYSIS_NICE);
  } catch {
    // Not allowed here (a container without the capability): analysis runs at the process's priority.
  }
}
// Throwing here kills the worker before it answers a task: the pool then fails loudly (a worker that
// cannot start), rather than storing drafts of models other than the process started with.
const extractor = loadDefaultExtractor(modelsDir);
if (extractor.version !== version)
  throw new Error(`the models in ${modelsDir} changed since start (${version} -> ${extractor.version}): restart`);

parentPort?.on('message', ({ task, text, meta, maxSpans }: AnalysisTask) => {
  let reply: AnalysisReply;
  try {
    const draft = analyseArticle(text, meta, extractor);
    reply = maxSpans === undefined ? { task, draft } : { task, json: extractionJson(draft, maxSpans) };
  } catch (err) {
    reply = { task, error: err instanceof Error ? err.message : String(err) };
  }
  parentPort?.postMessage(reply);
});
