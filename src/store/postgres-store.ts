// The PostgreSQL implementation of NewsStore (node-postgres): the repositories under
// src/store/postgres/ hold the SQL; this factory composes them into the interface. Engine-independent
// policy (which stored entity an extracted one joins, label reference counts) is in linking.ts and
// labels.ts, shared with SQLite. Several processes may share one database: writes are transactions
// that PostgreSQL serialises where they touch the same rows, and version() reads a counter that every
// write transaction bumps.
import pg from 'pg';
import { postgresMigrationsDir } from '../paths.js';
import { sharedFreshRead } from './fresh-read.js';
import { readMigrations } from './migrate.js';
import type { NewsStore, SaveResult } from './news-store.js';
import { createArticleRepository } from './postgres/articles.js';
import { one, pgErrorKind } from './postgres/db.js';
import { createEntityRepository } from './postgres/entities.js';
import { migratePostgres } from './postgres/migrate.js';
import { createQuoteRepository } from './postgres/quotes.js';
import { createPostgresSavedSearchStore } from './postgres/saved-searches.js';
import { storedAfter } from './postgres/stored-after.js';
import { createTimelineRepository } from './postgres/timeline.js';
import { createArticleWrites } from './postgres/writes.js';
import { withStoreErrors } from './unavailable.js';

export function createPostgresStore(pool: pg.Pool): NewsStore {
  const quotes = createQuoteRepository(pool);
  const entities = createEntityRepository(pool);
  const articles = createArticleRepository(pool, entities, quotes);
  const writes = createArticleWrites(pool, quotes);
  const timelines = createTimelineRepository(pool, entities);

  const store: NewsStore = {
    saveArticle: async (draft, ingestedAt = new Date()) =>
      (await writes.save([draft], ingestedAt.toISOString()))[0] as SaveResult,
    saveArticles: (drafts, ingestedAt = new Date()) => writes.save(drafts, ingestedAt.toISOString()),
    replaceArticle: (draft) => writes.replace(draft),
    groupEarlierArticles: (limit) => writes.groupEarlierArticles(limit),
    articleInput: (id) => articles.input(id),
    articleStatus: (id) => articles.status(id),
    deleteArticle: (id, deletedAt = new Date()) => writes.remove(id, deletedAt.toISOString()),
    getArticle: (id) => articles.get(id),
    listArticles: (req) => articles.list(req),
    articlesStoredAfter: (req) => storedAfter(pool, entities, req),
    getEntity: (id) => entities.get(id),
    listEntities: (req) => entities.list(req),
    listQuotes: (req) => quotes.list(req),
    listRelated: (id, req) => entities.related(id, req),
    entityTimeline: (id, req) => timelines.entity(id, req),
    articleHistogram: (req) => timelines.articles(req),
    searches: createPostgresSavedSearchStore(pool),
    // One indexed row: every write transaction of every process bumps it before committing. Read on
    // every GET /articles/:id (the article cache's check), so concurrent requests share reads.
    version: sharedFreshRead(async () =>
      String((await one<{ n: number }>(pool, 'SELECT n FROM store_version'))?.n ?? 0),
    ),
    ping: async () => {
      await pool.query('SELECT 1');
    },
    close: () => pool.end(),
  };
  return withStoreErrors(store, pgErrorKind);
}

/**
 * A pool on `url`. A request waits at most connectionTimeoutMillis for a free connection, then fails
 * as unavailable (503), rather than queueing without end when the database is slow or gone.
 */
export function createPostgresPool(url: string, max = 10): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max, connectionTimeoutMillis: 5000 });
  // An idle connection the server closes emits 'error' on the pool; unhandled, it would end the process.
  pool.on('error', () => {});
  return pool;
}

/**
 * Opens a pool of at most `poolSize` connections on `url`, migrates the database (unless told not
 * to), and returns the store over it.
 */
export async function openPostgresStore(
  url: string,
  { migrate = true, poolSize = 10 }: { migrate?: boolean; poolSize?: number | undefined } = {},
): Promise<NewsStore> {
  const pool = createPostgresPool(url, poolSize);
  try {
    // A read replica is a standby: it refuses writes, migrations included, and follows its primary's.
    if (migrate) await migratePostgres(pool, readMigrations(postgresMigrationsDir));
  } catch (err) {
    await pool.end();
    throw err;
  }
  return createPostgresStore(pool);
}
