// The PostgreSQL engine: the store contract (contract.ts), then what only PostgreSQL has: its
// migration runner, several processes on one database, connection failures, and query plans.
// vitest.config.ts leaves this file out when PostgreSQL is not reachable (unless REQUIRE_POSTGRES=1).
import { type ClientRequest, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { postgresMigrationsDir } from '../../src/paths.js';
import { MigrationError, readMigrations } from '../../src/store/migrate.js';
import { StoreUnavailableError } from '../../src/store/news-store.js';
import { pgArticleQuery } from '../../src/store/postgres/article-sql.js';
import { transaction } from '../../src/store/postgres/db.js';
import { PG_LIST_SQL } from '../../src/store/postgres/list-sql.js';
import { migratePostgres } from '../../src/store/postgres/migrate.js';
import { PG_CLAIM_SQL } from '../../src/store/postgres/saved-searches.js';
import { tsQuery, tsvectorOf } from '../../src/store/postgres/search.js';
import { PG_CANDIDATES_SQL } from '../../src/store/postgres/story-writes.js';
import { PG_TIMELINE_SQL, pgHistogramQuery } from '../../src/store/postgres/timeline.js';
import { createPostgresPool, createPostgresStore, openPostgresStore } from '../../src/store/postgres-store.js';
import { buildTestApp, TEST_KEY } from '../app.js';
import { analyser } from '../extractor.js';
import { relayTo } from '../support/tcp-relay.js';
import { storeContract } from './contract.js';
import { draft, entity } from './drafts.js';
import { postgresReachable, testDatabase } from './postgres.js';

await postgresReachable();
const db = await testDatabase();

storeContract('PostgreSQL', db.fresh, async (sql) => {
  await db.pool.query(sql);
});

describe('PostgreSQL migrations', () => {
  const migrations = readMigrations(postgresMigrationsDir);

  it('record the latest version, and running them again (from several processes at once) does nothing', async () => {
    await db.fresh();
    const pools = [createPostgresPool(db.url, 2), createPostgresPool(db.url, 2)];
    try {
      expect(await Promise.all(pools.map((p) => migratePostgres(p, migrations)))).toEqual([[], []]);
      const { rows } = await db.pool.query('SELECT version FROM schema_version');
      expect(rows).toEqual([{ version: migrations.length }]);
    } finally {
      await Promise.all(pools.map((p) => p.end()));
    }
  });

  it('refuse a database newer than the code, and leave it as it was', async () => {
    await db.pool.query('UPDATE schema_version SET version = 99');
    try {
      await expect(migratePostgres(db.pool, migrations)).rejects.toThrow(MigrationError);
      await expect(openPostgresStore(db.url)).rejects.toThrow(/newer than this code/);
      expect((await db.pool.query('SELECT version FROM schema_version')).rows).toEqual([{ version: 99 }]);
    } finally {
      await db.pool.query('UPDATE schema_version SET version = $1', [migrations.length]);
    }
  });
});

describe('PostgreSQL store shared by several processes', () => {
  it('sees another process write: version() changes and the article is there', async () => {
    const mine = await db.fresh();
    const other = createPostgresStore(createPostgresPool(db.url, 2));
    try {
      const before = await mine.version();
      const d = draft('Written elsewhere\nBody');
      await other.saveArticle(d);
      expect(await mine.version()).not.toBe(before);
      expect(await mine.articleStatus(d.id)).toBe('stored');
    } finally {
      await other.close();
    }
  });

  it('saves at once, from two processes, articles that name the same new entities: one entity each, counted twice', async () => {
    const mine = await db.fresh();
    const stores = [0, 1].map(() => createPostgresStore(createPostgresPool(db.url, 2)));
    try {
      const named = (i: number) =>
        draft(`Concurrent ${i}\nParis and Ann Lee`, {
          entities: [entity('place', 'Paris', [[0, 5]]), entity('person', 'Ann Lee', [[10, 17]])],
        });
      // Several rounds: the entities are new in the first, and each round's two saves race.
      for (let round = 0; round < 5; round++)
        await Promise.all(stores.map((s, i) => s.saveArticles([named(round * 2 + i)])));
      // The same article from both at once: stored once.
      const same = draft('Same article from two processes');
      const results = await Promise.all(stores.map((s) => s.saveArticle(same)));
      expect(results.map((r) => r.created).sort()).toEqual([false, true]);
      const paris = await mine.getEntity(entity('place', 'Paris', []).id);
      expect(paris).toMatchObject({ name: 'Paris', articleCount: 10, mentionCount: 10 });
      expect((await mine.listEntities({ limit: 10 })).data).toHaveLength(2);
      expect((await mine.listRelated(paris?.id ?? '', { limit: 10 }))?.data[0]?.sharedArticles).toBe(10);
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });

  it('streams in commit order: an article whose transaction took a lower seq but committed later is not skipped', async () => {
    const store = await db.fresh();
    const start = (await store.articlesStoredAfter({ limit: 10 })).position;
    // Another process's save, caught between inserting its article (taking the lower seq) and its
    // commit: the statements of src/store/postgres/writes.ts, by hand.
    const late = await db.pool.connect();
    try {
      await late.query('BEGIN');
      const { rows } = await late.query<{ seq: string }>(
        `INSERT INTO articles (id, headline, paragraphs, text, extractor_version, client_meta, ingested_at, sort_date, search,
          story_id)
        VALUES ('00000000000000ff', 'Late commit', '[]', 'Late commit', 'test-1', '{}', $1, $1, ''::tsvector,
          '00000000000000ff') RETURNING seq`,
        ['2026-01-01T00:00:00.000Z'],
      );
      const lateSeq = Number(rows[0]?.seq);
      await store.saveArticle(draft('Early commit'));
      const first = await store.articlesStoredAfter({ limit: 10, after: start });
      expect(first.data.map((x) => x.article.headline)).toEqual(['Early commit']);
      // The early one's seq is the higher: a reader going on from the highest seq seen would skip the late one.
      const [, earlySeq] = JSON.parse(Buffer.from(first.data[0]?.position ?? '', 'base64url').toString()) as number[];
      expect(earlySeq).toBeGreaterThan(lateSeq);
      await late.query(
        `WITH v AS (UPDATE store_version SET n = n + 1 RETURNING n)
        INSERT INTO stored_articles (n, article_seq) SELECT v.n, $1 FROM v`,
        [lateSeq],
      );
      await late.query('COMMIT');
      const next = await store.articlesStoredAfter({ limit: 10, after: first.position });
      expect(next.data.map((x) => x.article.headline)).toEqual(['Late commit']);
    } finally {
      late.release();
    }
  });
});

describe('PostgreSQL relevance', () => {
  it('ranks the newest matches only, best first, ties newest first', async () => {
    const store = await db.fresh();
    const save = (text: string, at: string) => store.saveArticle(draft(text), new Date(at));
    await save('Oldest\nHarbour harbour harbour, the harbour again.', '2024-01-01T00:00:00Z');
    await save('Middle\nThe harbour once.', '2024-02-01T00:00:00Z');
    await save('Newest\nThe harbour once.', '2024-03-01T00:00:00Z');
    const headlines = async (candidates?: number) => {
      const { sql, params } = pgArticleQuery({
        entities: [],
        match: tsQuery('harb') ?? '',
        sort: 'relevance',
        limit: 10,
        candidates,
      });
      return (await db.pool.query(sql, params)).rows.map((r: { headline: string }) => r.headline);
    };
    // Every match a candidate: the article that says the word most comes first.
    expect(await headlines()).toEqual(['Oldest', 'Newest', 'Middle']);
    // Two candidates: the oldest match is not ranked at all.
    expect(await headlines(2)).toEqual(['Newest', 'Middle']);
  });
});

describe('PostgreSQL words index', () => {
  it("stores a text whose distinct words pass a tsvector's 1 MiB, indexing the words met first", async () => {
    const store = await db.fresh();
    // 160,000 distinct eight-letter words: about 1.3 MB of lexemes, which PostgreSQL would refuse whole.
    const word = (i: number) =>
      `w${i.toString(26).padStart(7, '0')}`.replace(/\d/g, (d) => 'qrstuvwxyz'[Number(d)] ?? d);
    const words = Array.from({ length: 160_000 }, (_, i) => word(i));
    expect(new Set(words).size).toBe(words.length);
    const text = `Lexicon\n${words.join(' ')}`;
    expect(Buffer.byteLength(tsvectorOf([text]))).toBeGreaterThan(1_000_000);
    expect((await store.saveArticle(draft(text))).created).toBe(true);
    const found = async (q: string) => (await store.listArticles({ q, limit: 5 })).data.map((a) => a.headline);
    expect(await found(words[1] as string)).toEqual(['Lexicon']);
    expect(await found(words.at(-1) as string)).toEqual([]);
  });
});

describe('PostgreSQL word search', () => {
  it('finds nothing, without an error, for a word longer than a lexeme may be', async () => {
    const store = await db.fresh();
    await store.saveArticle(draft('Prayer\nA short text.'));
    // 63 × U+FDFA: 33 bytes each once decomposed, past PostgreSQL's 2,046 bytes a lexeme.
    const q = '\uFDFA'.repeat(63);
    expect((await store.listArticles({ q, limit: 5 })).data).toEqual([]);
    expect((await store.listArticles({ q: `text ${q}`, limit: 5 })).data).toEqual([]);
  });
});

describe('PostgreSQL write transactions', () => {
  const failing = (code: string) => Object.assign(new Error(code), { code });

  it('run again when PostgreSQL aborts them for a deadlock, and commit what the run that succeeds wrote', async () => {
    await db.fresh();
    let runs = 0;
    const result = await transaction(db.pool, async (client) => {
      runs++;
      await client.query("INSERT INTO deleted_articles (id, deleted_at) VALUES ('t' || $1::text, 'x')", [runs]);
      if (runs === 1) throw failing('40P01');
      return 'done';
    });
    expect([result, runs]).toEqual(['done', 2]);
    expect((await db.pool.query('SELECT id FROM deleted_articles')).rows).toEqual([{ id: 't2' }]);
  });

  it('do not run again for other errors, and roll back', async () => {
    let runs = 0;
    await expect(
      transaction(db.pool, async () => {
        runs++;
        throw failing('23514');
      }),
    ).rejects.toThrow('23514');
    expect(runs).toBe(1);
  });
});

describe('PostgreSQL unavailable', () => {
  it('answers StoreUnavailableError when the server cannot be reached', async () => {
    const pool = new pg.Pool({
      connectionString: 'postgres://postgres@127.0.0.1:1/none',
      connectionTimeoutMillis: 500,
    });
    const store = createPostgresStore(pool);
    await expect(store.ping()).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.getArticle('x')).rejects.toBeInstanceOf(StoreUnavailableError);
    await store.close();
  });

  it('answers StoreUnavailableError, and the process goes on, when the connection is cut under a write', async () => {
    const relay = await relayTo(db.url);
    const pool = createPostgresPool(relay.through(db.url), 2);
    const store = createPostgresStore(pool);
    try {
      await store.ping();
      // The pooled connection is cut and at once taken for a write's transaction: its 'error' used
      // to have no listener, an uncaught exception (vitest fails the run on one).
      await relay.cut();
      await expect(store.saveArticle(draft('Cut\nThe connection went away.'))).rejects.toBeInstanceOf(
        StoreUnavailableError,
      );
    } finally {
      await store.close();
    }
  });

  it('answers StoreUnavailableError when every connection stays busy past the pool timeout', async () => {
    const pool = new pg.Pool({ connectionString: db.url, max: 1, connectionTimeoutMillis: 200 });
    const store = createPostgresStore(pool);
    const held = await pool.connect();
    try {
      await expect(store.version()).rejects.toBeInstanceOf(StoreUnavailableError);
    } finally {
      held.release();
      await store.close();
    }
  });
});

/**
 * The plan of a query as text. The test tables are tiny, so the planner would rightly scan them;
 * with scans, bitmap scans and (unless `sorts`) sorts priced out, a plan free of them shows that an
 * index serves the query's filter and order.
 */
async function plan(sql: string, params: unknown[], sorts = false): Promise<string> {
  const client = await db.pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SET LOCAL enable_seqscan = off');
    if (!sorts) await client.query('SET LOCAL enable_bitmapscan = off; SET LOCAL enable_sort = off');
    const { rows } = await client.query(`EXPLAIN ${sql}`, params);
    return rows.map((r: { 'QUERY PLAN': string }) => r['QUERY PLAN']).join('\n');
  } finally {
    await client.query('ROLLBACK');
    client.release();
  }
}

