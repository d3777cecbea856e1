// Ingesting: text -> analysis -> store, the one path every writer takes (POST /articles, the ingest
// CLI, the start-up loader). Idempotent: the same text is the same article id, stored once.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { ArticleMeta } from '../analysis/analyse-article.js';
import type { ArticleDraft } from '../analysis/article-draft.js';
import { articleId } from '../analysis/ids.js';
import type { Extractor } from '../extract/extractor.js';
import { hasNul, MAX_TEXT_LENGTH, NUL_MESSAGE } from '../schemas/common.js';
import { type NewsStore, type SaveResult, StoreWriteRefusedError } from '../store/news-store.js';
import { decodeUtf8 } from '../text/utf8.js';
import { type Analyser, createAnalysisPool, createInlineAnalyser } from './analysis-pool.js';

/** Analyses and stores one text; `created` is false when the same text was stored before. */
export async function ingestText(
  store: NewsStore,
  text: string,
  meta: ArticleMeta,
  analyser: Analyser,
): Promise<SaveResult> {
  checkText(text);
  // The id is a hash of the text: skip the analysis when the article is already stored.
  const id = articleId(text);
  if ((await store.articleStatus(id)) === 'stored') return { id, created: false };
  return store.saveArticle(await analyser.analyse(text, meta));
}

// What the API's schema refuses, for every way in (the CLI's files too): texts longer than it describes
// (MAX_TEXT_LENGTH; HTTP bodies are also held to BODY_LIMIT bytes), and U+0000.
function checkText(text: string) {
  if (text.length > MAX_TEXT_LENGTH) throw new Error(`the text is longer than ${MAX_TEXT_LENGTH} characters`);
  if (hasNul(text)) throw new Error(`the text ${NUL_MESSAGE}`);
}

/** Article files: `*.txt`, in any folder below `dir`, in name order. */
export function articleFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && d.name.endsWith('.txt'))
    .map((d) => join(d.parentPath, d.name))
    .sort();
}

/** Files and folders (searched for `*.txt`) as one list of files. */
export function expandPaths(paths: string[]): string[] {
  return paths.flatMap((p) => (statSync(p).isDirectory() ? articleFiles(p) : [p]));
}

export interface IngestSummary {
  stored: number;
  unchanged: number;
  /** Files skipped because their article was deleted (only with `skipDeleted`). */
  deleted: number;
  failed: { file: string; reason: string }[];
  /**
   * Set when the store refused a write for a reason every write shares (no space left, read-only):
   * the ingest stopped there, and `remaining` inputs (that batch's included) were not stored.
   */
  stopped?: Stopped;
}

/** Where a bulk write stopped: the store's reason, and the inputs left undone. */
export interface Stopped {
  reason: string;
  remaining: number;
}

type Outcome = 'stored' | 'unchanged' | 'deleted' | 'failed';

export interface IngestFilesOptions {
  /** The extractor, built once by the caller; worker threads build its twin (analysis-pool.ts). */
  extractor: Extractor;
  /** Leave articles deleted through the API deleted (the start-up loader); an explicit ingest stores them again. */
  skipDeleted?: boolean;
  onFile?: (file: string, outcome: Outcome, done: number) => void;
  /**
   * Worker threads that run the extraction. By default one per core when there are enough files to
   * repay starting them (each loads the models), and none (this thread) otherwise.
   */
  jobs?: number;
}

// Articles saved per transaction: one commit per batch instead of per article is most of the saving
// in bulk, and a batch is small enough that a failure costs little to redo one by one.
const BATCH = 64;
// Batches analysed ahead of the one being saved: enough that a worker never waits for the store.
const AHEAD = 2;

type Prepared =
  | { name: string; draft: ArticleDraft }
  | { name: string; outcome: Exclude<Outcome, 'stored'>; reason?: string };

/** Stores the files' articles in file order; see ingestMany. */
export function ingestFiles(store: NewsStore, files: string[], options: IngestFilesOptions): Promise<IngestSummary> {
  return ingestMany(
    store,
    files.map((file) => ({
      name: file,
      read: () => {
        const text = decodeUtf8(readFileSync(file));
        if (text === null) throw new Error('the file is not valid UTF-8');
        if (text.trim() === '') throw new Error('the file is empty');
        return { text };
      },
    })),
    options,
  );
}

