// GET /articles/:id is the hottest read. Its JSON is rendered once per article and kept, with its
// ETag, until the store's data changes (in this process or any other sharing the database): a hit
// costs one version check and a map lookup instead of six queries, a serialisation and a hash.
import fastJson from 'fast-json-stringify';
import type { FastifyReply } from 'fastify';
import { ArticleSchema } from '../schemas/article.js';
import type { NewsStore } from '../store/news-store.js';
import { strongTag } from './caching.js';
import { serializationSchema } from './serializer.js';

export interface RenderedArticle {
  body: string;
  /** Strong ETag of body, as caching.ts gives every other response. */
  etag: string;
}

const render = fastJson(serializationSchema(ArticleSchema));

/** At most this many rendered articles are kept (the least recently read go first): some tens of MB. */
export const ARTICLE_CACHE_ENTRIES = 2000;

export function createArticleCache(store: NewsStore) {
  const entries = new Map<string, RenderedArticle>();
  let version = '';
  return {
    async get(id: string): Promise<RenderedArticle | null> {
      const now = await store.version();
      if (now !== version) {
        entries.clear();
        version = now;
      }
      const hit = entries.get(id);
      if (hit) {
        // Most recently read last, so the first key is the one to evict.
        entries.delete(id);
        entries.set(id, hit);
        return hit;
      }
      const article = await store.getArticle(id);
      if (!article) return null;
      const body = render(article);
      const rendered = { body, etag: strongTag(body) };
      // Only cache what was read at the version checked above: a write in between would make it stale.
      if ((await store.version()) === version) {
        entries.set(id, rendered);
        if (entries.size > ARTICLE_CACHE_ENTRIES) entries.delete(entries.keys().next().value as string);
      }
      return rendered;
    },
  };
}

/**
 * Sends a rendered article as it is: already JSON and already tagged, so neither the serializer nor
 * the ETag plugin redo the work. (Typed as a plain reply: the route's typed reply expects the object.)
 */
export function sendRendered(reply: FastifyReply, rendered: RenderedArticle) {
  return reply.type('application/json; charset=utf-8').header('etag', rendered.etag).send(rendered.body);
}
