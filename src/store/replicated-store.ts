// A NewsStore over one primary and read replicas (PostgreSQL streaming replication): writes go to the
// primary, reads to a healthy replica in turn, and a client reads its own writes.
//
// Read-your-writes. After every write the store asks the primary for its WAL position (`wal`), which
// is at or past the commit just made (COMMIT returns once its WAL is flushed, with the default
// synchronous_commit). That position is the session's consistency token: the HTTP layer
// (src/http/consistency.ts) returns it in a response header and a short-lived cookie, and a later read
// that carries it, to this process or any other, is served by a replica only when that replica has
// replayed past it, and by the primary otherwise. A session is one request, found through
// AsyncLocalStorage (./consistency.ts) so the NewsStore interface stays as it is; reads after a write
// in the same request follow the same rule, and outside any request the process is one session.
//
// Caches do not go back in time: version() is the primary's, and a session that saw a version reads
// only from replicas that have replayed up to the primary's position at that version, so what a cache
// keeps under a version is never older than the version (src/http/article-cache.ts keys on it).
//
// Health. A monitor asks every interval for the primary's position and each replica's replayed one.
// A replica's lag is how long ago the primary first stood at a position the replica has still not
// replayed (zero when it has replayed all it has been seen at): a replica lagging beyond maxLagMs,
// whose check failed, or whose last read failed (for a short while) is skipped, and when no replica
// can answer, the primary does. Decisions that lead to writes (articleStatus, articleInput: is this
// article stored, deleted, what was it ingested from) read the primary, as does ping().
//
// Tokens come from clients and are not trusted. A token past the newest position the primary has
// been seen at is checked against the primary's position once (concurrent requests share the ask)
// and clamped to it: a token beyond what the primary has ever reported cannot be ours, and reading
// at the newest known position serves every genuine token of that time. A read that needs a replica
// checked again shares the check in flight for that replica, and a check that failed on our side (it
// waited for our own connection pool, or our own timer ran out while the monitor is running) only
// skips the replica for that read: it does not mark the replica failed for everyone.

import { ConsistencyScope, type ConsistencySession, newSession } from './consistency.js';
import { sharedFreshRead } from './fresh-read.js';
import { compareLsn, isLsn, maxLsn } from './lsn.js';
import { InvalidCursorError, type NewsStore } from './news-store.js';

/** WAL positions ('X/Y') of the primary and of each replica (by its index in `replicas`). */
export interface WalPositions {
  /** pg_current_wal_lsn() on the primary. */
  primaryPosition(): Promise<string>;
  /** pg_last_wal_replay_lsn() on the replica; throws when it cannot say (down, not a standby). */
  replayed(replicaIndex: number): Promise<string>;
  close?(): Promise<void>;
}

export interface ReplicatedStoreOptions {
  primary: NewsStore;
  replicas: NewsStore[];
  wal: WalPositions;
  /** A replica further behind than this is not read from. Default 10 s. */
  maxLagMs?: number;
  /** How often the replicas' positions are checked; 0 checks only when a read needs it. Default 1 s. */
  checkIntervalMs?: number;
  /** Bound on one position query; a slower answer counts as a failure. Default 2 s. */
  checkTimeoutMs?: number;
  /** Whether a replica's read error means the replica failed (else the error is the caller's). */
  isReplicaFailure?: (error: unknown) => boolean;
  /** Told when a replica fails or a position cannot be read, for the log. */
  onProblem?: (problem: { msg: string; replica?: number; error: unknown }) => void;
  /** The clock, for tests. */
  now?: () => number;
}

export interface ReplicaState {
  index: number;
  /** The last position the replica reported having replayed. */
  replayed: string | undefined;
  /** When it was last checked (successfully or not). */
  checkedAt: number | undefined;
  lagMs: number | undefined;
  /** Why the last check failed; undefined when it succeeded. */
  error: string | undefined;
  /** Until when it is skipped because a read from it failed. */
  failedUntil: number;
}

/**
 * A position check that failed on our side, not the replica's: the WAL pool had no free connection
 * in time (pg-wal.ts), or the check's own timer ran out. Not a sign the replica is unwell.
 */
export class OwnSideCheckError extends Error {
  override readonly name: string = 'OwnSideCheckError';
}

/** A position check that took longer than checkTimeoutMs, by our own timer. */
class CheckTimeoutError extends OwnSideCheckError {
  override readonly name = 'CheckTimeoutError';
}

