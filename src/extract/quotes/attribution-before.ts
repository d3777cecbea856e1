// A direct quote's attribution before it: "X said: “...”", "X told his audience on Monday, “...”",
// a paragraph ending in "X said:", or a colon after a sentence about a person.
import type { Token } from '../tokenize.js';
import type { TextRange } from '../types.js';
import { type Draft, isCue, isWordTok, lower, QUOTE_TOKENS, type QuoteDoc, type Speaker, tokenAt } from './context.js';
import { PARTICIPLE_CUES, PERSON_PRONOUN } from './lexicon.js';
import { sentenceSubject, speakerBefore } from './phrases.js';
import { speakerAfter } from './speaker-after.js';

/** How far back from a quote its introducing cue may stand, in tokens. */
const MAX_CUE_BACK = 12;

/** "X said: "...", "X said "...", or a paragraph ending in "X said:" before the quote's own. */
export function attributeBefore(doc: QuoteDoc, d: Draft, usedCues: Set<number>): boolean {
  const { regions, regionTokens } = doc;
  // the paragraph the quote opens in (a quote may run on over several)
  let ri = doc.regionAt(d.start);
  let t2 = regionTokens[ri] as Token[];
  let j = tokenAt(t2, d.start) - 1;
  if (j < 0 && d.start === doc.firstNonSpace(regions[ri] as TextRange) && ri > 0) {
    ri--;
    t2 = regionTokens[ri] as Token[];
    j = t2.length - 1;
    if (t2[j]?.text !== ':') j = -1;
  }
  if (j >= 0) {
    const lo = sentenceOpening(t2, j);
    let c = j;
    if ([':', ','].includes((t2[c] as Token).text)) c--;
    // the nearest cue back to the sentence start: "X told his radio audience on Monday, “...”"
    for (let back = 0; c >= 0 && back < MAX_CUE_BACK; back++, c--) {
      const w = lower(t2[c]);
      if (!isCue(doc.cues, w)) {
        // "X said, adding later, “...”": step over the participle's commas
        if (isWordTok(t2[c]) || (t2[c] as Token).text === ',') continue;
        break;
      }
      // "Doe laughed and said, “...”": the subject of the first verb speaks
      const coordinated = /^(and|but)$/.test(lower(t2[c - 1])) ? participleSubject(doc, t2, lo, c) : null;
      const sp =
        coordinated ??
        speakerBefore(doc, t2, c, lo) ??
        speakerAfter(doc, t2, c + 1, j + 1) ??
        participleSubject(doc, t2, lo, c);
      // "Trump said, adding later, “...”": a participle without a speaker of its own, the cue before it
      if (!sp && PARTICIPLE_CUES.has(lower(t2[c]))) continue;
      if (!sp) break;
      d.cue = doc.span(t2[c] as Token);
      d.speakerMention = sp.span;
      d.speaker = doc.resolve(sp, sp.span.start, d.pieces);
      usedCues.add((t2[c] as Token).start);
      return true;
    }
    if ((t2[j] as Token).text === ':') return colonIntroduction(doc, d, t2, j);
  }
  return false;
}

/**
 * "Doe had a message for voters: “...”": a sentence whose subject is a person (a name or he/she)
 * introduces the quote after its colon, which stands as the cue.
 */
function colonIntroduction(doc: QuoteDoc, d: Draft, toks: Token[], colon: number): boolean {
  const lo = sentenceOpening(toks, colon);
  const first = toks[lo] as Token;
  const m = doc.index.mentionStartingAt(first.start);
  const person = m && doc.index.entities[m.entity]?.type === 'person';
  const pronoun = PERSON_PRONOUN.has(first.text.toLowerCase());
  if (colon - lo < 2 || (!person && !pronoun)) return false;
  const sp: Speaker = m
    ? { span: doc.slice(m.start, m.end), entity: m.entity, pronoun: null }
    : { span: doc.span(first), entity: null, pronoun: first.text.toLowerCase() };
  d.cue = doc.span(toks[colon] as Token);
  d.speakerMention = sp.span;
  d.speaker = doc.resolve(sp, sp.span.start, d.pieces);
  return true;
}

/**
 * "He then defended it, saying, “...”", "I laughed and said, “...”": a participle or a coordinated
 * cue has the sentence's subject as its speaker, when that subject is a name or a pronoun.
 */
function participleSubject(doc: QuoteDoc, toks: Token[], lo: number, c: number): Speaker | null {
  const prev = lower(toks[c - 1]);
  if (!(PARTICIPLE_CUES.has(lower(toks[c])) && prev === ',') && prev !== 'and' && prev !== 'but') return null;
  const subj = sentenceSubject(doc, toks, lo, c);
  return subj && (subj.entity !== null || subj.pronoun) ? subj : null;
}

/** The first token of the sentence (or of the stretch after a quotation mark) that holds toks[k]. */
function sentenceOpening(toks: Token[], k: number): number {
  let lo = k;
  while (lo > 0 && !/^[.!?;]$/.test((toks[lo - 1] as Token).text) && !QUOTE_TOKENS.has((toks[lo - 1] as Token).text))
    lo--;
  return lo;
}
