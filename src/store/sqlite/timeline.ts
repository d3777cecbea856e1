// Timelines and histograms in SQLite: counts grouped on a prefix of sort_date (../timeline.ts), read
// from an index that holds every column the count needs. An entity's timeline reads its range of
// article_entities_by_date (entity, date, article, mention count: migrations/0004). A histogram is
// driven by the same table as the article list with the same filters (../article-query.ts): the
// full-text index for `q` (the matches' dates read from articles_by_seq_date), the rarest entity's
// dated articles, the source index, or the date index.
import type Database from 'better-sqlite3';
import type { ArticlePeriod, EntityPeriod } from '../../schemas/timeline.js';
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
  const params: Record<string, unknown> = { from: input.from, to: input.to, prefix: input.prefix };
  const where: string[] = [];
  let from: string;
  let date = 'a.sort_date';
  let seq = 'a.seq';
  let others = input.entities;
  if (input.match !== undefined) {
    // Each match's date comes from the small (seq, date) index, not from its article row: the date is
    // the row's last column, past the text and paragraphs, which overflow the row's page, and the
    // rows of 100,000 articles outgrow the page cache (a 46% word took 320 ms so, measured).
    // With a source the row is read anyway.
    const byIndex = input.source === undefined ? ' INDEXED BY articles_by_seq_date' : '';
    from = `articles_fts f JOIN articles a${byIndex} ON a.seq = f.rowid`;
    where.push('articles_fts MATCH @match');
    params.match = input.match;
  } else if (input.entities.length > 0) {
    // The entity's index entries hold the date: the article row is read only to filter by source.
    from = `article_entities ae${input.source === undefined ? '' : ' JOIN articles a ON a.seq = ae.article_seq'}`;
    where.push('ae.entity_seq = @entity0');
    params.entity0 = input.entities[0];
    others = input.entities.slice(1);
    date = 'ae.sort_date';
    seq = 'ae.article_seq';
  } else {
    from = 'articles a';
  }
  others.forEach((e, i) => {
    where.push(
      `EXISTS (SELECT 1 FROM article_entities x${i} WHERE x${i}.entity_seq = @other${i} AND x${i}.article_seq = ${seq})`,
    );
    params[`other${i}`] = e;
  });
  if (input.source !== undefined) {
    // As in the list: with words the full-text index drives, not the source index.
    where.push(`${input.match === undefined ? '' : '+'}a.source_name = @source COLLATE NOCASE`);
    params.source = input.source;
  }
  where.push(`${date} >= @from`, `${date} <= @to`);
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