describe('PostgreSQL query plans', () => {
  const base = { entities: [], sort: 'newest' as const, limit: 21 };
  it.each([
    ['newest', {}, 'articles_by_date'],
    ['oldest', { sort: 'oldest' as const }, 'articles_by_date'],
    ['after a cursor', { after: ['2024-01-01', 5] as [string, number] }, 'articles_by_date'],
    ['one entity', { entities: [1] }, 'article_entities_by_date'],
    ['two entities', { entities: [1, 2] }, 'article_entities_by_date'],
    ['source', { source: 'x' }, 'articles_by_source'],
    ['from', { from: '2024-01-01' }, 'articles_by_date'],
    ['collapsed to stories', { collapse: true }, 'articles_by_story'],
    ['collapsed, with a source and dates', { collapse: true, source: 'x', from: '2024-01-01' }, 'articles_by_story'],
    ['collapsed, with two entities', { collapse: true, entities: [1, 2] }, 'articles_by_story'],
    ['one story', { story: 'x' }, 'articles_by_story'],
    ['one story, oldest', { story: 'x', sort: 'oldest' as const }, 'articles_by_story'],
    ['one story, with two entities', { story: 'x', entities: [1, 2] }, 'articles_by_story'],
    // With a source too the planner weighs the story's index against the source's by their statistics.
    ['one story, with dates', { story: 'x', from: '2024-01-01', to: '2025-01-01' }, 'articles_by_story'],
  ])('the article list, %s, reads an index in order: no scan of the table, no sort', async (_, input, index) => {
    const { sql, params } = pgArticleQuery({ ...base, ...input });
    const text = await plan(sql, params);
    expect(text).toContain(index);
    expect(text).not.toMatch(/Seq Scan on articles|Sort/);
  });

  it.each([
    ['relevance', 'relevance' as const],
    ['newest', 'newest' as const],
  ])('a word search sorted by %s finds its matches through the GIN index', async (_, sort) => {
    const { sql, params } = pgArticleQuery({ ...base, sort, match: "'x':*" });
    expect(await plan(sql, params, true)).toMatch(/Bitmap Index Scan on articles_search|Index Scan .*articles_by_date/);
  });

  it("claims webhook deliveries probing the pending index for an older one, not the search's history", async () => {
    // Planned over a history (20 searches, 500 delivered and 5 pending each), as the planner rightly
    // reads a table of a few rows any way at all; rolled back after.
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(`INSERT INTO saved_searches (id, filter, url, secret, created_at, position)
        SELECT 'plan-' || g, '{}', 'u', 'k', 't', 'p' FROM generate_series(1, 20) g`);
      await client.query(`INSERT INTO webhook_deliveries (id, search_seq, article_id, payload, status, next_attempt_at, created_at)
        SELECT 'plan-' || i || '-' || s.seq, s.seq, 'a', '{}', CASE WHEN i <= 500 THEN 'delivered' ELSE 'pending' END,
          CASE WHEN i <= 500 THEN NULL ELSE 't' END, 't'
        FROM generate_series(1, 505) i, saved_searches s WHERE s.id LIKE 'plan-%' ORDER BY i, s.seq`);
      await client.query('ANALYZE webhook_deliveries');
      const { rows } = await client.query(`EXPLAIN ${PG_CLAIM_SQL}`, ['u', 'u', 8]);
      const text = rows.map((r: { 'QUERY PLAN': string }) => r['QUERY PLAN']).join('\n');
      expect(text).toMatch(/Index Scan using webhook_deliveries_due on webhook_deliveries d/);
      expect(text).toMatch(/Index (Only )?Scan using webhook_deliveries_pending_by_search on webhook_deliveries e/);
      expect(text).not.toMatch(/Seq Scan|webhook_deliveries_by_search/);
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  });

  it('finds the story candidates of a save from the band index', async () => {
    const text = await plan(PG_CANDIDATES_SQL, [[1, 2, 3]], true);
    expect(text).toMatch(/Index (Only )?Scan (using|on) article_bands_pkey/);
    expect(text).not.toMatch(/Seq Scan/);
  });

  it.each(Object.entries(PG_LIST_SQL))('%s reads an index, with no scan of a table', async (name, sql) => {
    const n = Math.max(...[...sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));
    // Any value serves for a plan; a tsquery parameter must parse as one.
    const params = Array.from({ length: n }, (_, i) => (sql.includes(`$${i + 1}::tsquery`) ? "'x'" : 1));
    const text = await plan(sql, params, name === 'quotesByText');
    expect(text, name).toMatch(/Index/);
    expect(text, name).not.toMatch(/Seq Scan/);
    if (name !== 'quotesByText') expect(text, name).not.toMatch(/\bSort\b/);
  });
});

