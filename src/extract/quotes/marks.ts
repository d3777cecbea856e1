// Quotation-mark pairs of one region: straight and curly double quotes (", “ ”, „, and the '' of
// some wire services), single quotes (' ‘ ’) and guillemets (« »), told apart from apostrophes.
import type { TextRange } from '../types.js';

export type Family = 'double' | 'single' | 'guillemet';

export interface QuotePair {
  open: number;
  /** Position of the closing mark, or the region end when the quote is not closed. */
  close: number;
  openLen: number;
  closeLen: number;
  family: Family;
  closed: boolean;
}

const OPEN: Record<string, Family> = {
  '"': 'double',
  '“': 'double',
  '„': 'double',
  '«': 'guillemet',
  "'": 'single',
  '‘': 'single',
};
const CLOSE: Record<string, Family> = {
  '"': 'double',
  '”': 'double',
  '“': 'double',
  '»': 'guillemet',
  "'": 'single',
  '’': 'single',
};
const MARK_CODES = new Set([...'«»“”„‘’'].map((c) => c.charCodeAt(0)));
const isSpace = (c: string | undefined) => c === undefined || c === ' ' || c === '\n' || c === '\t' || /\s/u.test(c);
const isLetter = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);
const OPEN_AFTER = /[\s([{—–\-:/"“'‘]/u;

export function quotePairs(text: string, r: TextRange): QuotePair[] {
  const out: QuotePair[] = [];
  /** curly: a curly double quote, whose nesting is tracked; straight: opened with ' or ". */
  type Open = { pos: number; len: number; family: Family; curly: boolean; straight: boolean };
  let open = null as Open | null;
  /**
   * Quotes nested in a quote of the same family: curly doubles (“... what he calls “hell” ...”), or
   * singles of the other style ('... the recent ‘heartbleed’ bug ...'): closes to skip.
   */
  let depth = 0;
  /** Where the next single mark after punctuation that could close a quote ("...,' he said") stands. */
  const nextPunctClose = punctuatedSingleCloses(text, r);
  let first = r.start;
  while (first < r.end && isSpace(text[first])) first++;
  for (let p = r.start; p < r.end; p++) {
    const code = text.charCodeAt(p);
    // only quotation marks matter: ' " and the typographic marks (all above U+00AA)
    if (code !== 34 && code !== 39 && (code < 0xab || !MARK_CODES.has(code))) continue;
    const c = text[p] as string;
    // '' (two apostrophes) is a double quotation mark
    const dbl = c === "'" && text[p + 1] === "'" && p + 1 < r.end;
    const fam: Family | undefined = dbl ? 'double' : undefined;
    const len = dbl ? 2 : 1;
    const prev = p > r.start ? text[p - 1] : undefined;
    const next = p + len < r.end ? text[p + len] : undefined;
    const closeFam = fam ?? CLOSE[c];
    const curly = open?.curly === true;
    if (curly && c === '“' && (prev === undefined || OPEN_AFTER.test(prev)) && isLetter(next)) {
      depth++;
      continue;
    }
    if (curly && depth > 0 && c === '”' && !isSpace(prev)) {
      depth--;
      continue;
    }
    if (open?.family === 'single' && isNestedSingle(c, open.straight)) {
      if ((prev === undefined || OPEN_AFTER.test(prev)) && isLetter(next)) {
        depth++;
        continue;
      }
      if (depth > 0 && !isSpace(prev) && !isLetter(next)) {
        depth--;
        continue;
      }
    }
    if (
      open &&
      closeFam === open.family &&
      // a space may stand between a nested quote's close and the outer one: "... 'voter drive,' "
      (!isSpace(prev) || c === '»' || (closeFam === 'double' && /['’]/.test(text[p - 2] ?? ''))) &&
      (c !== '“' || isSpace(next) || /[.,;:!?)]/.test(next ?? ''))
    ) {
      // An apostrophe inside or at the end of a word ("bloc’s", "parents' ") is not a closing mark
      // unless what follows cannot continue a word.
      if (closeFam === 'single' && isLetter(next)) continue;
      // "the players' contracts": after a plural s and before a lower-case word, an apostrophe, when
      // a mark after punctuation closes the quote further on, or when the quote is already a long
      // one (a paragraph of a quote that runs on into the next one need not close at all), unlike
      // the scare quote of "the so-called 'experts' said"
      if (
        closeFam === 'single' &&
        prev === 's' &&
        /^\s\p{Ll}/u.test(text.slice(p + 1, p + 3)) &&
        ((nextPunctClose[p - r.start] ?? -1) > p || hasWords(text, open.pos, p, LONG_QUOTE_WORDS))
      )
        continue;
      out.push({ open: open.pos, close: p, openLen: open.len, closeLen: len, family: open.family, closed: true });
      open = null;
      p += len - 1;
      continue;
    }
    // a paragraph opened with a closing mark (”Text ...”), as some sites print it
    const openFam = fam ?? (c === '”' && p === first && isLetter(next) ? 'double' : OPEN[c]);
    if (!open && openFam && (prev === undefined || OPEN_AFTER.test(prev)) && (!isSpace(next) || c === '«')) {
      if (openFam === 'single' && !isLetter(next) && next !== '"' && next !== '“') continue;
      open = { pos: p, len, family: openFam, curly: c === '“' || c === '”', straight: c === "'" || c === '"' };
      depth = 0;
      p += len - 1;
      continue;
    }
    if (dbl) p++;
  }
  if (open)
    out.push({ open: open.pos, close: r.end, openLen: open.len, closeLen: 0, family: open.family, closed: false });
  return out;
}

/** Inside a single-quoted quote, a single mark of the other style opens or closes a nested quote. */
function isNestedSingle(c: string, outerStraight: boolean): boolean {
  return outerStraight ? c === '‘' || c === '’' : c === "'";
}

/**
 * For each offset of the region, the position of the first single mark at or after it that follows
 * punctuation and precedes no letter (",' he said"), or -1: one backward pass, so the check stays linear.
 */
function punctuatedSingleCloses(text: string, r: TextRange): Int32Array {
  const out = new Int32Array(r.end - r.start + 1).fill(-1);
  for (let p = r.end - 1; p >= r.start; p--) {
    const c = text[p];
    const closes = (c === "'" || c === '’') && /[.,!?;:…]/.test(text[p - 1] ?? '') && !isLetter(text[p + 1]);
    out[p - r.start] = closes ? p : (out[p - r.start + 1] as number);
  }
  return out;
}

/** A quote this many words long before a mark is no scare quote. */
const LONG_QUOTE_WORDS = 5;

/** Whether text[from, to) holds at least n words (stops counting at n: bounded work). */
function hasWords(text: string, from: number, to: number, n: number): boolean {
  let words = 0;
  let inWord = false;
  for (let p = to - 1; p >= from && words < n; p--) {
    const letter = isLetter(text[p]);
    if (letter && !inWord) words++;
    inWord = letter;
  }
  return words >= n;
}
