// SQLite's "cannot now" and "no space" at the edge of the store: busy calls wait for the lock with
// the event loop free and then succeed (or become StoreUnavailableError), a full disk is
// StoreFullError with the store intact, a read-only one StoreReadOnlyError, and a database that cannot
// be written is refused at start-up.
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config.js';
import {
  type NewsStore,
  StoreFullError,
  StoreReadOnlyError,
  StoreUnavailableError,
} from '../../src/store/news-store.js';
import { pgErrorKind } from '../../src/store/postgres/db.js';
import { checkWritable } from '../../src/store/sqlite/database.js';
import { withSqliteErrors } from '../../src/store/sqlite/errors.js';
import { createSqliteStore, openDatabase } from '../../src/store/sqlite-store.js';
import { withStoreErrors } from '../../src/store/unavailable.js';
import { draft } from './drafts.js';

function failing(...errors: unknown[]): { store: NewsStore; calls: () => number } {
  let calls = 0;
  const store = {
    getArticle: async () => {
      const err = errors[Math.min(calls++, errors.length - 1)];
      if (err === 'ok') return null;
      throw err;
    },
    close: async () => {},
  };
  return { store: store as unknown as NewsStore, calls: () => calls };
}

const sqliteError = (code: string) => Object.assign(new Error(code), { code });
const tempFile = () => join(mkdtempSync(join(tmpdir(), 'sqlite-errors-')), 'news.db');

describe('withSqliteErrors', () => {
  it.each([
    'SQLITE_BUSY',
    'SQLITE_BUSY_SNAPSHOT',
    'SQLITE_BUSY_RECOVERY',
    'SQLITE_BUSY_TIMEOUT',
    'SQLITE_LOCKED',
    'SQLITE_LOCKED_SHAREDCACHE',
  ])('retries %s, and answers once it passes', async (code) => {
    const { store, calls } = failing(sqliteError(code), sqliteError(code), 'ok');
    await expect(withSqliteErrors(store, 5_000).getArticle('x')).resolves.toBeNull();
    expect(calls()).toBe(3);
  });

  it('turns a lock still held after the wait into StoreUnavailableError', async () => {
    const { store, calls } = failing(sqliteError('SQLITE_BUSY_SNAPSHOT'));
    await expect(withSqliteErrors(store, 100).getArticle('x')).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(calls()).toBeGreaterThan(1);
  });

  it('turns SQLITE_FULL into StoreFullError at once, and lets every other error through unchanged', async () => {
    const full = failing(sqliteError('SQLITE_FULL'));
    await expect(withSqliteErrors(full.store).getArticle('x')).rejects.toBeInstanceOf(StoreFullError);
    expect(full.calls()).toBe(1);
    const other = sqliteError('SQLITE_CONSTRAINT');
    await expect(withSqliteErrors(failing(other).store).getArticle('x')).rejects.toBe(other);
    await expect(withSqliteErrors(failing(other).store).close()).resolves.toBeUndefined();
  });

  it.each(['SQLITE_READONLY', 'SQLITE_READONLY_DBMOVED', 'SQLITE_READONLY_DIRECTORY', 'SQLITE_READONLY_CANTINIT'])(
    'turns %s into StoreReadOnlyError at once',
    async (code) => {
      const readOnly = failing(sqliteError(code));
      await expect(withSqliteErrors(readOnly.store).getArticle('x')).rejects.toBeInstanceOf(StoreReadOnlyError);
      expect(readOnly.calls()).toBe(1);
    },
  );
});

describe("PostgreSQL's errors", () => {
  it('turn 53100 disk_full into StoreFullError', async () => {
    const full = Object.assign(new Error('could not extend file'), { code: '53100' });
    await expect(withStoreErrors(failing(full).store, pgErrorKind).getArticle('x')).rejects.toBeInstanceOf(
      StoreFullError,
    );
  });

  it('turn 25006 read_only_sql_transaction into StoreReadOnlyError', async () => {
    const readOnly = Object.assign(new Error('cannot execute INSERT in a read-only transaction'), { code: '25006' });
    await expect(withStoreErrors(failing(readOnly).store, pgErrorKind).getArticle('x')).rejects.toBeInstanceOf(
      StoreReadOnlyError,
    );
  });

  it("turn 53100 into StoreFullError in the saved searches' calls too", async () => {
    const full = Object.assign(new Error('could not extend file'), { code: '53100' });
    const store = {
      searches: {
        createSearch: async () => {
          throw full;
        },
      },
    } as unknown as NewsStore;
    await expect(withStoreErrors(store, pgErrorKind).searches.createSearch({} as never)).rejects.toBeInstanceOf(
      StoreFullError,
    );
  });
});

