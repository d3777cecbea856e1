// Attribution of direct quotes: the cue and speaker after a quote (", X said", ", said X") or inside
// it (the interruption of "A," she said. "B."), else before it (attribution-before.ts); and the
// joining of a quote with the quotes that continue it (continuation.ts).
import type { Token } from '../tokenize.js';
import type { TextRange } from '../types.js';
import { attributeBefore } from './attribution-before.js';
import { type Draft, isCue, QUOTE_TOKENS, type QuoteDoc, type Speaker, tokenAt, wordCount } from './context.js';
import { continuesInParagraph, continuesNextParagraph } from './continuation.js';
import { isFragment } from './direct.js';
import { FILLERS } from './lexicon.js';
import { parenEnd, speakerBefore } from './phrases.js';
import { speakerAfter } from './speaker-after.js';

/** A quote nobody is said to have said is kept only from this many words (scare quotes are not). */
const MIN_UNATTRIBUTED_WORDS = 3;
/** How far after a quote its cue may stand: a speaker's apposition can be long ("X, director of ..., said"). */
const MAX_ATTRIBUTION_TOKENS = 40;
/** Words that open an adjunct after a verb of the attribution, not its object. */
const ADJUNCT_START = /^(to|of|on|in|at|about|with|while|as|after|before|when|during|from|into|outside|inside)$/;
/** Quoted titles skipped in an attribution between two parts. */
const MAX_SKIPPED = 2;

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
  for (let c = i, seen = 0; c < b && seen < MAX_ATTRIBUTION_TOKENS; c++, seen++) {
    // "Rep. Jane Doe (D-Wis.) said": the parenthesis's full stop does not end the attribution
    const close = parenEnd(toks, c, b);
    if (close > 0) c = close + 1;
    const tok = toks[c] as Token;
    if (!tok || QUOTE_TOKENS.has(tok.text) || /^[.!?;]$/.test(tok.text)) break;
    if (!isCue(doc.cues, tok.text.toLowerCase())) continue;
    const raw = c === i ? speakerAfter(doc, toks, c + 1, b) : speakerBefore(doc, toks, c, i);
    const sp = raw && (c === i ? raw : stretch(raw));
    if (!sp) continue;
    return { cue: tok, sp, spEnd: Math.max(sp.span.end, tok.end) };
  }
  // any verb after a quote and its speaker ends the sentence: "“…?” Doe demanded."
  for (let c = i + 1; c < Math.min(b, i + 8); c++) {
    const tok = toks[c] as Token;
    if (!/^\p{Ll}+$/u.test(tok.text) || FILLERS.has(tok.text) || /ly$/.test(tok.text)) continue;
    const end = toks[c + 1];
    // ... or goes on with an adjunct: "she yells while moving along the street"
    if (end && !/^[.,!?;]$/.test(end.text) && !ADJUNCT_START.test(end.text)) break;
    const raw = speakerBefore(doc, toks, c, i);
    const sp = raw && (raw.entity !== null || raw.pronoun) ? stretch(raw) : null;
    if (sp) return { cue: tok, sp, spEnd: tok.end };
    break;
  }
  return null;
}

/**
 * The direct quotes worth keeping, attributed, with the quotes that continue them joined as further
 * parts; the cues used are added to usedCues so that reported speech does not read them again.
 */
export function attributeDirects(doc: QuoteDoc, drafts: Draft[], usedCues: Set<number>): Draft[] {
  const directs: Draft[] = [];
  for (let k = 0; k < drafts.length; k++) {
    const d = drafts[k] as Draft;
    if (isFragment(doc, d)) continue;
    let at = attributionAfter(doc, d, drafts[k + 1]);
    let attributed = false;
    const attribute = (a: Attribution | null): void => {
      if (!a || attributed) return;
      d.cue = doc.span(a.cue);
      d.speakerMention = a.sp.span;
      d.speaker = doc.resolve(a.sp, d.start, d.pieces);
      usedCues.add(a.cue.start);
      attributed = true;
    };
    attribute(at);
    if (!attributed) attributed = attributeBefore(doc, d, usedCues);
    for (;;) {
      // a quoted title in the attribution ("said on Channel Nine's “Morning Hour.”") is skipped over
      let j = k + 1;
      while (j < k + 1 + MAX_SKIPPED && drafts[j]?.region === d.region && isFragment(doc, drafts[j] as Draft)) j++;
      let next = drafts[j];
      if (!next || (j > k + 1 && !continuesInParagraph(doc, d, at, next))) {
        j = k + 1;
        next = drafts[j];
      }
      if (!next) break;
      const nextAt = attributionAfter(doc, next, drafts[j + 1]);
      if (
        !continuesInParagraph(doc, d, at, next) &&
        !(attributed && !isFragment(doc, next) && continuesNextParagraph(doc, d, at, next, nextAt))
      )
        break;
      // each part keeps its own words and punctuation: "A," she said. "B." is ["A,", "B."]
      for (const pc of next.pieces) d.pieces.push(pc);
      for (const pt of next.parts) d.parts.push(pt);
      d.end = next.end;
      d.region = next.region;
      k = j;
      at = nextAt;
      attribute(at);
    }
    // Scare quotes and titles ("so-called 'peace plan'") are not quotes.
    if (attributed || wordCount(doc.textOf(d)) >= MIN_UNATTRIBUTED_WORDS) directs.push(d);
  }
  return directs;
}

export type Attribution = NonNullable<ReturnType<typeof attributionIn>>;

/** The attribution right after quote d, before the next quote of its paragraph. */
function attributionAfter(doc: QuoteDoc, d: Draft, next: Draft | undefined): Attribution | null {
  const toks = doc.regionTokens[d.region] as Token[];
  const stop = next && next.region === d.region ? tokenAt(toks, next.start) : toks.length;
  const at = attributionIn(doc, toks, tokenAt(toks, d.end), stop);
  if (!at || !next || next.region !== d.region) return at;
  // “A.” To which she said, “B.”: a new sentence that ends in a cue and a comma or colon right
  // before the next quote introduces that quote, not the one before it
  const lastPart = d.parts[d.parts.length - 1] as TextRange;
  const opensSentence = /[.!?]$/.test(doc.text.slice(lastPart.start, lastPart.end));
  const first = toks[tokenAt(toks, d.end)];
  const introduces = /^\s*[,:]\s*$/.test(doc.text.slice(at.spEnd, next.start));
  return opensSentence && introduces && /^\p{Lu}/u.test(first?.text ?? '') ? null : at;
}
