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
  let open: { pos: number; len: number; family: Family; curly: boolean } | null = null;
  /** Curly quotes nested in a curly quote (“... what he calls “hell” ...”): closes to skip. */
  let depth = 0;
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
    if (
      open &&
      closeFam === open.family &&
      (!isSpace(prev) || c === '»') &&
      (c !== '“' || isSpace(next) || /[.,;:!?)]/.test(next ?? ''))
    ) {
      // An apostrophe inside or at the end of a word ("bloc’s", "parents' ") is not a closing mark
      // unless what follows cannot continue a word.
      if (closeFam === 'single' && isLetter(next)) continue;
      out.push({ open: open.pos, close: p, openLen: open.len, closeLen: len, family: open.family, closed: true });
      open = null;
      p += len - 1;
      continue;
    }
    // a paragraph opened with a closing mark (”Text ...”), as some sites print it
    const openFam = fam ?? (c === '”' && p === first && isLetter(next) ? 'double' : OPEN[c]);
    if (!open && openFam && (prev === undefined || OPEN_AFTER.test(prev)) && (!isSpace(next) || c === '«')) {
      if (openFam === 'single' && !isLetter(next) && next !== '"' && next !== '“') continue;
      open = { pos: p, len, family: openFam, curly: c === '“' || c === '”' };
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
