// The PostgreSQL connection side of the store: queries that read bigint keys as numbers, write
// transactions that retry when PostgreSQL aborts one of two conflicting writers, and which errors
// mean "unavailable, retry later" rather than a fault.
import pg from 'pg';
import type { ErrorKind } from '../unavailable.js';

/** A pool or one of its clients (inside a transaction): anything that queries. */
export type Queryable = pg.Pool | pg.PoolClient;

// bigint (int8) keys and counts as JS numbers: seqs stay far below 2^53. Set per query, so a pool
// made by anyone (a test, pg-boss) answers the store in the store's terms without a global setting.
const INT8 = 20;
const types = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === INT8
      ? (v: string) => Number(v)
      : pg.types.getTypeParser(oid, format as 'text')) as pg.CustomTypesConfig['getTypeParser'],
};

export async function query<R extends pg.QueryResultRow>(db: Queryable, text: string, values: unknown[] = []) {
  const result = await db.query<R>({ text, values, types });
  return result.rows;
}

export async function one<R extends pg.QueryResultRow>(db: Queryable, text: string, values: unknown[] = []) {
  return (await query<R>(db, text, values))[0];
}

/** The values of one statement built from parts: `$(v)` adds a value and gives its placeholder. */
export function statementValues() {
  const values: unknown[] = [];
  return {
    values,
    $: (value: unknown) => {
      values.push(value);
      return `$${values.length}`;
    },
  };
}

/**
 * Runs data-modifying statements (none reading what another of them writes) as one: one round trip.
 * Every one of them runs, in a WITH when not the last, and all see the database as it was before.
 */
export async function queryTogether(db: Queryable, statements: string[], values: unknown[]): Promise<void> {
  const last = statements.at(-1);
  if (last === undefined) return;
  const before = statements.slice(0, -1).map((s, i) => `s${i} AS (${s})`);
  await query(db, before.length > 0 ? `WITH ${before.join(',\n')}\n${last}` : last, values);
}

// Deadlock and serialization failure: PostgreSQL aborted this transaction so that another could
// finish; running it again is the documented remedy. Two writers can take entity rows in different
// orders (their articles name the same entities), so this happens under concurrent ingest. And a
// unique violation: INSERT ... ON CONFLICT (type, key) is atomic for its own constraint only, so two
// writers creating one new entity at the same instant can collide on its other unique key (id); run
// again, the later one finds the entity and updates it. And a foreign-key violation: a lone surname
// linked to a person whom a concurrent delete just removed with the last article naming them; run
// again, the linking no longer finds that person.
const RETRYABLE = new Set(['40P01', '40001', '23505', '23503']);
const ATTEMPTS = 5;

/**
 * A client of the pool for several statements, released with `release()`. The pool listens for the
 * 'error' of idle clients only: one checked out whose connection breaks between statements (the
 * database restarting, the network cut) emits 'error' with no listener, which ends the process. Its
 * statements reject anyway, so here the event only marks it broken, and release() discards it.
 */
export async function checkOut(pool: pg.Pool): Promise<{ client: pg.PoolClient; release(broken?: boolean): void }> {
  const client = await pool.connect();
  let failed = false;
  const onError = () => {
    failed = true;
  };
  client.on('error', onError);
  return {
    client,
    release(broken = false) {
      client.off('error', onError);
      client.release(broken || failed);
    },
  };
}

/** Runs `fn` in one transaction on one client, committed when it returns, rolled back when it throws. */
export async function transaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const { client, release } = await checkOut(pool);
    let broken = false;
    try {
      await client.query('BEGIN');
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {
        broken = true;
      });
      if (attempt < ATTEMPTS && RETRYABLE.has((err as { code?: string }).code ?? '')) continue;
      throw err;
    } finally {
      // A client whose rollback failed has lost its connection: the pool must not hand it out again.
      release(broken);
    }
  }
}

// Connection failures (refused, reset, timed out, server shutting down or full) and a pool with no
// free client within its connection timeout: the database cannot answer now, a retry may succeed.
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EPIPE', 'EAI_AGAIN']);
const UNAVAILABLE_MESSAGES = /timeout exceeded when trying to connect|Connection terminated|connection timeout/i;

/**
 * What a PostgreSQL error means to callers (unavailable.ts): 53100 disk_full is "no space left", 25006
 * read_only_sql_transaction "refuses writes" (a standby, or default_transaction_read_only set on the
 * database or role).
 */
export function pgErrorKind(err: unknown): ErrorKind {
  const code = (err as { code?: unknown } | null)?.code;
  if (code === '53100') return 'full';
  if (code === '25006') return 'readonly';
  return isUnavailable(err) ? 'unavailable' : undefined;
}

export function isUnavailable(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown };
  const code = typeof e?.code === 'string' ? e.code : '';
  // SQLSTATE class 08 (connection exception), 57P01-57P03 (shutdown, cannot connect now), 53300 (too many connections)
  if (code.startsWith('08') || /^57P0[123]$/.test(code) || code === '53300') return true;
  if (UNAVAILABLE_CODES.has(code)) return true;
  return typeof e?.message === 'string' && UNAVAILABLE_MESSAGES.test(e.message);
}
