// The stories of the SQLite store (src/store/stories.ts): an article's signature and LSH bands, written
// in its save transaction, and the story it joins, found from the articles that share a band with it.
import type Database from 'better-sqlite3';
import {
  BANDS,
  buckets,
  chooseStory,
  MAX_CANDIDATES,
  signature,
  signatureBytes,
  signatureFromBytes,
} from '../stories.js';

/**
 * The articles that share a band with a signature (its BANDS buckets as parameters), most shared bands
 * first: they are the likeliest copies, and the limit bounds the work of a save whatever text many
 * articles share. Only the matching index entries are read and sorted, never every article.
 */
export const CANDIDATES_SQL = `SELECT c.article_seq AS seq, a.story_id, s.minhash FROM (
    SELECT article_seq, count(*) AS shared FROM article_bands
    WHERE bucket IN (${Array.from({ length: BANDS }, () => '?').join(', ')})
    GROUP BY article_seq ORDER BY shared DESC, article_seq LIMIT ${MAX_CANDIDATES}) c
  JOIN articles a ON a.seq = c.article_seq JOIN article_signatures s ON s.article_seq = c.article_seq
  WHERE s.minhash IS NOT NULL`;

export function createStoryWrites(db: Database.Database) {
  const q = {
    candidates: db.prepare<number[], { seq: number; story_id: string; minhash: Buffer }>(CANDIDATES_SQL),
    sign: db.prepare('INSERT OR REPLACE INTO article_signatures (article_seq, minhash) VALUES (?, ?)'),
    band: db.prepare('INSERT OR IGNORE INTO article_bands (bucket, article_seq) VALUES (?, ?)'),
    unband: db.prepare('DELETE FROM article_bands WHERE article_seq = ?'),
    isSigned: db.prepare<[number], number>('SELECT 1 FROM article_signatures WHERE article_seq = ?').pluck(),
    setStory: db.prepare('UPDATE articles SET story_id = ? WHERE seq = ?'),
    unsigned: db.prepare<[number], { seq: number; paragraphs: string }>(
      `SELECT a.seq, a.paragraphs FROM articles a
      WHERE NOT EXISTS (SELECT 1 FROM article_signatures s WHERE s.article_seq = a.seq) ORDER BY a.seq LIMIT ?`,
    ),
  };

  /** The story of the stored article this signature is a near-duplicate of, if any. */
  function storyOf(sig: Uint32Array | null): string | null {
    if (sig === null) return null;
    const rows = q.candidates.all(...buckets(sig));
    return chooseStory(
      sig,
      rows.map((r) => ({ seq: r.seq, storyId: r.story_id, signature: signatureFromBytes(r.minhash) })),
    );
  }

  /** Records the signature (null: too short to sign) and bands of an article whose row exists. */
  function sign(seq: number, sig: Uint32Array | null) {
    q.unband.run(seq);
    q.sign.run(seq, sig === null ? null : signatureBytes(sig));
    if (sig !== null) for (const bucket of buckets(sig)) q.band.run(bucket, seq);
  }

  /**
   * Signs an article again after its body was extracted again. One that was never signed (stored before
   * stories were kept) is alone in its story, which no save could join: it is grouped as a save would.
   */
  function resign(seq: number, paragraphs: string[]) {
    const sig = signature(paragraphs);
    if (q.isSigned.get(seq) === undefined) {
      const story = storyOf(sig);
      if (story !== null) q.setStory.run(story, seq);
    }
    sign(seq, sig);
  }

  /** Signs and groups up to `limit` of the articles never signed, oldest first; how many. */
  function groupEarlier(limit: number): number {
    const rows = q.unsigned.all(limit);
    for (const r of rows) resign(r.seq, JSON.parse(r.paragraphs) as string[]);
    return rows.length;
  }

  return { storyOf, sign, resign, groupEarlier };
}
