// The OpenAPI 3.1 document, built from the routes' zod schemas, and Swagger UI to browse it.
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';

export const API_VERSION = '0.1.0';

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
      tags: [
        { name: 'articles', description: 'Stored articles with their entities and quotes' },
        { name: 'entities', description: 'People, organisations and places, linked across articles' },
        { name: 'quotes', description: 'Direct and reported speech, attributed to speakers' },
        { name: 'extraction', description: 'Analyse a text without storing it' },
        { name: 'health', description: 'Service status' },
      ],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, () => app.swagger());
}
