// The entity resource: people, organisations and places, linked across articles.
import { z } from 'zod';
import {
  CursorSchema,
  EntityTypeSchema,
  IdSchema,
  int32,
  LimitSchema,
  MAX_LABELS,
  pageOf,
  SearchTextSchema,
  textPart,
  withInputExample,
} from './common.js';
import { EXAMPLE_CURSORS } from './examples.js';

export const EntitySchema = z
  .object({
    id: IdSchema,
    type: EntityTypeSchema,
    name: textPart().describe('Canonical name, without titles'),
    aliases: z.array(textPart()).max(MAX_LABELS).describe('Other names used for it'),
    titles: z.array(textPart()).max(MAX_LABELS).describe('Titles it is given ("Secretary General")'),
    countryCode: z.string().length(2).nullable().describe('ISO 3166-1 alpha-2 code, for countries'),
    mentionCount: int32(),
    articleCount: int32(),
  })
  .meta({ id: 'Entity' });

export const EntityPageSchema = pageOf(EntitySchema, 'EntityPage');

export const EntityListQuerySchema = z
  .object({
    type: withInputExample(EntityTypeSchema.optional(), 'person'),
    q: withInputExample(
      SearchTextSchema.optional().describe(
        'Prefix of any word of the name or an alias, case- and accent-insensitive ("mul" finds "Thomas Müller"); results are sorted by the name that matches',
      ),
      'leyen',
    ),
    sort: withInputExample(
      z
        .enum(['mentions', 'articles', 'name'])
        .optional()
        .describe('Most mentions first (the default), most articles first, or by name; with `q`, only name'),
      'name',
    ),
    limit: LimitSchema,
    cursor: withInputExample(CursorSchema.optional(), EXAMPLE_CURSORS.entities),
  })
  .strict()
  .refine((v) => v.q === undefined || v.sort === undefined || v.sort === 'name', {
    message: 'with q, results are sorted by name',
    path: ['sort'],
  });

export const EntityArticlesQuerySchema = z
  .object({ limit: LimitSchema, cursor: withInputExample(CursorSchema.optional(), EXAMPLE_CURSORS.articles) })
  .strict();

export const RelatedEntitiesQuerySchema = z
  .object({ limit: LimitSchema, cursor: withInputExample(CursorSchema.optional(), EXAMPLE_CURSORS.related) })
  .strict();

export const RelatedEntitySchema = EntitySchema.extend({
  sharedArticles: int32().describe('How many articles mention both'),
}).meta({ id: 'RelatedEntity' });

export const RelatedEntityPageSchema = pageOf(RelatedEntitySchema, 'RelatedEntityPage');

export type Entity = z.infer<typeof EntitySchema>;
export type RelatedEntity = z.infer<typeof RelatedEntitySchema>;
export type EntityListQuery = z.infer<typeof EntityListQuerySchema>;
