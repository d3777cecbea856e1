// Translation of SQLite errors into the store's own errors, at the edge of the NewsStore interface.
import type { NewsStore } from '../news-store.js';
import { withUnavailable } from '../unavailable.js';

/**
 * SQLite answers SQLITE_BUSY when another process held the write lock past busy_timeout: the store
 * is momentarily unavailable, which callers can retry, not broken.
 */
export function withBusyAsUnavailable(store: NewsStore): NewsStore {
  return withUnavailable(store, (err) => (err as { code?: string }).code === 'SQLITE_BUSY');
}
