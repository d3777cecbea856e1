// The storage interface of saved searches with webhooks (POST /searches): the searches, how far each
// has been read in storage order, and their deliveries with the state of each. Another aggregate than
// the news, so its own interface, reached as NewsStore.searches: it shares the store's connection (and
// its closing); both engines implement it (src/store/sqlite/saved-searches.ts,
// src/store/postgres/saved-searches.ts).
import type { Page, PageRequest, StoredAfterRequest } from './news-store.js';

/** What a search matches: GET /articles/stream's filters. */
export type SearchFilter = Pick<StoredAfterRequest, 'q' | 'entity' | 'source'>;

export interface SavedSearch {
  id: string;
  filter: SearchFilter;
  /** Where each delivery is POSTed. */
  url: string;
  createdAt: string;
}

export interface NewSavedSearch extends SavedSearch {
  /** The HMAC key of the signatures; stored, handed to the dispatcher, never read back by the API. */
  secret: string;
  /** The articlesStoredAfter position to read on from: the newest when the search is made. */
  position: string;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface Delivery {
  id: string;
  searchId: string;
  articleId: string;
  status: DeliveryStatus;
  /** Attempts started so far. */
  attempts: number;
  /** Pending: when the next attempt may start (while an attempt runs, when it may be taken over). */
  nextAttemptAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: string;
  /** When it was delivered, or failed for good. */
  finishedAt: string | null;
}

/** A search as the dispatcher reads it: its filter and where it has been read up to. */
export interface SearchPosition {
  id: string;
  filter: SearchFilter;
  position: string;
}

export interface NewDelivery {
  id: string;
  articleId: string;
  /** The request body, the same for every attempt. */
  payload: string;
}

/** A delivery taken by one dispatcher for one attempt. */
export interface ClaimedDelivery {
  id: string;
  searchId: string;
  url: string;
  secret: string;
  payload: string;
  /** This attempt's number, from 1. */
  attempt: number;
}

export interface AttemptOutcome {
  /** delivered; pending (to be tried again at nextAttemptAt); or failed, for good. */
  status: DeliveryStatus;
  nextAttemptAt: string | null;
  statusCode: number | null;
  error: string | null;
  at: string;
}

export interface SavedSearchStore {
  createSearch(search: NewSavedSearch): Promise<void>;
  getSearch(id: string): Promise<SavedSearch | null>;
  /** Newest first. */
  listSearches(req: PageRequest): Promise<Page<SavedSearch>>;
  /** Removes the search and its deliveries (a pending one is not sent). False when it did not exist. */
  deleteSearch(id: string): Promise<boolean>;
  /** Newest first; null for an unknown search. */
  listDeliveries(searchId: string, req: PageRequest): Promise<Page<Delivery> | null>;
  /** Every search with where it has been read up to. */
  searchPositions(): Promise<SearchPosition[]>;
  /**
   * Moves a search from position `from` to `to` and records the deliveries of the articles between, at
   * once; false (and nothing written) when the search is no longer at `from` (another process moved it
   * first) or is gone. So each matching article gets one delivery, whichever processes read it.
   */
  advanceSearch(id: string, from: string, to: string, deliveries: NewDelivery[], now: Date): Promise<boolean>;
  /**
   * Takes up to `limit` pending deliveries due at `now`, each the oldest pending one of its search
   * (so a search's deliveries go out one at a time, in order), counts an attempt for each and hides it
   * from other claims for `leaseMs` (a dispatcher that dies mid-attempt leaves it to be taken again
   * then). Two processes never take the same delivery.
   */
  claimDeliveries(now: Date, leaseMs: number, limit: number): Promise<ClaimedDelivery[]>;
  /** Records how attempt number `attempt` went; false when the delivery is gone or was taken again since. */
  finishAttempt(id: string, attempt: number, outcome: AttemptOutcome): Promise<boolean>;
}

/** The filter as stored: only the filters given, in one order. */
export function filterJson(filter: SearchFilter): string {
  const { q, entity, source } = filter;
  return JSON.stringify({ q, entity, source });
}

export function filterOf(json: string): SearchFilter {
  const { q, entity, source } = JSON.parse(json) as SearchFilter;
  return {
    ...(q === undefined ? {} : { q }),
    ...(entity === undefined ? {} : { entity }),
    ...(source === undefined ? {} : { source }),
  };
}

/** The row shapes both engines read, with their translation to the interface's types. */
export interface SearchRow {
  id: string;
  filter: string;
  url: string;
  created_at: string;
}

export interface DeliveryRow {
  id: string;
  search_id: string;
  article_id: string;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: string | null;
  last_status_code: number | null;
  last_error: string | null;
  created_at: string;
  finished_at: string | null;
}

export const toSearch = (r: SearchRow): SavedSearch => ({
  id: r.id,
  filter: filterOf(r.filter),
  url: r.url,
  createdAt: r.created_at,
});

export const toDelivery = (r: DeliveryRow): Delivery => ({
  id: r.id,
  searchId: r.search_id,
  articleId: r.article_id,
  status: r.status,
  attempts: r.attempts,
  // A finished delivery has no next attempt, whatever its last lease said.
  nextAttemptAt: r.status === 'pending' ? r.next_attempt_at : null,
  lastStatusCode: r.last_status_code,
  lastError: r.last_error,
  createdAt: r.created_at,
  finishedAt: r.finished_at,
});
