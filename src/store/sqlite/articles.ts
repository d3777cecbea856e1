// Reading articles from the SQLite store: one whole article with its entities and quotes, the
// filtered and sorted list, and what re-extraction needs.
import type Database from 'better-sqlite3';
import type { Article, ArticleListItem } from '../../schemas/article.js';
import { type ArticleSort, articleQuery, isoInstant } from '../article-query.js';
import { decodeCursor } from '../cursor.js';
import type { ArticleFilter, ArticleStatus, Page } from '../news-store.js';
import { type ArticleListRow, type ArticleRow, articleListPage, toArticle } from '../rows.js';
import type { EntityRepository } from './entities.js';
import type { Keys } from './keys.js';
import { ftsQuery } from './list-sql.js';
import type { QuoteRepository } from './quotes.js';

function prepareArticleReads(db: Database.Database) {
  return {
    article: db.prepare<[string], ArticleRow>('SELECT * FROM articles WHERE id = ?'),
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

function list({ db, entities, articleStatements }: Reads, req: ArticleFilter): Page<ArticleListItem> {
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
  const after = req.cursor
    ? sort === 'relevance'
      ? decodeCursor(req.cursor, ['float', 'number'])
      : decodeCursor(req.cursor, ['string', 'number'])
    : undefined;
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
