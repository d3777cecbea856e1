// Read-your-writes sessions for a replicated store, carried by AsyncLocalStorage.
//
// Why AsyncLocalStorage and not an argument: the NewsStore interface is the one every engine, route
// and service uses; a `consistency` argument on each of its fourteen methods would be noise for the
// SQLite engine (one database, nothing to route) and would have to be threaded through every route
// and service function between the HTTP layer and the store. Instead the HTTP layer opens a session
// per request (src/http/consistency.ts) holding the client's token, and the replicated store looks the
// session up when it routes a read and records into it what it wrote. Code that runs outside a request
// (start-up loading, command-line tools) has no session, and the replicated store then uses one
// session for the whole process: it never reads older than what the process itself wrote.
//
// The scope belongs to the store (one AsyncLocalStorage per replicated store), so two stores in one
// process, as tests make, do not see each other's sessions.
import { AsyncLocalStorage } from 'node:async_hooks';

export interface ConsistencySession {
  /** The client's consistency token: the primary's WAL position after its last write (or undefined). */
  after: string | undefined;
  /** Whether `after` has been checked against the primary's position (and clamped to it). */
  afterTrusted: boolean;
  /** The primary's position after this session's latest write, set by the store: the token to hand out. */
  written: string | undefined;
  /** The primary's position at the data version this session last saw (version()); reads stay at or after it. */
  seen: string | undefined;
  /**
   * A write whose position could not be read, or a token that could not be checked against the
   * primary's position: this session reads from the primary only.
   */
  primaryOnly: boolean;
}

export function newSession(after?: string): ConsistencySession {
  return { after, afterTrusted: false, written: undefined, seen: undefined, primaryOnly: false };
}

export class ConsistencyScope {
  readonly #storage = new AsyncLocalStorage<ConsistencySession>();

  /**
   * @param tokenLifetimeMs How long a token matters: after it, every replica the store still reads
   *   from has replayed the write (a replica further behind is skipped). The cookie's lifetime.
   */
  constructor(readonly tokenLifetimeMs: number) {}

  /** Runs fn, and everything it starts, in the session. */
  run<T>(session: ConsistencySession, fn: () => T): T {
    return this.#storage.run(session, fn);
  }

  /** The session of the running code, if it runs in one. */
  current(): ConsistencySession | undefined {
    return this.#storage.getStore();
  }
}