describe('a write while another process holds the write lock', () => {
  it('waits for it with the event loop free, and is stored once the lock is let go', async () => {
    const file = tempFile();
    const store = createSqliteStore(openDatabase(file));
    // another process's writer: the same file through another connection, holding the lock for 300 ms
    const other = new Database(file);
    other.exec('BEGIN IMMEDIATE');
    other.exec("INSERT INTO deleted_articles (id, deleted_at) VALUES ('x', '2026-01-01T00:00:00Z')");
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 10);
    setTimeout(() => other.exec('COMMIT'), 300);
    const saved = await store.saveArticle(draft('Waited\nFor the lock.'));
    clearInterval(ticker);
    expect(saved.created).toBe(true);
    // the timers ran while the write waited: the wait did not hold the thread
    expect(ticks).toBeGreaterThan(5);
    expect((await store.getArticle(saved.id))?.headline).toBe('Waited');
    other.close();
    await store.close();
  });

  it('waits for it to record a webhook delivery too, so a delivered article is not sent again', async () => {
    const file = tempFile();
    const store = createSqliteStore(openDatabase(file));
    const at = new Date('2026-01-01T00:00:00Z');
    await store.searches.createSearch({
      id: 's1',
      filter: {},
      url: 'http://127.0.0.1:9/',
      secret: 'a-secret-of-16-chars',
      createdAt: at.toISOString(),
      position: '[]',
    });
    await store.searches.advanceSearch('s1', '[]', '[1]', [{ id: 'd1', articleId: 'a1', payload: '{}' }], at);
    const [claimed] = await store.searches.claimDeliveries(at, 60_000, 1);
    const other = new Database(file);
    other.exec('BEGIN IMMEDIATE');
    setTimeout(() => other.exec('COMMIT'), 300);
    const recorded = store.searches.finishAttempt('d1', claimed?.attempt ?? 0, {
      status: 'delivered',
      nextAttemptAt: null,
      statusCode: 200,
      error: null,
      at: at.toISOString(),
    });
    await expect(recorded).resolves.toBe(true);
    expect((await store.searches.listDeliveries('s1', { limit: 1 }))?.data[0]?.status).toBe('delivered');
    other.close();
    await store.close();
  });
});

describe('a full database', () => {
  it('refuses the write whole with StoreFullError, keeps what it held, and takes writes again once there is room', async () => {
    const db = openDatabase(tempFile());
    const store = createSqliteStore(db);
    const first = await store.saveArticle(draft('Before\nThe disk filled.'));
    const pages = db.pragma('page_count', { simple: true }) as number;
    db.pragma(`max_page_count = ${pages}`);
    const big = draft(`Too big\n${'Many words here. '.repeat(2000)}`);
    await expect(store.saveArticle(big)).rejects.toBeInstanceOf(StoreFullError);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(await store.articleStatus(big.id)).not.toBe('stored');
    expect((await store.getArticle(first.id))?.headline).toBe('Before');
    db.pragma('max_page_count = 1073741823');
    expect((await store.saveArticle(big)).created).toBe(true);
    await store.close();
  });
});

describe('start-up checks', () => {
  it('refuse a database that cannot be written, naming DATABASE_PATH', () => {
    const file = tempFile();
    openDatabase(file).close();
    // a read-only connection stands for a read-only file (the tests may run as root, whom file modes do not stop)
    const db = new Database(file, { readonly: true });
    expect(() => checkWritable(db)).toThrow(/readonly/);
    db.close();
  });

  it('name DATABASE_PATH and the cause when its folder cannot be made', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sqlite-errors-'));
    writeFileSync(join(dir, 'a-file'), '');
    const path = join(dir, 'a-file', 'sub', 'news.db');
    expect(() => openDatabase(path)).toThrow(ConfigError);
    expect(() => openDatabase(path)).toThrow(`DATABASE_PATH=${path}: cannot create its folder`);
  });

  it('create a missing folder', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'sqlite-errors-')), 'new', 'deeper', 'news.db');
    openDatabase(path).close();
  });

  it('set a bounded WAL: a checkpoint every 2,000 pages, the file cut back to 32 MiB', () => {
    const db = openDatabase(tempFile());
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(2000);
    expect(db.pragma('journal_size_limit', { simple: true })).toBe(33554432);
    db.close();
  });

  it('checkpoint after a bulk write leaves an empty WAL file', async () => {
    const file = tempFile();
    const store = createSqliteStore(openDatabase(file));
    await store.saveArticles(Array.from({ length: 50 }, (_, i) => draft(`Bulk ${i}\n${'Words. '.repeat(200)}`)));
    expect(statSync(`${file}-wal`).size).toBeGreaterThan(0);
    await store.checkpoint?.();
    expect(statSync(`${file}-wal`).size).toBe(0);
    await store.close();
  });
});
