// A SQLite database that becomes read-only after start-up (test/support/read-only.ts says what that
// must look like). The tests may run as root, whom file modes do not stop, so `PRAGMA query_only`
// stands for the chmod'ed file or read-only remount: SQLite refuses the write with the same
// SQLITE_READONLY.
import { describe, expect, it } from 'vitest';
import { createSqliteStore, openDatabase } from '../../src/store/sqlite-store.js';
import { buildTestApp } from '../app.js';
import { expectReadOnly, storeOne } from '../support/read-only.js';

describe('a SQLite database that becomes read-only', () => {
  it('answers 503 to every write, logs the condition once, keeps what it holds, and writes again once writable', async () => {
    const db = openDatabase(':memory:');
    const store = createSqliteStore(db);
    const lines: string[] = [];
    const app = await buildTestApp(store, {}, null, lines);
    const id = await storeOne(app, 0);
    db.pragma('query_only = ON');
    await expectReadOnly(app, lines, id);
    db.pragma('query_only = OFF');
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    await storeOne(app, 1);
    await app.close();
    await store.close();
  });
});
