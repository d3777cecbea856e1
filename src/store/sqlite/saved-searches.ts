// Saved searches and their webhook deliveries in SQLite. One writer at a time (a claim runs in an
// IMMEDIATE transaction, which holds the write lock from its first read), so two processes on one
// database never take the same delivery.
import type Database from 'better-sqlite3';
import { decodeCursor } from '../cursor.js';
import { MAX, page } from '../rows.js';
import {
  type ClaimedDelivery,
  type DeliveryRow,
  filterJson,
  filterOf,
  type SavedSearchStore,
  type SearchRow,
  toDelivery,
  toSearch,
} from '../saved-searches.js';

// The oldest pending delivery of each search, due: the only one of its search a claim may take. Whether
// a search has an older pending one is a probe of webhook_deliveries_pending_by_search (migration 0008),
// not a walk through the search's delivered history.
export const DUE_SQL = `SELECT d.seq FROM webhook_deliveries d
  WHERE d.status = 'pending' AND d.next_attempt_at <= @now
    AND NOT EXISTS (SELECT 1 FROM webhook_deliveries e
      WHERE e.search_seq = d.search_seq AND e.status = 'pending' AND e.seq < d.seq)
  ORDER BY d.next_attempt_at, d.seq LIMIT @limit`;

export function createSqliteSavedSearchStore(db: Database.Database): SavedSearchStore {
  const s = {
    insertSearch: db.prepare(
      'INSERT INTO saved_searches (id, filter, url, secret, created_at, position) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    search: db.prepare<[string], SearchRow & { seq: number }>(
      'SELECT seq, id, filter, url, created_at FROM saved_searches WHERE id = ?',
    ),
    searches: db.prepare<[number, number], SearchRow & { seq: number }>(
      'SELECT seq, id, filter, url, created_at FROM saved_searches WHERE seq < ? ORDER BY seq DESC LIMIT ?',
    ),
    deleteSearch: db.prepare('DELETE FROM saved_searches WHERE id = ?'),
    deliveries: db.prepare<[string, number, number, number], DeliveryRow & { seq: number }>(
      `SELECT d.seq, d.id, ? AS search_id, d.article_id, d.status, d.attempts, d.next_attempt_at,
        d.last_status_code, d.last_error, d.created_at, d.finished_at
      FROM webhook_deliveries d WHERE d.search_seq = ? AND d.seq < ? ORDER BY d.seq DESC LIMIT ?`,
    ),
    positions: db.prepare<[], { id: string; filter: string; position: string }>(
      'SELECT id, filter, position FROM saved_searches ORDER BY seq',
    ),
    position: db.prepare<[string], string>('SELECT position FROM saved_searches WHERE id = ?').pluck(),
    move: db.prepare<[string, string, string]>(
      'UPDATE saved_searches SET position = ? WHERE id = ? AND position = ? RETURNING seq',
    ),
    insertDelivery: db.prepare(
      `INSERT INTO webhook_deliveries (id, search_seq, article_id, payload, status, next_attempt_at, created_at)
      VALUES (?, ?, ?, ?, 'pending', ?, ?)`,
    ),
    due: db.prepare<[{ now: string; limit: number }], number>(DUE_SQL).pluck(),
    take: db.prepare<[string, number], ClaimedDelivery>(
      `UPDATE webhook_deliveries SET attempts = attempts + 1, next_attempt_at = ? WHERE seq = ?
      RETURNING id, (SELECT s.id FROM saved_searches s WHERE s.seq = search_seq) AS searchId,
        (SELECT s.url FROM saved_searches s WHERE s.seq = search_seq) AS url,
        (SELECT s.secret FROM saved_searches s WHERE s.seq = search_seq) AS secret,
        payload, attempts AS attempt`,
    ),
    finish: db.prepare(
      `UPDATE webhook_deliveries SET status = @status, next_attempt_at = @nextAttemptAt,
        last_status_code = @statusCode, last_error = @error,
        finished_at = CASE WHEN @status = 'pending' THEN NULL ELSE @at END
      WHERE id = @id AND attempts = @attempt AND status = 'pending'`,
    ),
  };

  const advance = db.transaction(
    (
      id: string,
      from: string,
      to: string,
      deliveries: { id: string; articleId: string; payload: string }[],
      now: string,
    ) => {
      const moved = s.move.get(to, id, from) as { seq: number } | undefined;
      if (!moved) return false;
      for (const d of deliveries) s.insertDelivery.run(d.id, moved.seq, d.articleId, d.payload, now, now);
      return true;
    },
  );

  const claim = db.transaction((now: string, until: string, limit: number) =>
    s.due.all({ now, limit }).map((seq) => s.take.get(until, seq) as ClaimedDelivery),
  );

  const store: SavedSearchStore = {
    createSearch: async (x) => {
      s.insertSearch.run(x.id, filterJson(x.filter), x.url, x.secret, x.createdAt, x.position);
    },
    getSearch: async (id) => {
      const row = s.search.get(id);
      return row ? toSearch(row) : null;
    },
    listSearches: async ({ limit, cursor }) => {
      const [before] = cursor === undefined ? [MAX] : decodeCursor(cursor, ['number']);
      return page(s.searches.all(before, limit + 1), limit, toSearch, (r) => [r.seq]);
    },
    deleteSearch: async (id) => s.deleteSearch.run(id).changes > 0,
    listDeliveries: async (searchId, { limit, cursor }) => {
      const [before] = cursor === undefined ? [MAX] : decodeCursor(cursor, ['number']);
      const search = s.search.get(searchId);
      if (!search) return null;
      return page(s.deliveries.all(searchId, search.seq, before, limit + 1), limit, toDelivery, (r) => [r.seq]);
    },
    searchPositions: async () =>
      s.positions.all().map((r) => ({ id: r.id, filter: filterOf(r.filter), position: r.position })),
    advanceSearch: async (id, from, to, deliveries, now) => {
      // A read first, outside any transaction: with WORKERS > 1 every process reads every search after
      // each stored article, and all but the first find it moved already. Those take no write lock; the
      // compare-and-set in the transaction still decides between two that read `from` at once.
      if (s.position.get(id) !== from) return false;
      return advance.immediate(id, from, to, deliveries, now.toISOString());
    },
    claimDeliveries: async (now, leaseMs, limit) => {
      const at = now.toISOString();
      // A read first, outside any transaction: an idle poll takes no write lock.
      if (s.due.all({ now: at, limit: 1 }).length === 0) return [];
      return claim.immediate(at, new Date(now.getTime() + leaseMs).toISOString(), limit);
    },
    finishAttempt: async (id, attempt, o) =>
      s.finish.run({
        id,
        attempt,
        status: o.status,
        nextAttemptAt: o.status === 'pending' ? o.nextAttemptAt : null,
        statusCode: o.statusCode,
        error: o.error,
        at: o.at,
      }).changes > 0,
  };
  // Busy and full errors are translated (and busy calls retried) with the rest of the store: withSqliteErrors.
  return store;
}
