// The OpenAPI 3.1 document, built from the routes' zod schemas, and Swagger UI to browse it.
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { z } from 'zod';

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
    return jsonSchemaTransform(route);
  }
  const { body: _, ...schema } = route.schema as Record<string, unknown>;
  const out = jsonSchemaTransform({ ...route, schema } as RouteDoc);
  const content = Object.fromEntries(
    Object.entries((body as BodyByType).content).map(([type, { schema: s }]) => {
      const { $schema: __, ...json } = z.toJSONSchema(s, { io: 'input', target: 'draft-2020-12' });
      return [type, { schema: json }];
    }),
  );
  return { ...out, schema: { ...out.schema, body: { content } } };
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
      servers: [{ url: '/' }],
      // Reads are public; write operations name their own security requirement.
      security: [],
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
        { name: 'extraction', description: 'Analyse a text without storing it' },
        { name: 'health', description: 'Service status' },
      ],
    },
    transform,
    transformObject: (input) => pruneUnusedSchemas(jsonSchemaTransformObject(input)),
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, () => app.swagger());
}
