// The pieces of the per-host rate limit for WORKERS=n, in one process: the primary's counters, and
// the workers' IPC client against a stand-in for the cluster (test/workers.test.ts runs the real one).
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import {
  ClusterRateLimitStore,
  createIpcClient,
  type IpcChannel,
  serveClusterRateLimits,
  WindowCounters,
} from '../../src/http/cluster-rate-limit.js';

describe('WindowCounters', () => {
  it('counts a key within its window, reports the time left, and starts again after it', () => {
    const c = new WindowCounters();
    expect(c.incr('a', 1000, 0)).toEqual({ current: 1, ttl: 1000 });
    expect(c.incr('a', 1000, 400)).toEqual({ current: 2, ttl: 600 });
    expect(c.incr('b', 1000, 500)).toEqual({ current: 1, ttl: 1000 });
    expect(c.incr('a', 1000, 1000)).toEqual({ current: 1, ttl: 1000 });
    // b's window is still open.
    expect(c.incr('b', 1000, 1400)).toEqual({ current: 2, ttl: 100 });
  });

  it('forgets expired windows as it goes, and the oldest past its limit', () => {
    const c = new WindowCounters(3);
    for (const k of ['a', 'b', 'c']) c.incr(k, 1000, 0);
    c.incr('d', 1000, 10);
    expect(c.size).toBe(3);
    // 'a' went first: it starts afresh.
    expect(c.incr('a', 1000, 20).current).toBe(1);
    c.incr('e', 1000, 5000);
    expect(c.size).toBe(1);
  });
});

/** A primary (serveClusterRateLimits on a stand-in cluster) and a channel per worker to it. */
function fakeCluster({ answer = true } = {}) {
  const cluster = new EventEmitter();
  const stop = serveClusterRateLimits(cluster as never);
  const worker = (): IpcChannel => {
    const inbox = new EventEmitter();
    const handle = { isConnected: () => true, send: (m: unknown) => setImmediate(() => inbox.emit('message', m)) };
    return {
      send: (message, callback) => {
        setImmediate(() => {
          if (answer) cluster.emit('message', handle, message);
          callback(null);
        });
      },
      on: (event, listener) => inbox.on(event, listener),
    };
  };
  return { worker, stop };
}

const incr = (store: ClusterRateLimitStore, key: string) =>
  new Promise<{ current: number; ttl: number }>((resolve, reject) =>
    store.incr(key, (err, res) => (err || !res ? reject(err) : resolve(res)), 60_000),
  );

describe('ClusterRateLimitStore', () => {
  it('counts the requests of two workers together in the primary', async () => {
    const primary = fakeCluster();
    const one = new ClusterRateLimitStore(undefined, '', createIpcClient(primary.worker(), 1000));
    const two = new ClusterRateLimitStore(undefined, '', createIpcClient(primary.worker(), 1000));
    expect((await incr(one, '1.2.3.4')).current).toBe(1);
    expect((await incr(two, '1.2.3.4')).current).toBe(2);
    expect((await incr(one, '1.2.3.4')).current).toBe(3);
    expect((await incr(two, '5.6.7.8')).current).toBe(1);
    // A route with its own limit counts apart.
    const route = one.child({ routeInfo: { method: 'POST', url: '/articles' } } as never) as ClusterRateLimitStore;
    expect((await incr(route, '1.2.3.4')).current).toBe(1);
    primary.stop();
  });

  it('fails a count the primary does not answer in time, so the request is not held', async () => {
    const primary = fakeCluster({ answer: false });
    const client = createIpcClient(primary.worker(), 50);
    const store = new ClusterRateLimitStore(undefined, '', client);
    const started = Date.now();
    await expect(incr(store, '1.2.3.4')).rejects.toThrow(/within 50 ms/);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(client.pending).toBe(0);
    primary.stop();
  });

  it('fails a count at once when the channel to the primary is closed', async () => {
    const closed: IpcChannel = {
      send: () => {
        throw new Error('Channel closed');
      },
      on: () => {},
    };
    const store = new ClusterRateLimitStore(undefined, '', createIpcClient(closed, 10_000));
    await expect(incr(store, '1.2.3.4')).rejects.toThrow(/Channel closed/);
  });
});
