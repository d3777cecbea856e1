// The OpenAPI 3.1 document, built from the routes' zod schemas, and Swagger UI to browse it.
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
// Types only (erased), of @fastify/swagger's own dependency: the shape of the webhooks it passes through.
import type { OpenAPIV3_1 } from 'openapi-types';
import { z } from 'zod';
import { EXAMPLE_CREATED_SEARCH, EXAMPLE_WEBHOOK_PAYLOAD, WebhookPayloadSchema } from '../schemas/saved-search.js';
import { signatureHeader } from '../service/webhook-signature.js';
import { CONSISTENCY_COOKIE, CONSISTENCY_HEADER } from './consistency.js';

export const API_VERSION = '0.1.0';

type Doc = ReturnType<typeof jsonSchemaTransformObject>;
type RouteDoc = Parameters<typeof jsonSchemaTransform>[0];
type BodyByType = { content: Record<string, { schema: z.ZodType }> };

/**
 * The zod transform converts a body that is one zod schema; a body with one schema per content type
 * (POST /articles takes text/plain or JSON) is converted here, each schema to an inline JSON Schema.
 */
function transform(route: RouteDoc) {
  const body = (route.schema as { body?: unknown } | undefined)?.body;
  if (!body || body instanceof z.ZodType || typeof body !== 'object' || !('content' in body)) {
    return stashExamples(jsonSchemaTransform(route));
  }
  const { body: _, ...schema } = route.schema as Record<string, unknown>;
  const out = jsonSchemaTransform({ ...route, schema } as RouteDoc);
  const content = Object.fromEntries(
    Object.entries((body as BodyByType).content).map(([type, { schema: s }]) => {
      const { $schema: __, ...json } = z.toJSONSchema(s, { io: 'input', target: 'draft-2020-12' });
      return [type, { schema: json }];
    }),
  );
  return stashExamples({ ...out, schema: { ...out.schema, body: { content } } });
}

/**
 * Examples. A schema given `.meta({ examples })` (see withExample in src/schemas/common.ts) carries
 * them as JSON Schema `examples`; @fastify/swagger drops every sibling of a `$ref`, so the examples
 * of a named schema (a response's `$ref: '#/components/schemas/Article'`) would be lost. They are
 * taken off the route's schemas here, kept on the operation under STASH, and put back in
 * applyExamples as the OpenAPI `example` of the parameter, request body or response they belong to.
 */
const STASH = 'x-stashed-examples';
/** Examples by where they go: `query limit`, `path id`; `body <type>`, `<status> <type>` (`*`: every type). */
type Stash = Record<string, unknown[]>;
type JsonSchema = Record<string, unknown> & { examples?: unknown[]; properties?: Record<string, JsonSchema> };

const PARAMETER_LOCATIONS = { querystring: 'query', params: 'path', headers: 'header' } as const;

function takeExamples(schema: JsonSchema | undefined, key: string, stash: Stash) {
  if (schema && Array.isArray(schema.examples)) {
    stash[key] = schema.examples;
    delete schema.examples;
  }
}

function stashExamples<T extends { schema?: unknown }>(out: T): T {
  const schema = out.schema as Record<string, unknown> | undefined;
  if (!schema || schema.hide) return out;
  const stash: Stash = {};
  for (const [field, where] of Object.entries(PARAMETER_LOCATIONS)) {
    const properties = (schema[field] as JsonSchema | undefined)?.properties ?? {};
    for (const [name, property] of Object.entries(properties)) takeExamples(property, `${where} ${name}`, stash);
  }
  const bySchemaOrContent = (entry: unknown, prefix: string) => {
    const content = (entry as { content?: Record<string, { schema?: JsonSchema }> }).content;
    if (content) {
      for (const [type, media] of Object.entries(content)) takeExamples(media.schema, `${prefix} ${type}`, stash);
    } else {
      takeExamples(entry as JsonSchema, `${prefix} *`, stash);
    }
  };
  if (schema.body) bySchemaOrContent(schema.body, 'body');
  for (const [status, entry] of Object.entries((schema.response as Record<string, unknown> | undefined) ?? {})) {
    bySchemaOrContent(entry, status);
  }
  return Object.keys(stash).length > 0 ? { ...out, schema: { ...schema, [STASH]: stash } } : out;
}

