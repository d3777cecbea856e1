// The webhook dispatcher of one server process: it turns newly stored articles that match a saved search
// into deliveries, and sends the deliveries that are due. Every process runs one; the database decides
// which process does what (NewsStore.searches): a search's position moves once, so each matching article
// gets one delivery, and each attempt is claimed by one process. Matching is GET /articles/stream's,
// NewsStore.articlesStoredAfter from the search's stored position, so a restart goes on where the last
// process stopped. A delivery is sent until its URL answers 2xx, with exponential backoff and jitter
// between attempts, and marked failed after the last; at least once (a process that dies mid-attempt
// leaves the claim to expire, and the attempt is made again), and in order within a search (one attempt
// of a search at a time, the oldest pending delivery first).
import { randomBytes } from 'node:crypto';
import type { WebhookPayload } from '../schemas/saved-search.js';
import { type NewsStore, StoreWriteRefusedError } from '../store/news-store.js';
import type { AttemptOutcome, ClaimedDelivery, NewDelivery, SearchPosition } from '../store/saved-searches.js';
import { refusalLog } from './refused-writes.js';
import { SIGNATURE_HEADER, signatureHeader } from './webhook-signature.js';

export interface WebhookSettings {
  /** How often the store is checked for new articles and due deliveries; 0 sends nothing from this process. */
  pollMs: number;
  /** The wait after a first failed attempt; it doubles after each further one, up to retryMaxMs. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** Attempts before a delivery is marked failed. */
  maxAttempts: number;
  /** An attempt not answered in this time has failed. */
  timeoutMs: number;
  /** Attempts this process has under way at most. */
  concurrency: number;
}

export const DEFAULT_WEBHOOK_SETTINGS: WebhookSettings = {
  pollMs: 1000,
  retryBaseMs: 10_000,
  retryMaxMs: 3_600_000,
  maxAttempts: 10,
  timeoutMs: 10_000,
  concurrency: 8,
};

interface Log {
  warn(obj: object, msg: string): void;
}

export interface WebhookDispatcherOptions extends Partial<WebhookSettings> {
  store: NewsStore;
  log: Log;
  /** For tests: the clock and the jitter. */
  now?: () => Date;
  random?: () => number;
}

/** Articles read per store call. */
const PAGE_SIZE = 100;
/** What the delivery list keeps of an error: enough to tell what went wrong. */
const MAX_ERROR_LENGTH = 512;

/** A random id of the API's shape (16 hex digits), for searches and deliveries. */
export const newId = () => randomBytes(8).toString('hex');

/** The wait before attempt `attempt + 1`: base·2^(attempt−1) up to the maximum, of which a random half. */
export function retryDelay(
  attempt: number,
  s: Pick<WebhookSettings, 'retryBaseMs' | 'retryMaxMs'>,
  random: () => number,
) {
  const full = Math.min(s.retryMaxMs, s.retryBaseMs * 2 ** Math.min(attempt - 1, 30));
  // Half fixed, half random: retries of many deliveries spread out, and none comes sooner than half.
  return Math.round(full / 2 + (random() * full) / 2);
}

