// Translation of SQLite errors into the store's own errors, at the edge of the NewsStore interface,
// and the wait for the write lock that the translation includes.
import type { NewsStore } from '../news-store.js';
import { type ErrorKind, withStoreErrors } from '../unavailable.js';

/**
 * How long one attempt waits for the lock inside SQLite (busy_timeout). SQLite's busy handler sleeps
 * on the calling thread, which is the server's event loop: a long one would stall every request of
 * the process, so an attempt waits briefly and the rest of the wait happens between attempts, with
 * the loop free.
 */
export const BUSY_TIMEOUT_MS = 20;

/** How long a call of the server waits in all for the lock before it answers 503 (a client waits). */
export const SERVER_BUSY_WAIT_MS = 10_000;

/**
 * How long a call of a command-line tool (ingest, reprocess) waits: no client is waiting, and a file
 * given up on is a file the operator must ingest again.
 */
export const TOOL_BUSY_WAIT_MS = 120_000;

/**
 * Every "cannot now" code: SQLITE_BUSY and its extended codes (_RECOVERY, _SNAPSHOT, _TIMEOUT) and
 * SQLITE_LOCKED with its own (_SHAREDCACHE, _VTAB). Write transactions begin IMMEDIATE, so a writer
 * waits for the lock at its start instead of meeting _SNAPSHOT half-way; the others still come from
 * another process holding the lock (a bulk ingest, a reprocess) or recovering the WAL index.
 */
const BUSY = /^SQLITE_(BUSY|LOCKED)(_|$)/;
const READONLY = /^SQLITE_READONLY(_|$)/;

export function sqliteErrorKind(err: unknown): ErrorKind {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return undefined;
  if (BUSY.test(code)) return 'unavailable';
  // the disk is full, or the file reached max_page_count: the statement's transaction was rolled back
  if (code === 'SQLITE_FULL') return 'full';
  // the file, its folder or its mount became read-only after start-up (SQLITE_READONLY and its
  // extended codes: _DBMOVED, _DIRECTORY, _CANTINIT, _ROLLBACK...): retrying would fail the same way
  if (READONLY.test(code)) return 'readonly';
  return undefined;
}

/**
 * The pause before attempt `attempt + 1` of a call begun at `start`, or null once `waitMs` would be
 * spent: doubling from 10 ms to at most 250 ms, jittered so that two processes do not retry in step.
 */
export function busyBackoff(waitMs: number, start = Date.now()) {
  return (attempt: number): number | null => {
    const pause = Math.min(250, 10 * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2);
    return Date.now() - start + pause > waitMs ? null : pause;
  };
}

/**
 * A busy database is retried for up to `waitMs` (each attempt rolled back whole, so trying again is
 * safe), then StoreUnavailableError; a full one is StoreFullError at once, a read-only one
 * StoreReadOnlyError.
 */
export function withSqliteErrors(store: NewsStore, waitMs = SERVER_BUSY_WAIT_MS): NewsStore {
  return withStoreErrors(store, sqliteErrorKind, () => busyBackoff(waitMs));
}
