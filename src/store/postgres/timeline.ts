// Timelines and histograms in PostgreSQL, as in SQLite (src/store/sqlite/timeline.ts): counts grouped
// on a prefix of sort_date (../timeline.ts). An entity's timeline is an index-only scan of its range
// of article_entities_by_date, which carries the mention count (migrations/postgres/0003); a histogram
// is driven by the same table as the article list with the same filters (article-sql.ts): the word
// index for `q`, the rarest entity's dated articles, the source index, or the date index.
import type { ArticlePeriod, EntityPeriod } from '../../schemas/timeline.js';
import type { HistogramRequest, TimelineRequest } from '../news-store.js';
import { articlePeriods, type CountRow, dateRange, entityPeriods, periodPrefix } from '../timeline.js';
import { filters } from './article-sql.js';
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
  // The list's filters (article-sql.ts), the article row read only to filter by source or words.
  const f = filters(input, { articleRow: false });
  const sql = `SELECT substr(${f.date}, 1, ${f.p(input.prefix)}) AS period, count(*) AS articles FROM ${f.from}
    WHERE ${f.where.join(' AND ')} GROUP BY 1 ORDER BY 1`;
  return { sql, params: f.params };
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
