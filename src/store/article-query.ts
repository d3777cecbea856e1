// The SQL of GET /articles for any combination of filters and sorts. One table drives each query
// through an index that serves its order (the full-text index for `q`, an entity's dated article list,
// the source index, or the date index); the other filters narrow what it yields. Keyset cursors only.

export type ArticleSort = 'newest' | 'oldest' | 'relevance';

export interface ArticleQueryInput {
  /** Entity seqs, all of which must be mentioned; the first drives the query, so put the rarest first. */
  entities: number[];
  source?: string | undefined;
  /** ISO 8601 UTC bounds on sort_date, inclusive. */
  from?: string | undefined;
  to?: string | undefined;
  /** The engine's word-search expression: an FTS5 match (ftsQuery), or PostgreSQL's tsquery (tsQuery). */
  match?: string | undefined;
  /** Only the articles of this story: its index (story_id, sort_date, seq) then drives, unless words do. */
  story?: string | undefined;
  sort: ArticleSort;
  /** The sort key of the last row of the previous page: [sort_date, seq] or, for relevance, [rank, seq]. */
  after?: [string | number, number] | undefined;
  /** Only the newest matching article of each story, with the count of the older matching ones. */
  collapse?: boolean | undefined;
  limit: number;
}

export const SUMMARY_COLUMNS =
  'a.seq, a.id, a.headline, a.standfirst, a.dateline_text, a.dateline_city, a.dateline_country, a.source_name, a.published_at, a.ingested_at, a.sort_date, a.story_id';

/**
 * collapse=story, either engine's: a row is kept when no newer article of its story (by sort_date, then
 * seq, whatever the list's order) matches the filters, and counts the older ones that do. Both are
 * conditions on the row, read from the story index (a story has a handful of articles), so the keyset
 * cursors work unchanged. `matches` gives the filters' conditions on the story's article `n`.
 */
export function collapsed(matches: string[]): { keep: string; count: string } {
  const others = (cmp: '<' | '>') =>
    `FROM articles n WHERE n.story_id = a.story_id AND (n.sort_date, n.seq) ${cmp} (a.sort_date, a.seq)${matches
      .map((m) => ` AND ${m}`)
      .join('')}`;
  return { keep: `NOT EXISTS (SELECT 1 ${others('>')})`, count: `(SELECT count(*) ${others('<')}) AS duplicate_count` };
}

/**
 * The FROM and WHERE of SQLite's article queries (the list, articleQuery, and the histogram,
 * sqlite/timeline.ts), with their named parameters and the driving table's date and seq columns.
 * `articleRow: false` (a count by date) reads the article row only when a filter needs it: an
 * entity's dated index entries alone answer, and the matches of words take their dates from the
 * small (seq, date) index. PostgreSQL's counterpart is postgres/article-sql.ts filters().
 */
export function filters(
  input: Pick<ArticleQueryInput, 'entities' | 'match' | 'story' | 'source' | 'from' | 'to'>,
  { articleRow = true } = {},
) {
  const params: Record<string, unknown> = {};
  const where: string[] = [];
  let from: string;
  // The driving table's date and seq columns: filters and order go through them to use its index.
  let date = 'a.sort_date';
  let seq = 'a.seq';
  let others = input.entities;

  if (input.match !== undefined) {
    // A count takes each match's date from the small (seq, date) index, not from its article row:
    // the date is the row's last column, past the text and paragraphs, which overflow the row's page,
    // and the rows of 100,000 articles outgrow the page cache (a 46% word took 320 ms so, measured).
    // With a source the row is read anyway.
    const byIndex = !articleRow && input.source === undefined ? ' INDEXED BY articles_by_seq_date' : '';
    from = `articles_fts f JOIN articles a${byIndex} ON a.seq = f.rowid`;
    where.push('articles_fts MATCH @match');
    params.match = input.match;
  } else if (input.entities.length > 0 && input.story === undefined) {
    // The entity's index entries hold the date: a count reads the article row only to filter by source.
    from = `article_entities ae${articleRow || input.source !== undefined ? ' JOIN articles a ON a.seq = ae.article_seq' : ''}`;
    where.push('ae.entity_seq = @entity0');
    params.entity0 = input.entities[0];
    others = input.entities.slice(1);
    date = 'ae.sort_date';
    seq = 'ae.article_seq';
  } else {
    from = 'articles a';
  }

  const article = articleRow ? 'a.seq' : seq;
  others.forEach((e, i) => {
    where.push(
      `EXISTS (SELECT 1 FROM article_entities x${i} WHERE x${i}.entity_seq = @other${i} AND x${i}.article_seq = ${article})`,
    );
    params[`other${i}`] = e;
  });
  if (input.story !== undefined) {
    where.push('a.story_id = @story');
    params.story = input.story;
  }
  if (input.source !== undefined) {
    // In any case of A to Z, through articles_by_source (migration 0007). With words the full-text
    // index drives, usually the narrower side, and a story's index is narrower still: `+` keeps SQLite
    // from driving from the source index instead (one full-text lookup per article of the source).
    const driven = input.match !== undefined || input.story !== undefined;
    where.push(`${driven ? '+' : ''}a.source_name = @source COLLATE NOCASE`);
    params.source = input.source;
  }
  if (input.from !== undefined) {
    where.push(`${date} >= @from`);
    params.from = input.from;
  }
  if (input.to !== undefined) {
    where.push(`${date} <= @to`);
    params.to = input.to;
  }
  return { from, where, params, date, seq };
}