type Media = { schema?: unknown; example?: unknown; examples?: Record<string, { value: unknown }> };
type Parameter = Media & { in: string; name: string; required?: boolean };
type Operation = {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, Media> };
  responses?: Record<string, { content?: Record<string, Media> }>;
  [STASH]?: Stash;
};

/** One example is the `example`; several are `examples`, named example1, example2, ... */
function setExamples(target: Media, examples: unknown[] | undefined) {
  if (!examples || examples.length === 0) return;
  if (examples.length === 1) target.example = examples[0];
  else target.examples = Object.fromEntries(examples.map((value, i) => [`example${i + 1}`, { value }]));
}

/** Puts the stashed examples where they belong in the built document (see stashExamples). */
function applyExamples(doc: Doc): Doc {
  const paths = (doc as { paths?: Record<string, Record<string, Operation>> }).paths ?? {};
  for (const item of Object.values(paths)) {
    for (const op of Object.values(item)) {
      const stash = op[STASH];
      if (!stash) continue;
      delete op[STASH];
      for (const p of op.parameters ?? []) {
        const examples = stash[`${p.in} ${p.name}`];
        // Swagger UI fills "Try it out" with a parameter's `example`: for an optional filter that would
        // narrow (or, with a cursor, break) every first try. Its schema's `examples` it only shows.
        if (p.required || !examples) setExamples(p, examples);
        else p.schema = { ...(p.schema as object), examples };
      }
      for (const [type, media] of Object.entries(op.requestBody?.content ?? {})) {
        setExamples(media, stash[`body ${type}`] ?? stash['body *']);
      }
      for (const [status, response] of Object.entries(op.responses ?? {})) {
        for (const [type, media] of Object.entries(response.content ?? {})) {
          setExamples(media, stash[`${status} ${type}`] ?? stash[`${status} *`]);
        }
      }
    }
  }
  return doc;
}

/**
 * The zod transform registers an input and an output variant of every named schema; keep only the
 * components the document refers to, so the published document has no dead entries.
 */
function pruneUnusedSchemas(doc: Doc): Doc {
  const schemas = (doc as { components?: { schemas?: Record<string, unknown> } }).components?.schemas;
  if (!schemas) return doc;
  const { components: _, ...rest } = doc as { components: unknown };
  const used = new Set<string>();
  const visit = (node: unknown) => {
    const text = JSON.stringify(node);
    for (const [, name] of text.matchAll(/"#\/components\/schemas\/([^"]+)"/g)) {
      if (name && !used.has(name)) {
        used.add(name);
        visit(schemas[name]);
      }
    }
  };
  visit(rest);
  const kept = Object.fromEntries(Object.entries(schemas).filter(([name]) => used.has(name)));
  return { ...doc, components: { ...(doc as { components: object }).components, schemas: kept } } as Doc;
}

const INT32_MAX = 2_147_483_647;
const intHeader = (description: string, maximum = INT32_MAX) => ({
  description,
  schema: { type: 'integer', format: 'int32', minimum: 0, maximum },
});

/**
 * Headers @fastify/rate-limit sends on every answer of a rate-limited route while rate limiting is on
 * (RATE_LIMIT_MAX > 0), Retry-After on the answers that ask the client to wait, and the CORS header
 * when CORS_ORIGINS is set.
 */
const RATE_LIMIT_HEADERS = {
  'X-RateLimit-Limit': intHeader('Requests a client may make in a minute (absent with rate limiting off)'),
  'X-RateLimit-Remaining': intHeader('Requests left in the current minute'),
  'X-RateLimit-Reset': intHeader('Seconds until the current minute ends', 60),
};
const CORS_HEADERS = {
  'Access-Control-Allow-Origin': {
    description: 'The allowed origin, for a request from one of the origins in CORS_ORIGINS (or *)',
    schema: { type: 'string', maxLength: 2048 },
  },
};
const RETRY_AFTER = { 'Retry-After': intHeader('Seconds to wait before retrying', 3600) };
// A read-only database is a 503 too, and no wait ends it on its own.
const RETRY_AFTER_503 = {
  'Retry-After': intHeader('Seconds to wait before retrying; absent when the database is read-only', 3600),
};

type Responses = Record<string, { headers?: Record<string, unknown> }>;

/**
 * Documents the CORS header on every answer, the rate-limit ones on every answer of an operation that
 * can answer 429 (the others are not rate-limited: see problems()), and Retry-After on 429 and 503.
 */
