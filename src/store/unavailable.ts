// Translation of an engine's errors into the store's own, at the edge of the NewsStore interface:
// an engine names which of its errors mean "cannot answer now", and callers see StoreUnavailableError
// (routes answer 503 with Retry-After) for those, every other error as it was.
import { type NewsStore, StoreUnavailableError } from './news-store.js';

export function withUnavailable(store: NewsStore, isUnavailable: (err: unknown) => boolean): NewsStore {
  // a Proxy keeps the store's own type: every method is the store's, its rejections translated
  return new Proxy(store, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        try {
          return await value.apply(target, args);
        } catch (err) {
          if (isUnavailable(err)) throw new StoreUnavailableError();
          throw err;
        }
      };
    },
  });
}
