// What both engines share of articlesStoredAfter (GET /articles/stream): the answer from the rows read
// after a position, bounded by the newest position at the time of reading.
import { encodeCursor } from './cursor.js';
import type { StoredAfterRequest, StoredArticles } from './news-store.js';
import { type ArticleListRow, articleListPage } from './rows.js';

/**
 * The answer from up to `req.limit + 1` rows in storage order (a row past the limit means more follow):
 * list items as GET /articles gives them (with a snippet under `q`), each with its position; the
 * answer's position is the last row's when the page is full, else `upto`, the newest position when
 * the rows were read, so that the articles between that matched nothing are not read again.
 */
export function storedArticles<R extends ArticleListRow>(
  rows: R[],
  req: StoredAfterRequest,
  keyOf: (row: R) => number[],
  after: number[] | undefined,
  upto: number[],
): StoredArticles {
  const more = rows.length > req.limit;
  const kept = more ? rows.slice(0, req.limit) : rows;
  const items = articleListPage(kept, { limit: req.limit, q: req.q }, false).data;
  const data = kept.map((row, i) => ({
    position: encodeCursor(keyOf(row)),
    article: items[i] as StoredArticles['data'][number]['article'],
  }));
  const last = kept.at(-1);
  // Never back before `after` (a position from before the data was reset, or made up).
  const end = after !== undefined && compareKeys(after, upto) > 0 ? after : upto;
  return { data, position: encodeCursor(more && last ? keyOf(last) : end), more };
}

function compareKeys(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
