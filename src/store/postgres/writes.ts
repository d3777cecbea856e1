// Saving, replacing and deleting articles in PostgreSQL: one transaction per call (per batch for
// saveArticles), which writes the article row with its words, its entities (entity-writes.ts) and its
// quotes together, and bumps store_version so that every process's version() sees the change.
import type pg from 'pg';
import type { ArticleDraft } from '../../analysis/article-draft.js';
import { isoInstant } from '../article-query.js';
import type { SaveResult } from '../news-store.js';
import { signature } from '../stories.js';
import { one, type Queryable, query, transaction } from './db.js';
import { deleteOrphans, removeEntities, writeEntities } from './entity-writes.js';
import type { QuoteRepository } from './quotes.js';
import { tsvectorOf } from './search.js';
import { groupEarlier, resign, sign, storyOf } from './story-writes.js';

const ARTICLE_COLUMNS = `id, headline, standfirst, dateline_text, dateline_city, dateline_country, source_name, url,
  paragraphs, text, language, published_at, extractor_version, client_meta, search`;

/** The article columns of a draft, in ARTICLE_COLUMNS order ($1..$15), then its publication instant ($16). */
const articleValues = (draft: ArticleDraft) => [
  draft.id,
  draft.headline,
  draft.standfirst,
  draft.dateline?.text ?? null,
  draft.dateline?.city ?? null,
  draft.dateline?.country ?? null,
  draft.source?.name ?? null,
  draft.url,
  JSON.stringify(draft.paragraphs),
  draft.text,
  draft.language,
  draft.publishedAt,
  draft.extractorVersion,
  JSON.stringify(draft.clientMeta),
  // The words searched, as SQLite's articles_fts indexes them: headline, standfirst, body.
  tsvectorOf([draft.headline, draft.standfirst ?? '', draft.paragraphs.join('\n')]),
  draft.publishedAt === null ? null : isoInstant(draft.publishedAt),
];

const bump = (db: Queryable) => query(db, 'UPDATE store_version SET n = n + 1');

/**
 * The bump of a transaction that stored articles, which also records them in stored_articles under
 * the new number: the bump holds store_version's row until the commit, so the numbers follow the
 * commit order (migrations/postgres/0002_stored_articles.sql).
 */
const bumpStoring = (db: Queryable, seqs: number[]) =>
  query(
    db,
    `WITH v AS (UPDATE store_version SET n = n + 1 RETURNING n)
    INSERT INTO stored_articles (n, article_seq) SELECT v.n, s FROM v, unnest($1::bigint[]) AS s`,
    [seqs],
  );

async function seqOf(db: Queryable, id: string): Promise<number | undefined> {
  // FOR UPDATE: a concurrent replace or delete of the same article waits for this one.
  return (await one<{ seq: number }>(db, 'SELECT seq FROM articles WHERE id = $1 FOR UPDATE', [id]))?.seq;
}

export function createArticleWrites(pool: pg.Pool, quotes: QuoteRepository) {
  /** Entities, mentions and quotes of an article whose row exists. */
  async function writeBody(db: Queryable, articleSeq: number, sortDate: string, draft: ArticleDraft) {
    // The quotes in the statement that writes the entities' links: one round trip for both (a
    // statement takes at most 65535 values: the quotes beyond the first chunk go after it).
    const entitySeqs = await writeEntities(db, articleSeq, draft, sortDate, (v, seqs) =>
      quotes.firstChunk(v, articleSeq, draft, seqs),
    );
    await quotes.write(db, articleSeq, draft, entitySeqs, quotes.CHUNK);
  }

  /** Takes back what writeBody wrote; returns the entities that may now be mentioned nowhere. */
  async function removeBody(db: Queryable, articleSeq: number): Promise<number[]> {
    const before = await removeEntities(db, articleSeq);
    await quotes.remove(db, articleSeq);
    return before;
  }

  /** Stores one article; its seq when it was new. */
  async function saveOne(db: Queryable, draft: ArticleDraft, ingestedAt: string): Promise<number | undefined> {
    // ON CONFLICT DO NOTHING: an article already stored (or stored this moment by another process,
    // whose commit this waits for) is a no-op, as the same id twice is.
    // A stored article is no longer deleted: the tombstone goes in the same statement.
    // The story is looked for before the insert: a repeated id (no-op) costs a band lookup, which a
    // repeat is rare enough to be worth not reading the row twice for.
    const sig = signature(draft.paragraphs);
    const storyId = (await storyOf(db, sig)) ?? draft.id;
    const row = await one<{ seq: number; sort_date: string }>(
      db,
      `WITH stored AS (INSERT INTO articles (${ARTICLE_COLUMNS}, ingested_at, sort_date, story_id)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15::tsvector, $17, coalesce($16, $17), $18)
        ON CONFLICT (id) DO NOTHING RETURNING id, seq, sort_date),
      tombstone AS (DELETE FROM deleted_articles WHERE id IN (SELECT id FROM stored))
      SELECT seq, sort_date FROM stored`,
      [...articleValues(draft), ingestedAt, storyId],
    );
    if (!row) return undefined;
    await sign(db, row.seq, sig);
    await writeBody(db, row.seq, row.sort_date, draft);
    return row.seq;
  }

  const save = (drafts: ArticleDraft[], ingestedAt: string) =>
    transaction(pool, async (db) => {
      const results: SaveResult[] = [];
      const stored: number[] = [];
      for (const draft of drafts) {
        const seq = await saveOne(db, draft, ingestedAt);
        results.push({ id: draft.id, created: seq !== undefined });
        if (seq !== undefined) stored.push(seq);
      }
      if (stored.length > 0) await bumpStoring(db, stored);
      return results;
    });

  const replace = (draft: ArticleDraft) =>
    transaction(pool, async (db) => {
      const seq = await seqOf(db, draft.id);
      if (seq === undefined) return false;
      const before = await removeBody(db, seq);
      // Every column but the text, which is the same (a replacement is the same text analysed again),
      // and the ingest time, which stays.
      const values = articleValues(draft).filter((_, i) => i !== 9);
      const row = await one<{ sort_date: string }>(
        db,
        `UPDATE articles SET headline = $2, standfirst = $3, dateline_text = $4, dateline_city = $5,
          dateline_country = $6, source_name = $7, url = $8, paragraphs = $9, language = $10, published_at = $11,
          extractor_version = $12, client_meta = $13, search = $14::tsvector, sort_date = coalesce($15, ingested_at)
        WHERE seq = $16 AND id = $1 RETURNING sort_date`,
        [...values, seq],
      );
      await resign(db, seq, draft.paragraphs);
      await writeBody(db, seq, row?.sort_date ?? '', draft);
      await deleteOrphans(db, before);
      await bump(db);
      return true;
    });

  const remove = (id: string, deletedAt: string) =>
    transaction(pool, async (db) => {
      const seq = await seqOf(db, id);
      if (seq === undefined) return false;
      const before = await removeBody(db, seq);
      await query(db, 'DELETE FROM articles WHERE seq = $1', [seq]);
      await deleteOrphans(db, before);
      await query(
        db,
        `INSERT INTO deleted_articles (id, deleted_at) VALUES ($1, $2)
        ON CONFLICT (id) DO UPDATE SET deleted_at = excluded.deleted_at`,
        [id, deletedAt],
      );
      await bump(db);
      return true;
    });

  const groupEarlierArticles = (limit: number) =>
    transaction(pool, async (db) => {
      const done = await groupEarlier(db, limit);
      if (done > 0) await bump(db);
      return done;
    });

  return { save, replace, remove, groupEarlierArticles };
}
