// HTTP caching and compression: a strong ETag on every successful GET, 304 on a matching
// If-None-Match, responses marked for revalidation (the data changes as articles arrive), and
// compression of large responses for clients that ask for it.
import compress from '@fastify/compress';
import etag from '@fastify/etag';
import type { FastifyInstance } from 'fastify';

export async function registerCaching(app: FastifyInstance) {
  await app.register(etag, { replyWith304: true });
  await app.register(compress, { global: true, threshold: 2048, encodings: ['br', 'gzip', 'deflate'] });
  app.addHook('onSend', async (request, reply, payload) => {
    const read = request.method === 'GET' || request.method === 'HEAD';
    if (read && reply.statusCode === 200 && !reply.hasHeader('cache-control')) {
      reply.header('cache-control', 'no-cache');
    }
    return payload;
  });
}
