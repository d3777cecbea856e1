// What the engines share for timelines and histograms (NewsStore.entityTimeline, articleHistogram).
// Both count in SQL, grouping on a prefix of the ISO 8601 UTC list date (sort_date) read from an
// index: its first 10 characters are the day, its first 7 the month. A week is not a prefix: the
// engines count per day and the days are added up into ISO weeks here, over at most one row a day
// (never over articles), with the same code for both engines, so no engine's date functions (which
// differ, and in PostgreSQL fail on dates it cannot represent) decide which week a day belongs to.
import type { ArticlePeriod, EntityPeriod, Interval } from '../schemas/timeline.js';
import { isoInstant } from './article-query.js';
import type { TimelineRequest } from './news-store.js';

/** How many leading characters of sort_date name the period (or, for a week, its day). */
export function periodPrefix(interval: Interval): number {
  return interval === 'month' ? 7 : 10;
}

/**
 * The inclusive bounds on sort_date, always both: a range on the index's date column is what makes
 * the engines read the index rather than the table. Unbounded ends are '' and U+10FFFF, below and
 * above every ISO date (as the list's first-page cursor).
 */
export function dateRange(req: TimelineRequest): { from: string; to: string } {
  return {
    from: (req.from === undefined ? undefined : isoInstant(req.from)) ?? '',
    to: (req.to === undefined ? undefined : isoInstant(req.to, true)) ?? '\u{10FFFF}',
  };
}

/** A row of the engines' counts: the sort_date prefix and its counts (PostgreSQL's bigints as text). */
export interface CountRow {
  period: string;
  articles: number | string;
  mentions?: number | string | null;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MONTH = /^\d{4}-\d{2}$/;

/** The Monday of the ISO week of a day (YYYY-MM-DD). */
export function weekStart(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}

/**
 * The periods of counted rows in ascending order of their prefix: a month's rows start on its 1st;
 * days are added up into weeks when the interval is a week. A date outside the years 0000-9999
 * (which an ISO 8601 instant can hold with a sign: `+010000-...`) belongs to no period and is left out.
 */
function periods(rows: CountRow[], interval: Interval): EntityPeriod[] {
  const out: EntityPeriod[] = [];
  for (const row of rows) {
    let start: string;
    if (interval === 'month') {
      if (!MONTH.test(row.period)) continue;
      start = `${row.period}-01`;
    } else {
      if (!DAY.test(row.period)) continue;
      start = interval === 'week' ? weekStart(row.period) : row.period;
    }
    const articles = Number(row.articles);
    const mentions = Number(row.mentions ?? 0);
    const last = out[out.length - 1];
    // Ascending days give ascending weeks: a week's days are consecutive rows.
    if (last?.start === start) {
      last.articles += articles;
      last.mentions += mentions;
    } else {
      out.push({ start, articles, mentions });
    }
  }
  return out;
}

export function entityPeriods(rows: CountRow[], interval: Interval): EntityPeriod[] {
  return periods(rows, interval);
}

export function articlePeriods(rows: CountRow[], interval: Interval): ArticlePeriod[] {
  return periods(rows, interval).map(({ start, articles }) => ({ start, articles }));
}
