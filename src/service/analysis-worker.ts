// A worker thread of the analysis pool: analyses the texts it is sent, one at a time, and sends back
// each draft (or the error's message) under the task number it came with.
import { parentPort } from 'node:worker_threads';
import { type ArticleMeta, analyseArticle } from '../ingest/analyse-article.js';

export interface AnalysisTask {
  task: number;
  text: string;
  meta: ArticleMeta;
}

export type AnalysisReply =
  | { task: number; draft: ReturnType<typeof analyseArticle> }
  | { task: number; error: string };

parentPort?.on('message', ({ task, text, meta }: AnalysisTask) => {
  let reply: AnalysisReply;
  try {
    reply = { task, draft: analyseArticle(text, meta) };
  } catch (err) {
    reply = { task, error: err instanceof Error ? err.message : String(err) };
  }
  parentPort?.postMessage(reply);
});
