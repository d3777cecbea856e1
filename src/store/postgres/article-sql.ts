// The SQL of GET /articles in PostgreSQL, for any combination of filters and sorts: the same choice of
// driving table as src/store/article-query.ts (the word index for `q`, an entity's dated article list,
// the source index, the date index), the same orders, tie-breaks and keyset cursors.
//
// Relevance differs from SQLite in one way. FTS5 ranks every match by bm25; ranking every match of a
// common word at 100k articles means reading every matching tsvector. Here the candidates are the
// newest RELEVANCE_CANDIDATES matches (by the list's date, then seq), ranked by ts_rank with length
// normalisation (1: divided by 1 + the log of the document's length), best first, ties newest seq
// first. So an older article that says the word more may be left out of a relevance-sorted list of a
// very common word; it still appears under sort=newest or oldest, which read every match in order.
import { type ArticleQueryInput, SUMMARY_COLUMNS } from '../article-query.js';

/** How many of the newest matches are ranked by relevance (see the comment above). */
export const RELEVANCE_CANDIDATES = 5000;

/** The engine-independent list query (article-query.ts), `match` being a tsquery literal (search.ts tsQuery). */
export interface PgArticleQueryInput extends ArticleQueryInput {
  /** How many of the newest matches relevance ranks; RELEVANCE_CANDIDATES unless a test says otherwise. */
  candidates?: number | undefined;
}

/**
 * The FROM and WHERE of a query, with its parameters and the driving table's date and seq columns.
 * `articleRow: false` (a count by date) leaves out the article row when no filter needs it, so that
 * an entity's dated index entries alone answer.
 */
export function filters(
  input: Pick<PgArticleQueryInput, 'entities' | 'match' | 'source' | 'from' | 'to'>,
  { articleRow = true } = {},
) {
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const where: string[] = [];
  let from = 'articles a';
  let date = 'a.sort_date';
  let seq = 'a.seq';
  let others = input.entities;
  if (input.match === undefined && input.entities.length > 0) {
    from =
      articleRow || input.source !== undefined
        ? 'article_entities ae JOIN articles a ON a.seq = ae.article_seq'
        : 'article_entities ae';
    where.push(`ae.entity_seq = ${p(input.entities[0])}`);
    others = input.entities.slice(1);
    date = 'ae.sort_date';
    seq = 'ae.article_seq';
  }
  if (input.match !== undefined) where.push(`a.search @@ ${p(input.match)}::tsquery`);
  for (const e of others)
    where.push(`EXISTS (SELECT 1 FROM article_entities x WHERE x.entity_seq = ${p(e)} AND x.article_seq = ${seq})`);
  // In any case of A to Z (lower() under COLLATE "C"), through articles_by_source (migration 0006).
  if (input.source !== undefined) where.push(`lower(a.source_name) = lower(${p(input.source)}::text COLLATE "C")`);
  if (input.from !== undefined) where.push(`${date} >= ${p(input.from)}`);
  if (input.to !== undefined) where.push(`${date} <= ${p(input.to)}`);
  return { params, p, where, from, date, seq };
}

export function pgArticleQuery(input: PgArticleQueryInput): { sql: string; params: unknown[] } {
  const f = filters(input);
  const text = input.match === undefined ? '' : ', a.paragraphs';
  if (input.sort !== 'relevance' || input.match === undefined) {
    const dir = input.sort === 'oldest' ? 'ASC' : 'DESC';
    if (input.after)
      f.where.push(
        `(${f.date}, ${f.seq}) ${dir === 'DESC' ? '<' : '>'} (${f.p(input.after[0])}, ${f.p(input.after[1])})`,
      );
    const where = f.where.length ? ` WHERE ${f.where.join(' AND ')}` : '';
    const sql = `SELECT ${SUMMARY_COLUMNS}${text} FROM ${f.from}${where}
      ORDER BY ${f.date} ${dir}, ${f.seq} ${dir} LIMIT ${f.p(input.limit)}`;
    return { sql, params: f.params };
  }
  // Relevance: rank the newest candidates (keeping only their seq and rank, not their words), take the
  // page by (rank, seq), and only then read the page's article rows.
  const match = f.p(input.match);
  const where = ` WHERE ${f.where.join(' AND ')}`;
  const after = input.after
    ? ` WHERE (r.rank < ${f.p(input.after[0])} OR (r.rank = ${f.p(input.after[0])} AND r.seq < ${f.p(input.after[1])}))`
    : '';
  const sql = `WITH ranked AS (
      SELECT c.seq, ts_rank(c.search, ${match}::tsquery, 1)::float8 AS rank FROM (
        SELECT a.seq, a.search FROM ${f.from}${where}
        ORDER BY ${f.date} DESC, ${f.seq} DESC LIMIT ${f.p(input.candidates ?? RELEVANCE_CANDIDATES)}) c),
    page AS (SELECT r.seq, r.rank FROM ranked r${after} ORDER BY r.rank DESC, r.seq DESC LIMIT ${f.p(input.limit)})
    SELECT ${SUMMARY_COLUMNS}${text}, p.rank FROM page p JOIN articles a ON a.seq = p.seq
    ORDER BY p.rank DESC, p.seq DESC`;
  return { sql, params: f.params };
}
