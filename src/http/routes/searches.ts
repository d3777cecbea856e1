// Saved searches with webhooks: POST /searches, GET /searches, GET and DELETE /searches/:id, and
// GET /searches/:id/deliveries. Every operation needs the API key: a search names a URL of the
// client's, and its deliveries tell what that URL answered. The deliveries themselves are made and
// sent by src/service/webhooks.ts.
import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problems, withExample, withInputExample } from '../../schemas/common.js';
import { exampleInvalid } from '../../schemas/examples.js';
import {
  CreatedSavedSearchSchema,
  DeliveryPageSchema,
  EXAMPLE_CREATED_SEARCH,
  EXAMPLE_DELIVERY,
  EXAMPLE_SEARCH,
  EXAMPLE_SEARCH_ID,
  EXAMPLE_SEARCH_INPUT,
  PageQuerySchema,
  SavedSearchInputSchema,
  SavedSearchPageSchema,
  SavedSearchSchema,
  type SavedSearchView,
} from '../../schemas/saved-search.js';
import { newId } from '../../service/webhooks.js';
import type { NewsStore } from '../../store/news-store.js';
import { readPrimaryFromNowOn } from '../../store/replicated-store.js';
import type { SavedSearch } from '../../store/saved-searches.js';
import { requireApiKey } from '../auth.js';
import { sendProblem } from '../problems.js';
import { BEARER, pathIdWithExample } from './shared.js';

const SearchPathSchema = pathIdWithExample(EXAMPLE_SEARCH_ID);
const MISSING = '0000000000000000';
const ONE_SEARCH = { instance: `/searches/${MISSING}`, details: { 404: `no saved search ${MISSING}` } };

/** A search as the API shows it: the filters beside the URL, the secret never. */
function view(s: SavedSearch): SavedSearchView {
  const { q, entity, source } = s.filter;
  return {
    id: s.id,
    url: s.url,
    ...(q === undefined ? {} : { q }),
    ...(entity === undefined ? {} : { entity }),
    ...(source === undefined ? {} : { source }),
    createdAt: s.createdAt,
  };
}

export const searchRoutes: FastifyPluginAsyncZod<{ store: NewsStore; apiKeys: string[] }> = async (
  app,
  { store, apiKeys },
) => {
  const authenticate = requireApiKey(apiKeys);

  app.post(
    '/searches',
    {
      schema: {
        operationId: 'createSavedSearch',
        tags: ['searches'],
        summary: 'Save a search whose new articles are POSTed to a webhook',
        description:
          'From now on, each newly stored article that matches the filters (those of GET /articles/stream) ' +
          'is POSTed to `url` as JSON, signed with the secret in `X-Signature` (docs/api.md, "Saved searches"), ' +
          'and retried with growing waits until it is answered 2xx or its attempts run out. The secret is in ' +
          'this answer only. The URL is requested from the server: http or https only.',
        security: BEARER,
        body: withInputExample(SavedSearchInputSchema, EXAMPLE_SEARCH_INPUT),
        response: {
          201: withExample(CreatedSavedSearchSchema.describe('The search was saved'), EXAMPLE_CREATED_SEARCH),
          ...problems(
            {
              instance: '/searches',
              invalid: exampleInvalid('/searches', 'body', 'url', 'an http:// or https:// URL'),
            },
            400,
            401,
            413,
            415,
          ),
        },
      },
      onRequest: authenticate,
    },
    async (request, reply) => {
      const { url, secret, ...filter } = request.body;
      // Articles stored from now on: the newest position (no article) is where it starts reading. Taken
      // from the primary: a lagging replica's newest is older, and what it lacks would be delivered.
      readPrimaryFromNowOn(store);
      const { position } = await store.articlesStoredAfter({ ...filter, limit: 1 });
      const search = {
        id: newId(),
        filter,
        url: new URL(url).href,
        createdAt: new Date().toISOString(),
      };
      const made = secret ?? `whsec_${randomBytes(24).toString('base64url')}`;
      await store.searches.createSearch({ ...search, secret: made, position });
      return reply
        .code(201)
        .header('location', `/searches/${search.id}`)
        .send({ ...view(search), secret: made });
    },
  );

  app.get(
    '/searches',
    {
      schema: {
        operationId: 'listSavedSearches',
        tags: ['searches'],
        summary: 'List saved searches, newest first',
        description: 'Keyset-paginated: pass `next` as `cursor` to get the following page. Secrets are never shown.',
        security: BEARER,
        querystring: PageQuerySchema,
        response: {
          200: withExample(SavedSearchPageSchema, { data: [EXAMPLE_SEARCH], next: null }),
          ...problems({ instance: '/searches' }, 400, 401),
        },
      },
      onRequest: authenticate,
    },
    async (request) => {
      const page = await store.searches.listSearches(request.query);
      return { data: page.data.map(view), next: page.next };
    },
  );

  app.get(
    '/searches/:id',
    {
      schema: {
        operationId: 'getSavedSearch',
        tags: ['searches'],
        summary: 'Get a saved search',
        security: BEARER,
        params: SearchPathSchema,
        response: {
          200: withExample(SavedSearchSchema, EXAMPLE_SEARCH),
          ...problems(ONE_SEARCH, 400, 401, 404),
        },
      },
      onRequest: authenticate,
    },
    async (request, reply) => {
      const search = await store.searches.getSearch(request.params.id);
      if (!search) return sendProblem(reply, 404, `no saved search ${request.params.id}`);
      return view(search);
    },
  );

  app.delete(
    '/searches/:id',
    {
      schema: {
        operationId: 'deleteSavedSearch',
        tags: ['searches'],
        summary: 'Delete a saved search and its deliveries',
        description: 'Nothing more is sent for it; an attempt already under way may still arrive.',
        security: BEARER,
        params: SearchPathSchema,
        response: { 204: z.undefined().describe('Deleted'), ...problems(ONE_SEARCH, 400, 401, 404) },
      },
      onRequest: authenticate,
    },
    async (request, reply) => {
      if (!(await store.searches.deleteSearch(request.params.id))) {
        return sendProblem(reply, 404, `no saved search ${request.params.id}`);
      }
      return reply.code(204).send();
    },
  );

  app.get(
    '/searches/:id/deliveries',
    {
      schema: {
        operationId: 'listDeliveries',
        tags: ['searches'],
        summary: "List a saved search's deliveries, newest first",
        description:
          'Each article the search matched, with how sending it went: pending (with the time of the next ' +
          'attempt), delivered, or failed (every attempt failed). Keyset-paginated.',
        security: BEARER,
        params: SearchPathSchema,
        querystring: PageQuerySchema,
        response: {
          200: withExample(DeliveryPageSchema, { data: [EXAMPLE_DELIVERY], next: null }),
          ...problems(ONE_SEARCH, 400, 401, 404),
        },
      },
      onRequest: authenticate,
    },
    async (request, reply) => {
      const page = await store.searches.listDeliveries(request.params.id, request.query);
      if (!page) return sendProblem(reply, 404, `no saved search ${request.params.id}`);
      return page;
    },
  );
};
