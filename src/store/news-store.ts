// The storage interface: whole operations on the news aggregate, nothing engine-specific. SQLite
// implements it today; another engine (PostgreSQL) implements the same interface and passes the same
// tests without touching routes or extraction. Methods are async so a networked engine fits.
import type { ArticleMeta } from '../analysis/analyse-article.js';
import type { ArticleDraft } from '../analysis/article-draft.js';
import type { Article, ArticleListItem } from '../schemas/article.js';
import type { Entity, RelatedEntity } from '../schemas/entity.js';
import type { Quote } from '../schemas/quote.js';
import type { ArticlePeriod, EntityPeriod, Interval } from '../schemas/timeline.js';
import type { SavedSearchStore } from './saved-searches.js';

export interface Page<T> {
  data: T[];
  next: string | null;
}

export interface PageRequest {
  limit: number;
  cursor?: string | undefined;
}

export type ArticleStatus = 'stored' | 'deleted' | 'absent';

export interface SaveResult {
  id: string;
  created: boolean;
}

/**
 * Instead of `cursor`, where the bulk exports resume: the list continues just after the item with
 * this id, in the list's order, as the `next` of a page ending with it would. The item must still be
 * stored (else InvalidCursorError, naming `after`); not with an article list sorted by relevance.
 */
export interface ResumeAfter {
  after?: string | undefined;
}

export interface ArticleFilter extends PageRequest, ResumeAfter {
  /** Entity ids that must all be mentioned. */
  entity?: string[] | undefined;
  source?: string | undefined;
  /** ISO 8601 dates or date-times bounding the publication date (the ingest date when unknown), inclusive. */
  from?: string | undefined;
  to?: string | undefined;
  /** Words in the headline, standfirst or body (the last one as a prefix), case- and accent-insensitive. */
  q?: string | undefined;
  sort?: 'newest' | 'oldest' | 'relevance' | undefined;
  /** Only the articles of this story (its id: that of the story's first article, see saveArticle). */
  story?: string | undefined;
  /**
   * `story`: of the articles of one story that match the filters, only the newest (by date, then
   * storage order, whatever the sort), with how many older ones it stands for (`duplicateCount`).
   */
  collapse?: 'story' | undefined;
}

export interface EntityFilter extends PageRequest, ResumeAfter {
  type?: Entity['type'] | undefined;
  /** A prefix of any word of the name or an alias; results sort by the matching name. */
  q?: string | undefined;
  /** Without `q`: most mentions (the default), most articles, or name. */
  sort?: 'mentions' | 'articles' | 'name' | undefined;
}

export interface QuoteFilter extends PageRequest, ResumeAfter {
  /** Entity id of the speaker. */
  speaker?: string | undefined;
  kind?: Quote['kind'] | undefined;
  /** Words the quote contains (the last one as a prefix), case- and accent-insensitive. */
  q?: string | undefined;
}

/** GET /articles/stream: the articles stored after a position, with the list's filters. */
export interface StoredAfterRequest {
  /**
   * A position an earlier answer gave (an article's, or the answer's own); without one the answer holds
   * no article and its position is the newest now: reading on from it gives what is stored from now on.
   */
  after?: string | undefined;
  /** Entity ids that must all be mentioned. */
  entity?: string[] | undefined;
  source?: string | undefined;
  /** Words in the headline, standfirst or body, as listArticles's `q` (the items then carry a snippet). */
  q?: string | undefined;
  limit: number;
}

export interface StoredArticles {
  /** The matching articles in the order they were stored, each with its own position. */
  data: { position: string; article: ArticleListItem }[];
  /**
   * Where to read on from: past every article this answer looked at, matching or not (so a filter that
   * matches rarely does not rescan the same articles on every call).
   */
  position: string;
  /** The page was full: more may follow at once. */
  more: boolean;
}

/** Counts per period of time (see src/schemas/timeline.ts): UTC days, ISO weeks from Monday, or months. */
export interface TimelineRequest {
  interval: Interval;
  /** ISO 8601 dates or date-times bounding the article date, inclusive, as ArticleFilter's. */
  from?: string | undefined;
  to?: string | undefined;
}

/** The articles of a search (GET /articles's filters), counted per period. */
export interface HistogramRequest extends TimelineRequest, Pick<ArticleFilter, 'entity' | 'source' | 'q'> {}

