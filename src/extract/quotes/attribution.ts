// Attribution of direct quotes: the cue and speaker after a quote (", X said", ", said X"), inside it
// (the interruption of "A," she said. "B."), or before it ("X said: "..."", a paragraph ending in
// "X said:"); and the joining of the quotes of one paragraph that only an attribution separates.
import type { Token } from '../tokenize.js';
import type { TextRange } from '../types.js';
import {
  type Draft,
  isCue,
  isWordTok,
  lower,
  QUOTE_TOKENS,
  type QuoteDoc,
  type Speaker,
  tokenAt,
  wordCount,
} from './context.js';
import { isFragment } from './direct.js';
import { FILLERS } from './lexicon.js';
import { parenEnd, speakerAfter, speakerBefore } from './phrases.js';

/** A quote nobody is said to have said is kept only from this many words (scare quotes are not). */
const MIN_UNATTRIBUTED_WORDS = 3;

/** Tries to read an attribution in toks[a, b): a cue with its speaker. */
export function attributionIn(
  doc: QuoteDoc,
  toks: Token[],
  a: number,
  b: number,
): { cue: Token; sp: Speaker; spEnd: number } | null {
  let i = a;
  while (i < b && /^[,:]$/.test((toks[i] as Token).text)) i++;
  // "“...” ― Jane Doe."
  if (i < b && /^[―—–-]$/.test((toks[i] as Token).text)) {
    const sp = speakerAfter(doc, toks, i + 1, b);
    if (sp && (sp.entity !== null || /^\p{Lu}/u.test(sp.span.text)))
      return { cue: toks[i] as Token, sp, spEnd: sp.span.end };
    return null;
  }
  /** The speaker before the cue, stretched back over a title to where the attribution starts. */
  const stretch = (sp: Speaker): Speaker | null => {
    const first = toks[i] as Token;
    if (sp.span.start <= first.start + 1) return sp;
    const gap = doc.text.slice(first.start, sp.span.start);
    if (!/^[\p{L}\p{N}.' ’-]+$/u.test(gap) || wordCount(gap) > 5) return null;
    return { ...sp, span: doc.slice(first.start, sp.span.end) };
  };
  for (let c = i, seen = 0; c < b && seen < 12; c++, seen++) {
    // "Rep. Jane Doe (D-Wis.) said": the parenthesis's full stop does not end the attribution
    const close = parenEnd(toks, c, b);
    if (close > 0) c = close + 1;
    const tok = toks[c] as Token;
    if (!tok || QUOTE_TOKENS.has(tok.text) || /^[.!?;]$/.test(tok.text)) break;
    if (!isCue(tok.text.toLowerCase())) continue;
    const raw = c === i ? speakerAfter(doc, toks, c + 1, b) : speakerBefore(doc, toks, c, i);
    const sp = raw && (c === i ? raw : stretch(raw));
    if (!sp) continue;
    return { cue: tok, sp, spEnd: Math.max(sp.span.end, tok.end) };
  }
  // any verb after a quote and its speaker ends the sentence: "“…?” Vitter demanded."
  for (let c = i + 1; c < Math.min(b, i + 8); c++) {
    const tok = toks[c] as Token;
    if (!/^\p{Ll}+$/u.test(tok.text) || FILLERS.has(tok.text) || /ly$/.test(tok.text)) continue;
    const end = toks[c + 1];
    if (end && !/^[.,!?;]$/.test(end.text) && !/^(to|of|on|in|at|about|with)$/.test(end.text)) break;
    const raw = speakerBefore(doc, toks, c, i);
    const sp = raw && (raw.entity !== null || raw.pronoun) ? stretch(raw) : null;
    if (sp) return { cue: tok, sp, spEnd: tok.end };
    break;
  }
  return null;
}

/**
 * The direct quotes worth keeping, attributed, with interrupted ones joined; the cues used are added
 * to usedCues so that reported speech does not read them again.
 */
export function attributeDirects(doc: QuoteDoc, drafts: Draft[], usedCues: Set<number>): Draft[] {
  const { text, regionTokens } = doc;
  const directs: Draft[] = [];
  for (let k = 0; k < drafts.length; k++) {
    const d = drafts[k] as Draft;
    const toks = regionTokens[d.region] as Token[];
    let attributed = false;
    if (isFragment(doc, d)) continue;
    for (;;) {
      const after = tokenAt(toks, d.end);
      const next = drafts[k + 1];
      const stop = next && next.region === d.region ? tokenAt(toks, next.start) : toks.length;
      const at = attributionIn(doc, toks, after, stop);
      if (at && !attributed) {
        d.cue = doc.span(at.cue);
        d.speakerMention = at.sp.span;
        d.speaker = doc.resolve(at.sp, d.start, d.pieces);
        usedCues.add(at.cue.start);
        attributed = true;
      }
      // the next quote of the paragraph continues this one when only an attribution stands between
      if (at && next && next.region === d.region && next.pieces.length === 1 && !isFragment(doc, next)) {
        const between = text.slice(at.spEnd, next.start);
        // ... unless a second cue there attributes the next quote anew (", adding later, “...”")
        let recued = false;
        for (let x = tokenAt(toks, at.spEnd); x < stop; x++) if (isCue(lower(toks[x]))) recued = true;
        if (!recued && /^[^"“”«»]{0,300}$/.test(between) && wordCount(between) <= 40 && /[.,:]\s*$/.test(between)) {
          // each part keeps its own words and punctuation: "A," she said. "B." is ["A,", "B."]
          for (const pc of next.pieces) d.pieces.push(pc);
          for (const pt of next.parts) d.parts.push(pt);
          d.end = next.end;
          k++;
          continue;
        }
      }
      break;
    }
    if (!attributed) attributed = attributeBefore(doc, d, usedCues);
    // Scare quotes and titles ("so-called 'peace plan'") are not quotes.
    if (attributed || wordCount(doc.textOf(d)) >= MIN_UNATTRIBUTED_WORDS) directs.push(d);
  }
  return directs;
}

/** "X said: "...", "X said "...", or a paragraph ending in "X said:" before the quote's own. */
function attributeBefore(doc: QuoteDoc, d: Draft, usedCues: Set<number>): boolean {
  const { regions, regionTokens } = doc;
  let ri = d.region;
  let t2 = regionTokens[ri] as Token[];
  let j = tokenAt(t2, d.start) - 1;
  if (j < 0 && d.start === doc.firstNonSpace(regions[ri] as TextRange) && ri > 0) {
    ri--;
    t2 = regionTokens[ri] as Token[];
    j = t2.length - 1;
    if (t2[j]?.text !== ':') j = -1;
  }
  if (j >= 0) {
    let c = j;
    if ([':', ','].includes((t2[c] as Token).text)) c--;
    for (let back = 0; c >= 0 && back < 4; back++, c--) {
      const w = lower(t2[c]);
      if (!isCue(w)) {
        if (isWordTok(t2[c]) && !FILLERS.has(w)) continue;
        break;
      }
      let lo = c;
      while (lo > 0 && !/^[.!?;]$/.test((t2[lo - 1] as Token).text) && !QUOTE_TOKENS.has((t2[lo - 1] as Token).text))
        lo--;
      const sp = speakerBefore(doc, t2, c, lo) ?? speakerAfter(doc, t2, c + 1, j + 1);
      if (!sp) break;
      d.cue = doc.span(t2[c] as Token);
      d.speakerMention = sp.span;
      d.speaker = doc.resolve(sp, sp.span.start, d.pieces);
      usedCues.add((t2[c] as Token).start);
      return true;
    }
  }
  return false;
}
