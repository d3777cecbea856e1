// Ingesting: text -> analysis -> store, the one path every writer takes (POST /articles, the ingest
// CLI, the start-up loader). Idempotent: the same text is the same article id, stored once.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type ArticleMeta, analyseArticle } from '../ingest/analyse-article.js';
import { EXTRACTOR_VERSION } from '../ingest/extractor-version.js';
import { articleId } from '../ingest/ids.js';
import { decodeUtf8 } from '../ingest/utf8.js';
import { MAX_TEXT_LENGTH } from '../schemas/common.js';
import type { NewsStore, SaveResult } from '../store/news-store.js';

/** Analyses and stores one text; `created` is false when the same text was stored before. */
export async function ingestText(store: NewsStore, text: string, meta: ArticleMeta = {}): Promise<SaveResult> {
  // The longest text the API describes (MAX_TEXT_LENGTH), for every way in; HTTP bodies are also
  // held to BODY_LIMIT bytes.
  if (text.length > MAX_TEXT_LENGTH) throw new Error(`the text is longer than ${MAX_TEXT_LENGTH} characters`);
  // The id is a hash of the text: skip the analysis when the article is already stored.
  const id = articleId(text);
  if ((await store.articleStatus(id)) === 'stored') return { id, created: false };
  return store.saveArticle(analyseArticle(text, meta));
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
}

export interface IngestFilesOptions {
  /** Leave articles deleted through the API deleted (the start-up loader); an explicit ingest stores them again. */
  skipDeleted?: boolean;
  onFile?: (file: string, outcome: 'stored' | 'unchanged' | 'deleted' | 'failed', done: number) => void;
}

export async function ingestFiles(
  store: NewsStore,
  files: string[],
  { skipDeleted = false, onFile }: IngestFilesOptions = {},
): Promise<IngestSummary> {
  const summary: IngestSummary = { stored: 0, unchanged: 0, deleted: 0, failed: [] };
  for (const [i, file] of files.entries()) {
    let outcome: 'stored' | 'unchanged' | 'deleted' | 'failed';
    try {
      const text = decodeUtf8(readFileSync(file));
      if (text === null) throw new Error('the file is not valid UTF-8');
      if (text.trim() === '') throw new Error('the file is empty');
      if (skipDeleted && (await store.articleStatus(articleId(text))) === 'deleted') outcome = 'deleted';
      else outcome = (await ingestText(store, text)).created ? 'stored' : 'unchanged';
    } catch (err) {
      outcome = 'failed';
      summary.failed.push({ file, reason: err instanceof Error ? err.message : String(err) });
    }
    if (outcome !== 'failed') summary[outcome]++;
    onFile?.(file, outcome, i + 1);
  }
  return summary;
}

/** The start-up load of a folder: idempotent, and an article deleted since stays deleted. */
export function loadArticles(store: NewsStore, dir: string): Promise<IngestSummary> {
  return ingestFiles(store, articleFiles(dir), { skipDeleted: true });
}

export interface ReprocessSummary {
  reprocessed: number;
  current: number;
  failed: { id: string; reason: string }[];
}

/**
 * Extracts stored articles again from their stored text and what their client stated, replacing
 * their entities and quotes: those made by another extractor version, or all with `all`.
 */
export async function reprocessArticles(
  store: NewsStore,
  { all = false, onArticle }: { all?: boolean; onArticle?: (id: string, done: number, total: number) => void } = {},
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
  for (const [i, id] of ids.entries()) {
    try {
      const input = await store.articleInput(id);
      if (input && (all || input.extractorVersion !== EXTRACTOR_VERSION)) {
        await store.replaceArticle(analyseArticle(input.text, input.meta));
        summary.reprocessed++;
      } else if (input) summary.current++;
    } catch (err) {
      summary.failed.push({ id, reason: err instanceof Error ? err.message : String(err) });
    }
    onArticle?.(id, i + 1, ids.length);
  }
  return summary;
}
