// Attribution of direct quotes: the cue and speaker after a quote (", X said", ", said X"), inside it
// (the interruption of "A," she said. "B."), or before it ("X said: "..."", a paragraph ending in
// "X said:"); and the joining of the quotes of one paragraph that only an attribution separates.
import type { Token } from '../tokenize.js';
import type { TextRange } from '../types.js';
import { subjectEnd } from './content.js';
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
import { FILLERS, PARTICIPLE_CUES, PERSON_PRONOUN } from './lexicon.js';
import { parenEnd, speakerAfter, speakerBefore, speakerEndingAt } from './phrases.js';

/** A quote nobody is said to have said is kept only from this many words (scare quotes are not). */
const MIN_UNATTRIBUTED_WORDS = 3;
/** How far after a quote its cue may stand: a speaker's apposition can be long ("X, director of ..., said"). */
const MAX_ATTRIBUTION_TOKENS = 40;
/** At most this many words of attribution between two parts of one quote. */
const MAX_BETWEEN_WORDS = 40;
/** A cue this close before the next part introduces it anew (", adding later, “...”"). */
const RECUE_TOKENS = 4;
/** Words that open an adjunct after a verb of the attribution, not its object. */
const ADJUNCT_START = /^(to|of|on|in|at|about|with|while|as|after|before|when|during|from|into|outside|inside)$/;
/** How far back from a quote its introducing cue may stand, in tokens. */
const MAX_CUE_BACK = 12;
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
      // a quoted title in the attribution ("said on Fox's “Morning Show.”") is skipped over
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

type Attribution = NonNullable<ReturnType<typeof attributionIn>>;

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

/** "A," she said. "B.": the next quote of the paragraph, when only an attribution stands between. */
function continuesInParagraph(doc: QuoteDoc, d: Draft, at: Attribution | null, next: Draft): boolean {
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
    if (isCue(lower(toks[x]))) return false;
  }
  // "“A,” she said. The ad ends with ... “B.”": a sentence of narrative between makes B another quote
  // (the tokenizer keeps "Mrs." whole, so an abbreviation is no sentence end)
  let ended = false;
  for (let x = tokenAt(toks, at.spEnd); x < nextTok; x++) {
    const w = (toks[x] as Token).text;
    if (ended && isWordTok(toks[x])) return false;
    // "in Everett, Wash., recently": a period before a comma or a lower-case word ends no sentence
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
function continuesNextParagraph(
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
    // the nearest cue back to the sentence start: "X told his radio audience on Monday, “...”"
    for (let back = 0; c >= 0 && back < MAX_CUE_BACK; back++, c--) {
      const w = lower(t2[c]);
      if (!isCue(w)) {
        // "X said, adding later, “...”": step over the participle's commas
        if (isWordTok(t2[c]) || (t2[c] as Token).text === ',') continue;
        break;
      }
      let lo = c;
      while (lo > 0 && !/^[.!?;]$/.test((t2[lo - 1] as Token).text) && !QUOTE_TOKENS.has((t2[lo - 1] as Token).text))
        lo--;
      // "Doe laughed and said, “...”": the subject of the first verb speaks
      const coordinated = /^(and|but)$/.test(lower(t2[c - 1])) ? clauseSubject(doc, t2, lo, c) : null;
      const sp =
        coordinated ??
        speakerBefore(doc, t2, c, lo) ??
        speakerAfter(doc, t2, c + 1, j + 1) ??
        clauseSubject(doc, t2, lo, c);
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
  let lo = colon;
  while (lo > 0 && !/^[.!?;]$/.test((toks[lo - 1] as Token).text) && !QUOTE_TOKENS.has((toks[lo - 1] as Token).text))
    lo--;
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
function clauseSubject(doc: QuoteDoc, toks: Token[], lo: number, c: number): Speaker | null {
  const w = lower(toks[c]);
  const prev = lower(toks[c - 1]);
  if (!(PARTICIPLE_CUES.has(w) && prev === ',') && prev !== 'and' && prev !== 'but') return null;
  const subj = speakerEndingAt(doc, toks, subjectEnd(doc, toks, lo, c), lo);
  if (!subj || subj.span.start !== (toks[lo] as Token).start) return null;
  return subj.entity !== null || subj.pronoun ? subj : null;
}
