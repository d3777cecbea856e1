// HTTP caching and compression: a strong ETag on every successful GET, 304 on a matching
// If-None-Match, responses marked for revalidation (the data changes as articles arrive), and
// compression of large responses for clients that ask for it.
import compress from '@fastify/compress';
import etag from '@fastify/etag';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

// A strong ETag names one representation, byte for byte (RFC 9110 §8.8.3): the gzip and the identity
// bodies of one article must not share it. The tag is computed on the identity body, and a compressed
// body's tag gets the coding appended ("…-gzip"). A client revalidating with such a tag is compared on
// the identity tag (the suffix is taken off on arrival) and its 304 carries the tag it sent.
const CODED = /-(br|gzip|deflate)"$/;
const sentCoding = new WeakMap<FastifyRequest, string>();

export async function registerCaching(app: FastifyInstance) {
  app.addHook('onRequest', async (request) => {
    const tags = request.headers['if-none-match'];
    if (!tags?.includes('-')) return;
    request.headers['if-none-match'] = tags
      .split(',')
      .map((tag) => {
        const coding = tag.trim().match(CODED)?.[1];
        if (!coding) return tag;
        sentCoding.set(request, coding);
        return tag.trim().replace(CODED, '"');
      })
      .join(',');
  });
  await app.register(etag, { replyWith304: true });
  await app.register(compress, { global: true, threshold: 2048, encodings: ['br', 'gzip', 'deflate'] });
  app.addHook('onSend', async (request, reply, payload) => {
    const read = request.method === 'GET' || request.method === 'HEAD';
    if (read && reply.statusCode === 200 && !reply.hasHeader('cache-control')) {
      reply.header('cache-control', 'no-cache');
    }
    return payload;
  });
  // @fastify/compress compresses in an onSend hook of each route, which runs after every hook added to
  // the app: the coding is known only in a route hook placed after it.
  app.addHook('onRoute', (route) => {
    const hooks = route.onSend === undefined ? [] : Array.isArray(route.onSend) ? route.onSend : [route.onSend];
    route.onSend = [...hooks, tagCoding];
  });
}

async function tagCoding(request: FastifyRequest, reply: FastifyReply, payload: unknown) {
  const tag = reply.getHeader('etag');
  if (typeof tag === 'string' && tag.endsWith('"')) {
    const coding = reply.statusCode === 304 ? sentCoding.get(request) : reply.getHeader('content-encoding');
    if (typeof coding === 'string' && coding !== 'identity') reply.header('etag', `${tag.slice(0, -1)}-${coding}"`);
  }
  return payload;
}
