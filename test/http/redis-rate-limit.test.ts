// REDIS_URL: rate-limit counts shared by every app that uses the same Redis, and requests served
// (uncounted) when Redis cannot be reached. The shared-budget tests need a Redis: they are registered
// when one answers at REDIS_TEST_URL (redis://127.0.0.1:6379 by default), and with REQUIRE_REDIS=1
// one that does not answer fails the suite.
import { randomUUID } from 'node:crypto';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freePort } from '../../src/cli/server-process.js';
import type { NewsStore } from '../../src/store/news-store.js';
import { createSqliteStore, openDatabase } from '../../src/store/sqlite-store.js';
import { buildTestApp } from '../app.js';

const REDIS_URL = process.env.REDIS_TEST_URL || 'redis://127.0.0.1:6379';

/** Whether something at `url` answers PING with PONG within `ms`: a raw socket, so no client retries. */
function redisAnswers(url: string, ms = 300): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = createConnection({ host: hostname, port: Number(port) || 6379 });
    const done = (ok: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), ms);
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (d) => done(d.toString().startsWith('+PONG')));
    socket.on('error', () => done(false));
  });
}

const redisUp = await redisAnswers(REDIS_URL);
const required = process.env.REQUIRE_REDIS === '1';

let store: NewsStore;
const apps: FastifyInstance[] = [];
beforeEach(() => {
  store = createSqliteStore(openDatabase(':memory:'));
});
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
  await store.close();
});

async function appWith(config: Parameters<typeof buildTestApp>[1]) {
  const app = await buildTestApp(store, config);
  apps.push(app);
  return app;
}

// Any rate-limited read (the probes, /health and /livez, are not limited).
const read = (app: FastifyInstance) =>
  app.inject({ method: 'GET', url: '/entities', remoteAddress: '203.0.113.7' }).then((r) => r.statusCode);

if (required) {
  it(`Redis answers at ${REDIS_URL} (REQUIRE_REDIS=1)`, () => {
    expect(redisUp, `nothing answered PING at ${REDIS_URL}`).toBe(true);
  });
}

if (redisUp || required) {
  describe('rate limits in Redis', () => {
    // A prefix of its own per test, so runs never see each other's counts; its keys are removed after.
    let prefix: string;
    let admin: Redis;
    beforeEach(() => {
      prefix = `newswire-test:${randomUUID()}:`;
      admin = new Redis(REDIS_URL, { maxRetriesPerRequest: 1, connectTimeout: 1000 });
    });
    afterEach(async () => {
      const keys = await admin.keys(`${prefix}*`);
      if (keys.length > 0) await admin.del(...keys);
      await admin.quit();
    });

    it('two apps (two processes, two hosts) share one budget per client: the (max+1)-th request across both is refused', async () => {
      const config = { rateLimitMax: 3, redisUrl: REDIS_URL, redisKeyPrefix: prefix };
      const a = await appWith(config);
      const b = await appWith(config);
      expect([await read(a), await read(b), await read(a)]).toEqual([200, 200, 200]);
      expect(await read(b)).toBe(429);
      expect(await read(a)).toBe(429);
      // Another client has its own budget.
      expect((await a.inject({ method: 'GET', url: '/entities', remoteAddress: '203.0.113.8' })).statusCode).toBe(200);
      // The counts are under this app's prefix, with a time to live (Redis forgets them after the window).
      const keys = await admin.keys(`${prefix}*`);
      expect(keys.sort()).toEqual([`${prefix}rate-limit:203.0.113.7`, `${prefix}rate-limit:203.0.113.8`]);
      expect(await admin.get(`${prefix}rate-limit:203.0.113.7`)).toBe('5');
      expect(await admin.pttl(`${prefix}rate-limit:203.0.113.7`)).toBeGreaterThan(0);
    });

    it('serve requests uncounted while Redis goes away after start-up, and count again once it is back', async () => {
      // A TCP relay to Redis that the test can cut and restore, standing in for a Redis outage.
      const { hostname, port: redisPort } = new URL(REDIS_URL);
      const port = await freePort();
      const sockets = new Set<Socket>();
      let relay: Server | undefined;
      const open = () =>
        new Promise<void>((resolve) => {
          relay = createServer((client) => {
            const upstream = createConnection({ host: hostname, port: Number(redisPort) || 6379 });
            for (const s of [client, upstream]) {
              sockets.add(s);
              s.on('close', () => sockets.delete(s));
              s.on('error', () => {});
            }
            client.pipe(upstream).pipe(client);
          }).listen(port, '127.0.0.1', () => resolve());
        });
      const cut = () =>
        new Promise<void>((resolve) => {
          relay?.close(() => resolve());
          for (const s of sockets) s.destroy();
        });
      await open();
      try {
        const app = await appWith({ rateLimitMax: 2, redisUrl: `redis://127.0.0.1:${port}`, redisKeyPrefix: prefix });
        expect([await read(app), await read(app), await read(app)]).toEqual([200, 200, 429]);
        await cut();
        await new Promise((r) => setTimeout(r, 100));
        expect([await read(app), await read(app)]).toEqual([200, 200]);
        await open();
        // The client reconnects by itself (attempts at most 2 s apart); the client's count is still in Redis.
        const deadline = Date.now() + 10_000;
        let status = 200;
        while (status !== 429 && Date.now() < deadline) {
          await new Promise((r) => setTimeout(r, 100));
          status = await read(app);
        }
        expect(status).toBe(429);
      } finally {
        await cut();
      }
    }, 20_000);

    it('closing the app closes its Redis connection', async () => {
      const before = Number((await admin.info('clients')).match(/connected_clients:(\d+)/)?.[1]);
      const app = await buildTestApp(store, { rateLimitMax: 3, redisUrl: REDIS_URL, redisKeyPrefix: prefix });
      expect(await read(app)).toBe(200);
      const during = Number((await admin.info('clients')).match(/connected_clients:(\d+)/)?.[1]);
      await app.close();
      const after = Number((await admin.info('clients')).match(/connected_clients:(\d+)/)?.[1]);
      // Other clients may come and go on a shared Redis; this app's own is one more, then gone.
      expect(during).toBeGreaterThanOrEqual(before + 1);
      expect(after).toBeLessThan(during);
    });
  });
}

describe('rate limits with Redis unreachable', () => {
  // No wall-clock assertions here (they flaked on a loaded machine): a start-up that waited for Redis to
  // come back, or a close that waited on its reconnection, would never finish and fails on the test's
  // timeout instead; how long each takes when Redis is down is bounded by REDIS_CONNECT_TIMEOUT_MS.
  it('serve every request, uncounted (fail open), and start and close while Redis is down', async () => {
    // A port nothing listens on: connections are refused at once.
    const url = `redis://127.0.0.1:${await freePort()}`;
    const app = await appWith({ rateLimitMax: 1, redisUrl: url, redisKeyPrefix: `newswire-test:${randomUUID()}:` });
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push(await read(app));
    // Past the limit of 1, yet served: the limiter lets requests through while it cannot count.
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    await apps.pop()?.close();
  }, 30_000);
});
