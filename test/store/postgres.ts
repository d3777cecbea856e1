// PostgreSQL for the store tests: whether it is reachable (TEST_DATABASE_URL, default the local
// server), and a database of the test file's own, created on first use and dropped at the end.
// Tests against PostgreSQL are registered only when it is reachable; with REQUIRE_POSTGRES=1 (CI) an
// unreachable server fails the run instead.
import type pg from 'pg';
import { afterAll } from 'vitest';
import { postgresMigrationsDir } from '../../src/paths.js';
import { readMigrations } from '../../src/store/migrate.js';
import type { NewsStore } from '../../src/store/news-store.js';
import { migratePostgres } from '../../src/store/postgres/migrate.js';
import { createPostgresPool, createPostgresStore } from '../../src/store/postgres-store.js';
import { createSqliteStore, openDatabase } from '../../src/store/sqlite-store.js';
import { createTestDatabase } from '../postgres.js';
import { postgresReachable, TEST_DATABASE_URL } from './postgres-probe.js';

export { postgresReachable, TEST_DATABASE_URL };

export interface TestDatabase {
  url: string;
  pool: pg.Pool;
  /** The store over the file's database, emptied. */
  fresh(): Promise<NewsStore>;
}

/**
 * Creates this file's database (news_test_<random>), migrated, and registers its dropping after the
 * file's tests. Call at the top level of a test file, after postgresReachable() said yes.
 */
export async function testDatabase(): Promise<TestDatabase> {
  const db = await createTestDatabase('news_test');
  const url = db.url;
  const pool = createPostgresPool(url);
  await migratePostgres(pool, readMigrations(postgresMigrationsDir));
  const store = createPostgresStore(pool);
  // close() on the shared store is a no-op: the pool serves every test of the file, and ends in afterAll.
  const shared: NewsStore = { ...store, close: async () => {} };
  afterAll(async () => {
    await pool.end();
    await db.drop();
  });
  let tables: string[] | undefined;
  return {
    url,
    pool,
    fresh: async () => {
      // Every data table the migrations made (not the two version rows), emptied; RESTART IDENTITY so
      // that keys start at 1 as in a new SQLite database, and tie-breaks on them come out the same.
      tables ??= (
        await pool.query<{ name: string }>(`SELECT quote_ident(tablename) AS name FROM pg_tables
          WHERE schemaname = 'public' AND tablename NOT IN ('schema_version', 'store_version')`)
      ).rows.map((r) => r.name);
      await pool.query(`TRUNCATE ${tables.join(', ')} RESTART IDENTITY CASCADE`);
      await pool.query('UPDATE store_version SET n = 0');
      return shared;
    },
  };
}

/** A store engine as the shared store tests see it: a name and an empty store per call. */
export interface Engine {
  name: string;
  fresh(): Promise<NewsStore>;
}

/**
 * The engines a store test file runs against: SQLite always, PostgreSQL (on a database of the file's
 * own) when it is reachable. Call at the top level of the file.
 */
export async function storeEngines(): Promise<Engine[]> {
  const engines: Engine[] = [{ name: 'SQLite', fresh: async () => createSqliteStore(openDatabase(':memory:')) }];
  if (await postgresReachable()) engines.push({ name: 'PostgreSQL', fresh: (await testDatabase()).fresh });
  return engines;
}
