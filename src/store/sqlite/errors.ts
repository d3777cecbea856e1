// Translation of SQLite errors into the store's own errors, at the edge of the NewsStore interface.
import { type NewsStore, StoreUnavailableError } from '../news-store.js';

/**
 * SQLite answers SQLITE_BUSY when another process held the write lock past busy_timeout: the store
 * is momentarily unavailable, which callers can retry, not broken.
 */
export function withBusyAsUnavailable(store: NewsStore): NewsStore {
  const wrapped = {} as Record<string, unknown>;
  for (const [name, method] of Object.entries(store) as [string, (...args: unknown[]) => Promise<unknown>][]) {
    wrapped[name] = async (...args: unknown[]) => {
      try {
        return await method(...args);
      } catch (err) {
        if ((err as { code?: string }).code === 'SQLITE_BUSY') throw new StoreUnavailableError();
        throw err;
      }
    };
  }
  return wrapped as unknown as NewsStore;
}
