// The SavedSearchStore contract, on SQLite (a database file, so that a second connection stands for a
// second process) and on PostgreSQL when it is reachable: searches, positions moved once, deliveries
// claimed by one process at a time, in order per search, and what survives a restart.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { NewsStore } from '../../src/store/news-store.js';
import { createPostgresPool, createPostgresStore } from '../../src/store/postgres-store.js';
import type { NewSavedSearch, SavedSearchStore } from '../../src/store/saved-searches.js';
import { createSqliteStore, openDatabase } from '../../src/store/sqlite-store.js';
import { postgresReachable, testDatabase } from './postgres.js';

interface Engine {
  name: string;
  /** An emptied database; `open` gives another connection to it (another process, or after a restart). */
  fresh(): Promise<{ open(): NewsStore }>;
}

const engines: Engine[] = [
  {
    name: 'SQLite',
    fresh: async () => {
      const file = join(mkdtempSync(join(tmpdir(), 'searches-')), 'news.db');
      return { open: () => createSqliteStore(openDatabase(file)) };
    },
  },
];
if (await postgresReachable()) {
  const db = await testDatabase();
  engines.push({
    name: 'PostgreSQL',
    fresh: async () => {
      await db.fresh();
      return { open: () => createPostgresStore(createPostgresPool(db.url, 2)) };
    },
  });
}