/** One article to ingest in bulk: `read` gives its text (and what its client stated), or throws why not. */
export interface IngestInput {
  name: string;
  read: () => { text: string; meta?: ArticleMeta };
}

/**
 * Stores many articles in input order (the summary and `onFile` name each by `name`). Extraction runs in
 * worker threads while this thread reads the inputs and writes the store, a batch per transaction: the
 * next batches are being analysed while one is saved.
 */
export async function ingestMany(
  store: NewsStore,
  inputs: IngestInput[],
  { extractor, skipDeleted = false, onFile, jobs }: IngestFilesOptions,
): Promise<IngestSummary> {
  const summary: IngestSummary = { stored: 0, unchanged: 0, deleted: 0, failed: [] };
  // models given in memory cannot be read again by worker threads: those stay on this thread
  const workers =
    extractor.modelsDir === null ? 0 : (jobs ?? (inputs.length >= 2 * BATCH ? availableParallelism() : 0));
  const analyser = workers > 0 ? createAnalysisPool(workers, extractor) : createInlineAnalyser(extractor);

  // Never rejects: an input's failure is its outcome, so a batch started early cannot go unhandled.
  const prepare = async ({ name, read }: IngestInput): Promise<Prepared> => {
    try {
      const { text, meta } = read();
      checkText(text);
      const status = await store.articleStatus(articleId(text));
      if (status === 'stored') return { name, outcome: 'unchanged' };
      if (skipDeleted && status === 'deleted') return { name, outcome: 'deleted' };
      return { name, draft: await analyser.analyse(text, meta) };
    } catch (err) {
      return { name, outcome: 'failed', reason: err instanceof Error ? err.message : String(err) };
    }
  };
  const start = (from: number) => Promise.all(inputs.slice(from, from + BATCH).map(prepare));

  let done = 0;
  const record = (name: string, outcome: Outcome, reason = '') => {
    if (outcome === 'failed') summary.failed.push({ file: name, reason });
    else summary[outcome]++;
    // counted outside the call: `onFile?.(…, ++done)` would skip the increment without an onFile
    done++;
    onFile?.(name, outcome, done);
  };

  try {
    // Batches started ahead of the one being saved, so the workers always have texts to analyse.
    const started: Promise<Prepared[]>[] = [];
    let next = 0;
    const startAhead = () => {
      for (; started.length < 1 + AHEAD && next < inputs.length; next += BATCH) started.push(start(next));
    };
    startAhead();
    for (let batch = started.shift(); batch; batch = started.shift()) {
      const prepared = await batch;
      startAhead();
      let saved: (SaveResult | Error)[];
      try {
        saved = await saveBatch(
          store,
          prepared.flatMap((p) => ('draft' in p ? [p.draft] : [])),
        );
      } catch (err) {
        // every later write would be refused the same way: trying each file would only repeat it
        if (!(err instanceof StoreWriteRefusedError)) throw err;
        summary.stopped = { reason: err.message, remaining: inputs.length - done };
        break;
      }
      let k = 0;
      for (const p of prepared) {
        if (!('draft' in p)) record(p.name, p.outcome, p.reason);
        else {
          const result = saved[k++] as SaveResult | Error;
          if (result instanceof Error) record(p.name, 'failed', result.message);
          else record(p.name, result.created ? 'stored' : 'unchanged');
        }
      }
    }
  } finally {
    await analyser.close();
  }
  if (summary.stored > 0) await checkpoint(store);
  return summary;
}

/**
 * After a bulk write, the WAL it grew is folded back and trimmed rather than left for readers to
 * search; best effort (a reader in the way leaves it to the next automatic checkpoint).
 */
async function checkpoint(store: NewsStore) {
  try {
    await store.checkpoint?.();
  } catch {
    // the write is done and stored; the checkpoint only saves space and reads
  }
}

/**
 * Saves drafts in one transaction; when that fails, one at a time, so only the bad ones fail. A write
 * the store refuses whatever it holds (StoreWriteRefusedError) is thrown, not retried draft by draft.
 */
