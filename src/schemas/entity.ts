// The entity resource: people, organisations and places, linked across articles.
import { z } from 'zod';
import { CursorSchema, EntityTypeSchema, IdSchema, LimitSchema, pageOf } from './common.js';

export const EntitySchema = z
  .object({
    id: IdSchema,
    type: EntityTypeSchema,
    name: z.string().describe('Canonical name, without titles'),
    aliases: z.array(z.string()).describe('Other names used for it'),
    titles: z.array(z.string()).describe('Titles it is given ("Secretary General")'),
    countryCode: z.string().nullable().describe('ISO 3166-1 alpha-2 code, for countries'),
    mentionCount: z.int().min(0),
    articleCount: z.int().min(0),
  })
  .meta({ id: 'Entity' });

export const EntityPageSchema = pageOf(EntitySchema, 'EntityPage');

export const EntityListQuerySchema = z
  .object({
    type: EntityTypeSchema.optional(),
    q: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .optional()
      .describe(
        'Prefix of any word of the name or an alias, case- and accent-insensitive ("vuc" finds "Aleksandar Vučić"); results are sorted by the name that matches',
      ),
    limit: LimitSchema,
    cursor: CursorSchema.optional(),
  })
  .strict();

export const EntityArticlesQuerySchema = z.object({ limit: LimitSchema, cursor: CursorSchema.optional() }).strict();

export type Entity = z.infer<typeof EntitySchema>;
export type EntityListQuery = z.infer<typeof EntityListQuerySchema>;