const T0 = new Date('2026-03-14T09:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

const search = (id: string, more: Partial<NewSavedSearch> = {}): NewSavedSearch => ({
  id,
  filter: { q: 'flood', entity: ['aca9467a0138d5fc'], source: 'Wire' },
  url: 'https://hooks.example.com/in',
  createdAt: T0.toISOString(),
  secret: 'whsec_not-to-be-shown',
  position: 'p0',
  ...more,
});

const deliveries = (...ids: string[]) => ids.map((id) => ({ id, articleId: `a-${id}`, payload: `{"d":"${id}"}` }));

for (const engine of engines) {
  describe(`${engine.name} saved searches`, () => {
    let store: SavedSearchStore;
    let open: () => NewsStore;
    // Each a connection of its own, as another process would have.
    const opened: NewsStore[] = [];
    const another = () => {
      const s = open();
      opened.push(s);
      return s.searches;
    };
    beforeEach(async () => {
      await Promise.all(opened.splice(0).map((s) => s.close()));
      ({ open } = await engine.fresh());
      store = another();
    });
    afterAll(async () => {
      await Promise.all(opened.splice(0).map((s) => s.close()));
    });

    it('stores a search and reads it back without its secret; lists newest first, page by page; deletes it', async () => {
      await store.createSearch(search('s1'));
      await store.createSearch(search('s2', { filter: {} }));
      const s1 = await store.getSearch('s1');
      expect(s1).toEqual({
        id: 's1',
        filter: { q: 'flood', entity: ['aca9467a0138d5fc'], source: 'Wire' },
        url: 'https://hooks.example.com/in',
        createdAt: T0.toISOString(),
      });
      const first = await store.listSearches({ limit: 1 });
      expect(first.data.map((s) => s.id)).toEqual(['s2']);
      expect(first.data[0]?.filter).toEqual({});
      const second = await store.listSearches({ limit: 1, cursor: first.next ?? '' });
      expect(second).toEqual({ data: [s1], next: null });
      expect(await store.deleteSearch('s1')).toBe(true);
      expect(await store.deleteSearch('s1')).toBe(false);
      expect(await store.getSearch('s1')).toBeNull();
    });

    it('moves a search from a position once: a second mover from the same position writes nothing', async () => {
      await store.createSearch(search('s1'));
      const other = another();
      expect(await store.advanceSearch('s1', 'p0', 'p1', deliveries('d1', 'd2'), T0)).toBe(true);
      expect(await other.advanceSearch('s1', 'p0', 'p1', deliveries('d1b', 'd2b'), T0)).toBe(false);
      expect(await other.advanceSearch('gone', 'p0', 'p1', deliveries('d3'), T0)).toBe(false);
      expect(await other.searchPositions()).toEqual([{ id: 's1', filter: search('s1').filter, position: 'p1' }]);
      const page = await store.listDeliveries('s1', { limit: 10 });
      expect(page?.data).toEqual(
        ['d2', 'd1'].map((id) => ({
          id,
          searchId: 's1',
          articleId: `a-${id}`,
          status: 'pending',
          attempts: 0,
          nextAttemptAt: T0.toISOString(),
          lastStatusCode: null,
          lastError: null,
          createdAt: T0.toISOString(),
          finishedAt: null,
        })),
      );
      expect(await store.listDeliveries('gone', { limit: 10 })).toBeNull();
    });

    it('claims the oldest pending delivery of each search, with its URL and secret, once per lease', async () => {
      await store.createSearch(search('s1'));
      await store.createSearch(search('s2', { url: 'http://127.0.0.1:9/two', secret: 'other-secret-0123' }));
      await store.advanceSearch('s1', 'p0', 'p1', deliveries('a1', 'a2'), T0);
      await store.advanceSearch('s2', 'p0', 'p1', deliveries('b1'), T0);
      const claimed = await store.claimDeliveries(at(1), 10_000, 10);
      expect(claimed.sort((x, y) => x.id.localeCompare(y.id))).toEqual([
        {
          id: 'a1',
          searchId: 's1',
          url: 'https://hooks.example.com/in',
          secret: 'whsec_not-to-be-shown',
          payload: '{"d":"a1"}',
          attempt: 1,
        },
        {
          id: 'b1',
          searchId: 's2',
          url: 'http://127.0.0.1:9/two',
          secret: 'other-secret-0123',
          payload: '{"d":"b1"}',
          attempt: 1,
        },
      ]);
      // Leased: neither they nor a2 (behind a1) are taken, by this process or another.
      expect(await another().claimDeliveries(at(2), 10_000, 10)).toEqual([]);
      // A dispatcher that died: after the lease, the attempt is taken again, as number 2.
      const again = await another().claimDeliveries(at(10_001), 10_000, 10);
      expect(again.map((c) => [c.id, c.attempt]).sort()).toEqual([
        ['a1', 2],
        ['b1', 2],
      ]);
      // The first attempt's late answer no longer counts.
      const outcome = {
        status: 'delivered' as const,
        nextAttemptAt: null,
        statusCode: 200,
        error: null,
        at: at(10_002).toISOString(),
      };
      expect(await store.finishAttempt('a1', 1, outcome)).toBe(false);
      expect(await store.finishAttempt('a1', 2, outcome)).toBe(true);
      expect(await store.finishAttempt('a1', 2, outcome)).toBe(false);
      // a1 delivered: a2 is next.
      expect((await store.claimDeliveries(at(10_003), 10_000, 10)).map((c) => c.id)).toEqual(['a2']);
      const [a2, a1] = (await store.listDeliveries('s1', { limit: 10 }))?.data ?? [];
      expect(a1).toMatchObject({
        status: 'delivered',
        attempts: 2,
        nextAttemptAt: null,
        lastStatusCode: 200,
        finishedAt: at(10_002).toISOString(),
      });
      expect(a2).toMatchObject({ status: 'pending', attempts: 1, nextAttemptAt: at(20_003).toISOString() });
    });

    it('keeps a failed attempt pending until its next attempt time, and a failed delivery no longer holds its search back', async () => {
      await store.createSearch(search('s1'));
      await store.advanceSearch('s1', 'p0', 'p1', deliveries('a1', 'a2'), T0);
      await store.claimDeliveries(T0, 1000, 10);
      const retry = at(5000).toISOString();
      await store.finishAttempt('a1', 1, {
        status: 'pending',
        nextAttemptAt: retry,
        statusCode: 500,
        error: 'HTTP 500',
        at: at(10).toISOString(),
      });
      expect(await store.claimDeliveries(at(4999), 1000, 10)).toEqual([]);
      expect((await store.claimDeliveries(at(5000), 1000, 10)).map((c) => [c.id, c.attempt])).toEqual([['a1', 2]]);
      await store.finishAttempt('a1', 2, {
        status: 'failed',
        nextAttemptAt: null,
        statusCode: null,
        error: 'timed out',
        at: at(5001).toISOString(),
      });
      expect(
        (
          await store.listDeliveries('s1', {
            limit: 1,
            cursor: (await store.listDeliveries('s1', { limit: 1 }))?.next ?? '',
          })
        )?.data,
      ).toEqual([
        expect.objectContaining({
          id: 'a1',
          status: 'failed',
          attempts: 2,
          nextAttemptAt: null,
          lastStatusCode: null,
          lastError: 'timed out',
        }),
      ]);
      expect((await store.claimDeliveries(at(5002), 1000, 10)).map((c) => c.id)).toEqual(['a2']);
    });

    it('never gives one delivery to two processes claiming at once', async () => {
      const ids = Array.from({ length: 12 }, (_, i) => `s${i}`);
      for (const id of ids) {
        await store.createSearch(search(id));
        await store.advanceSearch(id, 'p0', 'p1', deliveries(`${id}-d`), T0);
      }
      const stores = [store, another(), another()];
      const claims = await Promise.all(
        stores.flatMap((s) => [s.claimDeliveries(at(1), 60_000, 3), s.claimDeliveries(at(1), 60_000, 3)]),
      );
      const taken = claims.flat().map((c) => c.id);
      expect(new Set(taken).size).toBe(taken.length);
      expect(taken.every((id) => id.endsWith('-d'))).toBe(true);
    });

    it('deleting a search removes its deliveries: a pending one is never claimed', async () => {
      await store.createSearch(search('s1'));
      await store.advanceSearch('s1', 'p0', 'p1', deliveries('a1'), T0);
      expect(await store.deleteSearch('s1')).toBe(true);
      expect(await store.claimDeliveries(at(1), 1000, 10)).toEqual([]);
      expect(await store.listDeliveries('s1', { limit: 10 })).toBeNull();
    });

    it('keeps positions and deliveries across a restart', async () => {
      await store.createSearch(search('s1'));
      await store.advanceSearch('s1', 'p0', 'p7', deliveries('a1'), T0);
      await opened.splice(0, 1)[0]?.close();
      const restarted = another();
      expect(await restarted.searchPositions()).toEqual([{ id: 's1', filter: search('s1').filter, position: 'p7' }]);
      expect((await restarted.claimDeliveries(at(1), 1000, 10)).map((c) => c.id)).toEqual(['a1']);
    });
  });
}

describe('SQLite saved searches while another process holds the write lock', () => {
  it('a search another process has moved is answered at once, without waiting for the lock', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'searches-')), 'news.db');
    const first = createSqliteStore(openDatabase(file));
    // Busy at once: no retries, so a call that needs the lock fails instead of waiting.
    const second = createSqliteStore(openDatabase(file), { busyWaitMs: 0 });
    const holder = openDatabase(file);
    try {
      await first.searches.createSearch(search('s1'));
      expect(await first.searches.advanceSearch('s1', 'p0', 'p1', deliveries('d1'), T0)).toBe(true);
      holder.prepare('BEGIN IMMEDIATE').run();
      // The second process read p0 before the first moved it: a stale move, refused by a read alone.
      expect(await second.searches.advanceSearch('s1', 'p0', 'p1', deliveries('d1b'), T0)).toBe(false);
      expect(await second.searches.advanceSearch('gone', 'p0', 'p1', deliveries('d2'), T0)).toBe(false);
      // A move from where the search is needs the lock: held elsewhere, busy.
      await expect(second.searches.advanceSearch('s1', 'p1', 'p2', [], T0)).rejects.toThrow(/busy|unavailable/i);
      holder.prepare('ROLLBACK').run();
      expect(await second.searches.advanceSearch('s1', 'p1', 'p2', [], T0)).toBe(true);
      expect((await first.searches.listDeliveries('s1', { limit: 10 }))?.data.map((d) => d.id)).toEqual(['d1']);
    } finally {
      if (holder.inTransaction) holder.prepare('ROLLBACK').run();
      holder.close();
      await Promise.all([first.close(), second.close()]);
    }
  });
});
