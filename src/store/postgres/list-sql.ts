// The list queries of the PostgreSQL store (GET /articles is built by article-sql.ts). Each has an
// index that serves its filter and order, as the SQLite ones (src/store/sqlite/list-sql.ts) do;
// test/store/postgres-store.test.ts reads their plans. Same orders and tie-breaks as SQLite's.
// Cursor keys are compared as bigint: a first page starts from Number.MAX_SAFE_INTEGER (as in
// SQLite), which an integer column's own type could not hold.
import { QUOTE_COLUMNS } from '../rows.js';

/**
 * An entity row (of `entities e`) with its aliases and titles, each in code-point order (the columns
 * are COLLATE "C"): read in the statement that finds the entities rather than in a second round trip.
 * The arrays are made for the rows the statement returns only, after its LIMIT.
 */
export const ENTITY_COLUMNS = `e.*,
  ARRAY(SELECT alias FROM entity_aliases WHERE entity_seq = e.seq ORDER BY alias) AS aliases,
  ARRAY(SELECT title FROM entity_titles WHERE entity_seq = e.seq ORDER BY title) AS titles`;

const QUOTE_FROM = `FROM quotes q JOIN articles a ON a.seq = q.article_seq LEFT JOIN entities e ON e.seq = q.speaker_seq`;

// Each entity once, at the first of its search terms that starts with the prefix ($1 from, $2 to).
const byName = (
  typed: boolean,
) => `SELECT ${ENTITY_COLUMNS} FROM entity_search s JOIN entities e ON e.seq = s.entity_seq
  WHERE ${typed ? 's.type = $6 AND ' : ''}s.term >= $1 AND s.term < $2 AND (s.term, s.entity_seq) > ($3, $4::bigint)
  AND NOT EXISTS (SELECT 1 FROM entity_search o
    WHERE o.entity_seq = s.entity_seq AND o.term >= $1 AND o.term < s.term)
  ORDER BY s.term, s.entity_seq LIMIT $5`;

export const PG_LIST_SQL = {
  entities: `SELECT ${ENTITY_COLUMNS} FROM entities e
    WHERE (mention_count, seq) < ($1::bigint, $2::bigint) ORDER BY mention_count DESC, seq DESC LIMIT $3`,
  entitiesByType: `SELECT ${ENTITY_COLUMNS} FROM entities e
    WHERE type = $4 AND (mention_count, seq) < ($1::bigint, $2::bigint) ORDER BY mention_count DESC, seq DESC LIMIT $3`,
  entitiesByArticles: `SELECT ${ENTITY_COLUMNS} FROM entities e
    WHERE (article_count, seq) < ($1::bigint, $2::bigint) ORDER BY article_count DESC, seq DESC LIMIT $3`,
  entitiesByTypeArticles: `SELECT ${ENTITY_COLUMNS} FROM entities e
    WHERE type = $4 AND (article_count, seq) < ($1::bigint, $2::bigint) ORDER BY article_count DESC, seq DESC LIMIT $3`,
  entitiesBySortName: `SELECT ${ENTITY_COLUMNS} FROM entities e WHERE (sort_name, seq) > ($1, $2::bigint) ORDER BY sort_name, seq LIMIT $3`,
  entitiesByTypeSortName: `SELECT ${ENTITY_COLUMNS} FROM entities e
    WHERE type = $4 AND (sort_name, seq) > ($1, $2::bigint) ORDER BY sort_name, seq LIMIT $3`,
  entitiesByName: byName(false),
  entitiesByTypeName: byName(true),
  // The entity by id ($1) in the same statement: a page is one round trip. An unknown id gives no rows
  // (as does an entity with nothing past the cursor; entities.ts tells the two apart).
  related: `SELECT p.article_count AS shared, ${ENTITY_COLUMNS} FROM entity_pairs p JOIN entities e ON e.seq = p.other_seq
    WHERE p.entity_seq = (SELECT seq FROM entities WHERE id = $1) AND (p.article_count, p.other_seq) < ($2::bigint, $3::bigint)
    ORDER BY p.article_count DESC, p.other_seq DESC LIMIT $4`,
  // Quotes: newest article first, and within an article from its last quote to its first.
  quotes: `SELECT ${QUOTE_COLUMNS} ${QUOTE_FROM}
    WHERE (q.article_seq, q.position) < ($1::bigint, $2::bigint) ORDER BY q.article_seq DESC, q.position DESC LIMIT $3`,
  quotesBySpeaker: `SELECT ${QUOTE_COLUMNS} ${QUOTE_FROM}
    WHERE q.speaker_seq = $4 AND (q.article_seq, q.position) < ($1::bigint, $2::bigint) AND ($5::text IS NULL OR q.kind = $5)
    ORDER BY q.article_seq DESC, q.position DESC LIMIT $3`,
  quotesByKind: `SELECT ${QUOTE_COLUMNS} ${QUOTE_FROM}
    WHERE q.kind = $4 AND (q.article_seq, q.position) < ($1::bigint, $2::bigint)
    ORDER BY q.article_seq DESC, q.position DESC LIMIT $3`,
  // The GIN index finds the matching quotes; they are then put in the same order (a sort of the matches).
  quotesByText: `SELECT ${QUOTE_COLUMNS} ${QUOTE_FROM}
    WHERE q.search @@ $4::tsquery AND (q.article_seq, q.position) < ($1::bigint, $2::bigint)
    AND ($5::bigint IS NULL OR q.speaker_seq = $5) AND ($6::text IS NULL OR q.kind = $6)
    ORDER BY q.article_seq DESC, q.position DESC LIMIT $3`,
} as const;
