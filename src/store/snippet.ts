// The snippet of a word search's hit, made from the stored text rather than by FTS5's snippet():
// snippet() needs the full-text cursor on each page row, and looking a row up again by rowid under
// MATCH re-reads the words' doclists (most of the cost of a common word's page). Matching mirrors the
// index's tokenizer (src/text/words.ts): words are its tokens, compared case- and accent-insensitively,
// every word whole but a prefix (the last typed); a word of several tokens ("O'Brien") is a phrase.

import { foundPhrases, parseSearch } from '../search/query.js';
import { codePoints } from '../text/code-points.js';
import { foldSameLength } from '../text/fold.js';
import { lowerBound } from '../text/lower-bound.js';
import { TOKEN, TOKEN_CHARS } from '../text/words.js';

export interface Snippet {
  text: string;
  /** Code-point ranges in `text` of the words that matched. */
  highlights: { start: number; end: number }[];
}

/** Tokens a snippet shows, as FTS5's snippet() was asked for. */
const WINDOW = 24;
/** Tokens shown before the first hit of the window, so the hit has some context. */
const LEAD = 3;
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A phrase of the query (a typed word, or quoted words) as a pattern over foldSameLength() text. Its
 * tokens are folded and stripped of marks, and each letter may be followed by combining marks: text
 * stored decomposed ("Mu\u0308ller") keeps its marks through foldSameLength, and the index, which drops
 * them, finds it. A prefix phrase's last token may go on.
 */
function phrasePattern(tokens: string[], prefix: boolean): string {
  const letters = (token: string) =>
    Array.from(foldSameLength(token).replace(/\p{M}/gu, ''), (c) => `${escapeRegExp(c)}\\p{M}*`).join('');
  // The index reads a phrase's tokens as adjacent whatever separates them, and so does this.
  const edge = `(?<![${TOKEN_CHARS}])`;
  const end = prefix ? `[${TOKEN_CHARS}]*` : `(?![${TOKEN_CHARS}])`;
  return `${edge}${tokens.map(letters).join(`[^${TOKEN_CHARS}]+`)}${end}`;
}

/**
 * A matcher for what a person typed (src/search/query.ts): every word and phrase it looks for is
 * highlighted, whole (a phrase is one highlight); excluded ones are not. Null when it has no word.
 * Reuse it for every row of a page.
 */
export function snippetMatcher(q: string): ((columns: string[]) => Snippet) | null {
  const { node } = parseSearch(q);
  if (node === null) return null;
  // Longest first, so that where a phrase and one of its words both match, the phrase is the hit.
  const phrases = foundPhrases(node).sort((a, b) => b.tokens.length - a.tokens.length);
  const pattern = new RegExp(phrases.map((p) => phrasePattern(p.tokens, p.prefix)).join('|'), 'gu');
  return (columns) => best(columns, pattern);
}

/** A hit: the folded word it is, and the index of its last token. */
interface Hit {
  word: string;
  last: number;
}

interface Window {
  column: number;
  first: number;
  end: number;
  words: number;
}

/** Start and end offsets of a text's words, in typed arrays (a body has hundreds of them). */
function tokenize(text: string): { starts: Int32Array; ends: Int32Array; count: number } {
  let starts = new Int32Array(256);
  let ends = new Int32Array(256);
  let count = 0;
  const word = new RegExp(TOKEN.source, 'gu');
  for (let m = word.exec(text); m; m = word.exec(text)) {
    if (count === starts.length) {
      const s2 = new Int32Array(count * 2);
      const e2 = new Int32Array(count * 2);
      s2.set(starts);
      e2.set(ends);
      starts = s2;
      ends = e2;
    }
    starts[count] = m.index;
    ends[count] = m.index + m[0].length;
    count++;
  }
  return { starts, ends, count };
}

/** Index of the token starting at `offset` (hits start where a token does), or -1. */
function tokenAt(starts: Int32Array, count: number, offset: number): number {
  const i = lowerBound(count, (k) => (starts[k] as number) < offset);
  return i < count && starts[i] === offset ? i : -1;
}

function best(columns: string[], pattern: RegExp): Snippet {
  let chosen: Window | null = null;
  const tokensOf: ReturnType<typeof tokenize>[] = [];
  const hitsOf: Map<number, Hit>[] = [];
  columns.forEach((text, column) => {
    const found = [...foldSameLength(text).matchAll(pattern)];
    if (found.length === 0) return;
    const tokens = tokenize(text);
    tokensOf[column] = tokens;
    // Token index of each hit, with the folded word it is (to count distinct words in a window) and its
    // last token (a phrase, "O'Brien", spans several).
    const hitWords = new Map<number, Hit>();
    for (const m of found) {
      const i = tokenAt(tokens.starts, tokens.count, m.index);
      const endAt = m.index + m[0].length;
      const last = lowerBound(tokens.count, (k) => (tokens.ends[k] as number) < endAt);
      const word = m[0].replace(/\p{M}/gu, '').replace(/[^\p{L}\p{N}]+/gu, ' ');
      if (i >= 0) hitWords.set(i, { word, last: Math.max(i, last) });
    }
    hitsOf[column] = hitWords;
    const hitList = [...hitWords];
    for (const [h] of hitList) {
      // A hit near the start of its column shows the column from its start, as a reader would begin.
      const first = h < WINDOW / 2 ? 0 : Math.max(0, Math.min(h - LEAD, tokens.count - WINDOW));
      const end = Math.min(tokens.count, first + WINDOW);
      const words = new Set(hitList.filter(([i]) => i >= first && i < end).map(([, hit]) => hit.word)).size;
      // The most distinct words; among equals the first (the lede, in a news story).
      if (!chosen || words > chosen.words) {
        chosen = { column, first, end, words };
      }
    }
  });
  // No hit (the index and this reading disagree on some word): the start of the longest column.
  let w: Window;
  if (chosen) w = chosen;
  else {
    const column = columns.reduce((b, t, i) => (t.length > (columns[b] ?? '').length ? i : b), 0);
    tokensOf[column] = tokenize(columns[column] ?? '');
    w = { column, first: 0, end: Math.min(WINDOW, tokensOf[column]?.count ?? 0), words: 0 };
  }
  const tokens = tokensOf[w.column] as ReturnType<typeof tokenize>;
  const text = columns[w.column] ?? '';
  if (tokens.count === 0) return { text: '', highlights: [] };
  // A window at either end of the column shows the column's own start or end (an emoji, a full stop).
  const from = w.first === 0 ? 0 : (tokens.starts[w.first] as number);
  const to = w.end === tokens.count ? text.length : (tokens.ends[w.end - 1] as number);
  const lead = w.first > 0 ? '…' : '';
  const highlights: Snippet['highlights'] = [];
  // Code points from the start of the snippet, counted as the hits are passed.
  let units = from;
  let points = lead.length;
  const hits = hitsOf[w.column] ?? new Map<number, Hit>();
  for (let i = w.first; i < w.end; i++) {
    const hit = hits.get(i);
    if (!hit) continue;
    // One highlight for the whole hit, cut at the window's end.
    const last = Math.min(hit.last, w.end - 1);
    const start = tokens.starts[i] as number;
    const end = tokens.ends[last] as number;
    points += codePoints(text, units, start);
    const length = codePoints(text, start, end);
    highlights.push({ start: points, end: points + length });
    points += length;
    units = end;
    i = last;
  }
  return { text: `${lead}${text.slice(from, to)}${w.end < tokens.count ? '…' : ''}`, highlights };
}