function addHeaders(doc: Doc): Doc {
  const paths = (doc as { paths?: Record<string, Record<string, { responses?: Responses }>> }).paths ?? {};
  for (const item of Object.values(paths)) {
    for (const op of Object.values(item)) {
      const rateLimited = '429' in (op.responses ?? {});
      for (const [status, response] of Object.entries(op.responses ?? {})) {
        const headers = {
          ...(rateLimited ? RATE_LIMIT_HEADERS : {}),
          ...CORS_HEADERS,
          ...(status === '429' ? RETRY_AFTER : status === '503' ? RETRY_AFTER_503 : {}),
        };
        response.headers = { ...response.headers, ...headers };
      }
    }
  }
  return doc;
}

/**
 * The read-your-writes token (src/http/consistency.ts), only with read replicas (DATABASE_REPLICA_URLS):
 * the answers that follow a write carry it, and the store's operations take it back, as a header
 * or as the cookie set with it.
 */
const TOKEN_SCHEMA = {
  type: 'string',
  pattern: '^[0-9A-Fa-f]{1,8}/[0-9A-Fa-f]{1,8}$',
  maxLength: 17,
  description: 'A PostgreSQL WAL position',
  examples: ['16/B374D848'],
};
/** The answers that hand out a token, by operation: the writes, and a job's completion (its worker wrote). */
const TOKEN_ANSWERS: Record<string, string[]> = {
  createArticle: ['200', '201'],
  deleteArticle: ['204'],
  getIngestJob: ['200'],
};
/** Operations whose reads honour a token: those of the store's data. */
const TOKEN_TAGS = new Set(['articles', 'entities', 'quotes']);
const TOKEN_HEADERS = {
  [CONSISTENCY_HEADER]: {
    description:
      'Only when the server reads from replicas: the primary’s position after this write. Send it back ' +
      `as the \`${CONSISTENCY_HEADER}\` header (or let the cookie it also sets come back) and later reads are ` +
      'served from a replica only once it has the write: you read your own writes.',
    schema: TOKEN_SCHEMA,
  },
  'Set-Cookie': {
    description:
      `Only when the server reads from replicas: \`${CONSISTENCY_COOKIE}\`, the same token, HttpOnly, ` +
      'SameSite=Lax, Secure over https, for as long as it can matter (the replica lag bound and a little).',
    schema: { type: 'string', maxLength: 256 },
  },
};
const TOKEN_PARAMETERS = [
  {
    in: 'header',
    name: CONSISTENCY_HEADER,
    required: false,
    description:
      `The \`${CONSISTENCY_HEADER}\` of an earlier write's answer: the data read is at least that new. ` +
      'Ignored when the server has no replicas, or when it is not a WAL position.',
    schema: TOKEN_SCHEMA,
  },
  {
    in: 'cookie',
    name: CONSISTENCY_COOKIE,
    required: false,
    description: `The same token as the cookie a write's answer sets (browsers send it back by themselves).`,
    schema: TOKEN_SCHEMA,
  },
];

/** A deep copy sharing no object, not even within itself (structuredClone keeps shared references). */
const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

type TokenOperation = { operationId?: string; tags?: string[]; parameters?: unknown[]; responses?: Responses };

/** Documents the consistency token: its header and cookie on the answers that set them, and taking it back. */
function addConsistencyToken(doc: Doc): Doc {
  const paths = (doc as { paths?: Record<string, Record<string, TokenOperation>> }).paths ?? {};
  for (const item of Object.values(paths)) {
    for (const op of Object.values(item)) {
      // Copies, not shared objects: the YAML would alias them (&a1), renaming every later alias.
      if (op.tags?.some((tag) => TOKEN_TAGS.has(tag)))
        op.parameters = [...(op.parameters ?? []), ...copy(TOKEN_PARAMETERS)];
      for (const status of TOKEN_ANSWERS[op.operationId ?? ''] ?? []) {
        const response = op.responses?.[status];
        if (response) response.headers = { ...response.headers, ...copy(TOKEN_HEADERS) };
      }
    }
  }
  return doc;
}

/**
 * What a saved search POSTs to its URL (src/service/webhooks.ts): an OpenAPI 3.1 webhook, its body the
 * component the zod schema the dispatcher builds it by is registered as. The example's signature is the
 * example body's, signed with the example search's secret at the delivery's time, so it verifies.
 */
