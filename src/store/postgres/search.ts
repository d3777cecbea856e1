// Words for PostgreSQL's full-text search, made by the application rather than by a text search
// configuration, so that PostgreSQL finds exactly what SQLite's FTS5 index finds.
//
// Why not to_tsvector with a configuration (english or simple, with unaccent): its parser and
// dictionaries read text differently from FTS5's `unicode61 remove_diacritics 2`, which the SQLite
// engine, the query parser (src/text/words.ts) and the snippets (src/store/snippet.ts) all follow.
// unaccent maps "ß" to "ss" and "Ł" to "L", which FTS5 keeps; PostgreSQL's parser keeps
// "nothing-like-it", "example.com" and "3.5" whole and splits "O'Brien" by its own rules; `english`
// stems ("floods" would find "flooded"), which FTS5 does not. So each token (a run of letters, digits
// and marks, src/text/words.ts) is folded here (compatibility-decomposed, marks dropped, lower-cased)
// and written as a tsvector literal with its positions; a query (src/search/query.ts) is written as a
// tsquery literal of the same lexemes: a word of several tokens ("O'Brien") or a quoted phrase with
// `<->`, the last word as a prefix. Nothing is stemmed, so the prefix is against the words as written.
import { parseSearch, type SearchNode } from '../../search/query.js';
import { TOKEN } from '../../text/words.js';

/** PostgreSQL keeps positions 1..16383, and at most 256 of them per lexeme. */
const MAX_POSITION = 16383;
const MAX_POSITIONS_PER_LEXEME = 256;
/** A longer lexeme is an error in PostgreSQL; such a "word" is not something anyone searches for. */
const MAX_LEXEME_BYTES = 2046;
/**
 * PostgreSQL refuses a tsvector whose lexemes and positions take 1 MiB or more ("string is too long
 * for tsvector"): each lexeme's bytes (padded to even), two for its position count and two a
 * position. A 4 MB text of varied words can reach that. What would pass this many bytes is left
 * out of the index (a word first met after that, a further position of a word): such an article is
 * stored and found by the words indexed (docs/architecture.md, "PostgreSQL engine").
 */
export const MAX_TSVECTOR_BYTES = 1_040_000;

/** A token as the index compares it: "Müller", "MU\u0308LLER" and "muller" are one lexeme. */
export function lexeme(token: string): string {
  return token.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

const quoted = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

/**
 * The tsvector literal of some columns of text. Positions run on across the columns with a gap
 * between them, so a phrase never joins the end of one column to the start of the next (as in FTS5).
 */
export function tsvectorOf(columns: string[]): string {
  const positions = new Map<string, number[]>();
  let position = 0;
  let size = 0;
  for (const text of columns) {
    for (const m of text.matchAll(new RegExp(TOKEN.source, 'gu'))) {
      position++;
      const lex = lexeme(m[0]);
      let at = positions.get(lex);
      if (at === undefined) {
        const bytes = Buffer.byteLength(lex);
        const cost = bytes + (bytes % 2) + 4;
        if (bytes === 0 || bytes > MAX_LEXEME_BYTES || size + cost > MAX_TSVECTOR_BYTES) continue;
        size += cost - 2;
        at = [];
        positions.set(lex, at);
      }
      const p = Math.min(position, MAX_POSITION);
      if (at.length < MAX_POSITIONS_PER_LEXEME && at[at.length - 1] !== p && size + 2 <= MAX_TSVECTOR_BYTES) {
        at.push(p);
        size += 2;
      }
    }
    position++;
  }
  return [...positions].map(([lex, at]) => `${quoted(lex)}:${at.join(',')}`).join(' ');
}

/**
 * The tsquery literal of what a person typed (the language of src/search/query.ts, as ftsQuery reads it
 * for SQLite): null when it has no word to find. Every lexeme is a quoted tsquery literal, so tsquery
 * operators typed by the user (&, |, !, <->, :*) never reach PostgreSQL as syntax.
 */
export function tsQuery(text: string): string | null {
  const { node } = parseSearch(text);
  return node === null ? null : ts(node);
}

/**
 * A lexeme PostgreSQL takes in a tsquery. A longer one would be an error (a 500); no stored vector
 * holds one (tsvectorOf leaves them out), so its first 2,046 bytes, which no stored vector holds either,
 * find the same: nothing.
 */
function queryLexeme(token: string): string {
  const lex = lexeme(token);
  if (Buffer.byteLength(lex) <= MAX_LEXEME_BYTES) return lex;
  let out = '';
  let bytes = 0;
  for (const ch of lex) {
    bytes += Buffer.byteLength(ch);
    if (bytes > MAX_LEXEME_BYTES) break;
    out += ch;
  }
  return out;
}

function ts(node: SearchNode): string {
  if (node.kind === 'phrase') {
    const last = node.tokens.length - 1;
    const phrase = node.tokens.map((t, k) => `${quoted(queryLexeme(t))}${node.prefix && k === last ? ':*' : ''}`);
    return `(${phrase.join(' <-> ')})`;
  }
  if (node.kind === 'or') return `(${node.of.map(ts).join(' | ')})`;
  return `(${[...node.of.map(ts), ...node.not.map((n) => `!${ts(n)}`)].join(' & ')})`;
}
