// The bulk exports' query strings: the filters of the corresponding lists, without paging or sort
// (an export has one fixed order), and `after`, which resumes an export after its last complete line.
import { z } from 'zod';
import { ArticleListQuerySchema } from './article.js';
import { IdSchema, withInputExample } from './common.js';
import { EntityListQuerySchema } from './entity.js';
import { EXAMPLE_IDS } from './examples.js';
import { QuoteListQuerySchema } from './quote.js';

/** The media type of every export: one JSON document per line (https://github.com/ndjson/ndjson-spec). */
export const NDJSON = 'application/x-ndjson';

const afterOf = (example: string) =>
  withInputExample(
    IdSchema.optional().describe(
      'Resume a broken download: the `id` of the last complete line received. The export continues just ' +
        'after that item, in the same order, as if it had not been interrupted; pass the same filters',
    ),
    example,
  );

const { q, entity, source, from, to } = ArticleListQuerySchema.shape;

export const ArticleExportQuerySchema = z
  .object({ q, entity, source, from, to, after: afterOf(EXAMPLE_IDS.article) })
  .strict();

const entityFilters = EntityListQuerySchema.shape;

export const EntityExportQuerySchema = z
  .object({ type: entityFilters.type, q: entityFilters.q, after: afterOf(EXAMPLE_IDS.person) })
  .strict();

const quoteFilters = QuoteListQuerySchema.shape;

export const QuoteExportQuerySchema = z
  .object({
    speaker: quoteFilters.speaker,
    kind: quoteFilters.kind,
    q: quoteFilters.q,
    after: afterOf(EXAMPLE_IDS.directQuote),
  })
  .strict();
