// The open GET /articles/stream connections of one process and the one poller that feeds them. Every
// pollMs the poller asks the store's version() (one cheap read, whatever the number of streams); when
// it changed, each stream reads the articles stored after its own position that match its filters
// (NewsStore.articlesStoredAfter), in pages, and sends them as events. So a stream sees what any
// process stores in the same database. A stream whose client reads slowly (its socket's buffer past
// MAX_BUFFERED) is skipped until the buffer drains, and read on from where it was: nothing is dropped
// and nothing piles up in memory. A stream ends when its client goes, and every stream when the app
// closes.
import type { ServerResponse } from 'node:http';
import type { FastifyBaseLogger } from 'fastify';
import type { ArticleListItem } from '../schemas/article.js';
import type { NewsStore, StoredAfterRequest } from '../store/news-store.js';

/** The filters of one stream: GET /articles's q, entity and source. */
export type StreamFilter = Pick<StoredAfterRequest, 'q' | 'entity' | 'source'>;

export interface StreamHubOptions {
  store: NewsStore;
  /** Open streams this process allows at once. */
  maxClients: number;
  /** How often the store's version is checked. Default 1 s. */
  pollMs?: number | undefined;
  /** A comment is sent on a stream that has sent nothing for this long, so that proxies keep it open. Default 20 s. */
  heartbeatMs?: number | undefined;
  log: FastifyBaseLogger;
}

/** Articles read per store call. */
export const STREAM_PAGE_SIZE = 100;
/** Bytes a client may leave unread in its socket's buffer before its stream waits for it. */
const MAX_BUFFERED = 1024 * 1024;

interface Stream {
  res: ServerResponse;
  filter: StreamFilter;
  /** Where to read on from: past everything sent (and everything looked at that matched nothing). */
  position: string;
  /** The event id a client sees for a position: sealed, and bound to this stream's route and filters. */
  eventId: (position: string) => string;
  /** Needs a read: the store changed since its last one, or it stopped before the end. */
  pending: boolean;
  /** A read of its is under way. */
  busy: boolean;
  lastWrite: number;
  closed: boolean;
}

/** One event of the stream: `event: article`, the article's (sealed) position as its id, the list item as data. */
export function articleEvent(id: string, article: ArticleListItem): string {
  return `event: article\nid: ${id}\ndata: ${JSON.stringify(article)}\n\n`;
}

export function createStreamHub({ store, maxClients, pollMs = 1000, heartbeatMs = 20_000, log }: StreamHubOptions) {
  const streams = new Set<Stream>();
  let lastVersion: string | undefined;
  let polling = false;
  let closed = false;

  function write(stream: Stream, chunk: string) {
    if (stream.closed) return;
    stream.res.write(chunk);
    stream.lastWrite = Date.now();
  }

  function remove(stream: Stream) {
    if (stream.closed) return;
    stream.closed = true;
    streams.delete(stream);
    if (!stream.res.writableEnded) stream.res.end();
  }

  /** Sends what was stored after the stream's position, page by page, until it is up to date. */
  async function catchUp(stream: Stream) {
    if (stream.busy || stream.closed) return;
    stream.busy = true;
    stream.pending = false;
    try {
      for (;;) {
        if (stream.res.writableLength > MAX_BUFFERED) {
          stream.pending = true;
          return;
        }
        const page = await store.articlesStoredAfter({
          ...stream.filter,
          after: stream.position,
          limit: STREAM_PAGE_SIZE,
        });
        if (stream.closed) return;
        let chunk = '';
        for (const { position, article } of page.data) chunk += articleEvent(stream.eventId(position), article);
        if (chunk !== '') write(stream, chunk);
        stream.position = page.position;
        if (!page.more) return;
      }
    } catch (err) {
      // The store could not answer (busy, unreachable): the next poll tries again from the same position.
      stream.pending = true;
      log.warn({ err }, 'article stream: reading stored articles failed; retrying');
    } finally {
      stream.busy = false;
    }
  }

  async function poll() {
    if (polling || streams.size === 0) return;
    polling = true;
    try {
      const version = await store.version();
      const changed = version !== lastVersion;
      lastVersion = version;
      for (const stream of [...streams]) {
        if (changed) stream.pending = true;
        // One stream after another: a burst of writes costs the store one read per stream at a time.
        if (stream.pending) await catchUp(stream);
      }
    } catch (err) {
      log.warn({ err }, 'article stream: the store version could not be read; retrying');
    } finally {
      polling = false;
    }
  }

  function heartbeat() {
    const due = Date.now() - heartbeatMs;
    for (const stream of streams) if (stream.lastWrite <= due) write(stream, ': keep-alive\n\n');
  }

  // Made when the app is built, outside any request: the polls belong to no request's context.
  const timer = setInterval(() => {
    heartbeat();
    void poll();
  }, pollMs);
  timer.unref();

  return {
    /** Open streams. */
    size: () => streams.size,
    hasRoom: () => !closed && streams.size < maxClients,
    /**
     * Serves `res` (whose head is written) as a stream from `position`, sending `first` (the articles
     * already read after it) at once. It is read again at the next poll: what was stored between that
     * read and now is sent then. `eventId` makes each event's id from its position.
     */
    open(
      res: ServerResponse,
      filter: StreamFilter,
      position: string,
      first: string,
      eventId: (position: string) => string,
    ) {
      // A client gone while the route read its first page: its 'close' has been emitted already and
      // would never remove the stream, which would then hold a slot for good.
      if (res.destroyed || res.closed) return;
      const stream: Stream = {
        res,
        filter,
        position,
        eventId,
        pending: true,
        busy: false,
        lastWrite: 0,
        closed: false,
      };
      streams.add(stream);
      res.on('close', () => remove(stream));
      res.on('error', () => remove(stream));
      // The reconnection delay for EventSource clients, then what was missed.
      write(stream, `retry: ${Math.max(pollMs, 1000)}\n\n${first}`);
    },
    /** Ends every stream and stops polling. */
    close() {
      closed = true;
      clearInterval(timer);
      for (const stream of [...streams]) remove(stream);
    },
  };
}

export type StreamHub = ReturnType<typeof createStreamHub>;
