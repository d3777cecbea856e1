// The list queries of the SQLite store and the full-text query syntax they take.
import type Database from 'better-sqlite3';
import { parseSearch, type SearchNode } from '../../search/query.js';
import { QUOTE_COLUMNS } from '../rows.js';

/**
 * The list queries, one per (filter, sort) combination; each has an index that serves its order and
 * filter, which test/store asserts from the query plans of these very statements.
 */
export const LIST_SQL = {
  // GET /articles is built per filter combination by articleQuery().
  entities: `SELECT * FROM entities
    WHERE (mention_count, seq) < (?, ?) ORDER BY mention_count DESC, seq DESC LIMIT ?`,
  entitiesByType: `SELECT * FROM entities
    WHERE type = ? AND (mention_count, seq) < (?, ?) ORDER BY mention_count DESC, seq DESC LIMIT ?`,
  entitiesByArticles: `SELECT * FROM entities
    WHERE (article_count, seq) < (?, ?) ORDER BY article_count DESC, seq DESC LIMIT ?`,
  entitiesByTypeArticles: `SELECT * FROM entities
    WHERE type = ? AND (article_count, seq) < (?, ?) ORDER BY article_count DESC, seq DESC LIMIT ?`,
  entitiesBySortName: `SELECT * FROM entities WHERE (sort_name, seq) > (?, ?) ORDER BY sort_name, seq LIMIT ?`,
  entitiesByTypeSortName: `SELECT * FROM entities
    WHERE type = ? AND (sort_name, seq) > (?, ?) ORDER BY sort_name, seq LIMIT ?`,
  // Each entity once, at the first of its search terms that starts with the prefix.
  entitiesByName: `SELECT e.* FROM entity_search s JOIN entities e ON e.seq = s.entity_seq
    WHERE s.term >= @from AND s.term < @to AND (s.term, s.entity_seq) > (@term, @seq)
    AND NOT EXISTS (SELECT 1 FROM entity_search o
      WHERE o.entity_seq = s.entity_seq AND o.term >= @from AND o.term < s.term)
    ORDER BY s.term, s.entity_seq LIMIT @limit`,
  entitiesByTypeName: `SELECT e.* FROM entity_search s JOIN entities e ON e.seq = s.entity_seq
    WHERE s.type = @type AND s.term >= @from AND s.term < @to AND (s.term, s.entity_seq) > (@term, @seq)
    AND NOT EXISTS (SELECT 1 FROM entity_search o
      WHERE o.entity_seq = s.entity_seq AND o.term >= @from AND o.term < s.term)
    ORDER BY s.term, s.entity_seq LIMIT @limit`,
  related: `SELECT p.article_count AS shared, e.* FROM entity_pairs p JOIN entities e ON e.seq = p.other_seq
    WHERE p.entity_seq = @seq AND (p.article_count, p.other_seq) < (@count, @other)
    ORDER BY p.article_count DESC, p.other_seq DESC LIMIT @limit`,
  // Quotes come newest article first, and within an article from its last quote to its first: keyed
  // on (article, position), which re-extraction keeps, where a quote's own row key would not.
  quotes: `SELECT ${QUOTE_COLUMNS} FROM quotes q
    JOIN articles a ON a.seq = q.article_seq LEFT JOIN entities e ON e.seq = q.speaker_seq
    WHERE (q.article_seq, q.position) < (@beforeArticle, @beforePosition)
    ORDER BY q.article_seq DESC, q.position DESC LIMIT @limit`,
  quotesBySpeaker: `SELECT ${QUOTE_COLUMNS} FROM quotes q
    JOIN articles a ON a.seq = q.article_seq LEFT JOIN entities e ON e.seq = q.speaker_seq
    WHERE q.speaker_seq = @speaker AND (q.article_seq, q.position) < (@beforeArticle, @beforePosition)
    AND (@kind IS NULL OR q.kind = @kind)
    ORDER BY q.article_seq DESC, q.position DESC LIMIT @limit`,
  quotesByKind: `SELECT ${QUOTE_COLUMNS} FROM quotes q
    JOIN articles a ON a.seq = q.article_seq LEFT JOIN entities e ON e.seq = q.speaker_seq
    WHERE q.kind = @kind AND (q.article_seq, q.position) < (@beforeArticle, @beforePosition)
    ORDER BY q.article_seq DESC, q.position DESC LIMIT @limit`,
  // The full-text index finds the matching quotes; they are then put in the same order (a sort of the matches).
  quotesByText: `SELECT ${QUOTE_COLUMNS} FROM quotes_fts f
    JOIN quotes q ON q.seq = f.rowid
    JOIN articles a ON a.seq = q.article_seq LEFT JOIN entities e ON e.seq = q.speaker_seq
    WHERE quotes_fts MATCH @match AND (q.article_seq, q.position) < (@beforeArticle, @beforePosition)
    AND (@speaker IS NULL OR q.speaker_seq = @speaker) AND (@kind IS NULL OR q.kind = @kind)
    ORDER BY q.article_seq DESC, q.position DESC LIMIT @limit`,
} as const;

/** The named list statements, prepared on `db`. */
export function prepareLists<K extends keyof typeof LIST_SQL>(db: Database.Database, names: K[]) {
  return Object.fromEntries(names.map((name) => [name, db.prepare(LIST_SQL[name])])) as Record<K, Database.Statement>;
}

/**
 * The FTS5 MATCH expression of what a person typed (the language of src/search/query.ts): null when it
 * has no word to find. Every word and phrase is a double-quoted FTS5 string of index tokens (which hold
 * no double quote), so FTS5 syntax typed by the user never reaches FTS5 as syntax; a word the index
 * cuts in two ("O'Brien") is one phrase.
 */
export function ftsQuery(text: string): string | null {
  const { node } = parseSearch(text);
  return node === null ? null : fts(node);
}

function fts(node: SearchNode, nested = false): string {
  if (node.kind === 'phrase') return `"${node.tokens.join(' ')}"${node.prefix ? '*' : ''}`;
  if (node.kind === 'or') return `(${node.of.map((n) => fts(n, true)).join(' OR ')})`;
  // Plain words stay FTS5's implicit AND of phrases, as they always were.
  const plain = node.of.every((n) => n.kind === 'phrase');
  const of = node.of.map((n) => fts(n, true)).join(plain ? ' ' : ' AND ');
  if (node.not.length === 0) return nested && node.of.length > 1 ? `(${of})` : of;
  const expr = `(${of})${node.not.map((n) => ` NOT ${fts(n, true)}`).join('')}`;
  return nested ? `(${expr})` : expr;
}
