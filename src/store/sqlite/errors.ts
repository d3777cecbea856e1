// Translation of SQLite errors into the store's own errors, at the edge of the NewsStore interface.
import { type NewsStore, StoreUnavailableError } from '../news-store.js';

/**
 * SQLite answers SQLITE_BUSY when another process held the write lock past busy_timeout: the store
 * is momentarily unavailable, which callers can retry, not broken.
 */
export function withBusyAsUnavailable(store: NewsStore): NewsStore {
  // a Proxy keeps the store's own type: every method is the store's, its rejections translated
  return new Proxy(store, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        try {
          return await value.apply(target, args);
        } catch (err) {
          if ((err as { code?: string }).code === 'SQLITE_BUSY') throw new StoreUnavailableError();
          throw err;
        }
      };
    },
  });
}
