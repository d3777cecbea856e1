// Reading articles from the SQLite store: one whole article with its entities and quotes, the
// filtered and sorted list, and what re-extraction needs.
import type Database from 'better-sqlite3';
import type { Article, ArticleListItem } from '../../schemas/article.js';
import { type ArticleSort, articleQuery, isoInstant } from '../article-query.js';
import { decodeCursor } from '../cursor.js';
import { type ArticleFilter, type ArticleStatus, InvalidCursorError, type Page, unknownAfter } from '../news-store.js';
import { type ArticleListRow, type ArticleRow, articleListPage, toArticle } from '../rows.js';
import type { EntityRepository } from './entities.js';
import type { Keys } from './keys.js';
import { ftsQuery } from './list-sql.js';
import type { QuoteRepository } from './quotes.js';

function prepareArticleReads(db: Database.Database) {
  return {
    article: db.prepare<[string], ArticleRow>('SELECT * FROM articles WHERE id = ?'),
    sortKey: db.prepare<[string], { sort_date: string; seq: number }>(
      'SELECT sort_date, seq FROM articles WHERE id = ?',
    ),
    isDeleted: db.prepare<[string], { id: string }>('SELECT id FROM deleted_articles WHERE id = ?'),
    articleInput: db.prepare<[string], { text: string; client_meta: string; extractor_version: string }>(
      'SELECT text, client_meta, extractor_version FROM articles WHERE id = ?',
    ),
  };
}

/** What the article reads use: the statements, the other repositories, and the list statement cache. */
interface Reads {
  db: Database.Database;
  q: ReturnType<typeof prepareArticleReads>;
  entities: EntityRepository;
  quotes: QuoteRepository;
  // One prepared statement per distinct filter combination (a handful in practice).
  articleStatements: Map<string, Database.Statement>;
}

function get({ q, entities, quotes }: Reads, id: string): Article | null {
  const a = q.article.get(id);
  if (!a) return null;
  return toArticle(a, entities.ofArticle(a.seq), quotes.ofArticle(a.seq));
}

/** The sort key of a cursor: [rank, seq] for relevance, else [sort_date, seq]. */
function cursorKey(cursor: string | undefined, sort: ArticleSort): [string | number, number] | undefined {
  if (!cursor) return undefined;
  return sort === 'relevance' ? decodeCursor(cursor, ['float', 'number']) : decodeCursor(cursor, ['string', 'number']);
}

/** The sort key of the stored article `id`, for `after` (date orders only: a rank depends on the words). */
function afterKey(q: Reads['q'], id: string, sort: ArticleSort): [string, number] {
  if (sort === 'relevance') throw new InvalidCursorError('`after` resumes a date order, not relevance', 'after');
  const row = q.sortKey.get(id);
  if (!row) throw unknownAfter(id);
  return [row.sort_date, row.seq];
}

function list({ db, q, entities, articleStatements }: Reads, req: ArticleFilter): Page<ArticleListItem> {
  const sort: ArticleSort = req.sort ?? (req.q !== undefined ? 'relevance' : 'newest');
  // The rarest entity drives the query; an unknown one matches nothing.
  const filterEntities: { seq: number; article_count: number }[] = [];
  for (const id of req.entity ?? []) {
    const e = entities.counts(id);
    if (!e) return { data: [], next: null };
    filterEntities.push(e);
  }
  filterEntities.sort((x, y) => x.article_count - y.article_count);
  const match = req.q === undefined ? undefined : ftsQuery(req.q);
  if (match === null) return { data: [], next: null };
  const after = req.after !== undefined ? afterKey(q, req.after, sort) : cursorKey(req.cursor, sort);
  const from = req.from === undefined ? undefined : (isoInstant(req.from) ?? undefined);
  const to = req.to === undefined ? undefined : (isoInstant(req.to, true) ?? undefined);
  const { sql, params } = articleQuery({
    entities: filterEntities.map((e) => e.seq),
    source: req.source,
    from,
    to,
    match,
    sort,
    after,
    limit: req.limit + 1,
  });
  let stmt = articleStatements.get(sql);
  if (!stmt) {
    stmt = db.prepare(sql);
    articleStatements.set(sql, stmt);
  }
  const rows = stmt.all(params) as ArticleListRow[];
  return articleListPage(rows, req, sort === 'relevance');
}

export function createArticleRepository(
  db: Database.Database,
  keys: Keys,
  entities: EntityRepository,
  quotes: QuoteRepository,
) {
  const q = prepareArticleReads(db);
  const reads: Reads = { db, q, entities, quotes, articleStatements: new Map() };
  return {
    get: (id: string) => get(reads, id),
    list: (req: ArticleFilter) => list(reads, req),
    input: (id: string) => {
      const row = q.articleInput.get(id);
      return row
        ? { text: row.text, meta: JSON.parse(row.client_meta), extractorVersion: row.extractor_version }
        : null;
    },
    status: (id: string): ArticleStatus =>
      keys.articleSeq(id) !== undefined ? 'stored' : q.isDeleted.get(id) ? 'deleted' : 'absent',
  };
}