export interface ReplicatedStore extends NewsStore {
  /** The read-your-writes sessions this store consults; the HTTP layer opens one per request. */
  readonly consistency: ConsistencyScope;
  /** The primary's position after the latest write through this store, in any session. */
  lastWritePosition(): string | undefined;
  /** The newest position the primary has been seen at (by a check, a write or a version). */
  newestPrimaryPosition(): string | undefined;
  /** Checks the primary's and every replica's position now. */
  refresh(): Promise<void>;
  replicaStates(): ReplicaState[];
}

/** At most this many primary positions are remembered to measure lag (one a check, one a write). */
const HISTORY_MAX = 1000;

/** The scope of a replicated store, or undefined for any other store (SQLite: nothing to route). */
export function consistencyOf(store: NewsStore): ConsistencyScope | undefined {
  return 'consistency' in store && store.consistency instanceof ConsistencyScope ? store.consistency : undefined;
}

/**
 * Makes the rest of the running request read the primary: for a decision that must not see a lagging
 * replica (POST /articles asking whether the article is stored already). Nothing for other stores.
 */
export function readPrimaryFromNowOn(store: NewsStore): void {
  const session = consistencyOf(store)?.current();
  if (session) session.primaryOnly = true;
}

export function createReplicatedStore(options: ReplicatedStoreOptions): ReplicatedStore {
  const { primary, replicas, wal } = options;
  const maxLagMs = options.maxLagMs ?? 10_000;
  const checkIntervalMs = options.checkIntervalMs ?? 1000;
  const checkTimeoutMs = options.checkTimeoutMs ?? 2000;
  const isReplicaFailure = options.isReplicaFailure ?? ((error) => !(error instanceof InvalidCursorError));
  const onProblem = options.onProblem ?? (() => {});
  const now = options.now ?? Date.now;

  // A token older than this no longer matters: every replica still read from has replayed it.
  const consistency = new ConsistencyScope(maxLagMs + Math.max(checkIntervalMs, checkTimeoutMs));
  const processSession = newSession();
  const session = (): ConsistencySession => consistency.current() ?? processSession;

  const states: ReplicaState[] = replicas.map((_, index) => ({
    index,
    replayed: undefined,
    checkedAt: undefined,
    lagMs: undefined,
    error: 'not checked yet',
    failedUntil: 0,
  }));
  /** Positions the primary has been seen at, ascending, each with when it was first seen there. */
  const history: { position: string; at: number }[] = [];
  let lastWrite: string | undefined;
  /** The newest position the primary has been seen at (history is pruned; this is not). */
  let newest: string | undefined;
  let versionSeen: { version: string; position: string } | undefined;
  let turn = 0;
  let closed = false;

  function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new CheckTimeoutError(`${what} took longer than ${checkTimeoutMs} ms`)),
        checkTimeoutMs,
      );
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
  }

  async function primaryPosition(): Promise<string> {
    const position = await withTimeout(wal.primaryPosition(), "the primary's WAL position");
    if (!isLsn(position)) throw new Error(`the primary's WAL position is not one: ${JSON.stringify(position)}`);
    observePrimary(position, now());
    return position;
  }

  function observePrimary(position: string, at: number) {
    newest = maxLsn(newest, position);
    // Answers to concurrent asks can arrive out of order: only a position past the last one is news.
    const last = history.at(-1);
    if (last !== undefined && compareLsn(position, last.position) <= 0) return;
    history.push({ position, at });
    // Drop the second oldest, not the oldest: the oldest unreplayed position is what dates a lag.
    if (history.length > HISTORY_MAX) history.splice(1, 1);
  }

  /** Milliseconds since the primary was first seen at a position past `replayed`; 0 when there is none. */
  function lagOf(replayed: string, at: number): number {
    const behind = history.find((h) => compareLsn(h.position, replayed) > 0);
    return behind === undefined ? 0 : Math.max(0, at - behind.at);
  }

  /** Per replica, the number of the latest check started and of the latest one whose answer was kept. */
  const checks = replicas.map(() => ({ started: 0, kept: 0 }));

  /**
   * `onDemand`: asked by a read, not by the monitor. A wait for our own pool never marks the replica
   * failed; nor does our timer running out on a read's check while a monitor runs (the monitor's own
   * timeouts judge a hung replica; without a monitor, the reads' checks are all there is).
   */
  async function checkReplica(index: number, onDemand = false): Promise<boolean> {
    const state = states[index] as ReplicaState;
    const count = checks[index] as { started: number; kept: number };
    const mine = ++count.started;
    // A check answered after a later-started one is dropped: its position may be older.
    const keep = (update: Partial<ReplicaState>) => {
      if (mine < count.kept) return;
      count.kept = mine;
      Object.assign(state, update);
    };
    try {
      const replayed = await withTimeout(wal.replayed(index), `replica ${index}'s replay position`);
      if (!isLsn(replayed)) throw new Error(`replica ${index} reported no replay position: is it a standby?`);
      const at = now();
      keep({ replayed, checkedAt: at, lagMs: lagOf(replayed, at), error: undefined });
      return true;
    } catch (error) {
      const ownSide =
        error instanceof OwnSideCheckError &&
        (!(error instanceof CheckTimeoutError) || (onDemand && checkIntervalMs > 0));
      if (ownSide) return false;
      if (state.error === undefined) onProblem({ msg: 'replica check failed', replica: index, error });
      keep({ checkedAt: now(), error: error instanceof Error ? error.message : String(error) });
      return false;
    }
  }

  /** Per replica, the check reads have asked for and that is not answered yet: later reads share it. */
  const onDemand: (Promise<boolean> | undefined)[] = replicas.map(() => undefined);
  function checkForRead(index: number): Promise<boolean> {
    let pending = onDemand[index];
    if (pending === undefined) {
      pending = checkReplica(index, true).finally(() => {
        onDemand[index] = undefined;
      });
      onDemand[index] = pending;
    }
    return pending;
  }

  /**
   * The primary's position now, shared by the requests that need it at the same time, each answered
   * by a read that began after it asked: one begun earlier could precede the write behind a token.
   */
  const askPrimary = sharedFreshRead(() =>
    primaryPosition().catch((error: unknown) => {
      onProblem({ msg: "the primary's WAL position could not be read", error });
      return undefined;
    }),
  );
  /** The latest ask, which close() waits for. */
  let primaryAsk: Promise<string | undefined> | undefined;
  const primaryNow = () => {
    primaryAsk = askPrimary();
    return primaryAsk;
  };

  /**
   * The client's token as a position reads may rely on: itself when the primary has been seen at or
   * past it, else the primary's position now when that is (a token from another process's recent
   * write), else that position (no write of ours is past it: the token is forged or garbled). Undefined
   * when the primary cannot say where it stands: then the session reads the primary.
   */
  async function trustedToken(token: string): Promise<string | undefined> {
    if (newest !== undefined && compareLsn(token, newest) <= 0) return token;
    if ((await primaryNow()) === undefined || newest === undefined) return undefined;
    return compareLsn(token, newest) <= 0 ? token : newest;
  }

  /** Forgets the positions every replica has replayed (all of them, while one was never checked). */
  function prune() {
    let oldest: string | undefined;
    for (const s of states) {
      if (s.replayed === undefined) return;
      if (oldest === undefined || compareLsn(s.replayed, oldest) < 0) oldest = s.replayed;
    }
    if (oldest === undefined) return;
    const keep = history.findIndex((h) => compareLsn(h.position, oldest) > 0);
    history.splice(0, keep === -1 ? history.length : keep);
  }

  // One check at a time; refresh() during one waits for it and then checks again, so what it
  // reports is never older than the call (the monitor's tick just skips a busy turn).
  let refreshing: Promise<void> | undefined;
  let again: Promise<void> | undefined;
  async function check(): Promise<void> {
    try {
      await primaryPosition();
    } catch (error) {
      onProblem({ msg: "the primary's WAL position could not be read", error });
    }
    await Promise.all(states.map((_, i) => checkReplica(i)));
    prune();
  }
  function refresh(): Promise<void> {
    if (refreshing === undefined) {
      refreshing = check().finally(() => {
        refreshing = undefined;
      });
      return refreshing;
    }
    again ??= refreshing.then(() => {
      again = undefined;
      return refresh();
    });
    return again;
  }

  const timer =
    checkIntervalMs > 0 && replicas.length > 0
      ? setInterval(() => {
          if (!closed && refreshing === undefined) void refresh();
        }, checkIntervalMs)
      : undefined;
  timer?.unref();
  if (replicas.length > 0) void refresh();

  /** Whether replica `index` may answer a read that must reflect `floor`, checking it again if need be. */
  async function eligible(index: number, floor: string | undefined): Promise<boolean> {
    const state = states[index] as ReplicaState;
    if (state.failedUntil > now()) return false;
    const caughtUp = () =>
      floor === undefined || (state.replayed !== undefined && compareLsn(state.replayed, floor) >= 0);
    const stale = state.checkedAt === undefined || now() - state.checkedAt > maxLagMs;
    // Behind the token by the last check: it may have caught up since (it typically has, within ms).
    if (stale || (state.error === undefined && !caughtUp())) {
      if (!(await checkForRead(index))) return false;
    }
    return state.error === undefined && (state.lagMs ?? Number.POSITIVE_INFINITY) <= maxLagMs && caughtUp();
  }

  async function read<T>(op: (store: NewsStore) => Promise<T>): Promise<T> {
    const s = session();
    if (s.primaryOnly || replicas.length === 0) return op(primary);
    if (s.after !== undefined && !s.afterTrusted) {
      const trusted = await trustedToken(s.after);
      if (trusted === undefined) {
        s.primaryOnly = true;
        return op(primary);
      }
      s.after = trusted;
      s.afterTrusted = true;
    }
    const floor = maxLsn(s.after, s.written, s.seen);
    const first = turn;
    turn = (turn + 1) % replicas.length;
    for (let k = 0; k < replicas.length; k++) {
      const index = (first + k) % replicas.length;
      if (!(await eligible(index, floor))) continue;
      try {
        return await op(replicas[index] as NewsStore);
      } catch (error) {
        if (!isReplicaFailure(error)) throw error;
        onProblem({ msg: 'replica read failed; reading elsewhere', replica: index, error });
        (states[index] as ReplicaState).failedUntil = now() + Math.max(checkIntervalMs, 1000);
      }
    }
    return op(primary);
  }

  async function write<T>(op: (store: NewsStore) => Promise<T>): Promise<T> {
    const result = await op(primary);
    if (replicas.length === 0) return result;
    const s = session();
    try {
      const position = await primaryPosition();
      s.written = maxLsn(s.written, position);
      lastWrite = maxLsn(lastWrite, position);
    } catch (error) {
      // The write is done but its position is unknown: no replica can be trusted to have it.
      s.primaryOnly = true;
      onProblem({ msg: "the primary's WAL position after a write could not be read", error });
    }
    return result;
  }

  return {
    consistency,
    lastWritePosition: () => lastWrite,
    newestPrimaryPosition: () => newest,
    refresh,
    replicaStates: () => states.map((s) => ({ ...s })),

    saveArticle: (draft, ingestedAt) => write((s) => s.saveArticle(draft, ingestedAt)),
    saveArticles: (drafts, ingestedAt) => write((s) => s.saveArticles(drafts, ingestedAt)),
    replaceArticle: (draft) => write((s) => s.replaceArticle(draft)),
    groupEarlierArticles: (limit) => write((s) => s.groupEarlierArticles(limit)),
    deleteArticle: (id, deletedAt) => write((s) => s.deleteArticle(id, deletedAt)),

    articleInput: (id) => primary.articleInput(id),
    articleStatus: (id) => primary.articleStatus(id),

    getArticle: (id) => read((s) => s.getArticle(id)),
    listArticles: (req) => read((s) => s.listArticles(req)),
    // A replica replays commits in order: what it has of stored_articles is a prefix of the primary's.
    articlesStoredAfter: (req) => read((s) => s.articlesStoredAfter(req)),
    getEntity: (id) => read((s) => s.getEntity(id)),
    listEntities: (req) => read((s) => s.listEntities(req)),
    listRelated: (id, req) => read((s) => s.listRelated(id, req)),
    entityTimeline: (id, req) => read((s) => s.entityTimeline(id, req)),
    articleHistogram: (req) => read((s) => s.articleHistogram(req)),
    listQuotes: (req) => read((s) => s.listQuotes(req)),
    // Claims and positions are writes, and a search just made must be found: all on the primary.
    searches: primary.searches,

    async version() {
      const version = await primary.version();
      if (replicas.length === 0) return version;
      const s = session();
      // The primary's position at this version, read after it (so at or past every commit it counts),
      // once per version.
      let position = versionSeen?.version === version ? versionSeen.position : undefined;
      if (position === undefined) {
        try {
          position = await primaryPosition();
          versionSeen = { version, position };
        } catch (error) {
          // A request's session reads the primary from now on. Not the process's own (the article
          // stream's poller reads outside requests): that would send it to the primary for good, and
          // its reads need no more than the replicas' prefix of what is stored.
          if (s !== processSession) s.primaryOnly = true;
          onProblem({ msg: "the primary's WAL position could not be read", error });
          return version;
        }
      }
      s.seen = maxLsn(s.seen, position);
      return version;
    },

    ping: () => primary.ping(),

    async close() {
      closed = true;
      if (timer) clearInterval(timer);
      await Promise.allSettled([refreshing, again, primaryAsk, ...onDemand]);
      const results = await Promise.allSettled([primary.close(), ...replicas.map((r) => r.close()), wal.close?.()]);
      const failed = results.find((r) => r.status === 'rejected');
      if (failed) throw failed.reason;
    },
  };
}
