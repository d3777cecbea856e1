// The quote resource: who said what, in which article.
import { z } from 'zod';
import { ArticleQuoteSchema, QuoteKindSchema } from './article.js';
import {
  CursorSchema,
  FullTextSchema,
  fullTextDescription,
  IdSchema,
  LimitSchema,
  pageOf,
  withInputExample,
} from './common.js';
import { EXAMPLE_CURSORS, EXAMPLE_IDS } from './examples.js';

export const QuoteSchema = ArticleQuoteSchema.extend({ articleId: IdSchema }).meta({ id: 'Quote' });

export const QuotePageSchema = pageOf(QuoteSchema, 'QuotePage');

const quoteFilters = {
  kind: withInputExample(QuoteKindSchema.optional(), 'direct'),
  q: withInputExample(FullTextSchema.optional().describe(fullTextDescription('Words the quote contains')), 'paperwork'),
  limit: LimitSchema,
  cursor: withInputExample(CursorSchema.optional(), EXAMPLE_CURSORS.quotes),
};

export const QuoteListQuerySchema = z
  .object({
    speaker: withInputExample(
      IdSchema.optional().describe('Only quotes attributed to this entity'),
      EXAMPLE_IDS.person,
    ),
    ...quoteFilters,
  })
  .strict();

export const EntityQuotesQuerySchema = z.object(quoteFilters).strict();

export type Quote = z.infer<typeof QuoteSchema>;
export type QuoteListQuery = z.infer<typeof QuoteListQuerySchema>;
