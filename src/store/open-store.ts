// The one place that picks the storage engine from the configuration: PostgreSQL when DATABASE_URL
// is set, else SQLite at DATABASE_PATH. Used by the server and the command-line tools.
import type { NewsStore } from './news-store.js';
import { openPostgresStore } from './postgres-store.js';
import { createSqliteStore, openDatabase } from './sqlite-store.js';

export interface StoreConfig {
  databasePath: string;
  databaseUrl?: string | undefined;
}

/** Opens and migrates the configured store. */
export async function openStore(config: StoreConfig): Promise<NewsStore> {
  if (config.databaseUrl !== undefined) return openPostgresStore(config.databaseUrl);
  return createSqliteStore(openDatabase(config.databasePath));
}

/** Where the configured store is, for messages: the SQLite file, or the PostgreSQL URL without its credentials. */
export function storeLocation(config: StoreConfig): string {
  if (config.databaseUrl === undefined) return config.databasePath;
  const url = new URL(config.databaseUrl);
  url.username = '';
  url.password = '';
  return url.toString();
}
