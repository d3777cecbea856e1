// Timelines and histograms in PostgreSQL, as in SQLite (src/store/sqlite/timeline.ts): counts grouped
// on a prefix of sort_date (../timeline.ts). An entity's timeline is an index-only scan of its range
// of article_entities_by_date, which carries the mention count (migrations/postgres/0003); a histogram
// is driven by the same table as the article list with the same filters (article-sql.ts): the word
// index for `q`, the rarest entity's dated articles, the source index, or the date index.
import type { ArticlePeriod, EntityPeriod } from '../../schemas/timeline.js';
import type { HistogramRequest, TimelineRequest } from '../news-store.js';
import { articlePeriods, type CountRow, dateRange, entityPeriods, periodPrefix } from '../timeline.js';
import { type Queryable, query } from './db.js';
import type { EntityRepository } from './entities.js';
import { tsQuery } from './search.js';

/** $1 entity seq, $2 prefix length, $3 and $4 the inclusive date bounds. */
export const PG_TIMELINE_SQL = `SELECT substr(sort_date, 1, $2) AS period, count(*) AS articles,
  sum(mention_count) AS mentions FROM article_entities
  WHERE entity_seq = $1 AND sort_date >= $3 AND sort_date <= $4
  GROUP BY 1 ORDER BY 1`;

export interface PgHistogramQueryInput {
  /** Entity seqs, all of which must be mentioned; the first drives the query, so put the rarest first. */
  entities: number[];
  source?: string | undefined;
  /** ISO 8601 UTC bounds on sort_date, inclusive (both always given: see dateRange). */
  from: string;
  to: string;
  /** A tsquery literal (search.ts tsQuery). */
  match?: string | undefined;
  prefix: number;
}

export function pgHistogramQuery(input: PgHistogramQueryInput): { sql: string; params: unknown[] } {
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
    // The entity's index entries hold the date: the article row is read only to filter by source.
    from = `article_entities ae${input.source === undefined ? '' : ' JOIN articles a ON a.seq = ae.article_seq'}`;
    where.push(`ae.entity_seq = ${p(input.entities[0])}`);
    others = input.entities.slice(1);
    date = 'ae.sort_date';
    seq = 'ae.article_seq';
  }
  if (input.match !== undefined) where.push(`a.search @@ ${p(input.match)}::tsquery`);
  for (const e of others)
    where.push(`EXISTS (SELECT 1 FROM article_entities x WHERE x.entity_seq = ${p(e)} AND x.article_seq = ${seq})`);
  if (input.source !== undefined) where.push(`a.source_name = ${p(input.source)}`);
  where.push(`${date} >= ${p(input.from)}`, `${date} <= ${p(input.to)}`);
  const sql = `SELECT substr(${date}, 1, ${p(input.prefix)}) AS period, count(*) AS articles FROM ${from}
    WHERE ${where.join(' AND ')} GROUP BY 1 ORDER BY 1`;
  return { sql, params };
}

export function createTimelineRepository(db: Queryable, entities: EntityRepository) {
  return {
    async entity(id: string, req: TimelineRequest): Promise<EntityPeriod[] | null> {
      const e = await entities.counts(id);
      if (!e) return null;
      const { from, to } = dateRange(req);
      const rows = await query<CountRow>(db, PG_TIMELINE_SQL, [e.seq, periodPrefix(req.interval), from, to]);
      return entityPeriods(rows, req.interval);
    },

    async articles(req: HistogramRequest): Promise<ArticlePeriod[]> {
      // As the list: the rarest entity drives; an unknown one, or words with nothing to search, match nothing.
      const filterEntities: { seq: number; article_count: number }[] = [];
      for (const id of req.entity ?? []) {
        const e = await entities.counts(id);
        if (!e) return [];
        filterEntities.push(e);
      }
      filterEntities.sort((x, y) => x.article_count - y.article_count);
      const match = req.q === undefined ? undefined : tsQuery(req.q);
      if (match === null) return [];
      const { sql, params } = pgHistogramQuery({
        entities: filterEntities.map((e) => e.seq),
        source: req.source,
        match,
        prefix: periodPrefix(req.interval),
        ...dateRange(req),
      });
      return articlePeriods(await query<CountRow>(db, sql, params), req.interval);
    },
  };
}
