// The SQL of GET /articles in PostgreSQL, for any combination of filters and sorts: the same choice of
// driving table as src/store/article-query.ts (the word index for `q`, an entity's dated article list,
// the source index, the date index), the same orders, tie-breaks and keyset cursors.
//
// Relevance differs from SQLite in one way. FTS5 ranks every match by bm25; ranking every match of a
// common word at 100k articles means reading every matching tsvector, and reading one (a TOASTed,
// compressed value of about 2.3 kB for a 2,500-character article) costs about four times what finding
// the match did. Here the candidates are the newest RELEVANCE_CANDIDATES matches (by the list's date,
// then seq), ranked by ts_rank with length normalisation (1: divided by 1 + the log of the document's
// length), best first, ties newest seq first. So an older article that says the word more may be left
// out of a relevance-sorted list of a common word; it still appears under sort=newest or oldest, which
// read every match in order.
import { type ArticleQueryInput, collapsed, SUMMARY_COLUMNS } from '../article-query.js';

/**
 * How many of the newest matches are ranked by relevance (see the comment above). 1,000 rather than
 * the 5,000 before: reading the candidates' tsvectors is most of the query's time (docs/benchmarks.md).
 */
export const RELEVANCE_CANDIDATES = 1000;

/**
 * The newest matches are asked for this many times the candidates, then cut to the candidates. The
 * planner picks its path for the larger number and does not count what testing a TOASTed tsvector
 * costs: asked for 1,000 matches of a word in 5% of the articles, it walks the date index backwards
 * testing each article's words (about 20,000 of them) where fetching the word's matches from the GIN
 * index is much cheaper. Asked for 5,000 it fetches them, and for a word in half the articles it still
 * walks the date index, which stops at the 1,000th match (the rows are pulled, not all read).
 */
const PLAN_FACTOR = 5;

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
  input: Pick<PgArticleQueryInput, 'entities' | 'match' | 'source' | 'from' | 'to' | 'story'>,
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
  // A story (a handful of articles, through articles_by_story) is narrower than any entity's list.
  if (input.match === undefined && input.entities.length > 0 && input.story === undefined) {
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
  if (input.story !== undefined) where.push(`a.story_id = ${p(input.story)}`);
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
  let text = input.match === undefined ? '' : ', a.paragraphs';
  if (input.collapse) {
    // The same filters on the story's other article n (article-query.ts collapsed()).
    const matches = input.entities.map(
      (e) => `EXISTS (SELECT 1 FROM article_entities y WHERE y.entity_seq = ${f.p(e)} AND y.article_seq = n.seq)`,
    );
    if (input.match !== undefined) matches.push(`n.search @@ ${f.p(input.match)}::tsquery`);
    if (input.source !== undefined)
      // Against the row's own source, which matched: the story's index then drives, not the source's.
      matches.push('lower(n.source_name) = lower(a.source_name)');
    if (input.from !== undefined) matches.push(`n.sort_date >= ${f.p(input.from)}`);
    if (input.to !== undefined) matches.push(`n.sort_date <= ${f.p(input.to)}`);
    const story = collapsed(matches);
    f.where.push(story.keep);
    text += `, ${story.count}`;
  }
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
  const candidates = input.candidates ?? RELEVANCE_CANDIDATES;
  const sql = `WITH ranked AS (
      SELECT c.seq, ts_rank(c.search, ${match}::tsquery, 1)::float8 AS rank FROM (
        SELECT newest.seq, newest.search FROM (
          SELECT a.seq, ${f.date} AS date, a.search FROM ${f.from}${where}
          ORDER BY ${f.date} DESC, ${f.seq} DESC LIMIT ${f.p(candidates * PLAN_FACTOR)}) newest
        ORDER BY newest.date DESC, newest.seq DESC LIMIT ${f.p(candidates)}) c),
    page AS (SELECT r.seq, r.rank FROM ranked r${after} ORDER BY r.rank DESC, r.seq DESC LIMIT ${f.p(input.limit)})
    SELECT ${SUMMARY_COLUMNS}${text}, p.rank FROM page p JOIN articles a ON a.seq = p.seq
    ORDER BY p.rank DESC, p.seq DESC`;
  return { sql, params: f.params };
}
