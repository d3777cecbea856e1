// A PostgreSQL database that refuses writes (default_transaction_read_only, as on a standby or a
// database an operator froze) while the API runs: test/support/read-only.ts says what that must look
// like. The setting reaches sessions that start after it, so the app's store opens its connections
// once the database is set read-only.
import pg from 'pg';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { openPostgresStore } from '../../src/store/postgres-store.js';
import { buildTestApp } from '../app.js';
import { createTestDatabase } from '../postgres.js';
import { TEST_DATABASE_URL } from '../store/postgres-probe.js';
import { expectReadOnly, storeOne } from '../support/read-only.js';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  database = await createTestDatabase('newswire_readonly');
});
afterAll(async () => {
  await database?.drop();
});

/** Sets the database of `url` read-only, or back, from the server's admin database (a session on it would be read-only too). */
async function setReadOnly(url: string, on: boolean) {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    const name = new URL(url).pathname.slice(1);
    await client.query(`ALTER DATABASE ${name} SET default_transaction_read_only = ${on ? 'on' : 'off'}`);
  } finally {
    await client.end();
  }
}

const app = (store: Awaited<ReturnType<typeof openPostgresStore>>, lines: string[] = []) =>
  buildTestApp(store, {}, null, lines);

describe('a PostgreSQL database that becomes read-only', () => {
  it('answers 503 to every write, logs the condition once, keeps what it holds, and writes again once writable', async () => {
    const writable = await openPostgresStore(database.url, { poolSize: 2 });
    const before = await app(writable);
    const id = await storeOne(before, 0);
    await before.close();
    await writable.close();

    await setReadOnly(database.url, true);
    const frozen = await openPostgresStore(database.url, { migrate: false, poolSize: 2 });
    const lines: string[] = [];
    const during = await app(frozen, lines);
    await expectReadOnly(during, lines, id);
    await during.close();
    await frozen.close();

    await setReadOnly(database.url, false);
    const again = await openPostgresStore(database.url, { migrate: false, poolSize: 2 });
    const after = await app(again);
    await storeOne(after, 1);
    await after.close();
    await again.close();
  });
});
