// Whether the PostgreSQL server of the tests answers: TEST_DATABASE_URL, by default the local server.
// Apart from test/store/postgres.ts so that vitest.config.ts can ask without loading the store.
import pg from 'pg';

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
