// Translation of an engine's errors into the store's own, at the edge of an interface (NewsStore, the
// ingest queue's request side): an engine names which of its errors mean "cannot answer now", "no
// space left" and "refuses writes", and callers see StoreUnavailableError (routes answer 503 with
// Retry-After), StoreFullError (507) and StoreReadOnlyError (503) for those, every other error as it was.
import { StoreFullError, StoreReadOnlyError, StoreUnavailableError } from './news-store.js';

/** What an engine's error means to callers: `undefined` leaves it as it is. */
export type ErrorKind = 'unavailable' | 'full' | 'readonly' | undefined;

/**
 * Every method of `target`, and of the plain objects it holds (NewsStore.searches), its rejections
 * translated by `kindOf`. `retry`, when given, is asked after each "unavailable" failure whether (and
 * after how long) to try the call again.
 */
export function withStoreErrors<T extends object>(
  target: T,
  kindOf: (err: unknown) => ErrorKind,
  retry?: () => (attempt: number) => number | null,
): T {
  // a Proxy keeps the target's own type: every method is the target's, its rejections translated
  return new Proxy(target, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver);
      if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype)
        return withStoreErrors(value, kindOf, retry);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        const wait = retry?.();
        for (let attempt = 1; ; attempt++) {
          try {
            return await value.apply(target, args);
          } catch (err) {
            const kind = kindOf(err);
            if (kind === 'full') throw new StoreFullError();
            if (kind === 'readonly') throw new StoreReadOnlyError();
            if (kind !== 'unavailable') throw err;
            const pause = wait?.(attempt) ?? null;
            if (pause === null) throw new StoreUnavailableError();
            await new Promise((resolve) => setTimeout(resolve, pause));
          }
        }
      };
    },
  });
}

export function withUnavailable<T extends object>(target: T, isUnavailable: (err: unknown) => boolean): T {
  return withStoreErrors(target, (err) => (isUnavailable(err) ? 'unavailable' : undefined));
}
