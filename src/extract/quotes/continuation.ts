// Where a quote goes on: the next quote of its paragraph after an attribution ("A," she said. "B."),
// or a paragraph that is only a quote after it (news style), as further parts of one record.
import type { Token } from '../tokenize.js';
import type { TextRange } from '../types.js';
import type { Attribution } from './attribution.js';
import { type Draft, isCue, isWordTok, lower, type QuoteDoc, tokenAt, wordCount } from './context.js';
import { isFragment } from './direct.js';

/** At most this many words of attribution between two parts of one quote. */
const MAX_BETWEEN_WORDS = 40;
/** A cue this close before the next part introduces it anew (", adding later, “...”"). */
const RECUE_TOKENS = 4;

/** "A," she said. "B.": the next quote of the paragraph, when only an attribution stands between. */
export function continuesInParagraph(doc: QuoteDoc, d: Draft, at: Attribution | null, next: Draft): boolean {
  if (!at || next.region !== d.region || next.pieces.length !== 1) return false;
  // after an attribution, "..., but “on taxes he is wrong.”" continues the quote though it reads as a fragment
  if (isFragment(doc, next) && !/^\s*,?\s*(?:and|but)\s*$/.test(doc.text.slice(at.spEnd, next.start))) return false;
  const toks = doc.regionTokens[d.region] as Token[];
  // the words between, with the marks of any quoted title among them left out
  const between = doc.text.slice(at.spEnd, next.start).replace(/(^|\s)["“”'‘’]+|["“”'‘’]+(?=\s|$)/gu, '$1');
  // ... unless a second cue right before it attributes the next quote anew (", adding later, “...”")
  const nextTok = tokenAt(toks, next.start);
  for (let x = nextTok - 1; x >= Math.max(tokenAt(toks, at.spEnd), nextTok - RECUE_TOKENS); x--) {
    if (/^[.!?]$/.test((toks[x] as Token).text)) break;
    if (isCue(doc.cues, lower(toks[x]))) return false;
  }
  // "“A,” she said. The ad ends with ... “B.”": a sentence of narrative between makes B another quote
  // (the tokenizer keeps "Mrs." whole, so an abbreviation is no sentence end)
  let ended = false;
  for (let x = tokenAt(toks, at.spEnd); x < nextTok; x++) {
    const w = (toks[x] as Token).text;
    if (ended && isWordTok(toks[x])) return false;
    // "in Salem, Ore., recently": a period before a comma or a lower-case word ends no sentence
    if (/^[.!?]$/.test(w) && !/^(?:[,;]|\p{Ll})/u.test(toks[x + 1]?.text ?? '')) ended = true;
  }
  return (
    /^[^"“”«»]{0,300}$/.test(between) &&
    wordCount(between) <= MAX_BETWEEN_WORDS &&
    // "A," he said, but "B."
    /(?:[.,:]|\b(?:and|but))\s*$/.test(between)
  );
}

/**
 * A paragraph that is only a quote, after a paragraph that ends with an attributed quote, goes on
 * with the same speaker's words (news style: "A," she said.¶"B."), unless it has its own attribution.
 */
export function continuesNextParagraph(
  doc: QuoteDoc,
  d: Draft,
  at: Attribution | null,
  next: Draft,
  nextAt: Attribution | null,
): boolean {
  const first = doc.regions[d.region + 1];
  // next opens the paragraph after d's (it may itself run over several paragraphs)
  if (nextAt || !first || next.start !== doc.firstNonSpace(first)) return false;
  // a list of quotes each signed on a line of its own ("― Jane Doe") is several speakers
  if (at && /^[―—–-]$/.test(at.cue.text)) return false;
  // the next paragraph is the quote, closed in the style it opens with, and nothing else
  const last = next.pieces[next.pieces.length - 1] as TextRange;
  const close = doc.text[last.end - 1] ?? '';
  if (!/["“”«»'‘’]/u.test(close) || /["']/.test(close) !== /["']/.test(doc.text[next.start] ?? '')) return false;
  if (/[\p{L}\p{N}]/u.test(doc.text.slice(next.end, (doc.regions[next.region] as TextRange).end))) return false;
  const ownRegion = doc.regions[d.region] as TextRange;
  // nothing but the attribution and its adjuncts may follow d in its paragraph
  const rest = doc.text.slice(at && at.spEnd > d.end ? at.spEnd : d.end, ownRegion.end);
  return !/["“”«»]/.test(rest) && wordCount(rest) <= MAX_BETWEEN_WORDS / 2;
}
