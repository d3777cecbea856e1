// Schemas shared by every resource: ids, spans, pagination and problem details (RFC 9457).
import { z } from 'zod';

export const IdSchema = z
  .string()
  .regex(/^[0-9a-f]{16}$/, 'an id is 16 lowercase hexadecimal characters')
  .describe('Opaque identifier');

export const IdParamsSchema = z.object({ id: IdSchema });

export const SpanSchema = z
  .object({
    start: z.int().min(0).describe('Unicode code-point offset into the article text'),
    end: z.int().min(0).describe('Code-point offset just after the span'),
    text: z.string().describe('The text between start and end'),
  })
  .meta({ id: 'Span' });

export const RangeSchema = z
  .object({ start: z.int().min(0), end: z.int().min(0) })
  .meta({ id: 'Range', description: 'Code-point range in the article text' });

export const EntityTypeSchema = z.enum(['person', 'organization', 'place']).meta({ id: 'EntityType' });

export const LimitSchema = z.coerce.number().int().min(1).max(100).default(20).describe('Page size, 1 to 100');

export const CursorSchema = z.string().min(1).max(512).describe('Opaque cursor: the `next` value of the previous page');

/** The list envelope: `next` is the cursor of the following page, null on the last one. */
export function pageOf<T extends z.ZodType>(item: T, id: string) {
  return z
    .object({
      data: z.array(item),
      next: z.string().nullable().describe('Cursor of the next page, null on the last page'),
    })
    .meta({ id });
}

export const ProblemSchema = z
  .object({
    type: z.string().describe('URI reference identifying the problem type'),
    title: z.string(),
    status: z.int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    errors: z
      .array(z.object({ in: z.string(), path: z.string(), message: z.string() }))
      .optional()
      .describe('What was wrong with the request, one entry per issue'),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details' });

export type Problem = z.infer<typeof ProblemSchema>;

/**
 * Response entries for the problem statuses an operation can answer with. Every operation can also
 * answer 429 (rate limit), 500 and 503 (overload, shutting down).
 */
export function problems(...statuses: number[]) {
  const descriptions: Record<number, string> = {
    400: 'The request is invalid',
    401: 'No valid API key',
    404: 'Not found',
    413: 'The body is too large',
    415: 'Unsupported content type',
    429: 'Too many requests from this client: see Retry-After',
    500: 'Internal error',
    503: 'Overloaded or shutting down: see Retry-After',
  };
  return Object.fromEntries(
    [...new Set([...statuses, 429, 500, 503])].map((s) => [
      s,
      { description: descriptions[s] ?? 'Error', content: { 'application/problem+json': { schema: ProblemSchema } } },
    ]),
  );
}
