// The article resource: what GET /articles/:id and POST /extract return, and the list summary.
import { z } from 'zod';
import { CursorSchema, EntityTypeSchema, IdSchema, LimitSchema, pageOf, RangeSchema, SpanSchema } from './common.js';

export const DatelineSchema = z
  .object({
    text: z.string().describe('The dateline as written'),
    city: z.string().nullable(),
    country: z.string().nullable(),
  })
  .meta({ id: 'Dateline' });

export const SourceSchema = z.object({ name: z.string() }).meta({ id: 'Source' });

export const EntityRefSchema = z
  .object({ id: IdSchema, type: EntityTypeSchema, name: z.string() })
  .meta({ id: 'EntityRef' });

export const ArticleEntitySchema = z
  .object({
    id: IdSchema,
    type: EntityTypeSchema,
    name: z.string().describe('Canonical name, without titles'),
    aliases: z.array(z.string()),
    titles: z.array(z.string()),
    countryCode: z.string().nullable().describe('ISO 3166-1 alpha-2 code, for countries'),
    mentions: z.array(SpanSchema),
  })
  .meta({ id: 'ArticleEntity' });

export const QuoteKindSchema = z.enum(['direct', 'indirect']).meta({ id: 'QuoteKind' });

export const ArticleQuoteSchema = z
  .object({
    id: IdSchema,
    kind: QuoteKindSchema,
    text: z.string(),
    start: z.int().min(0),
    end: z.int().min(0),
    cue: SpanSchema.nullable().describe('The verb or phrase of attribution ("said", "according to")'),
    speaker: EntityRefSchema.nullable().describe('The entity the quote is attributed to, when resolved'),
    speakerMention: SpanSchema.nullable().describe('The words at the attribution site ("he", "Stoltenberg")'),
    occurrences: z.array(RangeSchema).describe('Every place the quote appears, its own span first'),
  })
  .meta({ id: 'ArticleQuote' });

const articleFields = {
  id: IdSchema,
  headline: z.string(),
  standfirst: z.string().nullable(),
  dateline: DatelineSchema.nullable(),
  source: SourceSchema.nullable(),
  publishedAt: z.string().nullable().describe('ISO 8601 publication time, when known'),
  ingestedAt: z.string().describe('ISO 8601 time the article was stored'),
};

export const ArticleSummarySchema = z.object(articleFields).meta({ id: 'ArticleSummary' });

const articleBody = {
  ...articleFields,
  url: z.string().nullable().describe('Where the article was published, when the client said'),
  language: z.string().nullable().describe('BCP 47 language tag, when the client said'),
  body: z.string().describe('The body paragraphs joined by newlines, publisher boilerplate removed'),
  paragraphs: z.array(z.string()),
  text: z.string().describe('The whole article as received; every offset indexes into it'),
  entities: z.array(ArticleEntitySchema),
  quotes: z.array(ArticleQuoteSchema),
};

export const ArticleSchema = z.object(articleBody).meta({ id: 'Article' });

export const ExtractionSchema = z
  .object({ ...articleBody, ingestedAt: z.null().describe('Always null: nothing is stored') })
  .meta({ id: 'Extraction', description: 'What ingesting the text would store, with the ids it would get' });

export const ArticlePageSchema = pageOf(ArticleSummarySchema, 'ArticlePage');

export const ArticleListQuerySchema = z
  .object({
    limit: LimitSchema,
    cursor: CursorSchema.optional(),
    entity: IdSchema.optional().describe('Only articles that mention this entity'),
  })
  .strict();

export const ArticleTextSchema = z
  .string()
  .refine((s) => s.trim().length > 0, 'the text is empty')
  .describe('The article as plain text: headline line, standfirst line, dateline line, body paragraphs');

export const ArticleInputSchema = z
  .object({
    text: ArticleTextSchema,
    source: z.string().trim().min(1).max(200).optional().describe('The publisher, when the text does not say'),
    url: z
      .url({ protocol: /^https?$/ })
      .max(2048)
      .optional(),
    publishedAt: z
      .union([z.iso.datetime({ offset: true }), z.iso.date()])
      .optional()
      .describe('ISO 8601 date or date-time; otherwise taken from the text when it states a date'),
    language: z
      .string()
      .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'a BCP 47 language tag such as en or en-GB')
      .optional(),
  })
  .strict()
  .describe('An article and what the client knows about it');

export type ArticleInput = z.infer<typeof ArticleInputSchema>;
export type Article = z.infer<typeof ArticleSchema>;
export type ArticleSummary = z.infer<typeof ArticleSummarySchema>;
export type ArticleEntity = z.infer<typeof ArticleEntitySchema>;
export type ArticleQuote = z.infer<typeof ArticleQuoteSchema>;
export type Extraction = z.infer<typeof ExtractionSchema>;
export type ArticleListQuery = z.infer<typeof ArticleListQuerySchema>;
