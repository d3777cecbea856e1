// The storage engines `npm run bench -- --engine sqlite,postgres` measures side by side: each gets a
// fresh database of its own (a file in the bench folder; a new PostgreSQL database on the server of
// BENCH_POSTGRES_URL), a store to ingest through, the environment that points a server process at it,
// and a read-only SQL query for picking what to ask for.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { NewsStore } from '../../store/news-store.js';
import { openPostgresStore } from '../../store/postgres-store.js';
import { createSqliteStore, openDatabase } from '../../store/sqlite-store.js';

export const ENGINES = ['sqlite', 'postgres'] as const;
export type EngineName = (typeof ENGINES)[number];

export interface BenchEngine {
  name: EngineName;
  store: NewsStore;
  /** What a server process needs in its environment to serve this engine's database. */
  serverEnv: Record<string, string>;
  /** Rows of a read-only query in SQL both engines take. */
  query<T>(sql: string): Promise<T[]>;
  /**
   * Brings the filled database to the state a production one reaches by itself before it is read,
   * and says what it did. PostgreSQL: VACUUM (ANALYZE), which autovacuum runs in production. The fill
   * updates entity and pair counts article after article, so their tables hold many dead row versions,
   * and without ANALYZE the planner has no statistics; with autovacuum off (as on the development
   * machine: docs/operations.md#autovacuum) both would stay and the figures would be a neglected
   * database's. SQLite: nothing, as the store runs no ANALYZE: its plans are the ones the tests assert
   * on databases without statistics, and ANALYZE here would measure plans production does not run.
   */
  settle(): Promise<string>;
  /** Closes the store; drops the database unless it is to be kept. */
  close(keep: boolean): Promise<void>;
}

/** The PostgreSQL server the bench creates its database on (any database of it: the bench makes its own). */
const ADMIN_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export async function openEngine(name: EngineName, dir: string): Promise<BenchEngine> {
  return name === 'sqlite' ? openSqlite(join(dir, 'bench.db')) : openPostgres();
}

function openSqlite(databasePath: string): BenchEngine {
  const store = createSqliteStore(openDatabase(databasePath));
  // A connection of its own, so that picking works whether or not the store is still open.
  let reader: Database.Database | null = null;
  return {
    name: 'sqlite',
    store,
    serverEnv: { DATABASE_PATH: databasePath },
    query: async <T>(sql: string) => {
      reader ??= new Database(databasePath, { readonly: true });
      return reader.prepare(sql).all() as T[];
    },
    settle: async () => 'nothing (the store runs no ANALYZE; see BenchEngine.settle)',
    close: async () => {
      reader?.close();
      await store.close();
    },
  };
}

async function openPostgres(): Promise<BenchEngine> {
  const name = `newswire_bench_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const drop = async () => {
    const client = new pg.Client({ connectionString: ADMIN_URL });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.end();
  };
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  let store: NewsStore;
  try {
    store = await openPostgresStore(url.toString());
  } catch (err) {
    // Not left behind when the store cannot open (a migration failing, say).
    await drop();
    throw err;
  }
  const reader = new pg.Pool({ connectionString: url.toString(), max: 1 });
  return {
    name: 'postgres',
    store,
    serverEnv: { DATABASE_URL: url.toString() },
    query: async <T>(sql: string) => (await reader.query(sql)).rows as T[],
    settle: async () => {
      const { rows } = await reader.query<{ autovacuum: string; dead: string | null }>(
        `SELECT current_setting('autovacuum') AS autovacuum, sum(n_dead_tup) AS dead FROM pg_stat_user_tables`,
      );
      const t0 = performance.now();
      await reader.query('VACUUM (ANALYZE)');
      const seconds = (performance.now() - t0) / 1000;
      const dead = Number(rows[0]?.dead ?? 0).toLocaleString('en-US');
      return `VACUUM (ANALYZE) in ${seconds.toFixed(1)} s (autovacuum ${rows[0]?.autovacuum} on this server; ${dead} dead rows before, by pg_stat_user_tables)`;
    },
    close: async (keep) => {
      await reader.end();
      await store.close();
      if (!keep) await drop();
    },
  };
}

/**
 * One store that writes to all of `stores` and reads from the first: the bench extracts each article
 * once and fills every engine's database with the same drafts (extraction costs far more than a save).
 */
export function teeStore(stores: NewsStore[]): NewsStore {
  const [first] = stores;
  if (!first) throw new Error('teeStore needs a store');
  const all = async <T>(write: (s: NewsStore) => Promise<T>): Promise<T> =>
    (await Promise.all(stores.map(write)))[0] as T;
  return {
    ...first,
    saveArticle: (draft, at) => all((s) => s.saveArticle(draft, at)),
    saveArticles: (drafts, at) => all((s) => s.saveArticles(drafts, at)),
    replaceArticle: (draft) => all((s) => s.replaceArticle(draft)),
    deleteArticle: (id, at) => all((s) => s.deleteArticle(id, at)),
    close: async () => {
      await Promise.all(stores.map((s) => s.close()));
    },
  };
}
