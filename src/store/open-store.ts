// The one place that picks the storage engine from the configuration: PostgreSQL when DATABASE_URL
// is set (reading from DATABASE_REPLICA_URLS when given), else SQLite at DATABASE_PATH. Used by the
// server and the command-line tools.
import type { NewsStore } from './news-store.js';
import { openReplicatedStore } from './pg-wal.js';
import { openPostgresStore } from './postgres-store.js';
import type { ReplicatedStoreOptions } from './replicated-store.js';
import { createSqliteStore, openDatabase } from './sqlite-store.js';

export interface StoreConfig {
  databasePath: string;
  databaseUrl?: string | undefined;
  databaseReplicaUrls?: string[] | undefined;
  replicaMaxLagMs?: number | undefined;
  databasePoolSize?: number | undefined;
  /** SQLite: how long a call waits in all for another process's write lock (sqlite/errors.ts). */
  busyWaitMs?: number | undefined;
}

/**
 * Opens and migrates the configured store. `onProblem` hears of replicas failing or falling behind
 * (for the log); only a store with replicas has any.
 */
export async function openStore(
  config: StoreConfig,
  onProblem?: ReplicatedStoreOptions['onProblem'],
): Promise<NewsStore> {
  const { databaseUrl, databaseReplicaUrls = [], databasePoolSize: poolSize } = config;
  if (databaseUrl === undefined) {
    return createSqliteStore(openDatabase(config.databasePath), { busyWaitMs: config.busyWaitMs });
  }
  if (databaseReplicaUrls.length === 0) return openPostgresStore(databaseUrl, { poolSize });
  return openReplicatedStore({
    primaryUrl: databaseUrl,
    replicaUrls: databaseReplicaUrls,
    open: (url, role) => openPostgresStore(url, { migrate: role === 'primary', poolSize }),
    maxLagMs: config.replicaMaxLagMs,
    onProblem,
  });
}

/**
 * Where the configured store is, for messages: the SQLite file, or the PostgreSQL URL without its
 * credentials (a password may also come as libpq's `?password=` parameter).
 */
export function storeLocation(config: StoreConfig): string {
  if (config.databaseUrl === undefined) return config.databasePath;
  const url = new URL(config.databaseUrl);
  url.username = '';
  url.password = '';
  url.searchParams.delete('password');
  return url.toString();
}
