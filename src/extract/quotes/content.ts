// Reported content: where it starts and ends in a sentence, and the words between a cue and it
// (an addressee: "told reporters", "asked him"). Shared by the reported-speech matchers.
import type { Token } from '../tokenize.js';
import { type Draft, isCue, isWordTok, lower, QUOTE_TOKENS, type QuoteDoc, type Sentence, tokenAt } from './context.js';
import { BOUNDARY_WORDS, boundaryKeys } from './cue-model.js';
import {
  BAD_CONTENT_START,
  CONTENT_STOPS,
  DETERMINERS,
  PARTICIPLE_CUES,
  PRONOUNS,
  SPEAKER_STOPS,
  TOLD_OBJECTS,
} from './lexicon.js';

/** Subordinators that open a clause before the main one: "if elected, she would ..." (closed class). */
const OPENING_CLAUSE = new Set(
  'if when because although though while after before once unless until since as given despite whether'.split(' '),
);

/**
 * Contents that reach a learnt boundary (PolNeAR train) end there at least this often. Above an
 * even split: a content cut short loses more overlap with the annotated span than one run on
 * (chosen on the training split: 0.5 -> 0.6 is +0.2 F1 there).
 */
const BOUNDARY_SHARE = 0.6;
/** The most specific learnt key decides (", and <Pron>" before ", and"). */
function endsHere(boundaries: Map<string, number>, keys: string[]): boolean {
  for (const key of keys) {
    const share = boundaries.get(key);
    if (share !== undefined) return share >= BOUNDARY_SHARE;
  }
  return false;
}

/** The word at toks[k] when it is one and inside the content, for a boundary key's context. */
const nextWord = (s: Sentence, k: number, b: number) =>
  k < b && isWordTok(s.toks[k]) ? (s.toks[k] as Token).text : undefined;

/** Reported content longer than this many tokens is cut there (a sentence of news is far shorter). */
const MAX_CONTENT_TOKENS = 300;

/**
 * Where reported content ends inside toks[a, b): at a semicolon, a non-restrictive clause (", which
 * ...", ", while ...", ", arguing ..."), a comma or conjunction where PolNeAR's reported contents
 * mostly end (learnt by src/cli/train-quotes.ts), or a coordinated clause that has its own
 * attribution (", but he said ...", "and added ...").
 */
export function contentEnd(s: Sentence, a: number, b: number): number {
  const { toks, inQuote } = s;
  // "said if elected, she would ...": the first comma closes the content's own opening clause
  let opening = OPENING_CLAUSE.has(lower(toks[a]));
  // a bounded scan, so that trying every cue of a run-on sentence stays linear
  b = Math.min(b, a + MAX_CONTENT_TOKENS);
  for (let k = a + 2; k < b; k++) {
    // ', “a phrase,” saying ...': a participle after a quoted phrase's comma
    if (
      QUOTE_TOKENS.has((toks[k] as Token).text) &&
      toks[k - 1]?.text === ',' &&
      PARTICIPLE_CUES.has(lower(toks[k + 1]))
    )
      return k + 1;
    if (inQuote[k]) continue;
    const t = (toks[k] as Token).text;
    if (t === ';') return k;
    const next = lower(toks[k + 1]);
    if (t === ',' && opening) {
      opening = false;
      continue;
    }
    if (t === ',') {
      if (CONTENT_STOPS.has(next) || PARTICIPLE_CUES.has(next)) return k;
      if (
        isWordTok(toks[k + 1]) &&
        endsHere(s.cues.boundaries, boundaryKeys(true, (toks[k + 1] as Token).text, nextWord(s, k + 2, b)))
      )
        return k;
      continue;
    }
    if (
      BOUNDARY_WORDS.has(t.toLowerCase()) &&
      endsHere(s.cues.boundaries, boundaryKeys(false, t, nextWord(s, k + 1, b)))
    )
      return toks[k - 1]?.text === ',' ? k - 1 : k;
    if (t !== 'and' && t !== 'but') continue;
    for (let j = k + 1; j < Math.min(b, k + 6); j++) {
      const x = toks[j] as Token;
      if (inQuote[j] || !isWordTok(x)) break;
      const xl = x.text.toLowerCase();
      if (SPEAKER_STOPS.has(xl)) break;
      if (isCue(s.cues, xl) && !/ing$/.test(xl) && !DETERMINERS.has(lower(toks[j - 1])) && lower(toks[j - 1]) !== 'to')
        return toks[k - 1]?.text === ',' ? k - 1 : k;
    }
  }
  return b;
}

