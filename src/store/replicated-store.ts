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
import { ConsistencyScope, type ConsistencySession, newSession } from './consistency.js';
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

export interface ReplicatedStore extends NewsStore {
  /** The read-your-writes sessions this store consults; the HTTP layer opens one per request. */
  readonly consistency: ConsistencyScope;
  /** The primary's position after the latest write through this store, in any session. */
  lastWritePosition(): string | undefined;
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
  let versionSeen: { version: string; position: string } | undefined;
  let turn = 0;
  let closed = false;

  function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} took longer than ${checkTimeoutMs} ms`)), checkTimeoutMs);
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

  async function checkReplica(index: number): Promise<void> {
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
    } catch (error) {
      if (state.error === undefined) onProblem({ msg: 'replica check failed', replica: index, error });
      keep({ checkedAt: now(), error: error instanceof Error ? error.message : String(error) });
    }
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
    if (stale || (state.error === undefined && !caughtUp())) await checkReplica(index);
    return state.error === undefined && (state.lagMs ?? Number.POSITIVE_INFINITY) <= maxLagMs && caughtUp();
  }

  async function read<T>(op: (store: NewsStore) => Promise<T>): Promise<T> {
    const s = session();
    if (s.primaryOnly || replicas.length === 0) return op(primary);
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
    refresh,
    replicaStates: () => states.map((s) => ({ ...s })),

    saveArticle: (draft, ingestedAt) => write((s) => s.saveArticle(draft, ingestedAt)),
    saveArticles: (drafts, ingestedAt) => write((s) => s.saveArticles(drafts, ingestedAt)),
    replaceArticle: (draft) => write((s) => s.replaceArticle(draft)),
    deleteArticle: (id, deletedAt) => write((s) => s.deleteArticle(id, deletedAt)),

    articleInput: (id) => primary.articleInput(id),
    articleStatus: (id) => primary.articleStatus(id),

    getArticle: (id) => read((s) => s.getArticle(id)),
    listArticles: (req) => read((s) => s.listArticles(req)),
    getEntity: (id) => read((s) => s.getEntity(id)),
    listEntities: (req) => read((s) => s.listEntities(req)),
    listRelated: (id, req) => read((s) => s.listRelated(id, req)),
    listQuotes: (req) => read((s) => s.listQuotes(req)),

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
          s.primaryOnly = true;
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
      await Promise.allSettled([refreshing, again]);
      const results = await Promise.allSettled([primary.close(), ...replicas.map((r) => r.close()), wal.close?.()]);
      const failed = results.find((r) => r.status === 'rejected');
      if (failed) throw failed.reason;
    },
  };
}