describe('PostgreSQL timeline and histogram plans', () => {
  it("reads an entity's timeline from its date index alone", async () => {
    // On these empty, never vacuumed tables the planner may price an index-only scan as a plain one.
    const text = await plan(PG_TIMELINE_SQL, [1, 10, '', '\u{10FFFF}']);
    expect(text).toMatch(/Index (Only )?Scan using article_entities_by_date/);
    expect(text).not.toMatch(/Seq Scan/);
  });

  const base = { entities: [], from: '', to: '\u{10FFFF}', prefix: 10 };
  it.each([
    ['no filter', {}, /Index (Only )?Scan using articles_by_date/],
    ['source', { source: 'x' }, /Index (Only )?Scan using articles_by_source/],
    ['one entity', { entities: [1] }, /Index (Only )?Scan using article_entities_by_date/],
    ['two entities', { entities: [1, 2] }, /Index (Only )?Scan using article_entities_by_date/],
    ['an entity and a source', { entities: [1], source: 'x' }, /article_entities_by_date/],
    // As for the list: on these empty tables the date index may price below the word index.
    ['words', { match: "'x':*" }, /Bitmap Index Scan on articles_search|Index Scan .*articles_by_date/],
  ])('counts a histogram with %s from an index', async (_, input, index) => {
    const { sql, params } = pgHistogramQuery({ ...base, ...input });
    // Words: the GIN index is read as a bitmap, so bitmap scans stay allowed there.
    const text = await plan(sql, params, 'match' in input);
    expect(text).toMatch(index);
    expect(text).not.toMatch(/Seq Scan/);
  });
});