/** Subordinators that open an adverbial clause of the speech act, never what was said. */
const ADVERBIAL_CLAUSE = new Set(['as', 'when', 'while', 'because', 'although', 'though', 'once', 'unless', 'whereas']);

/**
 * The reported content in s.toks[a, b) as a draft, or null when it is too short to be one. `trim`
 * ends it at contentEnd; `marked` says a complementizer or colon introduced it.
 */

export function contentDraft(s: Sentence, a: number, b: number, trim = false, marked = false): Draft | null {
  const { toks, inQuote } = s;
  while (a < b && /^[,:—–-]$/.test((toks[a] as Token).text)) a++;
  if (trim) b = contentEnd(s, a, b);
  while (b > a && /^[.,;:!?)\]]$/.test((toks[b - 1] as Token).text) && !inQuote[b - 1]) b--;
  if (b - a < 2) return null;
  let words = 0;
  for (let k = a; k < b; k++) if (isWordTok(toks[k])) words++;
  if (words < 2) return null;
  // after a cue, a preposition starts an adjunct of the speech act, not content ("said in March");
  // content before its attribution may open with one ("In 2014, prices fell, X said")
  // after "that" or a colon, the clause may open with any word ("said that this was ...")
  const quantifier = lower(toks[a]) === 'at' && /^(least|most)$/.test(lower(toks[a + 1])); // "at least six"
  if (trim && !marked && !quantifier && BAD_CONTENT_START.has(lower(toks[a]))) return null;
  // ... and so does a subordinator: "said on Monday as she left the hall"
  if (trim && !marked && ADVERBIAL_CLAUSE.has(lower(toks[a]))) return null;
  // Content that starts a direct quote is the direct quote's.
  if (inQuote[a] && QUOTE_TOKENS.has((toks[a] as Token).text)) {
    let allQuoted = true;
    for (let k = a; k < b; k++) if (!inQuote[k]) allQuoted = false;
    if (allQuoted) return null;
  }
  const first = toks[a] as Token;
  const last = toks[b - 1] as Token;
  return {
    kind: 'indirect',
    pieces: [{ start: first.start, end: last.end }],
    parts: [{ start: first.start, end: last.end }],
    start: first.start,
    end: last.end,
    cue: null,
    speakerMention: null,
    speaker: null,
    region: s.region,
  };
}

/** The token after an addressee: "told reporters", "told the Senate committee", "asked him". */
export function skipObject(doc: QuoteDoc, toks: Token[], a: number, s1: number): number {
  const m = doc.index.mentionStartingAt(toks[a]?.start ?? -1);
  if (m) {
    while (a < s1 && (toks[a] as Token).start < m.end) a++;
    return a;
  }
  if (TOLD_OBJECTS.has(lower(toks[a]))) {
    if (lower(toks[a]) === 'the' && isWordTok(toks[a + 1])) return a + 2;
    return a + 1;
  }
  return a;
}

/** The last token of the subject before a ", saying" participle: the first verb-like gap. */
export function subjectEnd(doc: QuoteDoc, toks: Token[], s0: number, c: number): number {
  // "The Ministry of Health ...": a name, after "the" or not
  const named = DETERMINERS.has(lower(toks[s0])) ? s0 + 1 : s0;
  const m = doc.index.mentionStartingAt((toks[named] as Token | undefined)?.start ?? -1);
  if (m) return tokenAt(toks, m.end) - 1;
  if (PRONOUNS.has(lower(toks[s0]))) return s0;
  // "The spokesperson declined ... and said": a description runs to the first tensed-looking verb
  if (DETERMINERS.has(lower(toks[s0]))) {
    let j = s0 + 1;
    while (j < c && j - s0 < 5 && isWordTok(toks[j]) && !/\p{Ll}(ed|s)$/u.test((toks[j] as Token).text)) j++;
    if (j > s0 + 1 && j < c) return j - 1;
  }
  let k = s0;
  while (k < c && k - s0 < 5 && /^\p{Lu}/u.test((toks[k] as Token).text)) k++;
  return Math.max(s0, k - 1);
}
