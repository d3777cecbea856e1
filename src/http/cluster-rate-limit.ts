// Rate-limit counters shared by the node:cluster workers of one host (WORKERS=n without REDIS_URL).
// Each worker counting on its own would give a client n times RATE_LIMIT_MAX, since the primary hands
// its connections to the workers in turn. The counters live in the primary instead, which serves no
// requests and so answers at once; a worker asks it over the cluster IPC channel for every request.
// Why not something else: SQLite would put a write (and its lock) on every read request; Redis is
// the answer across hosts (REDIS_URL) but should not be required for one machine.
import type { Cluster, Worker } from 'node:cluster';
import type { FastifyRateLimitStore } from '@fastify/rate-limit';

/** What a worker sends to the primary and what it answers; `type` keeps them apart from other IPC. */
interface IncrRequest {
  type: 'newswire:rate-limit:incr';
  id: number;
  key: string;
  timeWindow: number;
}
interface IncrReply {
  type: 'newswire:rate-limit:count';
  id: number;
  current: number;
  ttl: number;
}

function isIncrRequest(m: unknown): m is IncrRequest {
  const r = m as IncrRequest | null;
  return (
    typeof r === 'object' &&
    r !== null &&
    r.type === 'newswire:rate-limit:incr' &&
    typeof r.id === 'number' &&
    typeof r.key === 'string' &&
    typeof r.timeWindow === 'number'
  );
}

function isIncrReply(m: unknown): m is IncrReply {
  const r = m as IncrReply | null;
  return (
    typeof r === 'object' &&
    r !== null &&
    r.type === 'newswire:rate-limit:count' &&
    typeof r.id === 'number' &&
    typeof r.current === 'number' &&
    typeof r.ttl === 'number'
  );
}

/**
 * Fixed-window counters, as @fastify/rate-limit's own in-memory store keeps them (without its
 * continueExceeding and exponentialBackoff options, which this service does not use).
 */
export class WindowCounters {
  // Kept in the order their windows started (a key whose window restarts moves to the end), so the
  // expired ones are always at the front and each call drops them in time proportional to their number.
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  /** At most `limit` clients are tracked: past that the oldest window is forgotten, which only errs towards letting a client through. */
  constructor(private readonly limit = 100_000) {}

  incr(key: string, timeWindow: number, now = Date.now()): { current: number; ttl: number } {
    for (const [k, w] of this.windows) {
      if (w.resetAt > now) break;
      this.windows.delete(k);
    }
    const w = this.windows.get(key);
    if (w) {
      w.count++;
      return { current: w.count, ttl: w.resetAt - now };
    }
    this.windows.set(key, { count: 1, resetAt: now + timeWindow });
    if (this.windows.size > this.limit) this.windows.delete(this.windows.keys().next().value as string);
    return { current: 1, ttl: timeWindow };
  }

  get size() {
    return this.windows.size;
  }
}

/**
 * In the primary: answers the workers' counting requests until the returned function is called.
 * Call it before forking, so no worker's first request goes unanswered.
 */
export function serveClusterRateLimits(cluster: Pick<Cluster, 'on' | 'off'>, counters = new WindowCounters()) {
  const onMessage = (worker: Worker, message: unknown) => {
    if (!isIncrRequest(message)) return;
    const { current, ttl } = counters.incr(message.key, message.timeWindow);
    const reply: IncrReply = { type: 'newswire:rate-limit:count', id: message.id, current, ttl };
    // A worker that died meanwhile cannot be answered; its request died with it.
    if (worker.isConnected()) worker.send(reply);
  };
  cluster.on('message', onMessage);
  return () => {
    cluster.off('message', onMessage);
  };
}

/** How a worker reaches the primary: the process's IPC channel, or a stand-in in tests. */
export interface IpcChannel {
  send(message: unknown, callback: (error: Error | null) => void): void;
  on(event: 'message', listener: (message: unknown) => void): void;
}

function processChannel(): IpcChannel {
  const send = process.send?.bind(process);
  if (!send) throw new Error('the cluster rate-limit store needs an IPC channel to the primary (a cluster worker)');
  return {
    send: (message, callback) => {
      send(message, undefined, undefined, (error) => callback(error ?? null));
    },
    on: (event, listener) => process.on(event, listener),
  };
}

type Callback = Parameters<FastifyRateLimitStore['incr']>[1];

/**
 * One per process: the requests awaiting the primary's answer, by id. An answer that does not come
 * within `timeoutMs` (the primary busy or the message lost) fails the count, and the rate limiter's
 * skipOnError lets the request through rather than hold it.
 */
export function createIpcClient(channel: IpcChannel, timeoutMs: number) {
  const pending = new Map<number, { callback: Callback; timer: NodeJS.Timeout }>();
  let nextId = 0;
  channel.on('message', (message) => {
    if (!isIncrReply(message)) return;
    const waiting = pending.get(message.id);
    // Already timed out: the request went on without it.
    if (!waiting) return;
    pending.delete(message.id);
    clearTimeout(waiting.timer);
    waiting.callback(null, { current: message.current, ttl: message.ttl });
  });
  const fail = (id: number, error: Error) => {
    const waiting = pending.get(id);
    if (!waiting) return;
    pending.delete(id);
    clearTimeout(waiting.timer);
    waiting.callback(error);
  };
  return {
    incr(key: string, timeWindow: number, callback: Callback) {
      const id = nextId++;
      const timer = setTimeout(
        () => fail(id, new Error(`no rate-limit count from the primary within ${timeoutMs} ms`)),
        timeoutMs,
      );
      pending.set(id, { callback, timer });
      const request: IncrRequest = { type: 'newswire:rate-limit:incr', id, key, timeWindow };
      try {
        channel.send(request, (error) => {
          if (error) fail(id, error);
        });
      } catch (error) {
        // The channel is closed (the primary is gone): send throws rather than calling back.
        fail(id, error as Error);
      }
    },
    get pending() {
      return pending.size;
    },
  };
}

/** Milliseconds a worker waits for the primary's count before letting the request through uncounted. */
export const IPC_TIMEOUT_MS = 1000;

let shared: ReturnType<typeof createIpcClient> | undefined;

/** Every app in the process shares one listener on the channel, made at the first need. */
function sharedClient() {
  shared ??= createIpcClient(processChannel(), IPC_TIMEOUT_MS);
  return shared;
}

/**
 * The store @fastify/rate-limit is given (as its `store` option) in a cluster worker. Its children
 * (routes with limits of their own) count under keys of their own, as the plugin's stores do.
 */
export class ClusterRateLimitStore implements FastifyRateLimitStore {
  constructor(
    _options?: unknown,
    private readonly prefix = '',
    private readonly client: ReturnType<typeof createIpcClient> = sharedClient(),
  ) {}

  incr(key: string, callback: Callback, timeWindow: number) {
    this.client.incr(this.prefix + key, timeWindow, callback);
  }

  child(routeOptions: unknown): FastifyRateLimitStore {
    const route = (routeOptions as { routeInfo?: { method?: unknown; url?: unknown } }).routeInfo;
    return new ClusterRateLimitStore(
      undefined,
      `${this.prefix}${String(route?.method ?? '')}${String(route?.url ?? '')}-`,
      this.client,
    );
  }
}
