// Loads every article file under a folder at start-up. Idempotent: an article already stored is left
// as it is, and one deleted through the API stays deleted.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NewsStore } from '../store/news-store.js';
import { analyseArticle } from './analyse-article.js';
import { articleId } from './ids.js';

export interface LoadSummary {
  stored: number;
  unchanged: number;
  deleted: number;
  failed: { file: string; reason: string }[];
}

// Invalid UTF-8 is refused rather than silently replaced, so no text is stored altered.
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Article files: `*.txt`, in any folder below `dir`, in name order. */
export function articleFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && d.name.endsWith('.txt'))
    .map((d) => join(d.parentPath, d.name))
    .sort();
}

export async function loadArticles(store: NewsStore, dir: string): Promise<LoadSummary> {
  const summary: LoadSummary = { stored: 0, unchanged: 0, deleted: 0, failed: [] };
  for (const file of articleFiles(dir)) {
    try {
      const text = utf8.decode(readFileSync(file));
      if (text.trim() === '') throw new Error('the file is empty');
      const status = await store.articleStatus(articleId(text));
      if (status !== 'absent') {
        summary[status === 'stored' ? 'unchanged' : 'deleted']++;
        continue;
      }
      await store.saveArticle(analyseArticle(text));
      summary.stored++;
    } catch (err) {
      summary.failed.push({ file, reason: err instanceof Error ? err.message : String(err) });
    }
  }
  return summary;
}
