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
