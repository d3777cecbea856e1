// A database of its own for a test or script that needs PostgreSQL (*.pg.test.ts, the queue crash test
// and bench), on the server of TEST_DATABASE_URL. Whether that server answers is asked once, in
// test/store/postgres-probe.ts (vitest.config.ts leaves the files out when it does not).
import { randomBytes } from 'node:crypto';
import pg from 'pg';

import { TEST_DATABASE_URL } from './store/postgres-probe.js';

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates an empty database of its own for a test file; `drop` removes it, closing what still uses it. */
export async function createTestDatabase(prefix: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => {}),
  };
}
