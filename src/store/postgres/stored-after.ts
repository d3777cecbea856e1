// articlesStoredAfter in PostgreSQL (GET /articles/stream): positions are [n, seq], the article's row in
// stored_articles (migrations/postgres/0002_stored_articles.sql), whose order is the commit order. The
// newest row is read first and bounds the page: every row up to it is committed (its transaction's
// bump waited for every earlier one's commit), so a reader going on from there misses nothing.
import { SUMMARY_COLUMNS } from '../article-query.js';
import { decodeCursor } from '../cursor.js';
import type { StoredAfterRequest, StoredArticles } from '../news-store.js';
import type { ArticleListRow } from '../rows.js';
import { storedArticles } from '../stored-after.js';
import { one, type Queryable, query, statementValues } from './db.js';
import type { EntityRepository } from './entities.js';
import { tsQuery } from './search.js';

type Row = ArticleListRow & { stored_n: number };

export async function storedAfter(
  db: Queryable,
  entities: EntityRepository,
  req: StoredAfterRequest,
): Promise<StoredArticles> {
  const after = req.after === undefined ? undefined : decodeCursor(req.after, ['number', 'number']);
  const newest = await one<{ n: number; article_seq: number }>(
    db,
    'SELECT n, article_seq FROM stored_articles ORDER BY n DESC, article_seq DESC LIMIT 1',
  );
  const upto = [newest?.n ?? 0, newest?.article_seq ?? 0];
  const keyOf = (r: Row) => [r.stored_n, r.seq];
  const none = () => storedArticles<Row>([], req, keyOf, after, upto);
  if (after === undefined) return none();
  const entitySeqs: number[] = [];
  for (const id of req.entity ?? []) {
    const e = await entities.counts(id);
    if (!e) return none();
    entitySeqs.push(e.seq);
  }
  const match = req.q === undefined ? undefined : tsQuery(req.q);
  if (match === null) return none();
  const { values, $ } = statementValues();
  const where = [
    `(l.n, l.article_seq) > (${$(after[0])}::bigint, ${$(after[1])}::bigint)`,
    `(l.n, l.article_seq) <= (${$(upto[0])}::bigint, ${$(upto[1])}::bigint)`,
  ];
  if (match !== undefined) where.push(`a.search @@ ${$(match)}::tsquery`);
  for (const e of entitySeqs)
    where.push(`EXISTS (SELECT 1 FROM article_entities x WHERE x.entity_seq = ${$(e)} AND x.article_seq = a.seq)`);
  if (req.source !== undefined) where.push(`lower(a.source_name) = lower(${$(req.source)}::text COLLATE "C")`);
  const rows = await query<Row>(
    db,
    `SELECT l.n AS stored_n, ${SUMMARY_COLUMNS}${match === undefined ? '' : ', a.paragraphs'}
    FROM stored_articles l JOIN articles a ON a.seq = l.article_seq
    WHERE ${where.join(' AND ')} ORDER BY l.n, l.article_seq LIMIT ${$(req.limit + 1)}`,
    values,
  );
  return storedArticles(rows, req, keyOf, after, upto);
}
