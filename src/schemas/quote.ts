// The quote resource: who said what, in which article.
import { z } from 'zod';
import { ArticleQuoteSchema } from './article.js';
import { CursorSchema, IdSchema, LimitSchema, pageOf } from './common.js';

export const QuoteSchema = ArticleQuoteSchema.extend({ articleId: IdSchema }).meta({ id: 'Quote' });

export const QuotePageSchema = pageOf(QuoteSchema, 'QuotePage');

export const QuoteListQuerySchema = z
  .object({
    speaker: IdSchema.optional().describe('Only quotes attributed to this entity'),
    limit: LimitSchema,
    cursor: CursorSchema.optional(),
  })
  .strict();

export type Quote = z.infer<typeof QuoteSchema>;
export type QuoteListQuery = z.infer<typeof QuoteListQuerySchema>;
