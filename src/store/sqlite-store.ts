// The SQLite implementation of NewsStore (better-sqlite3): WAL, foreign keys on, STRICT tables, one
// synchronous transaction per article. The repositories under src/store/sqlite/ hold the statements;
// this factory composes them into the interface. Engine-independent policy (which stored entity an
// extracted one joins, label reference counts) is in src/store/linking.ts and labels.ts.
import type Database from 'better-sqlite3';
import type { NewsStore, SaveResult } from './news-store.js';
import { createArticleWrites } from './sqlite/article-writes.js';
import { createArticleRepository } from './sqlite/articles.js';
import { createEntityRepository } from './sqlite/entities.js';
import { withSqliteErrors } from './sqlite/errors.js';
import { prepareKeys } from './sqlite/keys.js';
import { createQuoteRepository } from './sqlite/quotes.js';
import { createSqliteSavedSearchStore } from './sqlite/saved-searches.js';
import { createTimelineRepository } from './sqlite/timeline.js';

// Exported from here as before the split: the CLI, server and tests import them from this module.
export { searchTerms } from './labels.js';
export { openDatabase } from './sqlite/database.js';
export { TOOL_BUSY_WAIT_MS } from './sqlite/errors.js';
export { ftsQuery, LIST_SQL } from './sqlite/list-sql.js';

/** `busyWaitMs`: how long a call waits in all for another process's write lock (sqlite/errors.ts). */
export function createSqliteStore(db: Database.Database, { busyWaitMs }: { busyWaitMs?: number } = {}): NewsStore {
  const keys = prepareKeys(db);
  const quotes = createQuoteRepository(db, keys);
  const entities = createEntityRepository(db, keys);
  const articles = createArticleRepository(db, keys, entities, quotes);
  const writes = createArticleWrites(db, keys, quotes);
  const timelines = createTimelineRepository(db, entities);
  // Read on every GET /articles/:id: prepared once.
  const dataVersion = db.prepare('PRAGMA data_version').pluck();
  const ping = db.prepare('SELECT 1');
  // TRUNCATE resets the WAL file to nothing when no reader is in the way (PASSIVE would leave it at full size).
  const checkpoint = db.prepare('PRAGMA wal_checkpoint(TRUNCATE)');

  const store: NewsStore = {
    saveArticle: async (draft, ingestedAt = new Date()) =>
      writes.save([draft], ingestedAt.toISOString())[0] as SaveResult,
    saveArticles: async (drafts, ingestedAt = new Date()) => writes.save(drafts, ingestedAt.toISOString()),
    replaceArticle: async (draft) => writes.replace(draft),
    groupEarlierArticles: async (limit) => writes.groupEarlier(limit),
    articleInput: async (id) => articles.input(id),
    articleStatus: async (id) => articles.status(id),
    deleteArticle: async (id, deletedAt = new Date()) => writes.remove(id, deletedAt.toISOString()),
    getArticle: async (id) => articles.get(id),
    listArticles: async (req) => articles.list(req),
    articlesStoredAfter: async (req) => articles.storedAfter(req),
    getEntity: async (id) => entities.get(id),
    listEntities: async (req) => entities.list(req),
    listQuotes: async (req) => quotes.list(req),
    listRelated: async (id, req) => entities.related(id, req),
    entityTimeline: async (id, req) => timelines.entity(id, req),
    articleHistogram: async (req) => timelines.articles(req),
    searches: createSqliteSavedSearchStore(db),
    // data_version moves when another connection commits; this connection's own writes are counted here.
    version: async () => `${dataVersion.get()}.${writes.writes()}`,
    ping: async () => {
      ping.get();
    },
    checkpoint: async () => {
      checkpoint.run();
    },
    close: async () => {
      db.close();
    },
  };
  return withSqliteErrors(store, busyWaitMs);
}
