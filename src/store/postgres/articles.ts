// Reading articles from the PostgreSQL store: one whole article with its entities and quotes, the
// filtered and sorted list (article-sql.ts), and what re-extraction needs.
import { type Article, type ArticleListItem, MAX_DUPLICATES } from '../../schemas/article.js';
import { type ArticleSort, isoInstant } from '../article-query.js';
import { decodeCursor } from '../cursor.js';
import { type ArticleFilter, type ArticleStatus, InvalidCursorError, type Page, unknownAfter } from '../news-store.js';
import { type ArticleListRow, type ArticleRow, articleListPage, type DuplicateRow, toArticle } from '../rows.js';
import { pgArticleQuery } from './article-sql.js';
import { one, type Queryable, query } from './db.js';
import type { EntityRepository } from './entities.js';
import type { QuoteRepository } from './quotes.js';
import { tsQuery } from './search.js';

async function get(db: Queryable, entities: EntityRepository, quotes: QuoteRepository, id: string) {
  const a = await one<ArticleRow>(db, 'SELECT * FROM articles WHERE id = $1', [id]);
  if (!a) return null;
  const [articleEntities, articleQuotes, duplicates] = await Promise.all([
    entities.ofArticle(a.seq),
    quotes.ofArticle(a.seq),
    query<DuplicateRow>(
      db,
      `SELECT id, headline, source_name FROM articles WHERE story_id = $1 AND seq <> $2
      ORDER BY sort_date DESC, seq DESC LIMIT $3`,
      [a.story_id, a.seq, MAX_DUPLICATES],
    ),
  ]);
  return toArticle(a, articleEntities, articleQuotes, duplicates);
}

async function list(db: Queryable, entities: EntityRepository, req: ArticleFilter): Promise<Page<ArticleListItem>> {
  const sort: ArticleSort = req.sort ?? (req.q !== undefined ? 'relevance' : 'newest');
  // The rarest entity drives the query; an unknown one matches nothing.
  const filterEntities: { seq: number; article_count: number }[] = [];
  for (const id of req.entity ?? []) {
    const e = await entities.counts(id);
    if (!e) return { data: [], next: null };
    filterEntities.push(e);
  }
  filterEntities.sort((x, y) => x.article_count - y.article_count);
  const match = req.q === undefined ? undefined : tsQuery(req.q);
  if (match === null) return { data: [], next: null };
  const byRank = sort === 'relevance' && match !== undefined;
  let after: [string | number, number] | undefined;
  if (req.after !== undefined) {
    if (byRank) throw new InvalidCursorError('`after` resumes a date order, not relevance', 'after');
    const row = await one<{ sort_date: string; seq: number }>(db, 'SELECT sort_date, seq FROM articles WHERE id = $1', [
      req.after,
    ]);
    if (!row) throw unknownAfter(req.after);
    after = [row.sort_date, row.seq];
  } else if (req.cursor) {
    after = byRank ? decodeCursor(req.cursor, ['float', 'number']) : decodeCursor(req.cursor, ['string', 'number']);
  }
  const { sql, params } = pgArticleQuery({
    entities: filterEntities.map((e) => e.seq),
    source: req.source,
    from: req.from === undefined ? undefined : (isoInstant(req.from) ?? undefined),
    to: req.to === undefined ? undefined : (isoInstant(req.to, true) ?? undefined),
    match,
    sort,
    after,
    story: req.story,
    collapse: req.collapse === 'story',
    limit: req.limit + 1,
  });
  const rows = await query<ArticleListRow>(db, sql, params);
  return articleListPage(rows, req, byRank);
}

export function createArticleRepository(db: Queryable, entities: EntityRepository, quotes: QuoteRepository) {
  return {
    get: (id: string): Promise<Article | null> => get(db, entities, quotes, id),
    list: (req: ArticleFilter) => list(db, entities, req),
    input: async (id: string) => {
      const row = await one<{ text: string; client_meta: string; extractor_version: string }>(
        db,
        'SELECT text, client_meta, extractor_version FROM articles WHERE id = $1',
        [id],
      );
      return row
        ? { text: row.text, meta: JSON.parse(row.client_meta), extractorVersion: row.extractor_version }
        : null;
    },
    status: async (id: string): Promise<ArticleStatus> => {
      const row = await one<{ status: ArticleStatus }>(
        db,
        `SELECT CASE WHEN EXISTS (SELECT 1 FROM articles WHERE id = $1) THEN 'stored'
          WHEN EXISTS (SELECT 1 FROM deleted_articles WHERE id = $1) THEN 'deleted' ELSE 'absent' END AS status`,
        [id],
      );
      return row?.status ?? 'absent';
    },
  };
}
