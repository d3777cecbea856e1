// SQLITE_BUSY at the edge of the store: a retryable "unavailable", every other error as it was.
import { describe, expect, it } from 'vitest';
import { type NewsStore, StoreUnavailableError } from '../../src/store/news-store.js';
import { withBusyAsUnavailable } from '../../src/store/sqlite/errors.js';

function failing(err: unknown): NewsStore {
  const store = { getArticle: async () => Promise.reject(err), close: async () => {} };
  return store as unknown as NewsStore;
}

describe('withBusyAsUnavailable', () => {
  it('turns SQLITE_BUSY into StoreUnavailableError', async () => {
    const busy = Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
    await expect(withBusyAsUnavailable(failing(busy)).getArticle('x')).rejects.toBeInstanceOf(StoreUnavailableError);
  });

  it('lets every other error through unchanged, and answers as the store does', async () => {
    const other = Object.assign(new Error('constraint'), { code: 'SQLITE_CONSTRAINT' });
    await expect(withBusyAsUnavailable(failing(other)).getArticle('x')).rejects.toBe(other);
    await expect(withBusyAsUnavailable(failing(other)).close()).resolves.toBeUndefined();
  });
});