describe('PostgreSQL behind the HTTP API', () => {
  it('renders an article again when any process changes the data, and answers 503 when no connection is free', async () => {
    const mine = await db.fresh();
    const other = createPostgresStore(createPostgresPool(db.url, 2));
    const lee = (aliases: string[]) => entity('person', 'Ann Lee', [[0, 7]], { aliases });
    const a = draft('Ann Lee speaks', { entities: [lee([])] });
    await mine.saveArticle(a);
    const app = await buildTestApp(mine);
    const read = () => app.inject({ method: 'GET', url: `/articles/${a.id}` });
    try {
      const first = await read();
      expect(first.statusCode).toBe(200);
      expect((await read()).headers.etag).toBe(first.headers.etag);
      // Another process gives the entity an alias: the article is rendered again, with it.
      await other.saveArticle(draft('Lee again', { entities: [lee(['A. Lee'])] }));
      const second = await read();
      expect(second.json().entities[0].aliases).toEqual(['A. Lee']);
      expect(second.headers.etag).not.toBe(first.headers.etag);
      await other.deleteArticle(a.id);
      expect((await read()).statusCode).toBe(404);
    } finally {
      await app.close();
      await other.close();
    }

    // One connection, held elsewhere: a write waits out the pool's timeout and is refused for now.
    const pool = new pg.Pool({ connectionString: db.url, max: 1, connectionTimeoutMillis: 200 });
    const held = await pool.connect();
    const busy = await buildTestApp(createPostgresStore(pool));
    try {
      const res = await busy.inject({
        method: 'POST',
        url: '/articles',
        payload: 'Headline\nBody',
        headers: { 'content-type': 'text/plain', authorization: `Bearer ${TEST_KEY}` },
      });
      expect(res.statusCode).toBe(503);
      expect(res.headers['retry-after']).toBe('1');
    } finally {
      held.release();
      await busy.close();
      await pool.end();
    }
  });

  it('streams (GET /articles/stream) what another process stores, in storage order, each once', async () => {
    const mine = await db.fresh();
    const other = createPostgresStore(createPostgresPool(db.url, 2));
    const app = await buildApp({
      store: mine,
      analyser,
      config: { rateLimitMax: 0, maxEventLoopDelayMs: 0, apiKeys: [TEST_KEY] },
      streamTimings: { pollMs: 50 },
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    let req: ClientRequest | undefined;
    try {
      let body = '';
      await new Promise<void>((resolve, reject) => {
        req = request({ host: '127.0.0.1', port, path: '/articles/stream?source=Wire%20A' }, (res) => {
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            body += chunk;
          });
          resolve();
        });
        req.on('error', reject);
        req.end();
      });
      await other.saveArticle(draft('Elsewhere one', { source: { name: 'Wire A' } }));
      await other.saveArticles([
        draft('Elsewhere old', { source: { name: 'Wire A' }, publishedAt: '2001-01-01' }),
        draft('Elsewhere other wire', { source: { name: 'Wire B' } }),
      ]);
      const headlines = () =>
        [...body.matchAll(/^data: (.*)$/gm)].map((m) => (JSON.parse(m[1] ?? '') as { headline: string }).headline);
      for (let i = 0; i < 200 && headlines().length < 2; i++) await new Promise((r) => setTimeout(r, 25));
      await new Promise((r) => setTimeout(r, 250));
      expect(headlines()).toEqual(['Elsewhere one', 'Elsewhere old']);
    } finally {
      req?.destroy();
      await app.close();
      await other.close();
    }
  });
});
