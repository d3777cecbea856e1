// The article resource: what GET /articles/:id and POST /extract return, and the list summary.
import { z } from 'zod';
import {
  CursorSchema,
  EntityTypeSchema,
  FullTextSchema,
  fullTextDescription,
  hasNul,
  IdSchema,
  int32,
  LimitSchema,
  listOf,
  MAX_LABELS,
  MAX_TEXT_LENGTH,
  NUL_MESSAGE,
  pageOf,
  RangeSchema,
  SpanSchema,
  textPart,
  withInputExample,
} from './common.js';
import { EXAMPLE_CURSORS, EXAMPLE_IDS, EXAMPLE_SOURCE } from './examples.js';

/** ISO 8601 dates and times as the API writes them. */
const MAX_TIME_LENGTH = 40;
export const MAX_URL_LENGTH = 2048;
const MAX_LANGUAGE_LENGTH = 35;
/** How many other articles of its story an article's answer lists: a pointer to them, not the story. */
export const MAX_DUPLICATES = 20;

export const DatelineSchema = z
  .object({
    text: textPart().describe('The dateline as written'),
    city: textPart().nullable(),
    country: textPart().nullable(),
  })
  .meta({ id: 'Dateline' });

export const SourceSchema = z.object({ name: textPart() }).meta({ id: 'Source' });

export const EntityRefSchema = z
  .object({ id: IdSchema, type: EntityTypeSchema, name: textPart() })
  .meta({ id: 'EntityRef' });

export const ArticleEntitySchema = z
  .object({
    id: IdSchema,
    type: EntityTypeSchema,
    name: textPart().describe('Canonical name, without titles'),
    aliases: z.array(textPart()).max(MAX_LABELS),
    titles: z.array(textPart()).max(MAX_LABELS),
    countryCode: z.string().length(2).nullable().describe('ISO 3166-1 alpha-2 code, for countries'),
    mentions: listOf(SpanSchema),
  })
  .meta({ id: 'ArticleEntity' });

export const QuoteKindSchema = z.enum(['direct', 'indirect']).meta({ id: 'QuoteKind' });

export const ArticleQuoteSchema = z
  .object({
    id: IdSchema,
    kind: QuoteKindSchema,
    text: textPart().describe("The quoted or reported words as written: the parts' texts joined by one space"),
    parts: listOf(SpanSchema)
      .min(1)
      .describe(
        'The pieces of text the quote is made of, in order, offsets in code points like every span: one for most quotes, several for a quote that an attribution interrupts ("A," she said. "B.") or that runs across paragraphs. A direct quote\'s parts lie inside its quotation marks, which they leave out',
      ),
    start: int32().describe("Code-point offset where the quote begins: a direct quote's opening quotation mark"),
    end: int32().describe('Code-point offset just after the quote; an attribution that interrupts it lies inside'),
    cue: SpanSchema.nullable().describe('The verb or phrase of attribution ("said", "according to")'),
    speaker: EntityRefSchema.nullable().describe('The entity the quote is attributed to, when resolved'),
    speakerMention: SpanSchema.nullable().describe('The words at the attribution site ("he", "Lopez", "the minister")'),
    occurrences: listOf(RangeSchema).describe('Every place the quote appears, its own span first'),
  })
  .meta({ id: 'ArticleQuote' });

const articleFields = {
  id: IdSchema,
  headline: textPart(),
  standfirst: textPart().nullable(),
  dateline: DatelineSchema.nullable(),
  source: SourceSchema.nullable(),
  publishedAt: z.string().max(MAX_TIME_LENGTH).nullable().describe('ISO 8601 publication time, when known'),
  ingestedAt: z.string().max(MAX_TIME_LENGTH).describe('ISO 8601 time the article was stored'),
};

const StoryIdSchema = IdSchema.describe(
  'The story: the id of the first article stored of those that are the same text republished (wire copy ' +
    'lightly edited by several outlets); an article that is no copy is a story of its own, with its own id',
);

export const ArticleSummarySchema = z
  .object({ ...articleFields, storyId: StoryIdSchema })
  .meta({ id: 'ArticleSummary' });

export const DuplicateSchema = z
  .object({ id: IdSchema, headline: textPart(), source: SourceSchema.nullable() })
  .meta({ id: 'Duplicate' });

const articleBody = {
  ...articleFields,
  url: z.string().max(MAX_URL_LENGTH).nullable().describe('Where the article was published, when the client said'),
  language: z.string().max(MAX_LANGUAGE_LENGTH).nullable().describe('BCP 47 language tag, when the client said'),
  extractorVersion: z.string().max(64).describe('The extraction that produced the entities and quotes'),
  body: textPart().describe('The body paragraphs joined by newlines, publisher boilerplate removed'),
  paragraphs: listOf(textPart()),
  text: textPart().describe('The whole article as received; every offset indexes into it'),
  entities: listOf(ArticleEntitySchema),
  quotes: listOf(ArticleQuoteSchema),
};

export const ArticleSchema = z
  .object({
    ...articleBody,
    storyId: StoryIdSchema,
    duplicates: z
      .array(DuplicateSchema)
      .max(MAX_DUPLICATES)
      .describe(`The other articles of the story, newest first, at most ${MAX_DUPLICATES}`),
  })
  .meta({ id: 'Article' });

export const ExtractionSchema = z
  .object({
    ...articleBody,
    ingestedAt: z.null().describe('Always null: nothing is stored'),
    truncated: z
      .boolean()
      .describe(
        "True when the answer leaves out some entities' mentions or quotes' occurrences (then some entities or quotes too): it lists at most EXTRACT_MAX_MENTIONS of each, each entity and quote with its first ones",
      ),
  })
  .meta({ id: 'Extraction', description: 'What ingesting the text would store, with the ids it would get' });

