import { describe, expect, it } from 'vitest';
import { sharedFreshRead } from '../../src/store/fresh-read.js';

/** A read whose answers the test releases one by one; each answer is the number of the read. */
function controlledRead() {
  const pending: { n: number; resolve: (v: number) => void; reject: (e: Error) => void }[] = [];
  let started = 0;
  const read = () =>
    new Promise<number>((resolve, reject) => {
      started++;
      pending.push({ n: started, resolve, reject });
    });
  const settle = async (fail = false) => {
    const r = pending.shift();
    if (!r) throw new Error('no read is under way');
    if (fail) r.reject(new Error(`read ${r.n} failed`));
    else r.resolve(r.n);
    // Let the answer reach its callers and the next read start.
    for (let i = 0; i < 10; i++) await Promise.resolve();
  };
  return { read, settle, started: () => started };
}

describe('sharedFreshRead', () => {
  it('never answers a caller with a read that began before it asked', async () => {
    const c = controlledRead();
    const shared = sharedFreshRead(c.read);
    const first = shared();
    // These arrive while read 1 is under way: a write they saw may have committed after it began.
    const second = shared();
    const third = shared();
    expect(c.started()).toBe(1);
    await c.settle();
    expect(await first).toBe(1);
    // Read 2 began after read 1 ended, and serves both waiting callers.
    expect(c.started()).toBe(2);
    await c.settle();
    expect(await second).toBe(2);
    expect(await third).toBe(2);
    expect(c.started()).toBe(2);
  });

  it('starts a new read for a caller arriving when none is under way', async () => {
    const c = controlledRead();
    const shared = sharedFreshRead(c.read);
    const first = shared();
    await c.settle();
    expect(await first).toBe(1);
    const later = shared();
    expect(c.started()).toBe(2);
    await c.settle();
    expect(await later).toBe(2);
  });

  it('gives a failure only to the callers of the failed read, and reads again for the others', async () => {
    const c = controlledRead();
    const shared = sharedFreshRead(c.read);
    const first = shared();
    const waiting = shared();
    const failed = expect(first).rejects.toThrow('read 1 failed');
    await c.settle(true);
    await failed;
    expect(c.started()).toBe(2);
    await c.settle();
    expect(await waiting).toBe(2);
  });
});
