// The application: buildApp() wires plugins in a fixed order (documentation, error handling, then
// routes) around a store it is given. Tests build it with an in-memory store; server.ts with the real one.
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import { registerDocs } from './http/docs.js';
import { registerProblemHandlers } from './http/problems.js';
import { articleRoutes } from './http/routes/articles.js';
import { entityRoutes } from './http/routes/entities.js';
import { extractRoutes } from './http/routes/extract.js';
import { healthRoutes } from './http/routes/health.js';
import { quoteRoutes } from './http/routes/quotes.js';
import { serializerCompiler } from './http/serializer.js';
import type { NewsStore } from './store/news-store.js';

export interface AppOptions {
  store: NewsStore;
  bodyLimit?: number;
  logger?: FastifyServerOptions['logger'];
}

export async function buildApp({
  store,
  bodyLimit = 1024 * 1024,
  logger = false,
}: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger,
    bodyLimit,
    routerOptions: { ignoreTrailingSlash: true },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await registerDocs(app);
  registerProblemHandlers(app);

  await app.register(articleRoutes, { store });
  await app.register(entityRoutes, { store });
  await app.register(quoteRoutes, { store });
  await app.register(extractRoutes);
  await app.register(healthRoutes, { store });
  return app;
}
