// The snippet of a word search's hit, made from the stored text rather than by FTS5's snippet():
// snippet() needs the full-text cursor on each page row, and looking a row up again by rowid under
// MATCH re-reads the words' doclists (most of the cost of a common word's page). Matching mirrors the
// index's tokenizer (unicode61, remove_diacritics 2): words are runs of letters, digits and marks,
// compared case- and accent-insensitively, every word whole but the last, which is a prefix.

export interface Snippet {
  text: string;
  /** Code-point ranges in `text` of the words that matched. */
  highlights: { start: number; end: number }[];
}

/** Tokens a snippet shows, as FTS5's snippet() was asked for. */
const WINDOW = 24;
/** Tokens shown before the first hit of the window, so the hit has some context. */
const LEAD = 3;
const WORD = /[\p{L}\p{N}\p{M}]+/gu;

const unitFolds = new Map<string, string>();
/** One UTF-16 unit folded (lower case, accents off) to one unit, or left alone: offsets stay valid. */
function foldUnit(ch: string): string {
  let f = unitFolds.get(ch);
  if (f === undefined) {
    const folded = ch.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
    f = folded.length === 1 ? folded : ch.toLowerCase().length === 1 ? ch.toLowerCase() : ch;
    unitFolds.set(ch, f);
  }
  return f;
}
function foldSameLength(s: string): string {
  const lower = s.toLowerCase();
  // Lower case can lengthen a few letters ("İ"): then fold unit by unit.
  if (lower.length !== s.length) return s.replace(/[A-Z\u0080-\uffff]/g, foldUnit);
  return /[\u0080-\uffff]/.test(lower) ? lower.replace(/[\u0080-\uffff]/g, foldUnit) : lower;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A matcher for what a person typed (as ftsQuery reads it): null when it has no word. Reuse it for
 * every row of a page.
 */
export function snippetMatcher(q: string): ((columns: string[]) => Snippet) | null {
  const words = (q.match(WORD) ?? []).map(foldSameLength);
  const last = words.pop();
  if (last === undefined) return null;
  const edge = '(?<![\\p{L}\\p{N}\\p{M}])';
  const whole = words.length ? `${edge}(?:${words.map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}\\p{M}])|` : '';
  const pattern = new RegExp(`${whole}${edge}${escapeRegExp(last)}[\\p{L}\\p{N}\\p{M}]*`, 'gu');
  return (columns) => best(columns, pattern);
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
  const word = new RegExp(WORD.source, 'gu');
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

/** Index of the token starting at `offset` (hits start where a token does), by binary search. */
function tokenAt(starts: Int32Array, count: number, offset: number): number {
  let lo = 0;
  let hi = count - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = starts[mid] as number;
    if (v === offset) return mid;
    if (v < offset) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

function best(columns: string[], pattern: RegExp): Snippet {
  let chosen: Window | null = null;
  const tokensOf: ReturnType<typeof tokenize>[] = [];
  const hitsOf: Map<number, string>[] = [];
  columns.forEach((text, column) => {
    const found = [...foldSameLength(text).matchAll(pattern)];
    if (found.length === 0) return;
    const tokens = tokenize(text);
    tokensOf[column] = tokens;
    // Token index of each hit, and the folded word it is (to count distinct words in a window).
    const hitWords = new Map<number, string>();
    for (const m of found) {
      const i = tokenAt(tokens.starts, tokens.count, m.index);
      if (i >= 0) hitWords.set(i, m[0]);
    }
    hitsOf[column] = hitWords;
    const hitList = [...hitWords];
    for (const [h] of hitList) {
      // A hit near the start of its column shows the column from its start, as a reader would begin.
      const first = h < WINDOW / 2 ? 0 : Math.max(0, Math.min(h - LEAD, tokens.count - WINDOW));
      const end = Math.min(tokens.count, first + WINDOW);
      const words = new Set(hitList.filter(([i]) => i >= first && i < end).map(([, w]) => w)).size;
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
  const hits = hitsOf[w.column] ?? new Map<number, string>();
  for (let i = w.first; i < w.end; i++) {
    if (!hits.has(i)) continue;
    const start = tokens.starts[i] as number;
    const end = tokens.ends[i] as number;
    points += codePoints(text, units, start);
    const length = codePoints(text, start, end);
    highlights.push({ start: points, end: points + length });
    points += length;
    units = end;
  }
  return { text: `${lead}${text.slice(from, to)}${w.end < tokens.count ? '…' : ''}`, highlights };
}

function codePoints(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    // A high surrogate followed by its low one is one code point.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < to) i++;
    n++;
  }
  return n;
}
