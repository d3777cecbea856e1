// Forward-only schema migrations: numbered plain-SQL files, applied in one transaction, with the
// schema version kept in PRAGMA user_version. A database newer than the code is refused.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export class MigrationError extends Error {}

/** Reads `NNNN_name.sql` files, checking that the versions run 1, 2, 3, ... without gaps. */
export function readMigrations(dir: string): Migration[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort();
  return files.map((file, i) => {
    const match = /^(\d{4})_[a-z0-9_-]+\.sql$/.exec(file);
    if (!match) throw new MigrationError(`migration file name ${file} is not NNNN_name.sql`);
    const version = Number(match[1]);
    if (version !== i + 1) throw new MigrationError(`migration ${file} should be number ${i + 1}`);
    return { version, name: file, sql: readFileSync(join(dir, file), 'utf8') };
  });
}

/** Applies the pending migrations; returns the versions applied. */
export function migrate(db: Database, migrations: Migration[]): number[] {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = migrations.length;
  if (current > latest) {
    throw new MigrationError(
      `database schema version ${current} is newer than this code knows (${latest}): upgrade the code, or point DATABASE_PATH elsewhere`,
    );
  }
  if (current === latest) return [];
  // IMMEDIATE, and the version read again inside: two processes starting at once on a new file migrate
  // it once, the second waiting for the first and then finding nothing pending.
  return db
    .transaction(() => {
      const pending = migrations.slice(db.pragma('user_version', { simple: true }) as number);
      for (const m of pending) db.exec(m.sql);
      db.pragma(`user_version = ${latest}`);
      return pending.map((m) => m.version);
    })
    .immediate();
}
