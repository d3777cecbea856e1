// Saving, replacing and deleting articles: one synchronous SQLite transaction per call, which writes
// the article row, its text index, its entities (entity-writes.ts) and its quotes together.
import type Database from 'better-sqlite3';
import type { ArticleDraft } from '../../analysis/article-draft.js';
import { isoInstant } from '../article-query.js';
import type { SaveResult } from '../news-store.js';
import { signature } from '../stories.js';
import { createEntityWrites } from './entity-writes.js';
import type { Keys } from './keys.js';
import type { QuoteRepository } from './quotes.js';
import { createStoryWrites } from './story-writes.js';

/** The article columns of a draft, as named parameters. */
const articleRow = (draft: ArticleDraft) => ({
  id: draft.id,
  headline: draft.headline,
  standfirst: draft.standfirst,
  datelineText: draft.dateline?.text ?? null,
  datelineCity: draft.dateline?.city ?? null,
  datelineCountry: draft.dateline?.country ?? null,
  sourceName: draft.source?.name ?? null,
  url: draft.url,
  paragraphs: JSON.stringify(draft.paragraphs),
  text: draft.text,
  language: draft.language,
  publishedAt: draft.publishedAt,
  extractorVersion: draft.extractorVersion,
  clientMeta: JSON.stringify(draft.clientMeta),
  publishedSort: draft.publishedAt === null ? null : isoInstant(draft.publishedAt),
});

function prepareArticleWrites(db: Database.Database) {
  return {
    insertArticle: db.prepare(`INSERT INTO articles (id, headline, standfirst, dateline_text, dateline_city,
      dateline_country, source_name, url, paragraphs, text, language, published_at, extractor_version, client_meta,
      ingested_at, sort_date, story_id)
      VALUES (@id, @headline, @standfirst, @datelineText, @datelineCity, @datelineCountry, @sourceName, @url,
      @paragraphs, @text, @language, @publishedAt, @extractorVersion, @clientMeta, @ingestedAt,
      coalesce(@publishedSort, @ingestedAt), @storyId)`),
    updateArticle: db.prepare(`UPDATE articles SET headline = @headline, standfirst = @standfirst,
      dateline_text = @datelineText, dateline_city = @datelineCity, dateline_country = @datelineCountry,
      source_name = @sourceName, url = @url, paragraphs = @paragraphs, language = @language,
      published_at = @publishedAt, extractor_version = @extractorVersion, client_meta = @clientMeta,
      sort_date = coalesce(@publishedSort, ingested_at)
      WHERE seq = @seq AND id = @id`),
    sortDate: db.prepare<[number], { sort_date: string }>('SELECT sort_date FROM articles WHERE seq = ?'),
    indexText: db.prepare('INSERT INTO articles_fts (rowid, headline, standfirst, body) VALUES (?, ?, ?, ?)'),
    unindexText: db.prepare('DELETE FROM articles_fts WHERE rowid = ?'),
    forgetDeletion: db.prepare('DELETE FROM deleted_articles WHERE id = ?'),
    deleteArticle: db.prepare('DELETE FROM articles WHERE seq = ?'),
    tombstone: db.prepare('INSERT OR REPLACE INTO deleted_articles (id, deleted_at) VALUES (?, ?)'),
  };
}

export function createArticleWrites(db: Database.Database, keys: Keys, quotes: QuoteRepository) {
  const q = prepareArticleWrites(db);
  const entities = createEntityWrites(db);
  const stories = createStoryWrites(db);

  /** Entities, mentions, quotes and the text index of an article whose row exists. */
  function writeBody(articleSeq: number, draft: ArticleDraft) {
    const sortDate = q.sortDate.get(articleSeq)?.sort_date ?? '';
    q.indexText.run(articleSeq, draft.headline, draft.standfirst ?? '', draft.paragraphs.join('\n'));
    const entitySeqs = entities.write(articleSeq, draft, sortDate);
    quotes.write(articleSeq, draft, entitySeqs);
  }

  /** Takes back what writeBody wrote; returns the entities that may now be mentioned nowhere. */
  function removeBody(articleSeq: number): number[] {
    const before = entities.remove(articleSeq);
    quotes.remove(articleSeq);
    q.unindexText.run(articleSeq);
    return before;
  }

  const transaction = <A extends unknown[], R>(fn: (...args: A) => R) => db.transaction(fn).immediate;

  /** Writes through this connection, for version(): data_version only sees other connections' commits. */
  let writes = 0;

  // Each write transaction begins IMMEDIATE: it takes the write lock before its first read, waiting
  // for it there (busy_timeout, then the retries of sqlite/errors.ts). A deferred one would read, then
  // meet another process's commit when it upgrades, and fail with SQLITE_BUSY_SNAPSHOT without waiting.
  const save = transaction((drafts: ArticleDraft[], ingestedAt: string): SaveResult[] =>
    drafts.map((draft) => {
      if (keys.articleSeq(draft.id) !== undefined) return { id: draft.id, created: false };
      writes++;
      q.forgetDeletion.run(draft.id);
      const sig = signature(draft.paragraphs);
      const storyId = stories.storyOf(sig) ?? draft.id;
      const articleSeq = Number(q.insertArticle.run({ ...articleRow(draft), ingestedAt, storyId }).lastInsertRowid);
      stories.sign(articleSeq, sig);
      writeBody(articleSeq, draft);
      return { id: draft.id, created: true };
    }),
  );

  const replace = transaction((draft: ArticleDraft): boolean => {
    const seq = keys.articleSeq(draft.id);
    if (seq === undefined) return false;
    writes++;
    const before = removeBody(seq);
    q.updateArticle.run({ ...articleRow(draft), seq });
    stories.resign(seq, draft.paragraphs);
    writeBody(seq, draft);
    entities.deleteOrphans(before);
    return true;
  });

  const remove = transaction((id: string, deletedAt: string): boolean => {
    const seq = keys.articleSeq(id);
    if (seq === undefined) return false;
    writes++;
    const before = removeBody(seq);
    q.deleteArticle.run(seq);
    entities.deleteOrphans(before);
    q.tombstone.run(id, deletedAt);
    return true;
  });

  const groupEarlier = db.transaction((limit: number): number => {
    const done = stories.groupEarlier(limit);
    if (done > 0) writes++;
    return done;
  });

  return { save, replace, remove, groupEarlier, writes: () => writes };
}
