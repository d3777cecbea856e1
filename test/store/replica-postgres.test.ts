// Read replicas against real PostgreSQL 15 streaming replication (test/support/pg-replica.ts). The
// stores are a tiny NewsStore over a `notes` table in raw SQL, opened through openReplicatedPair as the
// PostgreSQL engine's stores will be: what is tested is the routing and the WAL positions, not the
// engine. Registered only where the toolchain is (root and /usr/lib/postgresql/15/bin); with
// REQUIRE_POSTGRES=1 a missing toolchain fails the run.
import { existsSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../../src/schemas/article.js';
import { newSession } from '../../src/store/consistency.js';
import { compareLsn } from '../../src/store/lsn.js';
import type { NewsStore } from '../../src/store/news-store.js';
import { openStore } from '../../src/store/open-store.js';
import { createPgWal } from '../../src/store/pg-wal.js';
import { consistencyOf, type ReplicatedStore } from '../../src/store/replicated-store.js';
import type { SavedSearchStore } from '../../src/store/saved-searches.js';
import {
  openReplicatedPair,
  type ReplicaPair,
  shouldRunPostgresTests,
  startReplicaPair,
  waitForReplay,
} from '../support/pg-replica.js';
import { draft, entity } from './drafts.js';

describe('the PostgreSQL test gate', () => {
  it('fails a run that requires PostgreSQL where it cannot run, and otherwise leaves the tests out', () => {
    const missing = { available: false as const, reason: '/usr/lib/postgresql/15/bin/initdb does not exist' };
    expect(() => shouldRunPostgresTests({ REQUIRE_POSTGRES: '1' }, missing)).toThrow(
      'REQUIRE_POSTGRES=1 but /usr/lib/postgresql/15/bin/initdb does not exist',
    );
    expect(shouldRunPostgresTests({}, missing)).toBe(false);
    expect(shouldRunPostgresTests({ REQUIRE_POSTGRES: '1' }, { available: true })).toBe(true);
  });
});

/** A NewsStore over `notes (id, body)`: saveArticle inserts, getArticle selects; `served` logs who answered. */
function notesStore(url: string, name: string, served: string[]): NewsStore {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const unused = () => Promise.reject(new Error('not used by this test'));
  return {
    async saveArticle(d) {
      const r = await pool.query('INSERT INTO notes (id, body) VALUES ($1, $2) ON CONFLICT DO NOTHING', [d.id, d.text]);
      return { id: d.id, created: r.rowCount === 1 };
    },
    async getArticle(id) {
      served.push(name);
      const r = await pool.query<{ body: string }>('SELECT body FROM notes WHERE id = $1', [id]);
      return r.rows[0] ? ({ id, text: r.rows[0].body } as unknown as Article) : null;
    },
    async version() {
      return (await pool.query<{ v: string }>('SELECT count(*)::text AS v FROM notes')).rows[0]?.v ?? '0';
    },
    async ping() {
      await pool.query('SELECT 1');
    },
    close: () => pool.end(),
    saveArticles: unused,
    replaceArticle: unused,
    groupEarlierArticles: unused,
    articleInput: unused,
    articleStatus: unused,
    deleteArticle: unused,
    listArticles: unused,
    articlesStoredAfter: unused,
    getEntity: unused,
    listEntities: unused,
    listRelated: unused,
    entityTimeline: unused,
    articleHistogram: unused,
    listQuotes: unused,
    searches: {} as SavedSearchStore,
  };
}

if (shouldRunPostgresTests()) {
  describe('read replicas on PostgreSQL streaming replication', () => {
    let pair: ReplicaPair;
    let primary: pg.Client;
    let replica: pg.Client;
    const stores: ReplicatedStore[] = [];
    const served: string[] = [];
    const open = (options: Parameters<typeof openReplicatedPair>[2] = {}) =>
      openReplicatedPair(pair, async (url, role) => notesStore(url, role, served), options).then((s) => {
        stores.push(s);
        return s;
      });

    beforeAll(async () => {
      pair = await startReplicaPair();
      console.info(`primary and streaming standby started in ${pair.startupMs} ms`, pair.steps);
      primary = new pg.Client({ connectionString: pair.primaryUrl });
      replica = new pg.Client({ connectionString: pair.replicaUrl });
      await primary.connect();
      await replica.connect();
      await primary.query('CREATE TABLE notes (id text PRIMARY KEY, body text NOT NULL)');
    }, 120_000);

    afterAll(async () => {
      for (const s of stores) await s.close().catch(() => {});
      await primary?.end().catch(() => {});
      await replica?.end().catch(() => {});
      await pair?.stop();
    }, 60_000);

    it('the harness fails with the log when a server does not start, and leaves nothing behind', async () => {
      const error = await startReplicaPair({ settings: ['no_such_setting = 1'] }).catch((e: Error) => e);
      expect(error).toBeInstanceOf(Error);
      const message = (error as Error).message;
      expect(message).toMatch(/^could not start the PostgreSQL primary and standby in (\S+):\npg_ctl .* start /);
      expect(message).toContain('unrecognized configuration parameter "no_such_setting"');
      expect(existsSync(message.match(/ in (\S+):/)?.[1] as string)).toBe(false);
    }, 120_000);

    it('the harness gives a primary and a read-only standby streaming from it', async () => {
      expect(pair.startupMs).toBeGreaterThan(0);
      expect((await primary.query('SELECT pg_is_in_recovery() AS r')).rows[0].r).toBe(false);
      expect((await replica.query('SELECT pg_is_in_recovery() AS r')).rows[0].r).toBe(true);
      await waitForReplay(pair);
      expect((await replica.query("SELECT to_regclass('notes') AS t")).rows[0].t).toBe('notes');
      await expect(replica.query("INSERT INTO notes VALUES ('x', 'y')")).rejects.toThrow(/read-only transaction/);
    });

    it("the WAL positions: a write moves the primary's, and the replica's replay reaches it", async () => {
      const wal = createPgWal({ primaryUrl: pair.primaryUrl, replicaUrls: [pair.replicaUrl] });
      try {
        const before = await wal.primaryPosition();
        await primary.query("INSERT INTO notes SELECT 'wal-' || i, repeat('x', 100) FROM generate_series(1, 200) i");
        const after = await wal.primaryPosition();
        expect(after).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);
        expect(compareLsn(after, before)).toBeGreaterThan(0);
        const deadline = Date.now() + 10_000;
        let replayed = await wal.replayed(0);
        while (compareLsn(replayed, after) < 0 && Date.now() < deadline) {
          await new Promise((r) => setTimeout(r, 10));
          replayed = await wal.replayed(0);
        }
        expect(compareLsn(replayed, after)).toBeGreaterThanOrEqual(0);
        expect((await replica.query("SELECT count(*)::int AS n FROM notes WHERE id LIKE 'wal-%'")).rows[0].n).toBe(200);
        await expect(wal.replayed(1)).rejects.toThrow(/no replica 1/);
      } finally {
        await wal.close();
      }
    });

    it('a read carrying the token of a write just made is never stale: the primary answers until the standby has replayed it', async () => {
      const store = await open({ checkIntervalMs: 0 });
      await store.refresh();
      await replica.query('SELECT pg_wal_replay_pause()');
      try {
        const written = newSession();
        await store.consistency.run(written, () => store.saveArticle(draft('paused write')));
        const token = written.written as string;
        expect(compareLsn(token, (await primary.query('SELECT pg_current_wal_lsn()::text AS l')).rows[0].l)).toBe(0);
        served.length = 0;
        const id = draft('paused write').id;
        const withToken = await store.consistency.run(newSession(token), () => store.getArticle(id));
        const withoutToken = await store.consistency.run(newSession(), () => store.getArticle(id));
        expect(withToken).toMatchObject({ text: 'paused write' });
        // The standby really is behind: without the token its (stale) answer is what one gets.
        expect(withoutToken).toBeNull();
        expect(served).toEqual(['primary', 'replica']);
      } finally {
        await replica.query('SELECT pg_wal_replay_resume()');
      }
      await waitForReplay(pair);
      served.length = 0;
      const token = store.lastWritePosition() as string;
      const again = await store.consistency.run(newSession(token), () => store.getArticle(draft('paused write').id));
      expect(again).toMatchObject({ text: 'paused write' });
      expect(served).toEqual(['replica']);
    });

    it('another process reads with the token right after each write and never misses it', async () => {
      const writer = await open({ checkIntervalMs: 50 });
      const reader = await open({ checkIntervalMs: 50 });
      await reader.refresh();
      served.length = 0;
      for (let i = 0; i < 40; i++) {
        const text = `note ${i} written by one process, read by another`;
        const session = newSession();
        await writer.consistency.run(session, () => writer.saveArticle(draft(text)));
        const read = await reader.consistency.run(newSession(session.written), () => reader.getArticle(draft(text).id));
        expect(read, `read ${i}`).toMatchObject({ text });
      }
      console.info(
        `token reads right after a write: ${served.filter((s) => s === 'primary').length} from the primary, ${served.filter((s) => s === 'replica').length} from the standby`,
      );
    });

    it('a standby that falls behind beyond the lag bound is skipped for every read, and used again once caught up', async () => {
      const store = await open({ checkIntervalMs: 50, maxLagMs: 300 });
      await store.refresh();
      served.length = 0;
      await store.consistency.run(newSession(), () => store.getArticle('absent'));
      expect(served.splice(0)).toEqual(['replica']);
      await replica.query('SELECT pg_wal_replay_pause()');
      try {
        await primary.query("INSERT INTO notes VALUES ('lag', 'behind')");
        await new Promise((r) => setTimeout(r, 600));
        await store.refresh();
        expect(store.replicaStates()[0]?.lagMs).toBeGreaterThan(300);
        await store.consistency.run(newSession(), () => store.getArticle('absent'));
        expect(served.splice(0)).toEqual(['primary']);
      } finally {
        await replica.query('SELECT pg_wal_replay_resume()');
      }
      await waitForReplay(pair);
      await store.refresh();
      expect(store.replicaStates()[0]).toMatchObject({ lagMs: 0, error: undefined });
      await store.consistency.run(newSession(), () => store.getArticle('absent'));
      expect(served.splice(0)).toEqual(['replica']);
    });

    it('the PostgreSQL engine as the server opens it (DATABASE_URL with DATABASE_REPLICA_URLS): the standby answers reads, and a write is read back at once with its token', async () => {
      const store = (await openStore({
        databasePath: ':memory:',
        databaseUrl: pair.primaryUrl,
        databaseReplicaUrls: [pair.replicaUrl],
      })) as ReplicatedStore;
      stores.push(store);
      expect(consistencyOf(store)).toBeDefined();
      // The primary was migrated; the standby follows it and refuses writes of its own.
      await waitForReplay(pair);
      await store.refresh();
      const d = draft('Ministers of Norvia met in Oslo on Monday.', {
        entities: [entity('place', 'Norvia', [[13, 19]])],
      });
      await replica.query('SELECT pg_wal_replay_pause()');
      try {
        const session = newSession();
        await store.consistency.run(session, () => store.saveArticle(d));
        const withToken = await store.consistency.run(newSession(session.written), () => store.getArticle(d.id));
        expect(withToken).toMatchObject({ id: d.id, entities: [{ name: 'Norvia', type: 'place' }] });
        // Without the token the standby, paused behind the write, answers: the article is not there yet.
        expect(await store.consistency.run(newSession(), () => store.getArticle(d.id))).toBeNull();
      } finally {
        await replica.query('SELECT pg_wal_replay_resume()');
      }
      await waitForReplay(pair);
      await store.refresh();
      const page = await store.consistency.run(newSession(), () => store.listArticles({ limit: 5 }));
      expect(page.data.map((a) => a.id)).toEqual([d.id]);
    });
  });
}
