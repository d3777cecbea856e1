// The quote resource: who said what, in which article.
import { z } from 'zod';
import { ArticleQuoteSchema, QuoteKindSchema } from './article.js';
import { CursorSchema, IdSchema, LimitSchema, pageOf, SearchTextSchema } from './common.js';

export const QuoteSchema = ArticleQuoteSchema.extend({ articleId: IdSchema }).meta({ id: 'Quote' });

export const QuotePageSchema = pageOf(QuoteSchema, 'QuotePage');

const quoteFilters = {
  kind: QuoteKindSchema.optional(),
  q: SearchTextSchema.optional().describe(
    'Words the quote contains, the last one as a prefix; case- and accent-insensitive',
  ),
  limit: LimitSchema,
  cursor: CursorSchema.optional(),
};

export const QuoteListQuerySchema = z
  .object({ speaker: IdSchema.optional().describe('Only quotes attributed to this entity'), ...quoteFilters })
  .strict();

export const EntityQuotesQuerySchema = z.object(quoteFilters).strict();

export type Quote = z.infer<typeof QuoteSchema>;
export type QuoteListQuery = z.infer<typeof QuoteListQuerySchema>;
