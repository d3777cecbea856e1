// PostgreSQL for the store tests: whether it is reachable (TEST_DATABASE_URL, default the local
// server), and a database of the test file's own, created on first use and dropped at the end.
// Tests against PostgreSQL are registered only when it is reachable; with REQUIRE_POSTGRES=1 (CI) an
// unreachable server fails the run instead.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll } from 'vitest';
import type { NewsStore } from '../../src/store/news-store.js';
import { createPostgresPool, createPostgresStore } from '../../src/store/postgres-store.js';
import { migratePostgres } from '../../src/store/postgres/migrate.js';
import { readMigrations } from '../../src/store/migrate.js';
import { postgresMigrationsDir } from '../../src/paths.js';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Whether the server answers within a second; throws when it does not and REQUIRE_POSTGRES=1. */
export async function postgresReachable(url = TEST_DATABASE_URL): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch (err) {
    if (process.env.REQUIRE_POSTGRES === '1')
      throw new Error(`REQUIRE_POSTGRES=1 but PostgreSQL at ${url} is not reachable: ${(err as Error).message}`);
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** The URL of another database on the server of `url`. */
export function databaseUrl(name: string, url = TEST_DATABASE_URL): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

// Every table of migrations/postgres, emptied between tests; RESTART IDENTITY so that keys start at 1
// as in a new SQLite database, and tie-breaks on them come out the same.
const TABLES = `articles, deleted_articles, entities, entity_aliases, entity_search, entity_titles,
  article_entities, entity_pairs, mentions, quotes`;

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
  const name = `news_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = databaseUrl(name);
  const pool = createPostgresPool(url);
  await migratePostgres(pool, readMigrations(postgresMigrationsDir));
  const store = createPostgresStore(pool);
  // close() on the shared store is a no-op: the pool serves every test of the file, and ends in afterAll.
  const shared: NewsStore = { ...store, close: async () => {} };
  afterAll(async () => {
    await pool.end();
    const drop = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await drop.connect();
    await drop.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await drop.end();
  });
  return {
    url,
    pool,
    fresh: async () => {
      await pool.query(`TRUNCATE ${TABLES} RESTART IDENTITY CASCADE`);
      await pool.query('UPDATE store_version SET n = 0');
      return shared;
    },
  };
}
