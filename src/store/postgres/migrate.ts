// Forward-only migrations of a PostgreSQL database, by the rules of src/store/migrate.ts: numbered
// plain-SQL files (migrations/postgres/NNNN_name.sql), the pending ones applied in one transaction,
// the version kept in the database (a schema_version row), and a database newer than the code refused.
import type pg from 'pg';
import { type Migration, MigrationError } from '../migrate.js';
import { checkOut, one } from './db.js';

// One application-wide advisory lock key ("news" in ASCII): several processes starting at once
// migrate one after another, and the later ones find nothing pending.
const MIGRATION_LOCK = 0x6e657773;

/** Applies the pending migrations; returns the versions applied. */
export async function migratePostgres(pool: pg.Pool, migrations: Migration[]): Promise<number[]> {
  const { client, release } = await checkOut(pool);
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query('BEGIN');
    try {
      const applied = await applyPending(client, migrations);
      await client.query('COMMIT');
      return applied;
    } catch (err) {
      await client.query('ROLLBACK');
      throw err;
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
    release();
  }
}

async function applyPending(client: pg.PoolClient, migrations: Migration[]): Promise<number[]> {
  await client.query(`CREATE TABLE IF NOT EXISTS schema_version (
    one boolean PRIMARY KEY DEFAULT true CHECK (one), version integer NOT NULL)`);
  const row = await one<{ version: number }>(client, 'SELECT version FROM schema_version');
  const current = row?.version ?? 0;
  const latest = migrations.length;
  if (current > latest) {
    throw new MigrationError(
      `database schema version ${current} is newer than this code knows (${latest}): upgrade the code, or point DATABASE_URL elsewhere`,
    );
  }
  const pending = migrations.slice(current);
  if (pending.length === 0) return [];
  for (const m of pending) await client.query(m.sql);
  await client.query(
    `INSERT INTO schema_version (version) VALUES ($1) ON CONFLICT (one) DO UPDATE SET version = excluded.version`,
    [latest],
  );
  return pending.map((m) => m.version);
}