export function articleQuery(input: ArticleQueryInput): { sql: string; params: Record<string, unknown> } {
  const { from, where, params, date, seq } = filters(input);
  params.limit = input.limit;
  let columns = SUMMARY_COLUMNS;
  // The page's rows bring their text for the snippet (see snippet.ts).
  if (input.match !== undefined) columns += ', a.paragraphs, t.rank AS rank';

  let order: string;
  if (input.sort === 'relevance') {
    // bm25 rank: lower is better. Ranking needs every match sorted; the other sorts read in order.
    order = 'f.rank, f.rowid DESC';
    if (input.after) {
      where.push('(f.rank > @afterKey OR (f.rank = @afterKey AND f.rowid < @afterSeq))');
      params.afterKey = input.after[0];
      params.afterSeq = input.after[1];
    }
  } else {
    const desc = input.sort === 'newest';
    order = `${date} ${desc ? 'DESC' : 'ASC'}, ${seq} ${desc ? 'DESC' : 'ASC'}`;
    // Always bounded: the first page starts from a key beyond every row, so each page is an index range.
    where.push(`(${date}, ${seq}) ${desc ? '<' : '>'} (@afterKey, @afterSeq)`);
    params.afterKey = input.after?.[0] ?? (desc ? '\u{10FFFF}' : '');
    params.afterSeq = input.after?.[1] ?? (desc ? Number.MAX_SAFE_INTEGER : 0);
  }
  if (input.collapse) {
    // The same filters on the story's other article n; the words through the full-text index by rowid.
    const matches = input.entities.map((_, i) => {
      params[`story${i}`] = input.entities[i];
      return `EXISTS (SELECT 1 FROM article_entities y${i} WHERE y${i}.entity_seq = @story${i} AND y${i}.article_seq = n.seq)`;
    });
    if (input.match !== undefined)
      matches.push('EXISTS (SELECT 1 FROM articles_fts WHERE articles_fts MATCH @match AND rowid = n.seq)');
    // Against the row's own source, which matched: the story's index then drives, not the source's.
    if (input.source !== undefined) matches.push('n.source_name = a.source_name COLLATE NOCASE');
    if (input.from !== undefined) matches.push('n.sort_date >= @from');
    if (input.to !== undefined) matches.push('n.sort_date <= @to');
    const story = collapsed(matches);
    where.push(story.keep);
    columns += `, ${story.count}`;
  }
  const filter = where.length ? ` WHERE ${where.join(' AND ')}` : '';
  if (input.match === undefined)
    return { sql: `SELECT ${columns} FROM ${from}${filter} ORDER BY ${order} LIMIT @limit`, params };

  // Words: the first pass finds the page among all the matches reading only what the order and the
  // filters need (for relevance and no filter, the full-text index alone); the article rows are read
  // for the page's rows only, and the second pass sorts just those.
  const needsArticle = where.some((w) => w.includes('a.'));
  const page = `SELECT f.rowid AS seq, f.rank AS rank FROM ${needsArticle ? from : 'articles_fts f'}${filter}
    ORDER BY ${order} LIMIT @limit`;
  const outerOrder = input.sort === 'relevance' ? 't.rank, t.seq DESC' : order.replace(/f\.rowid|a\.seq/g, 't.seq');
  const sql = `SELECT ${columns} FROM (${page}) t CROSS JOIN articles a WHERE a.seq = t.seq ORDER BY ${outerOrder}`;
  return { sql, params };
}

/** The UTC ISO time of an ISO date or date-time; a date alone is its first (or, with `endOfDay`, last) instant. */
export function isoInstant(value: string, endOfDay = false): string | null {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const d = new Date(dateOnly ? `${value}T${endOfDay ? '23:59:59.999' : '00:00:00.000'}Z` : value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}
