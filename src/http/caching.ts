// HTTP caching and compression: a strong ETag on every successful GET, 304 on a matching
// If-None-Match, responses marked for revalidation (the data changes as articles arrive), and
// compression of large responses for clients that ask for it.
import { createHash } from 'node:crypto';
import compress from '@fastify/compress';
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
  // Not @fastify/etag: it tags every answer, errors too, and its 304 keeps `content-length: 0`, which
  // RFC 9110 §8.6 forbids (a 304's Content-Length, if any, is the full body's). An error is not a
  // representation of the resource, so it gets no tag, and no 304 either.
  app.addHook('onSend', async (request, reply, payload) => {
    const read = request.method === 'GET' || request.method === 'HEAD';
    if (!read || reply.statusCode !== 200) return payload;
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-cache');
    // Whether a body is compressed depends on its size and the request's Accept-Encoding: a cache must
    // key every answer of the URL on it, the small identity ones and their 304s included.
    addVary(reply, 'accept-encoding');
    let tag = reply.getHeader('etag');
    if (tag === undefined) {
      if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
      tag = strongTag(payload);
      reply.header('etag', tag);
    }
    if (typeof tag === 'string' && matches(request.headers['if-none-match'], tag)) {
      reply.code(304).removeHeader('content-type').removeHeader('content-length');
      // No payload at all: Fastify then writes no Content-Length for a 304.
      return null;
    }
    return payload;
  });
  await app.register(compress, { global: true, threshold: 2048, encodings: ['br', 'gzip', 'deflate'] });
  // @fastify/compress compresses in an onSend hook of each route, which runs after every hook added to
  // the app: the coding is known only in a route hook placed after it.
  app.addHook('onRoute', (route) => {
    const hooks = route.onSend === undefined ? [] : Array.isArray(route.onSend) ? route.onSend : [route.onSend];
    route.onSend = [...hooks, tagCoding];
  });
}

/** The strong ETag of a body: its SHA-1, as article-cache.ts computes it too. */
export const strongTag = (body: string | Buffer) => `"${createHash('sha1').update(body).digest('base64')}"`;

/** If-None-Match compares weakly (RFC 9110 §13.1.2): W/ is ignored; `*` matches any representation. */
function matches(header: string | undefined, tag: string): boolean {
  if (!header) return false;
  return header.split(',').some((t) => {
    const candidate = t.trim();
    return candidate === '*' || candidate.replace(/^W\//, '') === tag;
  });
}

function addVary(reply: FastifyReply, field: string) {
  const current = reply.getHeader('vary');
  const fields = typeof current === 'string' ? current.split(',').map((f) => f.trim().toLowerCase()) : [];
  if (fields.includes('*') || fields.includes(field)) return;
  reply.header('vary', typeof current === 'string' && current ? `${current}, ${field}` : field);
}

async function tagCoding(request: FastifyRequest, reply: FastifyReply, payload: unknown) {
  const tag = reply.getHeader('etag');
  if (typeof tag === 'string' && tag.endsWith('"')) {
    const coding = reply.statusCode === 304 ? sentCoding.get(request) : reply.getHeader('content-encoding');
    if (typeof coding === 'string' && coding !== 'identity') reply.header('etag', `${tag.slice(0, -1)}-${coding}"`);
  }
  return payload;
}
