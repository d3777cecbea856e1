// Saved searches and their webhook deliveries in PostgreSQL. Several processes (WORKERS, several
// hosts) claim deliveries at once: a claim locks the rows it takes FOR UPDATE SKIP LOCKED and moves
// their next attempt past the lease before committing, so no two processes take the same delivery.
import type pg from 'pg';
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
import { one, query, transaction } from './db.js';

type Seq = { seq: number };

/**
 * Takes the due deliveries ($1 now, $2 the lease's end, $3 how many), each the oldest pending one of its
 * search: whether a search has an older pending one is a probe of webhook_deliveries_pending_by_search
 * (migration 0007), not a walk through the search's delivered history.
 */
export const PG_CLAIM_SQL = `WITH due AS (
    SELECT d.seq FROM webhook_deliveries d
    WHERE d.status = 'pending' AND d.next_attempt_at <= $1
      AND NOT EXISTS (SELECT 1 FROM webhook_deliveries e
        WHERE e.search_seq = d.search_seq AND e.status = 'pending' AND e.seq < d.seq)
    ORDER BY d.next_attempt_at, d.seq LIMIT $3
    FOR UPDATE OF d SKIP LOCKED)
  UPDATE webhook_deliveries w SET attempts = w.attempts + 1, next_attempt_at = $2
  FROM due, saved_searches s WHERE w.seq = due.seq AND s.seq = w.search_seq
  RETURNING w.id, s.id AS "searchId", s.url, s.secret, w.payload, w.attempts AS attempt`;

export function createPostgresSavedSearchStore(pool: pg.Pool): SavedSearchStore {
  const store: SavedSearchStore = {
    createSearch: async (x) => {
      await query(
        pool,
        'INSERT INTO saved_searches (id, filter, url, secret, created_at, position) VALUES ($1, $2, $3, $4, $5, $6)',
        [x.id, filterJson(x.filter), x.url, x.secret, x.createdAt, x.position],
      );
    },
    getSearch: async (id) => {
      const row = await one<SearchRow>(pool, 'SELECT id, filter, url, created_at FROM saved_searches WHERE id = $1', [
        id,
      ]);
      return row ? toSearch(row) : null;
    },
    listSearches: async ({ limit, cursor }) => {
      const [before] = cursor === undefined ? [MAX] : decodeCursor(cursor, ['number']);
      const rows = await query<SearchRow & Seq>(
        pool,
        'SELECT seq, id, filter, url, created_at FROM saved_searches WHERE seq < $1 ORDER BY seq DESC LIMIT $2',
        [before, limit + 1],
      );
      return page(rows, limit, toSearch, (r) => [r.seq]);
    },
    deleteSearch: async (id) =>
      (await query(pool, 'DELETE FROM saved_searches WHERE id = $1 RETURNING seq', [id])).length > 0,
    listDeliveries: async (searchId, { limit, cursor }) => {
      const [before] = cursor === undefined ? [MAX] : decodeCursor(cursor, ['number']);
      const search = await one<Seq>(pool, 'SELECT seq FROM saved_searches WHERE id = $1', [searchId]);
      if (!search) return null;
      const rows = await query<DeliveryRow & Seq>(
        pool,
        `SELECT d.seq, d.id, $1::text AS search_id, d.article_id, d.status, d.attempts, d.next_attempt_at,
          d.last_status_code, d.last_error, d.created_at, d.finished_at
        FROM webhook_deliveries d WHERE d.search_seq = $2 AND d.seq < $3 ORDER BY d.seq DESC LIMIT $4`,
        [searchId, search.seq, before, limit + 1],
      );
      return page(rows, limit, toDelivery, (r) => [r.seq]);
    },
    searchPositions: async () =>
      (
        await query<{ id: string; filter: string; position: string }>(
          pool,
          'SELECT id, filter, position FROM saved_searches ORDER BY seq',
        )
      ).map((r) => ({ id: r.id, filter: filterOf(r.filter), position: r.position })),
    advanceSearch: (id, from, to, deliveries, now) =>
      transaction(pool, async (client) => {
        // A second process moving the same search waits for this row, then finds it moved: no update.
        const moved = await one<Seq>(
          client,
          'UPDATE saved_searches SET position = $1 WHERE id = $2 AND position = $3 RETURNING seq',
          [to, id, from],
        );
        if (!moved) return false;
        if (deliveries.length > 0) {
          const at = now.toISOString();
          await query(
            client,
            `INSERT INTO webhook_deliveries (id, search_seq, article_id, payload, status, next_attempt_at, created_at)
            SELECT d.id, $1, d.article_id, d.payload, 'pending', $2, $2
            FROM unnest($3::text[], $4::text[], $5::text[]) WITH ORDINALITY AS d (id, article_id, payload, i)
            ORDER BY d.i`,
            [
              moved.seq,
              at,
              deliveries.map((d) => d.id),
              deliveries.map((d) => d.articleId),
              deliveries.map((d) => d.payload),
            ],
          );
        }
        return true;
      }),
    claimDeliveries: (now, leaseMs, limit) =>
      transaction(pool, (client) =>
        query<ClaimedDelivery>(client, PG_CLAIM_SQL, [
          now.toISOString(),
          new Date(now.getTime() + leaseMs).toISOString(),
          limit,
        ]),
      ),
    finishAttempt: async (id, attempt, o) =>
      (
        await query(
          pool,
          `UPDATE webhook_deliveries SET status = $3, next_attempt_at = $4, last_status_code = $5, last_error = $6,
            finished_at = CASE WHEN $3 = 'pending' THEN NULL ELSE $7 END
          WHERE id = $1 AND attempts = $2 AND status = 'pending' RETURNING seq`,
          [id, attempt, o.status, o.status === 'pending' ? o.nextAttemptAt : null, o.statusCode, o.error, o.at],
        )
      ).length > 0,
  };
  // Unavailable and full errors are translated with the rest of the store (postgres-store.ts).
  return store;
}
