// The replicated store's routing, with fake stores (each call is logged with the store's name) and a
// fake WAL whose positions the tests move by hand, and a hand-moved clock for lag.
import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { CONSISTENCY_COOKIE, registerConsistency, tokenOf } from '../../src/http/consistency.js';
import { EXAMPLE_INGEST_JOB, type IngestJob } from '../../src/schemas/ingest-job.js';
import { ingestText } from '../../src/service/ingest.js';
import type { IngestQueue } from '../../src/service/ingest-queue.js';
import { newSession } from '../../src/store/consistency.js';
import { compareLsn, isLsn, lsnToBigInt, maxLsn } from '../../src/store/lsn.js';
import { InvalidCursorError, type NewsStore } from '../../src/store/news-store.js';
import {
  consistencyOf,
  createReplicatedStore,
  OwnSideCheckError,
  type ReplicatedStore,
  type WalPositions,
} from '../../src/store/replicated-store.js';
import type { SavedSearchStore } from '../../src/store/saved-searches.js';
import { createSqliteStore, openDatabase } from '../../src/store/sqlite-store.js';
import { buildTestApp, TEST_KEY } from '../app.js';
import { analyser } from '../extractor.js';
import { draft } from './drafts.js';

type Call = `${string}.${string}`;

/** A NewsStore whose every method logs `name.method` and answers something empty. */
function fakeStore(name: string, log: Call[], fail?: () => unknown): NewsStore {
  const page = { data: [], next: null };
  const call = async <T>(method: string, value: T): Promise<T> => {
    log.push(`${name}.${method}`);
    const error = method === 'close' ? undefined : fail?.();
    if (error) throw error;
    return value;
  };
  return {
    saveArticle: () => call('saveArticle', { id: 'a', created: true }),
    saveArticles: () => call('saveArticles', []),
    replaceArticle: () => call('replaceArticle', true),
    groupEarlierArticles: () => call('groupEarlierArticles', 0),
    articleInput: () => call('articleInput', null),
    articleStatus: () => call('articleStatus', 'absent' as const),
    deleteArticle: () => call('deleteArticle', true),
    getArticle: () => call('getArticle', null),
    listArticles: () => call('listArticles', page),
    articlesStoredAfter: () => call('articlesStoredAfter', { data: [], position: '', more: false }),
    getEntity: () => call('getEntity', null),
    listEntities: () => call('listEntities', page),
    listRelated: () => call('listRelated', page),
    entityTimeline: () => call('entityTimeline', null),
    articleHistogram: () => call('articleHistogram', []),
    listQuotes: () => call('listQuotes', page),
    // Only which store's it is matters to the routing test.
    searches: { listSearches: () => call('listSearches', page) } as unknown as SavedSearchStore,
    version: () => call('version', `v-${name}`),
    ping: () => call('ping', undefined),
    close: () => call('close', undefined),
  };
}

/** WAL positions set by hand; `down[i]` makes replica i's check fail. */
function fakeWal(primary = '0/100', replayed = ['0/100', '0/100']) {
  const wal = {
    primary,
    replayed,
    down: [] as boolean[],
    primaryPosition: async () => wal.primary,
    async replayedOf(i: number) {
      if (wal.down[i]) throw new Error(`replica ${i} is down`);
      return wal.replayed[i] as string;
    },
  };
  const positions: WalPositions = { primaryPosition: () => wal.primaryPosition(), replayed: (i) => wal.replayedOf(i) };
  return { wal, positions };
}

const opened: ReplicatedStore[] = [];
afterEach(async () => {
  for (const s of opened.splice(0)) await s.close();
});

function setup(replicaCount = 1, replicaFail?: () => unknown) {
  const log: Call[] = [];
  const { wal, positions } = fakeWal('0/100', Array(replicaCount).fill('0/100'));
  const clock = { t: 1_000_000 };
  const replicas = Array.from({ length: replicaCount }, (_, i) => fakeStore(`replica${i}`, log, replicaFail));
  const store = createReplicatedStore({
    primary: fakeStore('primary', log),
    replicas,
    wal: positions,
    checkIntervalMs: 0,
    maxLagMs: 10_000,
    now: () => clock.t,
  });
  opened.push(store);
  return { store, log, wal, clock };
}