async function saveBatch(store: NewsStore, drafts: ArticleDraft[]): Promise<(SaveResult | Error)[]> {
  if (drafts.length === 0) return [];
  try {
    return await store.saveArticles(drafts);
  } catch (err) {
    if (err instanceof StoreWriteRefusedError) throw err;
    const results: (SaveResult | Error)[] = [];
    for (const draft of drafts) {
      try {
        results.push(await store.saveArticle(draft));
      } catch (err) {
        if (err instanceof StoreWriteRefusedError) throw err;
        results.push(err instanceof Error ? err : new Error(String(err)));
      }
    }
    return results;
  }
}

/** The start-up load of a folder: idempotent, and an article deleted since stays deleted. */
export function loadArticles(store: NewsStore, dir: string, extractor: Extractor): Promise<IngestSummary> {
  return ingestFiles(store, articleFiles(dir), { extractor, skipDeleted: true });
}

export interface ReprocessSummary {
  reprocessed: number;
  current: number;
  failed: { id: string; reason: string }[];
  /** Set when the store refused a write every write shares (no space left, read-only): reprocessing stopped there. */
  stopped?: Stopped;
}

/**
 * Extracts stored articles again from their stored text and what their client stated, replacing
 * their entities and quotes: those made by another extractor version, or all with `all`.
 */
export async function reprocessArticles(
  store: NewsStore,
  {
    extractor,
    all = false,
    onArticle,
    jobs,
  }: {
    extractor: Extractor;
    all?: boolean;
    onArticle?: (id: string, done: number, total: number) => void;
    /** Extraction threads (default: one per core for many articles, none for a few). */
    jobs?: number;
  },
): Promise<ReprocessSummary> {
  const summary: ReprocessSummary = { reprocessed: 0, current: 0, failed: [] };
  // Collect the ids first: replacing while paging would be safe, but a fixed list is easier to reason about.
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.listArticles({ limit: 100, cursor });
    ids.push(...page.data.map((a) => a.id));
    cursor = page.next ?? undefined;
  } while (cursor);
  // the same analysis as ingest: worker threads for many articles (models read from files), a batch
  // being analysed while the one before is replaced
  const workers = extractor.modelsDir === null ? 0 : (jobs ?? (ids.length >= 2 * BATCH ? availableParallelism() : 0));
  const analyser = workers > 0 ? createAnalysisPool(workers, extractor) : createInlineAnalyser(extractor);
  // Never rejects: an article's failure is its outcome.
  const prepare = async (
    id: string,
  ): Promise<{ id: string; draft?: ArticleDraft; current?: true; reason?: string }> => {
    try {
      const input = await store.articleInput(id);
      if (!input) return { id };
      if (!all && input.extractorVersion === extractor.version) return { id, current: true };
      return { id, draft: await analyser.analyse(input.text, input.meta) };
    } catch (err) {
      return { id, reason: err instanceof Error ? err.message : String(err) };
    }
  };
  const start = (from: number) => Promise.all(ids.slice(from, from + BATCH).map(prepare));
  try {
    let done = 0;
    let next = ids.length > 0 ? start(0) : null;
    batches: for (let from = 0; next; from += BATCH) {
      const batch = await next;
      next = from + BATCH < ids.length ? start(from + BATCH) : null;
      for (const r of batch) {
        try {
          if (r.reason !== undefined) throw new Error(r.reason);
          if (r.draft) {
            await store.replaceArticle(r.draft);
            summary.reprocessed++;
          } else if (r.current) summary.current++;
        } catch (err) {
          // every later replacement would be refused the same way: stop here, as ingest does
          if (err instanceof StoreWriteRefusedError) {
            summary.stopped = { reason: err.message, remaining: ids.length - done };
            break batches;
          }
          summary.failed.push({ id: r.id, reason: err instanceof Error ? err.message : String(err) });
        }
        done++;
        onArticle?.(r.id, done, ids.length);
      }
    }
  } finally {
    await analyser.close();
  }
  if (summary.reprocessed > 0) await checkpoint(store);
  return summary;
}