export function createWebhookDispatcher(options: WebhookDispatcherOptions) {
  const { store, log, now = () => new Date(), random = Math.random } = options;
  const s: WebhookSettings = { ...DEFAULT_WEBHOOK_SETTINGS, ...definedOnly(options) };
  const noteRefusal = refusalLog();
  /** A store fault: a database that refuses writes is one line a minute (it fails every round until an operator acts); anything else is logged with its stack. */
  const warn = (err: unknown, fields: object, msg: string) => {
    if (!(err instanceof StoreWriteRefusedError)) return log.warn({ err, ...fields }, msg);
    noteRefusal(err.constructor.name, (refused) =>
      log.warn(
        { refused, error: err.message },
        'webhooks: the database refuses writes; deliveries wait until it takes them again',
      ),
    );
  };
  // A claim outlives the attempt it covers, so that only a process that died lets another take it.
  const leaseMs = 2 * s.timeoutMs + 5000;
  const inFlight = new Set<Promise<void>>();
  const closing = new AbortController();
  let lastVersion: string | undefined;
  /** The round under way: one at a time. */
  let current: Promise<void> | undefined;
  /** Asked for while a round was under way: another follows it at once. */
  let again = false;
  let closed = false;

  /** Makes the deliveries of what was stored after the search's position. */
  async function advance(search: SearchPosition): Promise<void> {
    let position = search.position;
    for (;;) {
      const page = await store.articlesStoredAfter({ ...search.filter, after: position, limit: PAGE_SIZE });
      if (page.position === position && page.data.length === 0) return;
      const createdAt = now();
      const deliveries: NewDelivery[] = page.data.map(({ article }) => {
        const id = newId();
        const payload: WebhookPayload = {
          deliveryId: id,
          searchId: search.id,
          createdAt: createdAt.toISOString(),
          article,
        };
        return { id, articleId: article.id, payload: JSON.stringify(payload) };
      });
      // Another process moved it first: it made these deliveries, and goes on from there.
      if (!(await store.searches.advanceSearch(search.id, position, page.position, deliveries, createdAt))) return;
      position = page.position;
      if (!page.more) return;
    }
  }

  async function attempt(d: ClaimedDelivery): Promise<void> {
    const outcome = await send(d);
    const at = now();
    const base = { statusCode: outcome.statusCode, error: outcome.error, at: at.toISOString() };
    const done: AttemptOutcome = outcome.ok
      ? { ...base, status: 'delivered', nextAttemptAt: null }
      : outcome.interrupted
        ? // Cut short by the shutdown: for whichever process comes next, at once.
          { ...base, status: 'pending', nextAttemptAt: at.toISOString() }
        : d.attempt >= s.maxAttempts
          ? { ...base, status: 'failed', nextAttemptAt: null }
          : {
              ...base,
              status: 'pending',
              nextAttemptAt: new Date(at.getTime() + retryDelay(d.attempt, s, random)).toISOString(),
            };
    if (done.error) {
      // The URL is left out (some receivers carry a token in theirs), and the secret never leaves the claim.
      log.warn(
        {
          searchId: d.searchId,
          deliveryId: d.id,
          attempt: d.attempt,
          statusCode: done.statusCode,
          error: done.error,
          status: done.status,
        },
        'webhook delivery attempt failed',
      );
    }
    await store.searches.finishAttempt(d.id, d.attempt, done);
  }

  async function send(
    d: ClaimedDelivery,
  ): Promise<{ ok: boolean; statusCode: number | null; error: string | null; interrupted?: boolean }> {
    const timeout = AbortSignal.timeout(s.timeoutMs);
    try {
      const res = await fetch(d.url, {
        method: 'POST',
        body: d.payload,
        headers: {
          'content-type': 'application/json',
          'user-agent': 'newswire-webhooks/1',
          'x-delivery-id': d.id,
          [SIGNATURE_HEADER]: signatureHeader(d.secret, d.payload, now()),
        },
        // A redirect is not followed: the receiver is the URL the search names, and no other.
        redirect: 'manual',
        signal: AbortSignal.any([timeout, closing.signal]),
      });
      // Nothing of the answer is read but its status: a receiver cannot make this process hold its body.
      await res.body?.cancel().catch(() => {});
      const ok = res.status >= 200 && res.status < 300;
      return { ok, statusCode: res.status, error: ok ? null : `the receiver answered HTTP ${res.status}` };
    } catch (err) {
      if (closing.signal.aborted)
        return { ok: false, statusCode: null, error: 'interrupted: the server shut down', interrupted: true };
      if (timeout.aborted) return { ok: false, statusCode: null, error: `no answer within ${s.timeoutMs} ms` };
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      const why = cause?.code ?? cause?.message ?? (err as Error).message;
      return { ok: false, statusCode: null, error: clipError(`the request failed: ${why}`) };
    }
  }

  /**
   * One round: new articles into deliveries (when the store changed), then the due deliveries sent;
   * asked for during a round, another right after it.
   */
  function tick(): Promise<void> {
    if (closed) return Promise.resolve();
    if (current) {
      again = true;
      return current;
    }
    current = (async () => {
      do {
        again = false;
        await round();
      } while (again && !closed);
    })().finally(() => {
      current = undefined;
    });
    return current;
  }

  async function round(): Promise<void> {
    try {
      const version = await store.version();
      if (version !== lastVersion) {
        let failed = false;
        for (const search of await store.searches.searchPositions()) {
          if (closed) return;
          try {
            await advance(search);
          } catch (err) {
            failed = true;
            warn(err, { searchId: search.id }, 'webhooks: reading the articles of a search failed; retrying');
          }
        }
        // A search that failed is read again at the next tick, changed or not.
        lastVersion = failed ? undefined : version;
      }
      const room = s.concurrency - inFlight.size;
      if (room <= 0 || closed) return;
      for (const d of await store.searches.claimDeliveries(now(), leaseMs, room)) {
        const p: Promise<void> = attempt(d)
          .catch((err) => warn(err, { deliveryId: d.id }, 'webhooks: recording an attempt failed'))
          .finally(() => {
            inFlight.delete(p);
            // The search's next delivery may be due now, and there is room for one more: claim at once
            // rather than at the next poll (which held a search to one delivery a poll). Not with the
            // timer off: then only the caller's ticks send (tests drive every round).
            if (timer) void tick();
          });
        inFlight.add(p);
      }
    } catch (err) {
      lastVersion = undefined;
      warn(err, {}, 'webhooks: the store could not be read; retrying');
    }
  }

  const timer = s.pollMs > 0 ? setInterval(() => void tick(), s.pollMs) : undefined;
  timer?.unref();

  return {
    tick,
    /** Resolves when the attempts under way have ended and been recorded. */
    idle: async () => {
      await Promise.allSettled([...inFlight]);
    },
    /** Stops: attempts under way are cut short and recorded as interrupted, to be made again at once. */
    async close() {
      closed = true;
      if (timer) clearInterval(timer);
      closing.abort();
      await current;
      await Promise.allSettled([...inFlight]);
    },
  };
}

export type WebhookDispatcher = ReturnType<typeof createWebhookDispatcher>;

function clipError(s: string) {
  return s.length <= MAX_ERROR_LENGTH ? s : `${s.slice(0, MAX_ERROR_LENGTH - 1)}…`;
}

function definedOnly(o: Partial<WebhookSettings>): Partial<WebhookSettings> {
  const keys = Object.keys(DEFAULT_WEBHOOK_SETTINGS) as (keyof WebhookSettings)[];
  return Object.fromEntries(keys.filter((k) => o[k] !== undefined).map((k) => [k, o[k]]));
}