describe('WAL positions', () => {
  it('compare as 64-bit numbers, high half first', () => {
    expect(compareLsn('1/0', '0/FFFFFFFF')).toBeGreaterThan(0);
    expect(compareLsn('0/FFFFFFFF', '1/0')).toBeLessThan(0);
    expect(compareLsn('0/10', '0/F')).toBeGreaterThan(0); // not as strings
    expect(compareLsn('A/1B', 'a/1b')).toBe(0);
    expect(compareLsn('FFFFFFFF/FFFFFFFF', 'FFFFFFFF/FFFFFFFE')).toBeGreaterThan(0); // past 2^53
    expect(lsnToBigInt('1/0')).toBe(2n ** 32n);
    expect(maxLsn('0/FFFFFFFF', undefined, '1/0', '0/5')).toBe('1/0');
    expect(maxLsn(undefined)).toBeUndefined();
  });

  it('are recognised, and anything else refused', () => {
    for (const ok of ['0/0', '16/B374D848', 'ffffffff/ffffffff']) expect(isLsn(ok)).toBe(true);
    for (const bad of ['', '0', '0/', '/0', '1/2/3', '0/G', '123456789/0', ' 0/1', '0/1;'])
      expect(isLsn(bad)).toBe(false);
    expect(() => lsnToBigInt('0/G')).toThrow(/not a WAL position/);
  });
});

