// Translation of an engine's errors into the store's own, at the edge of an interface (NewsStore, the
// ingest queue's request side): an engine names which of its errors mean "cannot answer now", and
// callers see StoreUnavailableError (routes answer 503 with Retry-After) for those, every other error
// as it was.
import { StoreUnavailableError } from './news-store.js';

export function withUnavailable<T extends object>(target: T, isUnavailable: (err: unknown) => boolean): T {
  // a Proxy keeps the target's own type: every method is the target's, its rejections translated
  return new Proxy(target, {
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
