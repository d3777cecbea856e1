// Timelines and histograms in SQLite: counts grouped on a prefix of sort_date (../timeline.ts), read
// from an index that holds every column the count needs. An entity's timeline reads its range of
// article_entities_by_date (entity, date, article, mention count: migrations/0004). A histogram is
// driven by the same table as the article list with the same filters (../article-query.ts): the
// full-text index for `q` (the matches' dates read from articles_by_seq_date), the rarest entity's
// dated articles, the source index, or the date index.
import type Database from 'better-sqlite3';
import type { ArticlePeriod, EntityPeriod } from '../../schemas/timeline.js';
import { filters } from '../article-query.js';
import type { HistogramRequest, TimelineRequest } from '../news-store.js';
import { articlePeriods, type CountRow, dateRange, entityPeriods, periodPrefix } from '../timeline.js';
import type { EntityRepository } from './entities.js';
import { ftsQuery } from './list-sql.js';

export const TIMELINE_SQL = `SELECT substr(sort_date, 1, @prefix) AS period, count(*) AS articles,
  sum(mention_count) AS mentions FROM article_entities
  WHERE entity_seq = @seq AND sort_date >= @from AND sort_date <= @to
  GROUP BY period ORDER BY period`;

export interface HistogramQueryInput {
  /** Entity seqs, all of which must be mentioned; the first drives the query, so put the rarest first. */
  entities: number[];
  source?: string | undefined;
  /** ISO 8601 UTC bounds on sort_date, inclusive (both always given: see dateRange). */
  from: string;
  to: string;
  /** An FTS5 match (ftsQuery). */
  match?: string | undefined;
  prefix: number;
}

/** The SQL of a histogram: the article list's driving table and filters, counted per period. */
export function histogramQuery(input: HistogramQueryInput): { sql: string; params: Record<string, unknown> } {
  // The list's filters (../article-query.ts), the article row read only to filter by source.
  const { from, where, params, date } = filters(input, { articleRow: false });
  params.prefix = input.prefix;
  const sql = `SELECT substr(${date}, 1, @prefix) AS period, count(*) AS articles FROM ${from}
    WHERE ${where.join(' AND ')} GROUP BY period ORDER BY period`;
  return { sql, params };
}

export function createTimelineRepository(db: Database.Database, entities: EntityRepository) {
  const timeline = db.prepare<Record<string, unknown>, CountRow>(TIMELINE_SQL);
  // One prepared statement per distinct filter combination (a handful in practice).
  const statements = new Map<string, Database.Statement<Record<string, unknown>, CountRow>>();

  return {
    entity(id: string, req: TimelineRequest): EntityPeriod[] | null {
      const e = entities.counts(id);
      if (!e) return null;
      const rows = timeline.all({ seq: e.seq, prefix: periodPrefix(req.interval), ...dateRange(req) });
      return entityPeriods(rows, req.interval);
    },

    articles(req: HistogramRequest): ArticlePeriod[] {
      // As the list: the rarest entity drives; an unknown one, or words with nothing to search, match nothing.
      const filterEntities: { seq: number; article_count: number }[] = [];
      for (const id of req.entity ?? []) {
        const e = entities.counts(id);
        if (!e) return [];
        filterEntities.push(e);
      }
      filterEntities.sort((x, y) => x.article_count - y.article_count);
      const match = req.q === undefined ? undefined : ftsQuery(req.q);
      if (match === null) return [];
      const { sql, params } = histogramQuery({
        entities: filterEntities.map((e) => e.seq),
        source: req.source,
        match,
        prefix: periodPrefix(req.interval),
        ...dateRange(req),
      });
      let stmt = statements.get(sql);
      if (!stmt) {
        stmt = db.prepare<Record<string, unknown>, CountRow>(sql);
        statements.set(sql, stmt);
      }
      return articlePeriods(stmt.all(params), req.interval);
    },
  };
}
