// Webhooks with several API processes on one PostgreSQL database: each runs a dispatcher, and each
// matching article still reaches the receiver once, the searches' positions being moved once and each
// attempt claimed by one process (FOR UPDATE SKIP LOCKED).
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { NewsStore } from '../../src/store/news-store.js';
import { openPostgresStore } from '../../src/store/postgres-store.js';
import { TEST_KEY } from '../app.js';
import { analyser } from '../extractor.js';
import { createTestDatabase } from '../postgres.js';
import { draft } from '../store/drafts.js';
import { receiver } from '../support/webhook-receiver.js';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
const stores: NewsStore[] = [];
const apps: FastifyInstance[] = [];

beforeAll(async () => {
  database = await createTestDatabase('newswire_webhooks');
  for (let i = 0; i < 3; i++) {
    const store = await openPostgresStore(database.url, { poolSize: 4 });
    stores.push(store);
    apps.push(
      await buildApp({
        store,
        analyser,
        config: { rateLimitMax: 0, maxEventLoopDelayMs: 0, apiKeys: [TEST_KEY] },
        webhooks: { pollMs: 0, retryBaseMs: 10, retryMaxMs: 20, maxAttempts: 3 },
      }),
    );
  }
});

afterAll(async () => {
  for (const app of apps) await app.close();
  for (const store of stores) await store.close();
  await database?.drop();
});

describe('webhooks from several processes on PostgreSQL', () => {
  it('deliver each matching article once, in storage order, whichever process sends it', async () => {
    const r = await receiver([500, 500]);
    try {
      const [first, second] = apps as [FastifyInstance, FastifyInstance];
      const res = await first.inject({
        method: 'POST',
        url: '/searches',
        headers: { authorization: `Bearer ${TEST_KEY}` },
        payload: { url: r.url, q: 'harbour' },
      });
      expect(res.statusCode).toBe(201);
      const search = res.json() as { id: string };
      const wanted: string[] = [];
      for (let i = 0; i < 12; i++) {
        const d = draft(`Harbour report ${i}\nThe harbour of port ${i} reopened.`);
        // Stored through either process, as a load balancer would spread them.
        await stores[i % 2]?.saveArticle(d);
        wanted.push(d.id);
      }
      await stores[0]?.saveArticle(draft('Unrelated\nNothing of interest.'));
      const delivered = async () => {
        const page = await second.inject({
          url: `/searches/${search.id}/deliveries?limit=100`,
          headers: { authorization: `Bearer ${TEST_KEY}` },
        });
        const data = (page.json() as { data: { status: string }[] }).data;
        return data.length >= wanted.length && data.every((d) => d.status === 'delivered');
      };
      // Every process's rounds at once, again and again, until all is delivered.
      while (!(await delivered())) {
        await Promise.all(apps.map((a) => a.webhooks?.tick()));
        await Promise.all(apps.map((a) => a.webhooks?.idle()));
        await new Promise((done) => setTimeout(done, 5));
      }
      const sent = r.requests.map((q) => JSON.parse(q.body).article.id as string);
      // The first article twice (two 500s then a 200 is three requests), every other once, in order.
      expect(sent).toEqual([wanted[0], wanted[0], ...wanted]);
    } finally {
      await r.close();
    }
  });
});