describe('replicated store routing', () => {
  it('reads from the replica, writes to the primary; version, ping and write decisions ask the primary', async () => {
    const { store, log } = setup();
    await store.refresh();
    await store.getArticle('x');
    await store.listArticles({ limit: 5 });
    await store.getEntity('e');
    await store.listEntities({ limit: 5 });
    await store.listRelated('e', { limit: 5 });
    await store.listQuotes({ limit: 5 });
    await store.entityTimeline('e', { interval: 'week' });
    await store.articleHistogram({ interval: 'month', q: 'x' });
    expect(log.splice(0)).toEqual([
      'replica0.getArticle',
      'replica0.listArticles',
      'replica0.getEntity',
      'replica0.listEntities',
      'replica0.listRelated',
      'replica0.listQuotes',
      'replica0.entityTimeline',
      'replica0.articleHistogram',
    ]);
    await store.consistency.run(newSession(), async () => {
      await store.saveArticle(draft('A'));
      await store.saveArticles([draft('B')]);
      await store.replaceArticle(draft('A'));
      await store.deleteArticle('x');
      await store.articleStatus('x');
      await store.articleInput('x');
      expect(await store.version()).toBe('v-primary');
      await store.ping();
      await store.searches.listSearches({ limit: 5 });
    });
    expect(log.splice(0)).toEqual([
      'primary.saveArticle',
      'primary.saveArticles',
      'primary.replaceArticle',
      'primary.deleteArticle',
      'primary.articleStatus',
      'primary.articleInput',
      'primary.version',
      'primary.ping',
      'primary.listSearches',
    ]);
  });

  it('takes the replicas in turn', async () => {
    const { store, log } = setup(2);
    await store.refresh();
    for (let i = 0; i < 4; i++) await store.getEntity('e');
    expect(log).toEqual(['replica0.getEntity', 'replica1.getEntity', 'replica0.getEntity', 'replica1.getEntity']);
  });

  it('reads from the primary until the replicas have been checked', async () => {
    const { store, log, wal } = setup();
    wal.down[0] = true;
    await store.refresh();
    await store.getEntity('e');
    expect(log).toEqual(['primary.getEntity']);
  });

  it('serves a token from a replica only once it has replayed past it, else from the primary', async () => {
    const { store, log, wal } = setup(2);
    wal.replayed = ['0/100', '0/100'];
    wal.primary = '2/0'; // tokens past the primary's position are clamped to it (see the next tests)
    await store.refresh();
    const read = (token: string) => store.consistency.run(newSession(token), () => store.getEntity('e'));
    await read('0/180');
    expect(log.splice(0)).toEqual(['primary.getEntity']);
    // One replica has it, asked afresh at the read (the last check said 0/100): it answers, whichever's turn.
    wal.replayed = ['0/100', '0/200'];
    await read('0/180');
    await read('0/180');
    expect(log.splice(0)).toEqual(['replica1.getEntity', 'replica1.getEntity']);
    // 64-bit comparison, not text: 1/0 is past 0/FFFFFFFF.
    wal.replayed = ['1/0', '0/FFFFFFFF'];
    await read('0/FFFFFFFF');
    await read('1/0');
    await read('1/1');
    expect(log.splice(0)).toEqual(['replica1.getEntity', 'replica0.getEntity', 'primary.getEntity']);
    // A read without a token is any healthy replica's.
    await store.getEntity('e');
    expect(log.splice(0)).toEqual([expect.stringMatching(/^replica/)]);
  });

  it('clamps a forged token to the primary position: no replica checks, no failures, replicas still read', async () => {
    const { store, log, wal } = setup(2);
    await store.refresh();
    const asked = { primary: 0, replicas: 0 };
    const { primaryPosition, replayedOf } = wal;
    wal.primaryPosition = () => {
      asked.primary++;
      return primaryPosition();
    };
    wal.replayedOf = (i) => {
      asked.replicas++;
      return replayedOf(i);
    };
    const forged = () => store.consistency.run(newSession('FFFFFFFF/FFFFFFFF'), () => store.getEntity('e'));
    await Promise.all(Array.from({ length: 50 }, forged));
    // Two asks of the primary's position shared by the 50: the first caller's, and one begun after it
    // for those who asked while it was under way (an ask begun earlier could precede the write behind
    // a real token). It stands at 0/100, which both replicas have.
    expect(asked).toEqual({ primary: 2, replicas: 0 });
    expect(log.splice(0).every((c) => c.startsWith('replica'))).toBe(true);
    expect(store.replicaStates().map((s) => s.error)).toEqual([undefined, undefined]);
    expect(store.newestPrimaryPosition()).toBe('0/100');
    // A genuine token from another process's write, newer than this process has seen: the primary is
    // asked, stands past it, and the token holds (a replica that has not replayed it does not answer).
    wal.primary = '0/300';
    await store.consistency.run(newSession('0/280'), () => store.getEntity('e'));
    expect(log.splice(0)).toEqual(['primary.getEntity']);
    // The primary cannot say where it stands: a token past the newest known position reads the primary.
    wal.primaryPosition = async () => {
      throw new Error('primary gone');
    };
    await store.consistency.run(newSession('0/400'), () => store.getEntity('e'));
    expect(log.splice(0)).toEqual(['primary.getEntity']);
  });

  it('concurrent reads that need a replica checked again share one check', async () => {
    const { store, log, wal } = setup(1);
    await store.refresh();
    wal.primary = '0/200';
    await store.refresh(); // the replica still at 0/100
    let asked = 0;
    let answer: (lsn: string) => void = () => {};
    wal.replayedOf = () => {
      asked++;
      return new Promise((resolve) => {
        answer = resolve;
      });
    };
    const reads = Promise.all(
      Array.from({ length: 10 }, () => store.consistency.run(newSession('0/200'), () => store.getEntity('e'))),
    );
    await new Promise((r) => setTimeout(r, 10));
    answer('0/200');
    await reads;
    expect(asked).toBe(1);
    expect(log).toEqual(Array(10).fill('replica0.getEntity'));
  });

  it("does not mark a replica failed for a read's check that timed out or waited for our own pool", async () => {
    const log: Call[] = [];
    const { wal, positions } = fakeWal('0/100', ['0/100']);
    const store = createReplicatedStore({
      primary: fakeStore('primary', log),
      replicas: [fakeStore('replica0', log)],
      wal: positions,
      checkIntervalMs: 60_000, // a monitor runs (it does not tick within the test)
      checkTimeoutMs: 20,
    });
    opened.push(store);
    await store.refresh();
    wal.primary = '0/200';
    await store.refresh();
    wal.replayedOf = () => new Promise(() => {}); // the read's check never answers: our timer ends it
    await store.consistency.run(newSession('0/200'), () => store.getEntity('e'));
    expect(store.replicaStates()[0]?.error).toBeUndefined();
    wal.replayedOf = async () => {
      throw new OwnSideCheckError('waited 20 ms for a connection of our own');
    };
    await store.consistency.run(newSession('0/200'), () => store.getEntity('e'));
    await store.refresh(); // nor does the monitor's check that waited for our pool
    expect(store.replicaStates()[0]?.error).toBeUndefined();
    // Reads without a token still go to the replica.
    await store.getEntity('e');
    expect(log).toEqual(['primary.getEntity', 'primary.getEntity', 'replica0.getEntity']);
    // A genuine failure still counts.
    wal.replayedOf = async () => {
      throw new Error('connection refused');
    };
    await store.refresh();
    expect(store.replicaStates()[0]?.error).toBe('connection refused');
  });

  it('after a write, the same session reads its write: the primary until a replica has replayed it', async () => {
    const { store, log, wal } = setup();
    await store.refresh();
    const session = newSession();
    await store.consistency.run(session, async () => {
      wal.primary = '0/200'; // where the primary stands after the write
      await store.deleteArticle('x');
      expect(session.written).toBe('0/200');
      await store.getArticle('x');
      wal.replayed = ['0/200'];
      await store.getArticle('x');
    });
    expect(log).toEqual(['primary.deleteArticle', 'primary.getArticle', 'replica0.getArticle']);
    expect(store.lastWritePosition()).toBe('0/200');
    // Another session, without the token, reads from the replica: the token is per client.
  });

  it('outside any request the whole process is one session', async () => {
    const { store, log, wal } = setup();
    await store.refresh();
    wal.primary = '0/300';
    await store.saveArticle(draft('A'));
    await store.listArticles({ limit: 1 });
    wal.replayed = ['0/300'];
    await store.listArticles({ limit: 1 });
    expect(log).toEqual(['primary.saveArticle', 'primary.listArticles', 'replica0.listArticles']);
  });

  it('a session that saw a version reads nothing older than it (caches do not go back in time)', async () => {
    const { store, log, wal } = setup();
    await store.refresh();
    wal.primary = '0/400'; // another process wrote; the replica has not replayed it yet
    await store.consistency.run(newSession(), async () => {
      await store.version();
      await store.getArticle('x');
    });
    await store.consistency.run(newSession(), () => store.getArticle('x'));
    expect(log).toEqual(['primary.version', 'primary.getArticle', 'replica0.getArticle']);
  });

  it('skips a replica lagging beyond the bound, and reads from it again once it has caught up', async () => {
    const { store, log, wal, clock } = setup();
    await store.refresh();
    wal.primary = '0/500';
    await store.refresh(); // the primary is first seen at 0/500 now
    clock.t += 9_000;
    await store.refresh();
    expect(store.replicaStates()[0]).toMatchObject({ replayed: '0/100', lagMs: 9_000, error: undefined });
    await store.getEntity('e');
    clock.t += 2_000;
    await store.refresh();
    expect(store.replicaStates()[0]?.lagMs).toBe(11_000);
    await store.getEntity('e');
    wal.replayed = ['0/500'];
    await store.refresh();
    expect(store.replicaStates()[0]?.lagMs).toBe(0);
    await store.getEntity('e');
    expect(log).toEqual(['replica0.getEntity', 'primary.getEntity', 'replica0.getEntity']);
  });

  it('skips a replica whose check fails, and comes back to it when the check succeeds', async () => {
    const { store, log, wal } = setup(2);
    await store.refresh();
    wal.down[0] = true;
    await store.refresh();
    expect(store.replicaStates()[0]?.error).toBe('replica 0 is down');
    for (let i = 0; i < 3; i++) await store.getEntity('e');
    expect(log.splice(0)).toEqual(['replica1.getEntity', 'replica1.getEntity', 'replica1.getEntity']);
    wal.down[1] = true;
    await store.refresh();
    await store.getEntity('e');
    expect(log.splice(0)).toEqual(['primary.getEntity']);
    wal.down = [];
    await store.refresh();
    await store.getEntity('e');
    await store.getEntity('e');
    expect(log.splice(0).sort()).toEqual(['replica0.getEntity', 'replica1.getEntity']);
  });

  it('answers from the primary when a replica read fails, and skips that replica a while', async () => {
    let failing: unknown = new Error('connection reset');
    const { store, log, clock } = setup(1, () => failing);
    await store.refresh();
    expect(await store.getArticle('x')).toBeNull();
    await store.getArticle('x');
    expect(log.splice(0)).toEqual(['replica0.getArticle', 'primary.getArticle', 'primary.getArticle']);
    failing = undefined;
    clock.t += 1_001;
    await store.getArticle('x');
    expect(log.splice(0)).toEqual(['replica0.getArticle']);
  });

  it("passes a caller's error (a bad cursor) through instead of asking the primary", async () => {
    const { store, log } = setup(1, () => new InvalidCursorError());
    await store.refresh();
    await expect(store.listArticles({ limit: 1, cursor: 'junk' })).rejects.toBeInstanceOf(InvalidCursorError);
    expect(log).toEqual(['replica0.listArticles']);
  });

  it('reads from the primary only, in a session whose write position could not be read', async () => {
    const { store, log, wal } = setup();
    await store.refresh();
    wal.primaryPosition = async () => {
      throw new Error('primary gone');
    };
    await store.consistency.run(newSession(), async () => {
      await store.deleteArticle('x');
      await store.getArticle('x');
    });
    expect(log).toEqual(['primary.deleteArticle', 'primary.getArticle']);
  });

  it('keeps the answer of the latest check when answers arrive out of order', async () => {
    const pending: ((lsn: string) => void)[] = [];
    const log: Call[] = [];
    const store = createReplicatedStore({
      primary: fakeStore('primary', log),
      replicas: [fakeStore('replica0', log)],
      wal: { primaryPosition: async () => '0/100', replayed: () => new Promise((resolve) => pending.push(resolve)) },
      checkIntervalMs: 0,
    });
    opened.push(store);
    await new Promise((r) => setTimeout(r, 0));
    const first = pending.shift(); // the check started on creation, not answered yet
    // A read with a token checks the replica itself (it was never checked): a second check.
    const read = store.consistency.run(newSession('0/250'), () => store.getEntity('e'));
    await new Promise((r) => setTimeout(r, 0));
    pending.shift()?.('0/300');
    await read;
    expect(log).toEqual(['replica0.getEntity']);
    first?.('0/200'); // older, answered later
    await new Promise((r) => setTimeout(r, 0));
    expect(store.replicaStates()[0]?.replayed).toBe('0/300');
  });

  it('closes every store', async () => {
    const { store, log } = setup(2);
    opened.pop();
    await store.close();
    expect(log.sort()).toEqual(['primary.close', 'replica0.close', 'replica1.close']);
  });
});

