// The IPTC ninjs 2.2 representation of an article (application/vnd.iptc.ninjs+json): the subset of
// ninjs this API fills. Every property is one the ninjs 2.2 schema defines; ninjs admits no others,
// so quotes stay in the JSON representation.
import { z } from 'zod';
import { int32, listOf, textPart } from './common.js';

export const NINJS_MEDIA_TYPE = 'application/vnd.iptc.ninjs+json';
export const NINJS_SCHEMA_URI = 'http://www.iptc.org/std/ninjs/ninjs-schema_2.2.json';

const MAX_URI_LENGTH = 2048;
const uri = () => z.string().max(MAX_URI_LENGTH);
const MAX_TIME_LENGTH = 40;

const TextValueSchema = z.object({
  role: z.string().max(64),
  contenttype: z.literal('text/plain'),
  value: textPart(),
});

const NinjsBodySchema = TextValueSchema.extend({
  charcount: int32().describe('Characters (Unicode code points) in the body'),
});

const NinjsThingSchema = z.object({
  name: textPart(),
  rel: z.literal('mentions').describe('The article mentions it'),
  uri: uri()
    .optional()
    .describe(
      'For countries: the ISO 3166-1 entry on the ISO Online Browsing Platform, https://www.iso.org/obp/ui/#iso:code:3166:<alpha-2>',
    ),
  literal: z.string().max(64).describe('The entity id in this API (GET /entities/{id})'),
});

export const NinjsSchema = z
  .object({
    uri: uri().describe('urn:newswire:article:<id>, the article id in this API'),
    type: z.literal('text'),
    representationtype: z.literal('full'),
    standard: z.object({
      name: z.literal('ninjs'),
      version: z.literal('2.2'),
      schema: z.literal(NINJS_SCHEMA_URI),
    }),
    versioncreated: z.string().max(MAX_TIME_LENGTH).describe('When this version was stored (ingestedAt), ISO 8601'),
    firstcreated: z
      .string()
      .max(MAX_TIME_LENGTH)
      .optional()
      .describe('The publication time (publishedAt), when it is known to the second'),
    language: z.string().max(35).describe('The language the client stated, else en (the extractor reads English)'),
    headlines: z.array(TextValueSchema).max(1),
    descriptions: z.array(TextValueSchema).max(1).optional().describe('The standfirst, with role "summary"'),
    bodies: z.array(NinjsBodySchema).max(1).describe('The body paragraphs joined by newlines'),
    located: textPart().optional().describe('The dateline: city and country, or the dateline as written'),
    people: listOf(NinjsThingSchema),
    organisations: listOf(NinjsThingSchema),
    places: listOf(NinjsThingSchema),
    infosources: z
      .array(z.object({ name: textPart() }))
      .max(1)
      .optional()
      .describe('The source of the article'),
  })
  .meta({ id: 'NinjsArticle', description: 'The article as an IPTC ninjs 2.2 news item' });

export type Ninjs = z.infer<typeof NinjsSchema>;
