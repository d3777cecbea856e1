// Page cursors as clients see them: the store's keyset cursor (the last row's sort key, internal row
// numbers included) sealed with AES-256-GCM, and bound to the query that produced it. A client can
// neither read the key nor forge one, and a cursor from one list, or from one set of filters, is
// refused by any other (400) instead of silently paging through something else. The binding is the
// authenticated data of the seal: the route, its path parameters, and its parsed query (filters and
// sort, after trimming and defaults) without `cursor` and `limit` (the page size may change).
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyRequest, onRequestHookHandler } from 'fastify';
import { z } from 'zod';
import { InvalidCursorError } from '../store/news-store.js';

const IV = 12;
const TAG = 16;
/** A new random secret: cursors from it are good only in processes given the same one. */
export const newCursorSecret = () => randomBytes(32).toString('base64url');

export const WRONG_CURSOR =
  'the cursor is not one this list handed out for these filters: pass the `next` of the previous page, with the same filters, unchanged';

/**
 * The query a cursor belongs to, as the bytes the seal authenticates: the route, its path parameters
 * and its parsed query less `omit` (a list's `cursor` and `limit`; GET /articles/stream's
 * `lastEventId`, its event ids being sealed the same way; the reader view's next-page links).
 */
export function scopeOf(request: FastifyRequest, omit: readonly string[] = ['cursor', 'limit']): Buffer {
  const query = (request.query ?? {}) as Record<string, unknown>;
  const sorted = Object.keys(query)
    .filter((k) => !omit.includes(k) && query[k] !== undefined)
    .sort()
    .map((k) => [k, query[k]]);
  return Buffer.from(JSON.stringify([request.routeOptions.url, request.params ?? {}, sorted]));
}

export function createCursorSeal(secret: string) {
  const key = createHash('sha256').update(`cursor:${secret}`).digest();
  const ivKey = createHash('sha256').update(`cursor-iv:${secret}`).digest();
  return {
    seal(inner: string, scope: Buffer): string {
      // Deterministic (the IV is a MAC of what is sealed, as in SIV): the same page has the same `next`
      // every time, so a list keeps its ETag, and a 304 stays possible. It only shows that two cursors are equal.
      const iv = createHmac('sha256', ivKey).update(scope).update('\u0000').update(inner).digest().subarray(0, IV);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(scope);
      const body = Buffer.concat([cipher.update(inner, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
    },
    open(sealed: string, scope: Buffer): string {
      const raw = Buffer.from(sealed, 'base64url');
      // base64url decoding skips what is not base64url: a cursor must read back as it was written.
      if (raw.length <= IV + TAG || raw.toString('base64url') !== sealed) throw new InvalidCursorError(WRONG_CURSOR);
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV));
        decipher.setAAD(scope);
        decipher.setAuthTag(raw.subarray(IV, IV + TAG));
        return Buffer.concat([decipher.update(raw.subarray(IV + TAG)), decipher.final()]).toString('utf8');
      } catch {
        throw new InvalidCursorError(WRONG_CURSOR);
      }
    },
  };
}

/** Seals the `next` of every list with a `cursor` parameter, and opens its `cursor` before the handler. */
export function registerCursorSealing(app: FastifyInstance, secret: string, exclude: (url: string) => boolean) {
  const { seal, open } = createCursorSeal(secret);
  const scopes = new WeakMap<FastifyRequest, Buffer>();
  const hooks = {
    preHandler: (async (request) => {
      const scope = scopeOf(request);
      scopes.set(request, scope);
      const query = request.query as { cursor?: string };
      if (query.cursor !== undefined) query.cursor = open(query.cursor, scope);
    }) as onRequestHookHandler,
    preSerialization: async (request: FastifyRequest, _reply: unknown, payload: unknown) => {
      const scope = scopes.get(request);
      if (!scope || payload === null || typeof payload !== 'object' || !('next' in payload)) return payload;
      const next = (payload as { next: unknown }).next;
      return typeof next === 'string' ? { ...payload, next: seal(next, scope) } : payload;
    },
  };
  app.addHook('onRoute', (route) => {
    const query = route.schema?.querystring;
    if (!(query instanceof z.ZodObject) || !('cursor' in query.shape) || exclude(route.url)) return;
    for (const name of ['preHandler', 'preSerialization'] as const) {
      const current = route[name];
      const list = current === undefined ? [] : Array.isArray(current) ? current : [current];
      // biome-ignore lint/suspicious/noExplicitAny: the two hook kinds share no type
      (route as any)[name] = [...list, hooks[name]];
    }
  });
}