export interface NewsStore {
  /**
   * Stores the article with its entities, mentions and quotes atomically; the same id twice is a no-op.
   * The article joins the story of its most similar stored article, when one is a near-duplicate
   * (src/store/stories.ts), else starts its own.
   */
  saveArticle(draft: ArticleDraft, ingestedAt?: Date): Promise<SaveResult>;
  /**
   * Stores several articles in one transaction, all or none, each as saveArticle would (a repeated id
   * is a no-op); results in the drafts' order. Bulk ingest uses it: one commit per batch, not per article.
   */
  saveArticles(drafts: ArticleDraft[], ingestedAt?: Date): Promise<SaveResult[]>;
  /**
   * Replaces what was extracted from a stored article (the draft of its same text, analysed again),
   * keeping its id, place in the lists, ingest time and story. False when it is not stored.
   */
  replaceArticle(draft: ArticleDraft): Promise<boolean>;
  /** What an article was ingested from: its text, what the client stated, and the extractor version used. */
  articleInput(id: string): Promise<{ text: string; meta: ArticleMeta; extractorVersion: string } | null>;
  /** Whether an article id is stored, was deleted (and so is not to be loaded again), or was never seen. */
  articleStatus(id: string): Promise<ArticleStatus>;
  /**
   * Signs and groups into stories, oldest first, up to `limit` of the articles stored before stories
   * were kept (migrations/0005_stories.sql), as a save would have; how many it did, 0 once none is left.
   */
  groupEarlierArticles(limit: number): Promise<number>;
  /** Removes the article; entities no other article mentions go with it. False when it did not exist. */
  deleteArticle(id: string, deletedAt?: Date): Promise<boolean>;
  getArticle(id: string): Promise<Article | null>;
  /** Newest first by default (by relevance with `q`); the filters combine. */
  listArticles(req: ArticleFilter): Promise<Page<ArticleListItem>>;
  getEntity(id: string): Promise<Entity | null>;
  /** By mention count (most first) unless sorted otherwise; by the matching name when `q` is given. */
  listEntities(req: EntityFilter): Promise<Page<Entity>>;
  /** The entities that appear in most articles together with this one, most first; null for an unknown id. */
  listRelated(id: string, req: PageRequest): Promise<Page<RelatedEntity> | null>;
  /**
   * Per period, oldest first, the articles that mention the entity and their mentions of it; a period
   * is that of an article's list date (publication, else ingest); periods without one are left out.
   * Null for an unknown id.
   */
  entityTimeline(id: string, req: TimelineRequest): Promise<EntityPeriod[] | null>;
  /** Per period, oldest first, how many articles listArticles would find with these filters; no empty periods. */
  articleHistogram(req: HistogramRequest): Promise<ArticlePeriod[]>;
  /** Newest first; the filters combine. */
  listQuotes(req: QuoteFilter): Promise<Page<Quote>>;
  /**
   * Articles stored after a position, in the order they were stored (not their publication order), that
   * match the filters; deleted ones are not there. Positions are opaque; a malformed one throws
   * InvalidCursorError. An article is at a position only once every article before it is readable: a
   * reader that goes on from the last position it got misses none, across processes.
   */
  articlesStoredAfter(req: StoredAfterRequest): Promise<StoredArticles>;
  /** The saved searches and their webhook deliveries, in the same database (closed with this store). */
  readonly searches: SavedSearchStore;
  /** Changes whenever stored data changes, through this store or any other writer of the same data. */
  version(): Promise<string>;
  /** Throws when the store cannot answer. */
  ping(): Promise<void>;
  /**
   * Folds the write-ahead log into the database and trims its file, after a bulk write (SQLite; an
   * engine that manages its log itself has none). Best effort: readers in the way leave it for later.
   */
  checkpoint?(): Promise<void>;
  close(): Promise<void>;
}

/** A cursor that this store did not issue, or that no longer parses. */
export class InvalidCursorError extends Error {
  constructor(
    message = 'the cursor is malformed: pass the `next` value of a previous page unchanged',
    /** The query parameter at fault. */
    readonly parameter: 'cursor' | 'after' = 'cursor',
  ) {
    super(message);
  }
}

/** The `after` of a list names no stored item (or one the list's order cannot resume from). */
export const unknownAfter = (id: string) =>
  new InvalidCursorError(
    `after=${id.slice(0, 32)}: no such item is stored (deleted since?), so the export cannot resume after it`,
    'after',
  );

/** The store cannot answer now (another writer holds it too long); a retry later may succeed. */
export class StoreUnavailableError extends Error {
  constructor() {
    super('the database is busy; retry shortly');
  }
}

/**
 * A write refused for a reason every other write shares until an operator acts (no space left, a
 * read-only database): the write was rolled back whole. Bulk writers (ingest, reprocess) stop at the
 * first rather than try every file in turn.
 */
export abstract class StoreWriteRefusedError extends Error {}

/**
 * The store has no room for a write (the disk is full, or the database reached a size limit): the
 * write was rolled back whole, and every write will fail the same way until space is freed.
 */
export class StoreFullError extends StoreWriteRefusedError {
  constructor() {
    super(
      'the database has no space left (disk full or size limit reached): nothing was stored; retry once space is freed',
    );
  }
}

/**
 * The store refuses writes: the SQLite file, its folder or its mount became read-only after start-up
 * (the start-up check refuses one that already was), or the PostgreSQL server or database is set
 * read-only (a standby, default_transaction_read_only). Reads still answer; every write fails the same
 * way, rolled back whole, until an operator makes it writable again.
 */
export class StoreReadOnlyError extends StoreWriteRefusedError {
  constructor() {
    super(
      'the database is read-only (its file, folder or mount, or the PostgreSQL server, refuses writes): nothing was stored; reads still work; retry once it is writable again',
    );
  }
}
