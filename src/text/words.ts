// Words as search sees them. The full-text index (migrations: FTS5 `unicode61 remove_diacritics 2`)
// cuts text into tokens, runs of letters, digits and combining marks, and folds case and accents;
// everything else separates tokens. A person's query is read in the same terms, so what the index,
// the query and the snippet call a word is one thing, defined here.

/** Characters of an index token, as a regular-expression class body. */
export const TOKEN_CHARS = '\\p{L}\\p{N}\\p{M}';

/** The index's tokens in a text (global: use with matchAll, or copy for exec loops). */
export const TOKEN = new RegExp(`[${TOKEN_CHARS}]+`, 'gu');

/** Apostrophes that join the parts of one word ("O'Brien", "O’Brien", "don’t"). */
const APOSTROPHE = "['’‘]";

// A typed word: tokens joined by apostrophes. The index splits "O'Brien" into "o" and "brien"; searched
// as one phrase it finds "O'Brien" and "O’Brien", and not any text with an "o" and a "brien" somewhere.
export const SEARCH_WORD = new RegExp(`[${TOKEN_CHARS}]+(?:${APOSTROPHE}[${TOKEN_CHARS}]+)*`, 'gu');

/** Words in a stretch of text (letters and digits), as the quote finder counts them. */
export const wordCount = (s: string): number => (s.match(/[\p{L}\p{N}]+/gu) ?? []).length;

/** The index tokens of one search word: "O'Brien" -> ["O", "Brien"]. */
export function wordTokens(word: string): string[] {
  return word.match(TOKEN) ?? [];
}
