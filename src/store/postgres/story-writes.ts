// The stories of the PostgreSQL store (src/store/stories.ts), as src/store/sqlite/story-writes.ts: an
// article's signature and LSH bands, written in its save transaction, and the story it joins, found
// from the articles that share a band with it. Two processes saving copies of one text at the same
// instant may each start a story (neither sees the other's uncommitted bands); later copies join one.
import { buckets, chooseStory, MAX_CANDIDATES, signature, signatureBytes, signatureFromBytes } from '../stories.js';
import { one, type Queryable, query } from './db.js';

/** As src/store/sqlite/story-writes.ts CANDIDATES_SQL, the buckets ($1) as an array. */
export const PG_CANDIDATES_SQL = `SELECT c.article_seq AS seq, a.story_id, s.minhash FROM (
    SELECT article_seq, count(*) AS shared FROM article_bands WHERE bucket = ANY($1::bigint[])
    GROUP BY article_seq ORDER BY shared DESC, article_seq LIMIT ${MAX_CANDIDATES}) c
  JOIN articles a ON a.seq = c.article_seq JOIN article_signatures s ON s.article_seq = c.article_seq
  WHERE s.minhash IS NOT NULL`;

/** The story of the stored article this signature is a near-duplicate of, if any. */
export async function storyOf(db: Queryable, sig: Uint32Array | null): Promise<string | null> {
  if (sig === null) return null;
  const rows = await query<{ seq: number; story_id: string; minhash: Buffer }>(db, PG_CANDIDATES_SQL, [buckets(sig)]);
  return chooseStory(
    sig,
    rows.map((r) => ({ seq: r.seq, storyId: r.story_id, signature: signatureFromBytes(r.minhash) })),
  );
}

/** Records the signature (null: too short to sign) and bands of an article whose row exists. */
export async function sign(db: Queryable, seq: number, sig: Uint32Array | null): Promise<void> {
  // The old bands go first, in a statement of their own: the statements of one WITH see the same
  // snapshot, so an insert beside the delete would collide with the rows it deletes.
  await query(db, 'DELETE FROM article_bands WHERE article_seq = $1', [seq]);
  await query(
    db,
    `WITH signed AS (INSERT INTO article_signatures (article_seq, minhash) VALUES ($1, $2)
      ON CONFLICT (article_seq) DO UPDATE SET minhash = excluded.minhash)
    INSERT INTO article_bands (bucket, article_seq) SELECT DISTINCT b, $1 FROM unnest($3::bigint[]) AS b`,
    [seq, sig === null ? null : signatureBytes(sig), sig === null ? [] : buckets(sig)],
  );
}

/**
 * Signs an article again after its body was extracted again. One that was never signed (stored before
 * stories were kept) is alone in its story, which no save could join: it is grouped as a save would.
 */
export async function resign(db: Queryable, seq: number, paragraphs: string[]): Promise<void> {
  const sig = signature(paragraphs);
  const signed = await one(db, 'SELECT 1 FROM article_signatures WHERE article_seq = $1', [seq]);
  if (!signed) {
    const story = await storyOf(db, sig);
    if (story !== null) await query(db, 'UPDATE articles SET story_id = $1 WHERE seq = $2', [story, seq]);
  }
  await sign(db, seq, sig);
}

/** Signs and groups up to `limit` of the articles never signed, oldest first; how many. */
export async function groupEarlier(db: Queryable, limit: number): Promise<number> {
  // FOR UPDATE: two processes grouping at once take different articles, or wait for each other.
  const rows = await query<{ seq: number; paragraphs: string }>(
    db,
    `SELECT a.seq, a.paragraphs FROM articles a
    WHERE NOT EXISTS (SELECT 1 FROM article_signatures s WHERE s.article_seq = a.seq) ORDER BY a.seq LIMIT $1
    FOR UPDATE OF a`,
    [limit],
  );
  for (const r of rows) await resign(db, r.seq, JSON.parse(r.paragraphs) as string[]);
  return rows.length;
}
