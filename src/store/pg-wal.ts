// WAL positions of a PostgreSQL primary and its streaming replicas, read with one small pool each
// (kept idle between the monitor's checks), for the replicated store. Also the glue a
// server needs: openReplicatedStore() opens a store on each URL with the engine's opener (the
// PostgreSQL engine's openStore) and puts the replicated store over them.
import pg from 'pg';
import type { NewsStore } from './news-store.js';
import {
  createReplicatedStore,
  OwnSideCheckError,
  type ReplicatedStore,
  type ReplicatedStoreOptions,
  type WalPositions,
} from './replicated-store.js';

/** What pg-pool rejects with when no connection of the pool freed up within connectionTimeoutMillis. */
const POOL_WAIT_TIMEOUT = 'timeout exceeded when trying to connect';

export interface PgWalOptions {
  primaryUrl: string;
  replicaUrls: string[];
  /** Bound on connecting and on each query. Default 2 s. */
  timeoutMs?: number;
}

export interface PgWal extends WalPositions {
  close(): Promise<void>;
}

export function createPgWal({ primaryUrl, replicaUrls, timeoutMs = 2000 }: PgWalOptions): PgWal {
  const pool = (connectionString: string) => {
    const p = new pg.Pool({
      connectionString,
      // Two: the monitor's check and the one check reads share (replicated-store.ts) never wait for
      // each other's connection.
      max: 2,
      connectionTimeoutMillis: timeoutMs,
      query_timeout: timeoutMs,
      idleTimeoutMillis: 30_000,
      application_name: 'newswire-replication-monitor',
    });
    // An idle connection that breaks (a server restart) is dropped and replaced at the next query;
    // without a listener its error would end the process.
    p.on('error', () => {});
    return p;
  };
  const primary = pool(primaryUrl);
  const replicas = replicaUrls.map(pool);

  const single = async (p: pg.Pool, sql: string): Promise<string | null> => {
    try {
      const result = await p.query<{ lsn: string | null }>(sql);
      return result.rows[0]?.lsn ?? null;
    } catch (error) {
      // pg-pool's error for a caller that waited for a busy connection: our side, not the server's.
      if (error instanceof Error && error.message === POOL_WAIT_TIMEOUT)
        throw new OwnSideCheckError(`waited ${timeoutMs} ms for a connection of our own`, { cause: error });
      throw error;
    }
  };

  return {
    async primaryPosition() {
      const lsn = await single(primary, 'SELECT pg_current_wal_lsn()::text AS lsn');
      if (lsn === null) throw new Error('the primary reported no WAL position');
      return lsn;
    },
    async replayed(index) {
      const p = replicas[index];
      if (!p) throw new RangeError(`no replica ${index}`);
      // NULL on a server that is not in recovery: a promoted replica no longer follows the primary.
      const lsn = await single(p, 'SELECT pg_last_wal_replay_lsn()::text AS lsn');
      if (lsn === null) throw new Error(`replica ${index} is not a standby (pg_last_wal_replay_lsn() is NULL)`);
      return lsn;
    },
    async close() {
      await Promise.all([primary.end(), ...replicas.map((p) => p.end())]);
    },
  };
}

export interface OpenReplicatedOptions extends Omit<ReplicatedStoreOptions, 'primary' | 'replicas' | 'wal'> {
  primaryUrl: string;
  replicaUrls: string[];
  /**
   * Opens a store on one database URL: the PostgreSQL engine's opener. `role` tells the primary (to
   * migrate) from a replica (read-only: a standby refuses writes, migrations included).
   */
  open: (url: string, role: 'primary' | 'replica') => Promise<NewsStore>;
}

/** A store on the primary and each replica, under one replicated store. */
export async function openReplicatedStore({
  primaryUrl,
  replicaUrls,
  open,
  ...options
}: OpenReplicatedOptions): Promise<ReplicatedStore> {
  const primary = await open(primaryUrl, 'primary');
  const replicas: NewsStore[] = [];
  try {
    for (const url of replicaUrls) replicas.push(await open(url, 'replica'));
  } catch (error) {
    await Promise.allSettled([primary.close(), ...replicas.map((r) => r.close())]);
    throw error;
  }
  const wal = createPgWal({ primaryUrl, replicaUrls, timeoutMs: options.checkTimeoutMs });
  return createReplicatedStore({ ...options, primary, replicas, wal });
}
