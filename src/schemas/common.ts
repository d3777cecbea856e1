// Schemas shared by every resource: ids, spans, pagination and problem details (RFC 9457).
import { z } from 'zod';
import { ONLY_EXCLUSIONS_MESSAGE, parseSearch } from '../search/query.js';
import { type ProblemContext, problemExample } from './examples.js';

/**
 * Bounds the document states for every string and array, so clients (and the Spectral OWASP rules)
 * know the largest thing a response can hold. Anything taken from an article is bounded by the
 * longest text POST /articles accepts; an offset or a count fits in an int32.
 */
export const MAX_TEXT_LENGTH = 4 * 1024 * 1024;
/**
 * U+0000 is not text: no article contains it, and PostgreSQL cannot store it in a text column. Every
 * way in refuses it (a 400 over HTTP), so the two engines accept the same texts.
 */
export const hasNul = (s: string) => s.includes('\u0000');
export const NUL_MESSAGE = 'contains U+0000 (NUL), which is not text: remove it';

/** Aliases and titles gather across articles; no entity comes near this many. */
export const MAX_LABELS = 100_000;
export const MAX_PAGE_SIZE = 100;

/** Free text taken from an article: a headline, a name, a quote. */
export const textPart = () => z.string().max(MAX_TEXT_LENGTH);
/** A list of things found in one article (entities, mentions, quotes, paragraphs). */
export const listOf = <T extends z.ZodType>(item: T) => z.array(item).max(MAX_TEXT_LENGTH);
/** An offset or a count. */
export const int32 = () => z.int().min(0).max(2_147_483_647).meta({ format: 'int32' });

export const IdSchema = z
  .string()
  .length(16)
  .regex(/^[0-9a-f]{16}$/, 'an id is 16 lowercase hexadecimal characters')
  .describe('Opaque identifier');

export const SpanSchema = z
  .object({
    start: int32().describe('Unicode code-point offset into the article text'),
    end: int32().describe('Code-point offset just after the span'),
    text: textPart().describe('The text between start and end'),
  })
  .meta({ id: 'Span' });

export const RangeSchema = z
  .object({ start: int32(), end: int32() })
  .meta({ id: 'Range', description: 'Code-point range in the article text' });

export const EntityTypeSchema = z.enum(['person', 'organization', 'place']).meta({ id: 'EntityType' });

const LIMIT_MESSAGE = `a whole number from 1 to ${MAX_PAGE_SIZE} in plain decimal digits, such as 20`;

// Not z.coerce.number(): Number() reads 0x10, 1e1, +16 and " 16" too, and one value would have many
// spellings. Only digits become a number; anything else (a repeated parameter, an array, included)
// fails the integer check with the one message.
export const LimitSchema = z
  .preprocess(
    (v) => (typeof v === 'string' && /^[0-9]{1,10}$/.test(v) ? Number(v) : v),
    z
      .int({ error: LIMIT_MESSAGE })
      .min(1, { error: LIMIT_MESSAGE })
      .max(MAX_PAGE_SIZE, { error: LIMIT_MESSAGE })
      // Here, not on the outer schema: the document is drawn from this side of the preprocess.
      .meta({ format: 'int32', description: 'Page size, 1 to 100', examples: [10], default: 20 }),
  )
  .default(20);

/** Words to search for, as a person types them (every list's `q`). */
export const SearchTextSchema = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .refine((s) => !hasNul(s), NUL_MESSAGE);

/** A full-text search (articles' and quotes' `q`), in the language of src/search/query.ts. */
export const FullTextSchema = SearchTextSchema.refine((s) => !parseSearch(s).onlyExclusions, ONLY_EXCLUSIONS_MESSAGE);

/** The description of a full-text `q`: what it searches (`where`), then the language. */
export const fullTextDescription = (where: string) =>
  `${where}; case- and accent-insensitive. \`flood kenya\`: both words. \`"prime minister"\`: these words ` +
  'next to each other, in this order. `flood OR storm` (or `flood | storm`): either; OR binds tighter than ' +
  'the space (`kenya flood OR storm` is kenya and either). `-word`, `-"a phrase"`: not this. Parentheses ' +
  'group: `(flood OR storm) -"flash flood"`. The last word, unquoted and not excluded, is a prefix (`merk` ' +
  'finds Merkel). Anything else is text, not syntax: `*`, `^`, `:`, `&`, `!`, NEAR and the like separate or ' +
  'are words; an unclosed quote or parenthesis ends with the query; lower-case `or` is a word. A query with ' +
  'only exclusions is a 400.';

