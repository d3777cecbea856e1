// Reading articles from the SQLite store: one whole article with its entities and quotes, the
// filtered and sorted list, and what re-extraction needs.
import type Database from 'better-sqlite3';
import { type Article, type ArticleListItem, MAX_DUPLICATES } from '../../schemas/article.js';
import { type ArticleSort, articleQuery, isoInstant, SUMMARY_COLUMNS } from '../article-query.js';
import { decodeCursor } from '../cursor.js';
import {
  type ArticleFilter,
  type ArticleStatus,
  InvalidCursorError,
  type Page,
  type StoredAfterRequest,
  type StoredArticles,
  unknownAfter,
} from '../news-store.js';
import { type ArticleListRow, type ArticleRow, articleListPage, type DuplicateRow, toArticle } from '../rows.js';
import { storedArticles } from '../stored-after.js';
import type { EntityRepository } from './entities.js';
import type { Keys } from './keys.js';
import { ftsQuery } from './list-sql.js';
import type { QuoteRepository } from './quotes.js';

function prepareArticleReads(db: Database.Database) {
  return {
    article: db.prepare<[string], ArticleRow>('SELECT * FROM articles WHERE id = ?'),
    duplicates: db.prepare<[string, number, number], DuplicateRow>(
      `SELECT id, headline, source_name FROM articles WHERE story_id = ? AND seq <> ?
      ORDER BY sort_date DESC, seq DESC LIMIT ?`,
    ),
    sortKey: db.prepare<[string], { sort_date: string; seq: number }>(
      'SELECT sort_date, seq FROM articles WHERE id = ?',
    ),
    isDeleted: db.prepare<[string], { id: string }>('SELECT id FROM deleted_articles WHERE id = ?'),
    // AUTOINCREMENT seqs are never reused, and SQLite writes one transaction at a time: seq order is
    // the order articles were stored in, and every seq up to the newest is committed.
    newestSeq: db.prepare<[], number>('SELECT coalesce(max(seq), 0) FROM articles').pluck(),
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
  return toArticle(
    a,
    entities.ofArticle(a.seq),
    quotes.ofArticle(a.seq),
    q.duplicates.all(a.story_id, a.seq, MAX_DUPLICATES),
  );
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
    story: req.story,
    collapse: req.collapse === 'story',
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

/**
 * The articles stored after a position ([seq]) up to the newest one now, in seq order, that match the
 * filters: read from the full-text index (which yields rowids in order) with `q`, else from the
 * articles by seq, each other filter checked on the article.
 */
function storedAfter({ db, q, entities, articleStatements }: Reads, req: StoredAfterRequest): StoredArticles {
  const upto = q.newestSeq.get() ?? 0;
  if (req.after === undefined) return storedArticles<ArticleListRow>([], req, (r) => [r.seq], undefined, [upto]);
  const after = decodeCursor(req.after, ['number']);
  const none = () => storedArticles<ArticleListRow>([], req, (r) => [r.seq], after, [upto]);
  const entitySeqs: number[] = [];
  for (const id of req.entity ?? []) {
    const e = entities.counts(id);
    if (!e) return none();
    entitySeqs.push(e.seq);
  }
  const match = req.q === undefined ? undefined : ftsQuery(req.q);
  if (match === null) return none();
  const params: Record<string, unknown> = { after: after[0], upto, limit: req.limit + 1 };
  const where: string[] = [];
  let from = 'articles a';
  let seq = 'a.seq';
  let columns = SUMMARY_COLUMNS;
  if (match !== undefined) {
    from = 'articles_fts f JOIN articles a ON a.seq = f.rowid';
    seq = 'f.rowid';
    where.push('articles_fts MATCH @match');
    params.match = match;
    columns += ', a.paragraphs';
  }
  where.push(`${seq} > @after AND ${seq} <= @upto`);
  entitySeqs.forEach((e, i) => {
    where.push(
      `EXISTS (SELECT 1 FROM article_entities x${i} WHERE x${i}.entity_seq = @e${i} AND x${i}.article_seq = a.seq)`,
    );
    params[`e${i}`] = e;
  });
  if (req.source !== undefined) {
    where.push('a.source_name = @source COLLATE NOCASE');
    params.source = req.source;
  }
  const sql = `SELECT ${columns} FROM ${from} WHERE ${where.join(' AND ')} ORDER BY ${seq} LIMIT @limit`;
  let stmt = articleStatements.get(sql);
  if (!stmt) {
    stmt = db.prepare(sql);
    articleStatements.set(sql, stmt);
  }
  const rows = stmt.all(params) as ArticleListRow[];
  return storedArticles(rows, req, (r) => [r.seq], after, [upto]);
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
    storedAfter: (req: StoredAfterRequest) => storedAfter(reads, req),
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