function webhooks(): Record<string, OpenAPIV3_1.PathItemObject> {
  const payloadId = z.globalRegistry.get(WebhookPayloadSchema)?.id;
  if (!payloadId) throw new Error('WebhookPayloadSchema has no component id');
  const at = new Date(EXAMPLE_WEBHOOK_PAYLOAD.createdAt);
  const signature = signatureHeader(EXAMPLE_CREATED_SEARCH.secret, JSON.stringify(EXAMPLE_WEBHOOK_PAYLOAD), at);
  return {
    savedSearchDelivery: {
      post: {
        operationId: 'savedSearchDelivery',
        tags: ['searches'],
        summary: 'A delivery: one newly stored article that matches a saved search, POSTed to its URL',
        description:
          'Sent by the server to the `url` of a saved search (POST /searches), once for each newly stored ' +
          'article that matches it, in storage order within a search, one at a time. Verify it by ' +
          '`X-Signature` over the body as received (docs/api.md, "Saved searches"). Any 2xx answer delivers; ' +
          'anything else, a redirect, a failed connection or no answer in time fails the attempt, retried ' +
          'with backoff until the attempts run out. At least once: a `deliveryId` may arrive twice.',
        // Not a call to this API: the receiver's own URL, which authenticates the server by the signature.
        security: [{}],
        parameters: [
          {
            in: 'header',
            name: 'X-Signature',
            required: true,
            description:
              '`t=<unix seconds>,v1=<hex>`: HMAC-SHA256, keyed with the search’s secret, of `<t>.<the body as ' +
              'sent>`. Refuse a `t` more than a few minutes from your clock (a replayed request).',
            schema: { type: 'string', pattern: '^t=[0-9]{1,12}(,v1=[0-9a-f]{64})+$', maxLength: 256 },
            example: signature,
          },
          {
            in: 'header',
            name: 'X-Delivery-Id',
            required: true,
            description: 'The delivery’s id, as `deliveryId` in the body: the same on every attempt',
            schema: { type: 'string', pattern: '^[0-9a-f]{16}$', maxLength: 16 },
            example: EXAMPLE_WEBHOOK_PAYLOAD.deliveryId,
          },
        ],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: { $ref: `#/components/schemas/${payloadId}` },
              example: EXAMPLE_WEBHOOK_PAYLOAD,
            },
          },
        },
        responses: {
          '2XX': { description: 'Delivered: nothing more is sent for it (the body of the answer is not read)' },
          '4XX': { description: 'The attempt failed: it is made again after a wait, until the attempts run out' },
          '5XX': { description: 'The attempt failed: it is made again after a wait, until the attempts run out' },
        },
      },
    },
  };
}

/** Self-hosted: the operator decides who reaches it, and terminates TLS in front of it. */
const SERVER = { url: '/', description: 'This server (production or local)', 'x-internal': false };

export async function registerDocs(app: FastifyInstance) {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Newswire API',
        version: API_VERSION,
        description:
          'Wire stories turned into structured, linked news data: articles, the people, organisations and ' +
          'places they mention (with every mention’s code-point offsets), and who said what.',
        license: { name: 'MIT', identifier: 'MIT' },
      },
      servers: [SERVER],
      webhooks: webhooks(),
      // Reads and POST /extract are public (an empty requirement: no key needed); writes name their own.
      security: [{}],
      components: {
        securitySchemes: {
          apiKey: {
            type: 'http',
            scheme: 'bearer',
            description: 'One of the keys in the server’s API_KEYS, as `Authorization: Bearer <key>`',
          },
        },
      },
      tags: [
        { name: 'articles', description: 'Stored articles with their entities and quotes' },
        { name: 'entities', description: 'People, organisations and places, linked across articles' },
        { name: 'quotes', description: 'Direct and reported speech, attributed to speakers' },
        { name: 'export', description: 'Whole collections, filtered like the lists, as resumable NDJSON streams' },
        { name: 'extraction', description: 'Analyse a text without storing it' },
        { name: 'searches', description: 'Saved searches whose newly stored articles are POSTed to a webhook' },
        { name: 'ingest', description: 'Articles queued for workers, when the server runs an ingest queue' },
        { name: 'health', description: 'Service status' },
      ],
    },
    transform,
    transformObject: (input) =>
      addConsistencyToken(addHeaders(pruneUnusedSchemas(applyExamples(jsonSchemaTransformObject(input))))),
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, () => app.swagger());
}