/** The longest cursor the API accepts or hands out. */
export const MAX_CURSOR_LENGTH = 4096;

export const CursorSchema = z
  .string()
  .min(1)
  .max(MAX_CURSOR_LENGTH)
  .describe('Opaque cursor: the `next` value of the previous page');

/**
 * The schema with one example of a value it describes (a response body): the OpenAPI document shows
 * it as the `example` of the response, request body or parameter that uses the schema (see
 * src/http/docs.ts). The schema is a copy; validation is unchanged.
 */
export const withExample = <T extends z.ZodType>(schema: T, example: z.output<T>): T =>
  schema.meta({ examples: [example] });

/** The same for what a client sends (a parameter, a request body): typed as the input, before transforms. */
export const withInputExample = <T extends z.ZodType>(schema: T, example: z.input<T>): T =>
  schema.meta({ examples: [example] });

/** The list envelope: `next` is the cursor of the following page, null on the last one. */
export function pageOf<T extends z.ZodType>(item: T, id: string) {
  return z
    .object({
      data: z.array(item).max(MAX_PAGE_SIZE),
      next: z.string().max(MAX_CURSOR_LENGTH).nullable().describe('Cursor of the next page, null on the last page'),
    })
    .meta({ id });
}

/** How much a problem document may echo of the request: problems.ts clips to these. */
export const PROBLEM_LIMITS = { text: 2048, title: 64, path: 256, message: 512, errors: 20 } as const;

export const ProblemSchema = z
  .object({
    type: z.string().max(PROBLEM_LIMITS.text).describe('URI reference identifying the problem type'),
    title: z.string().max(PROBLEM_LIMITS.title),
    status: z.int().min(100).max(599).meta({ format: 'int32' }),
    detail: z.string().max(PROBLEM_LIMITS.text).optional(),
    instance: z
      .string()
      .max(PROBLEM_LIMITS.text)
      .optional()
      .describe('The request path and query (shortened when long)'),
    errors: z
      .array(
        z.object({
          in: z.string().max(PROBLEM_LIMITS.title),
          path: z.string().max(PROBLEM_LIMITS.path),
          message: z.string().max(PROBLEM_LIMITS.message),
        }),
      )
      .max(PROBLEM_LIMITS.errors)
      .optional()
      .describe('What was wrong with the request, one entry per issue'),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details' });

export type Problem = z.infer<typeof ProblemSchema>;

/**
 * Response entries for the problem statuses an operation can answer with, each with an example for
 * the request in `ctx`. Every operation can also answer 500 and 503 (overload,
 * shutting down, a read-only database), and 429
 * (rate limit) unless `rateLimited` is false: a route @fastify/rate-limit skips (`config: { rateLimit:
 * false }`) never answers 429, and its document says so (src/http/docs.ts then leaves out its
 * X-RateLimit headers, which it does not send either).
 */
export function problems(ctx: ProblemContext & { rateLimited?: boolean }, ...statuses: number[]) {
  const descriptions: Record<number, string> = {
    400: 'The request is invalid',
    401: 'No valid API key',
    404: 'Not found',
    413: 'The body is too large',
    415: 'Unsupported content type',
    429: 'Too many requests from this client: see Retry-After',
    500: 'Internal error',
    503: 'Overloaded or shutting down (see Retry-After); to a write, also a read-only database (no Retry-After: it lasts until an operator acts)',
    507: 'The database has no space left: nothing was stored',
  };
  return Object.fromEntries(
    [...new Set([...statuses, ...(ctx.rateLimited === false ? [] : [429]), 500, 503])].map((s) => [
      s,
      {
        description: descriptions[s] ?? 'Error',
        content: { 'application/problem+json': { schema: withExample(ProblemSchema, problemExample(s, ctx)) } },
      },
    ]),
  );
}