export const SnippetSchema = z
  .object({
    text: textPart().describe('A passage of the article around the matched words'),
    highlights: listOf(z.object({ start: int32(), end: int32() })).describe(
      'Code-point ranges of the matched words in `text`',
    ),
  })
  .meta({ id: 'Snippet' });

export const ArticleListItemSchema = ArticleSummarySchema.extend({
  snippet: SnippetSchema.optional().describe('With `q`: where the words were found'),
  duplicateCount: int32()
    .optional()
    .describe('With `collapse=story`: how many older articles of its story match the filters and are left out'),
}).meta({ id: 'ArticleListItem' });

export const ArticlePageSchema = pageOf(ArticleListItemSchema, 'ArticlePage');

// One message for the union, not one per branch, and one that shows what would have been accepted.
const DateBoundSchema = z.union([z.iso.date().max(10), z.iso.datetime({ offset: true }).max(MAX_TIME_LENGTH)], {
  error: 'an ISO 8601 date or date-time, such as 2025-03-01 or 2025-03-01T09:30:00Z',
});

export const ArticleListQuerySchema = z
  .object({
    limit: LimitSchema,
    cursor: withInputExample(CursorSchema.optional(), EXAMPLE_CURSORS.articles),
    // The example goes before the transform: zod documents no examples on the input side of one.
    entity: withInputExample(z.union([IdSchema, z.array(IdSchema).min(1).max(10)]), EXAMPLE_IDS.person)
      .transform((v) => (Array.isArray(v) ? v : [v]))
      .optional()
      .describe('Only articles that mention this entity; repeat it for articles that mention them all'),
    source: withInputExample(
      z
        .string()
        .trim()
        .min(1)
        .max(200)
        .refine((s) => !hasNul(s), NUL_MESSAGE)
        .optional()
        .describe('Only articles from this source: its whole name, in any case of A to Z (`reuters` finds Reuters)'),
      EXAMPLE_SOURCE,
    ),
    from: withInputExample(
      DateBoundSchema.optional().describe('Published on or after (the ingest date when unknown); ISO 8601'),
      '2025-03-01',
    ),
    to: withInputExample(
      DateBoundSchema.optional().describe('Published on or before (a date alone includes that day); ISO 8601'),
      '2025-03-31T23:59:59Z',
    ),
    q: withInputExample(
      FullTextSchema.optional().describe(fullTextDescription('Words in the headline, standfirst or body')),
      '"red tape" OR paperwork -visa',
    ),
    sort: withInputExample(
      z
        .enum(['newest', 'oldest', 'relevance'])
        .optional()
        .describe('Default: relevance with `q`, else newest; relevance needs `q`'),
      'oldest',
    ),
    story: withInputExample(
      IdSchema.optional().describe(
        "Only the articles of this story (an article's `storyId`): the versions of one text, to list them all",
      ),
      EXAMPLE_IDS.article,
    ),
    collapse: withInputExample(
      z
        .enum(['story'])
        .optional()
        .describe(
          'story: one article per story, the newest of those that match (whatever the sort), with `duplicateCount`',
        ),
      'story',
    ),
  })
  .strict()
  .refine((v) => v.sort !== 'relevance' || v.q !== undefined, {
    message: 'sort=relevance needs q',
    path: ['sort'],
  });

export const ArticleTextSchema = z
  .string()
  .max(MAX_TEXT_LENGTH)
  .refine((s) => s.trim().length > 0, 'the text is empty')
  .refine((s) => !hasNul(s), `the text ${NUL_MESSAGE}`)
  .describe('The article as plain text: headline line, standfirst line, dateline line, body paragraphs');

export const ArticleInputSchema = z
  .object({
    text: ArticleTextSchema,
    source: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .refine((s) => !hasNul(s), `the source ${NUL_MESSAGE}`)
      .optional()
      .describe('The publisher, when the text does not say'),
    url: z
      .url({ protocol: /^https?$/ })
      .max(MAX_URL_LENGTH)
      .optional(),
    publishedAt: z
      .union([z.iso.datetime({ offset: true }).max(MAX_TIME_LENGTH), z.iso.date().max(10)])
      .optional()
      .describe('ISO 8601 date or date-time; otherwise taken from the text when it states a date'),
    language: z
      .string()
      .max(MAX_LANGUAGE_LENGTH)
      .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'a BCP 47 language tag such as en or en-GB')
      .optional(),
  })
  .strict()
  .describe('An article and what the client knows about it');

export type ArticleInput = z.infer<typeof ArticleInputSchema>;
export type Article = z.infer<typeof ArticleSchema>;
export type ArticleSummary = z.infer<typeof ArticleSummarySchema>;
export type ArticleListItem = z.infer<typeof ArticleListItemSchema>;
export type ArticleEntity = z.infer<typeof ArticleEntitySchema>;
export type ArticleQuote = z.infer<typeof ArticleQuoteSchema>;
export type Extraction = z.infer<typeof ExtractionSchema>;
export type ArticleListQuery = z.infer<typeof ArticleListQuerySchema>;

/** What an article's answer holds besides the parts derived here. */
type ArticleCore<Ingested> = Omit<Article, 'body' | 'ingestedAt' | 'storyId' | 'duplicates'> & {
  ingestedAt: Ingested;
};

/**
 * The one place an article answer is put together, for the stored article (from the store's rows)
 * and for POST /extract (from a fresh analysis): the two must never disagree on a derived field.
 */
export function assembleArticle<Ingested extends string | null>(core: ArticleCore<Ingested>) {
  return { ...core, body: core.paragraphs.join('\n') };
}
