// Saved searches with webhooks (POST /searches): what a client sends, what the API answers, and the
// deliveries it lists. The filters are GET /articles/stream's, taken from the article list's schema.
import { z } from 'zod';
import { ArticleListItemSchema, ArticleListQuerySchema, MAX_URL_LENGTH } from './article.js';
import {
  CursorSchema,
  hasNul,
  IdSchema,
  int32,
  LimitSchema,
  PROBLEM_LIMITS,
  pageOf,
  withInputExample,
} from './common.js';
import { EXAMPLE_ARTICLE_HIT, EXAMPLE_ARTICLE_SUMMARY, EXAMPLE_CURSORS, EXAMPLE_IDS } from './examples.js';

const { source, q } = ArticleListQuerySchema.shape;

// A JSON body holds a list as it is, where a query string repeats the parameter: no single-id form,
// and so no transform (zod leaves an object's examples out of its input schema when a field transforms).
const entity = withInputExample(
  z.array(IdSchema).min(1).max(10).optional().describe('Only articles that mention all of these entities'),
  [EXAMPLE_IDS.person],
);

const time = () => z.iso.datetime({ offset: true }).max(40);

const WebhookUrlSchema = z
  .url({ protocol: /^https?$/, error: 'an http:// or https:// URL' })
  .max(MAX_URL_LENGTH)
  .refine((u) => {
    // zod runs this check even when the URL check above failed: that one has said what is wrong.
    if (!URL.canParse(u)) return true;
    const url = new URL(u);
    return url.username === '' && url.password === '';
  }, 'no user name or password in the URL: it is shown to every holder of an API key; verify deliveries by their signature')
  .describe(
    'Where each delivery is POSTed: http or https only, requested from the server (see docs/api.md on what it can reach)',
  );

const SecretSchema = z
  .string()
  .min(16)
  .max(256)
  .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces')
  .refine((s) => !hasNul(s))
  .describe(
    "The HMAC-SHA256 key of the deliveries' `X-Signature`; 16 to 256 printable ASCII characters. Left out, one is made and returned once",
  );

export const SavedSearchInputSchema = z
  .object({
    url: WebhookUrlSchema,
    secret: SecretSchema.optional(),
    entity,
    source,
    q,
  })
  .strict()
  .describe("A webhook URL and GET /articles/stream's filters");

export type SavedSearchInput = z.infer<typeof SavedSearchInputSchema>;

export const SavedSearchSchema = z
  .object({
    id: IdSchema,
    url: z.string().max(MAX_URL_LENGTH),
    q: z.string().max(200).optional(),
    entity: z.array(IdSchema).max(10).optional(),
    source: z.string().max(200).optional(),
    createdAt: time(),
  })
  .meta({
    id: 'SavedSearch',
    description: 'Articles stored after `createdAt` that match the filters are POSTed to `url`, each once',
  });

export type SavedSearchView = z.infer<typeof SavedSearchSchema>;

export const CreatedSavedSearchSchema = SavedSearchSchema.extend({
  secret: z
    .string()
    .max(256)
    .describe('The signing secret: shown in this answer only, never again; keep it with the receiver'),
}).meta({ id: 'CreatedSavedSearch', description: 'The saved search, with its secret this once' });

export const SavedSearchPageSchema = pageOf(SavedSearchSchema, 'SavedSearchPage');

