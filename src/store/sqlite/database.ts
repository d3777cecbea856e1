// Opening the SQLite database: the connection settings every store on it relies on, migrations, and
// the start-up check that the file can be written.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { ConfigError } from '../../config.js';
import { migrationsDir } from '../../paths.js';
import { MigrationError, migrate, readMigrations } from '../migrate.js';
import { BUSY_TIMEOUT_MS } from './errors.js';

/**
 * Opens (creating the file and its folder if needed), migrates and checks the database at `path`;
 * ':memory:' for tests. A database that cannot be written is refused here, with a ConfigError naming
 * DATABASE_PATH, rather than served until every write fails.
 */
export function openDatabase(path: string): Database.Database {
  const fail = (what: string, err: unknown): never => {
    const e = err as { code?: string; message?: string };
    const cause = e.code ? `${e.message} (${e.code})` : String(e.message ?? err);
    throw new ConfigError(`DATABASE_PATH=${path}: ${what}: ${cause}`);
  };
  if (path !== ':memory:') {
    try {
      mkdirSync(dirname(path), { recursive: true });
    } catch (err) {
      fail(`cannot create its folder ${dirname(path)}`, err);
    }
  }
  let db: Database.Database | undefined;
  try {
    db = new Database(path);
    // Opening waits as long as it takes for another process (a migration, a bulk write); the short
    // timeout that serving needs is set below.
    db.pragma('busy_timeout = 5000');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    // A 64 MiB page cache (the default is 2 MiB): bulk ingest of 20,000 articles slowed from 223 to 136
    // articles/s by the last 5,000 with the default, and held 174 with this and a 40 MiB checkpoint
    // interval (one run each).
    db.pragma('cache_size = -65536');
    // A checkpoint every 2,000 pages (8 MiB of WAL at 4 KiB pages; SQLite's default is 1,000): a WAL
    // of 40 MiB (the interval before) was mostly re-read pages for every reader; bulk writers
    // (the ingest CLI, reprocess, the start-up load) checkpoint when done. A WAL that readers kept
    // from resetting is cut back to 32 MiB at the next checkpoint that can.
    db.pragma('wal_autocheckpoint = 2000');
    db.pragma('journal_size_limit = 33554432');
    migrate(db, readMigrations(migrationsDir));
    if (path !== ':memory:') checkWritable(db);
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    return db;
  } catch (err) {
    db?.close();
    // a schema newer than the code (its message names DATABASE_PATH) or a broken migration file
    if (err instanceof MigrationError) throw err;
    return fail('cannot open the database for writing', err);
  }
}

/**
 * Throws unless a write transaction can begin and write: a read-only file or folder (or a read-only
 * mount) opens and answers reads, and only its first write would tell. Nothing is kept.
 */
export function checkWritable(db: Database.Database): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  db.exec('BEGIN IMMEDIATE');
  try {
    db.pragma(`user_version = ${version}`);
  } finally {
    db.exec('ROLLBACK');
  }
}