describe('consistency token over HTTP', () => {
  async function tokenApp(trustProxy = false) {
    const { store, log, wal } = setup();
    await store.refresh();
    const scope = consistencyOf(store);
    if (!scope) throw new Error('a replicated store has a consistency scope');
    const app = Fastify({ trustProxy });
    registerConsistency(app, scope);
    app.post('/write', async (request) => {
      wal.primary = (request.body as { at: string }).at;
      await store.deleteArticle('x');
      await store.getArticle('x'); // read right after, in the same request
      return { ok: true };
    });
    app.get('/read', async () => {
      await store.getArticle('x');
      return { ok: true };
    });
    return { app, log, wal };
  }

  it('a write answers with the token in a header and a cookie; a read carrying either is not served stale', async () => {
    const { app, log, wal } = await tokenApp();
    const written = await app.inject({ method: 'POST', url: '/write', payload: { at: '0/2A0' } });
    expect(written.headers['consistency-token']).toBe('0/2A0');
    expect(written.headers['set-cookie']).toBe(
      `${CONSISTENCY_COOKIE}=0/2A0; Max-Age=12; Path=/; HttpOnly; SameSite=Lax`,
    );
    expect(log.splice(0)).toEqual(['primary.deleteArticle', 'primary.getArticle']);

    await app.inject({ method: 'GET', url: '/read', headers: { 'consistency-token': '0/2A0' } });
    await app.inject({ method: 'GET', url: '/read', cookies: { [CONSISTENCY_COOKIE]: '0/2A0' } });
    await app.inject({ method: 'GET', url: '/read' });
    expect(log.splice(0)).toEqual(['primary.getArticle', 'primary.getArticle', 'replica0.getArticle']);

    wal.replayed = ['0/2A0'];
    const read = await app.inject({ method: 'GET', url: '/read', headers: { 'consistency-token': '0/2A0' } });
    expect(log.splice(0)).toEqual(['replica0.getArticle']);
    expect(read.headers['consistency-token']).toBeUndefined();
    await app.close();
  });

  it('marks the cookie Secure when the request came over https (X-Forwarded-Proto only behind a trusted proxy)', async () => {
    const cookieOf = async (trustProxy: boolean, headers: Record<string, string>) => {
      const { app } = await tokenApp(trustProxy);
      const response = await app.inject({ method: 'POST', url: '/write', payload: { at: '0/2B0' }, headers });
      await app.close();
      return response.headers['set-cookie'];
    };
    const https = { 'x-forwarded-proto': 'https' };
    expect(await cookieOf(true, https)).toBe(
      `${CONSISTENCY_COOKIE}=0/2B0; Max-Age=12; Path=/; HttpOnly; SameSite=Lax; Secure`,
    );
    expect(await cookieOf(false, https)).not.toMatch(/Secure/);
    expect(await cookieOf(true, {})).not.toMatch(/Secure/);
  });

  it('ignores a token that is not a WAL position, and takes the later of header and cookie', async () => {
    const { app, log } = await tokenApp();
    await app.inject({ method: 'GET', url: '/read', headers: { 'consistency-token': 'DROP TABLE' } });
    await app.inject({ method: 'GET', url: '/read', cookies: { [CONSISTENCY_COOKIE]: '1/0/0' } });
    expect(log.splice(0)).toEqual(['replica0.getArticle', 'replica0.getArticle']);
    expect(
      tokenOf({ headers: { 'consistency-token': '0/FFFFFFFF', cookie: `a=b; ${CONSISTENCY_COOKIE}=1/0; c=d` } }),
    ).toBe('1/0');
    expect(tokenOf({ headers: { cookie: `${CONSISTENCY_COOKIE}=nope` } })).toBeUndefined();
    await app.close();
  });
});