export const DeliverySchema = z
  .object({
    id: IdSchema.describe('The delivery id: `deliveryId` in the body and `X-Delivery-Id`, the same on every attempt'),
    searchId: IdSchema,
    articleId: IdSchema,
    status: z.enum(['pending', 'delivered', 'failed']).meta({
      id: 'DeliveryStatus',
      description:
        'pending: not yet answered 2xx, to be attempted (again) at `nextAttemptAt`; delivered: answered 2xx; failed: every attempt failed',
    }),
    attempts: int32().describe('Attempts started so far'),
    nextAttemptAt: time().nullable().describe('Pending: when the next attempt may start'),
    lastStatusCode: z
      .int()
      .min(100)
      .max(599)
      .meta({ format: 'int32' })
      .nullable()
      .describe("The latest attempt's HTTP status, if any came"),
    lastError: z.string().max(PROBLEM_LIMITS.message).nullable().describe('Why the latest attempt failed'),
    createdAt: time().describe('When the article was found to match'),
    finishedAt: time().nullable().describe('When it was delivered, or failed for good'),
  })
  .meta({ id: 'Delivery', description: "One article sent (or to be sent) to a saved search's URL" });

export const DeliveryPageSchema = pageOf(DeliverySchema, 'DeliveryPage');

/**
 * The body of every delivery, as the dispatcher (src/service/webhooks.ts) builds it and the OpenAPI
 * document's `webhooks` describes it. Not strict: a receiver should accept fields added later.
 */
export const WebhookPayloadSchema = z
  .object({
    deliveryId: IdSchema.describe(
      'The delivery: the same as `X-Delivery-Id`, and on every attempt; a receiver that has seen it can answer 2xx and skip it',
    ),
    searchId: IdSchema.describe('The saved search the article matched'),
    createdAt: time().describe('When the article was found to match (the delivery made): the same on every attempt'),
    // Not described here: a described copy would be another schema, inlined instead of referred to.
    article: ArticleListItemSchema,
  })
  .meta({
    id: 'WebhookPayload',
    description:
      'One newly stored article that matches a saved search, as an item of GET /articles (with its `snippet` when the search has `q`)',
  });

export type WebhookPayload = z.infer<typeof WebhookPayloadSchema>;

export const PageQuerySchema = z
  .object({ limit: LimitSchema, cursor: withInputExample(CursorSchema.optional(), EXAMPLE_CURSORS.searches) })
  .strict();

export const EXAMPLE_SEARCH_ID = '3f9a0c1d2e4b5a69';

export const EXAMPLE_SEARCH_INPUT: z.input<typeof SavedSearchInputSchema> = {
  url: 'https://hooks.example.com/newswire',
  q: 'paperwork',
  entity: [EXAMPLE_IDS.person],
};

export const EXAMPLE_SEARCH: SavedSearchView = {
  id: EXAMPLE_SEARCH_ID,
  url: 'https://hooks.example.com/newswire',
  q: 'paperwork',
  entity: [EXAMPLE_IDS.person],
  createdAt: '2025-03-12T09:00:00.000Z',
};

export const EXAMPLE_CREATED_SEARCH: z.infer<typeof CreatedSavedSearchSchema> = {
  ...EXAMPLE_SEARCH,
  secret: 'whsec_q2kN8c0VvYl3mJ5tH7rB1xWfP4sGd9Ze',
};

export const EXAMPLE_WEBHOOK_PAYLOAD: WebhookPayload = {
  deliveryId: '7c4e2a9b1d0f3e58',
  searchId: EXAMPLE_SEARCH_ID,
  createdAt: '2025-03-12T09:41:08.000Z',
  // The search has `q`: the article comes with its snippet (and, not collapsed, no duplicateCount).
  article: { ...EXAMPLE_ARTICLE_SUMMARY, snippet: EXAMPLE_ARTICLE_HIT.snippet },
};

export const EXAMPLE_DELIVERY: z.infer<typeof DeliverySchema> = {
  id: EXAMPLE_WEBHOOK_PAYLOAD.deliveryId,
  searchId: EXAMPLE_SEARCH_ID,
  articleId: EXAMPLE_WEBHOOK_PAYLOAD.article.id,
  status: 'pending',
  attempts: 2,
  nextAttemptAt: '2025-03-12T09:42:08.000Z',
  lastStatusCode: 503,
  lastError: 'the receiver answered HTTP 503',
  createdAt: EXAMPLE_WEBHOOK_PAYLOAD.createdAt,
  finishedAt: null,
};
