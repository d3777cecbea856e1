// A child process of `npm run bench` that analyses ranges of the synthetic corpus (the extraction is
// the costly part of filling the store) and sends the drafts back; the parent saves them in order.
import { analyseArticle } from '../../ingest/analyse-article.js';
import type { ArticleDraft } from '../../ingest/article-draft.js';
import { createCorpus } from './corpus.js';

export interface AnalyseJob {
  articles: number;
  seed: number;
  from: number;
  to: number;
}

export interface AnalysedChunk {
  from: number;
  drafts: ArticleDraft[];
  words: string[][];
  /** CPU time this process spent on the chunk (the first one includes loading the model). */
  cpuSeconds: number;
}

let corpus: ReturnType<typeof createCorpus> | null = null;

process.on('message', (job: AnalyseJob) => {
  const c0 = process.cpuUsage();
  corpus ??= createCorpus({ articles: job.articles, seed: job.seed });
  const drafts: ArticleDraft[] = [];
  const words: string[][] = [];
  for (let i = job.from; i < job.to; i++) {
    const a = corpus.article(i);
    drafts.push(analyseArticle(a.text, a.meta));
    words.push(a.words);
  }
  const c = process.cpuUsage(c0);
  process.send?.({ from: job.from, drafts, words, cpuSeconds: (c.user + c.system) / 1e6 } satisfies AnalysedChunk);
});
process.on('disconnect', () => process.exit(0));
