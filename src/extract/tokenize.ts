// Splits text into word and punctuation tokens and into sentences, keeping UTF-16 offsets, in the
// conventions of CoNLL-2003: "U.S." and "long-term" are one token, "'s" and "n't" are tokens of their own.
import { TOKEN_CHARS } from '../text/words.js';
import type { Span, TextRange } from './types.js';

export type Token = Span;

// Words that take a period without ending a sentence.
const ABBREVIATIONS = new Set(
  'mr mrs ms dr prof gen col lt sgt capt maj cmdr adm gov sen rep rev st jr sr co corp inc ltd bros no vs etc jan feb mar apr jun jul aug sep sept oct nov dec mt ft'.split(
    ' ',
  ),
);

// A word character is what the search index counts as one (src/text/words.ts): one notion of a word's letters.
const LETTER_OR_DIGIT = new RegExp(`[${TOKEN_CHARS}]`, 'u');
// ASCII first: most characters of English news are, and a character-code test is far cheaper than a regex.
const isLetterOrDigit = (c: string) => {
  const code = c.charCodeAt(0);
  if (code < 128) return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57);
  return LETTER_OR_DIGIT.test(c);
};
const APOSTROPHES = "'’";

/** True when only closing quotes or brackets, then a line break or the end, follow position j. */
function endsLine(text: string, j: number, end: number): boolean {
  let k = j;
  while (k < end && (text[k] === '"' || text[k] === "'" || text[k] === '”' || text[k] === ')')) k++;
  return k >= end || text[k] === '\n' || text[k] === '\r';
}

/** Tokens of text[start, end). */
export function tokenize(text: string, start = 0, end = text.length): Token[] {
  const tokens: Token[] = [];
  let i = start;
  while (i < end) {
    const c = text[i] as string;
    const code = text.charCodeAt(i);
    // In ASCII, \s is the space and tab to carriage return: the regex is run only for other characters.
    if (code === 32 || (code >= 9 && code <= 13) || (code > 127 && /\s/u.test(c))) {
      i++;
      continue;
    }
    if (!isLetterOrDigit(c)) {
      // "'s", "'re" after a word are tokens of their own; other punctuation is one character.
      if (APOSTROPHES.includes(c) && i > start && isLetterOrDigit(text[i - 1] as string)) {
        let j = i + 1;
        while (j < end && /\p{L}/u.test(text[j] as string)) j++;
        const clitic = text.slice(i + 1, j).toLowerCase();
        if (j > i + 1 && /^(s|re|ve|ll|d|m|t)$/.test(clitic)) {
          tokens.push({ start: i, end: j, text: text.slice(i, j) });
          i = j;
          continue;
        }
      }
      // A character outside the Basic Multilingual Plane (an emoji) is two UTF-16 units: keep them together.
      const width = c >= '\ud800' && c <= '\udbff' && i + 1 < end ? 2 : 1;
      tokens.push({ start: i, end: i + width, text: text.slice(i, i + width) });
      i += width;
      continue;
    }
    let j = i + 1;
    for (;;) {
      while (j < end && isLetterOrDigit(text[j] as string)) j++;
      const next = text[j];
      const after = text[j + 1];
      // Joiners inside a word: hyphen (long-term; also U+2010 and the non-breaking U+2011 that some copy
      // puts in hyphenated given names), apostrophe before letters (O'Neill), and digit separators (1,000; 3.5).
      if (next !== undefined && after !== undefined && j + 1 < end && isLetterOrDigit(after)) {
        if (next === '-' || next === '‐' || next === '‑' || next === '&') {
          j += 1;
          continue;
        }
        if (APOSTROPHES.includes(next) && !/^[sS](\W|$)/.test(text.slice(j + 1, j + 3))) {
          // "n't" splits off; O'Neill stays whole.
          if (j - 1 > i && (text[j - 1] === 'n' || text[j - 1] === 'N') && (after === 't' || after === 'T')) {
            j -= 1;
            break;
          }
          j += 1;
          continue;
        }
        if ((next === ',' || next === '.' || next === ':') && /\d/.test(text[j - 1] as string) && /\d/.test(after)) {
          j += 1;
          continue;
        }
      }
      break;
    }
    // Abbreviations keep their period: U.S., U.N., Mr., Jan.
    if (text[j] === '.' && j < end) {
      const word = text.slice(i, j);
      if (/^\p{L}$/u.test(word)) {
        let k = j + 1;
        while (k + 1 < end && /\p{L}/u.test(text[k] as string) && text[k + 1] === '.') k += 2;
        j = k;
      } else if (ABBREVIATIONS.has(word.toLowerCase())) {
        j += 1;
      }
    }
    // At the end of a line or of the text, a period after an abbreviation is also the full stop:
    // CoNLL-2003 then splits it off ("Lear Corp" "."; "U.S" ".").
    if (j - i > 2 && text[j - 1] === '.' && endsLine(text, j, end)) j -= 1;
    tokens.push({ start: i, end: j, text: text.slice(i, j) });
    i = j;
  }
  return tokens;
}

const CLOSERS = new Set(['"', "'", '”', '’', ')', ']', '»']);

/**
 * Sentence ranges of text[start, end): a sentence ends at . ! ? (and closing quotes or brackets after
 * them) followed by a space, or at a line break. Abbreviation tokens never end a sentence.
 */
export function sentences(
  text: string,
  start = 0,
  end = text.length,
  tokens = tokenize(text, start, end),
): TextRange[] {
  const out: TextRange[] = [];
  let first = 0;
  for (let t = 0; t < tokens.length; t++) {
    const tok = tokens[t] as Token;
    const next = tokens[t + 1];
    let boundary = false;
    if (tok.text === '.' || tok.text === '!' || tok.text === '?') {
      let last = t;
      while (
        tokens[last + 1] &&
        CLOSERS.has((tokens[last + 1] as Token).text) &&
        (tokens[last + 1] as Token).start === (tokens[last] as Token).end
      )
        last++;
      const lastTok = tokens[last] as Token;
      const follower = tokens[last + 1];
      if (!follower || follower.start > lastTok.end) {
        t = last;
        boundary = true;
      }
    } else if (next && text.slice(tok.end, next.start).includes('\n')) {
      boundary = true;
    }
    if (boundary || t === tokens.length - 1) {
      const lastTok = tokens[t] as Token;
      out.push({ start: (tokens[first] as Token).start, end: lastTok.end });
      first = t + 1;
    }
  }
  return out;
}