describe('the app with read replicas', () => {
  it('POST /articles returns a token, and a GET carrying it reads the new article while the replica lags', async () => {
    const primary = createSqliteStore(openDatabase(':memory:'));
    const replica = createSqliteStore(openDatabase(':memory:')); // a replica that has replayed nothing yet
    const { positions, wal } = fakeWal('0/100', ['0/100']);
    const store = createReplicatedStore({ primary, replicas: [replica], wal: positions, checkIntervalMs: 0 });
    opened.push(store);
    await store.refresh();
    const app = await buildTestApp(store);
    wal.primary = '0/1F0';
    const created = await app.inject({
      method: 'POST',
      url: '/articles',
      headers: { authorization: `Bearer ${TEST_KEY}`, 'content-type': 'text/plain' },
      payload: 'Replica test\n\nLONDON, United Kingdom\n\nAnn Lee said the test was going well.',
    });
    expect(created.statusCode).toBe(201);
    const token = created.headers['consistency-token'];
    expect(token).toBe('0/1F0');
    const id = created.json().id as string;
    const list = (headers = {}) => app.inject({ method: 'GET', url: '/articles', headers });
    expect((await list({ 'consistency-token': token })).json().data).toHaveLength(1);
    // Without the token the (stale) replica answers: what the token is for.
    expect((await list()).json().data).toHaveLength(0);
    // GET /articles/:id goes through the article cache, which checks the version first: having seen the
    // primary's version, the request reads nothing older, token or not.
    expect((await app.inject({ method: 'GET', url: `/articles/${id}` })).statusCode).toBe(200);
    await app.close();
  });

  /** A replicated store over two SQLite stores (the replica has replayed nothing), with a fake queue. */
  async function queuedApp(job: (IngestJob & { position?: string }) | null = null) {
    const primary = createSqliteStore(openDatabase(':memory:'));
    const replica = createSqliteStore(openDatabase(':memory:'));
    const { positions, wal } = fakeWal('0/100', ['0/100']);
    const store = createReplicatedStore({ primary, replicas: [replica], wal: positions, checkIntervalMs: 0 });
    opened.push(store);
    await store.refresh();
    const enqueued: string[] = [];
    const queue = {
      async enqueue(text: string) {
        enqueued.push(text);
        return { job: EXAMPLE_INGEST_JOB, created: true };
      },
      getJob: async (id: string) => (job && id === job.id ? job : null),
    } as unknown as IngestQueue;
    const app = await buildTestApp(store, {}, queue);
    return { app, primary, wal, enqueued };
  }

  it('POST /articles with a queue: an article the primary has is answered from it, not queued again', async () => {
    const { app, primary, enqueued } = await queuedApp();
    const text = 'Queue test\n\nPARIS, France\n\nMarie Curie said the queue was quick.';
    const { id } = await ingestText(primary, text, {}, analyser); // stored; the replica has not replayed it
    const response = await app.inject({
      method: 'POST',
      url: '/articles',
      headers: { authorization: `Bearer ${TEST_KEY}`, 'content-type': 'text/plain' },
      payload: text,
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().id).toBe(id);
    expect(enqueued).toEqual([]);
    await app.close();
  });

  it('POST /searches starts from the primary: an article the lagging replica lacks is not delivered', async () => {
    const { app, primary } = await queuedApp();
    // Stored before the search is made; the replica has not replayed it.
    await ingestText(primary, 'Search test\n\nROME, Italy\n\nLuca Rossi said the search began.', {}, analyser);
    const created = await app.inject({
      method: 'POST',
      url: '/searches',
      headers: { authorization: `Bearer ${TEST_KEY}`, 'content-type': 'application/json' },
      payload: { url: 'http://127.0.0.1:9/hook' },
    });
    expect(created.statusCode).toBe(201);
    const [search] = await primary.searches.searchPositions();
    // The primary's newest position: nothing stored after it, so the older article makes no delivery.
    expect(search?.position).toBe((await primary.articlesStoredAfter({ limit: 1 })).position);
    const unread = await primary.articlesStoredAfter({ after: search?.position, limit: 10 });
    expect(unread.data).toEqual([]);
    await app.close();
  });

  it("GET /ingest/jobs/:id of a completed job hands out its save's position: the article then reads back", async () => {
    const text = 'Worker test\n\nBERLIN, Germany\n\nHans Meyer said the worker was done.';
    const job: IngestJob & { position?: string } = {
      ...EXAMPLE_INGEST_JOB,
      state: 'completed',
      attempts: 1,
      position: '0/2F0',
    };
    const { app, primary, wal } = await queuedApp(job);
    const { id } = await ingestText(primary, text, {}, analyser); // the worker's save, on the primary
    wal.primary = '0/2F0';
    const auth = { authorization: `Bearer ${TEST_KEY}` };
    const done = await app.inject({ method: 'GET', url: `/ingest/jobs/${job.id}`, headers: auth });
    expect(done.statusCode).toBe(200);
    expect(done.headers['consistency-token']).toBe('0/2F0');
    expect(done.headers['set-cookie']).toMatch(new RegExp(`^${CONSISTENCY_COOKIE}=0/2F0; `));
    expect(done.json()).not.toHaveProperty('position');
    const read = (headers = {}) => app.inject({ method: 'GET', url: '/articles', headers });
    expect((await read({ 'consistency-token': '0/2F0' })).json().data.map((a: { id: string }) => a.id)).toEqual([id]);
    expect((await read()).json().data).toEqual([]); // the lagging replica, without the token
    // A job not completed (no position) hands out nothing.
    delete job.position;
    job.state = 'active';
    const active = await app.inject({ method: 'GET', url: `/ingest/jobs/${job.id}`, headers: auth });
    expect(active.headers['consistency-token']).toBeUndefined();
    await app.close();
  });
});
