// Counts per period of time: an entity's timeline (GET /entities/:id/timeline) and the histogram of an
// article search (GET /articles/histogram). A period is a UTC day, an ISO 8601 week (Monday to
// Sunday) or a calendar month, named by its first day; an article falls in the period of the date the
// article lists sort and filter by (its publication time, else its ingest time). Periods in which no
// article falls are left out, so an answer is as long as the data, whatever the range asked for.
import { z } from 'zod';
import { ArticleListQuerySchema } from './article.js';
import { IdSchema, int32, withInputExample } from './common.js';
import { EXAMPLE_IDS } from './examples.js';

/** Every day of the years 0000 to 9999 (what an ISO 8601 date can name): more periods cannot be. */
export const MAX_PERIODS = 366 * 10_000;

export const IntervalSchema = z
  .enum(['day', 'week', 'month'])
  .describe('The length of a period: a UTC day, an ISO 8601 week (from Monday), or a calendar month');

// Optional, so that the bare URL of an operation answers (a month a period: the fewest periods).
const IntervalQuerySchema = withInputExample(
  IntervalSchema.default('month').describe(
    'The length of a period: a UTC day, an ISO 8601 week (from Monday), or a calendar month (the default)',
  ),
  'week',
);

const filters = ArticleListQuerySchema.shape;

/** The start of an ISO date or date-time bound, or (with `end`) the last instant a date alone names. */
function instant(value: string, end: boolean): number {
  return Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T${end ? '23:59:59.999' : '00:00:00'}Z` : value);
}

// Written as "not after" so that a bound Date.parse cannot read (NaN) never refuses the request here.
const fromNotAfterTo = (v: { from?: string | undefined; to?: string | undefined }) =>
  v.from === undefined || v.to === undefined || !(instant(v.from, false) > instant(v.to, true));
const FROM_AFTER_TO = { message: 'from is after to', path: ['from'] };

export const EntityTimelineQuerySchema = z
  .object({ interval: IntervalQuerySchema, from: filters.from, to: filters.to })
  .strict()
  .refine(fromNotAfterTo, FROM_AFTER_TO);

export const ArticleHistogramQuerySchema = z
  .object({
    interval: IntervalQuerySchema,
    q: filters.q,
    entity: filters.entity,
    source: filters.source,
    from: filters.from,
    to: filters.to,
  })
  .strict()
  .refine(fromNotAfterTo, FROM_AFTER_TO);

const PeriodStartSchema = z
  .string()
  .max(10)
  .describe('The first day of the period, YYYY-MM-DD (a Monday for a week, the 1st for a month)');

export const EntityPeriodSchema = z
  .object({
    start: PeriodStartSchema,
    articles: int32().describe('How many articles of the period mention the entity'),
    mentions: int32().describe('How many times those articles mention it'),
  })
  .meta({ id: 'EntityPeriod' });

export const ArticlePeriodSchema = z
  .object({ start: PeriodStartSchema, articles: int32().describe('How many articles of the period match') })
  .meta({ id: 'ArticlePeriod' });

const periodsOf = <T extends z.ZodType>(item: T) =>
  z
    .array(item)
    .max(MAX_PERIODS)
    .describe('Oldest first; a period in which no article falls is left out (its count is zero)');

export const EntityTimelineSchema = z
  .object({ entity: IdSchema, interval: IntervalSchema, data: periodsOf(EntityPeriodSchema) })
  .meta({ id: 'EntityTimeline' });

export const ArticleHistogramSchema = z
  .object({ interval: IntervalSchema, data: periodsOf(ArticlePeriodSchema) })
  .meta({ id: 'ArticleHistogram' });

export type Interval = z.infer<typeof IntervalSchema>;
export type EntityPeriod = z.infer<typeof EntityPeriodSchema>;
export type ArticlePeriod = z.infer<typeof ArticlePeriodSchema>;
export type EntityTimeline = z.infer<typeof EntityTimelineSchema>;
export type ArticleHistogram = z.infer<typeof ArticleHistogramSchema>;

export const EXAMPLE_ENTITY_TIMELINE: EntityTimeline = {
  entity: EXAMPLE_IDS.person,
  interval: 'week',
  data: [
    { start: '2025-02-24', articles: 3, mentions: 7 },
    { start: '2025-03-03', articles: 5, mentions: 12 },
    { start: '2025-03-10', articles: 9, mentions: 26 },
    { start: '2025-03-24', articles: 2, mentions: 2 },
  ],
};

export const EXAMPLE_ARTICLE_HISTOGRAM: ArticleHistogram = {
  interval: 'month',
  data: [
    { start: '2024-11-01', articles: 14 },
    { start: '2025-01-01', articles: 6 },
    { start: '2025-02-01', articles: 31 },
    { start: '2025-03-01', articles: 52 },
  ],
};
