// Speaker phrases of "X said ..." that the general phrase reader (phrases.ts) does not take: the
// subject of a coordinated cue, a speaker before an aside, and a plain noun phrase with
// prepositions ("67 percent of voters say ...").
import type { Token } from '../../tokenize.js';
import { subjectEnd } from '../content.js';
import { isCue, isWordTok, lower, QUOTE_TOKENS, type QuoteDoc, type Sentence, type Speaker } from '../context.js';
import { DETERMINERS, SPEAKER_STOPS } from '../lexicon.js';
import { speakerBefore, speakerEndingAt } from '../phrases.js';

/**
 * The subject of "X did this and said ...": a name, pronoun or description that opens the sentence,
 * or that follows an opening adverbial and its comma ("In an interview, X criticised ... and said").
 * Unlike phrases.ts's sentenceSubject (for participles), a description counts: "The spokesperson
 * declined to comment and said ...".
 */
export function coordinatedSubject(doc: QuoteDoc, s: Sentence, c: number, lo: number): Speaker | null {
  const { toks, inQuote } = s;
  let from = lo;
  for (let tries = 0; tries < 2 && from < c - 1; tries++) {
    const subj = speakerEndingAt(doc, toks, subjectEnd(doc, toks, from, c), from);
    // a named, pronoun or described subject ("The spokesperson declined to comment and said ...")
    const described = DETERMINERS.has(lower(toks[from]));
    if (subj && subj.span.start === (toks[from] as Token).start && (subj.entity !== null || subj.pronoun || described))
      return subj;
    // past an opening adverbial: its first comma outside quotes
    let k = from;
    while (k < c - 2 && ((toks[k] as Token).text !== ',' || inQuote[k])) k++;
    if (k >= c - 2 || tries > 0 || !/^\p{Lu}/u.test(toks[from]?.text ?? '')) return null;
    from = k + 1;
  }
  return null;
}

/** An aside between a speaker and the cue is at most this many tokens. */
const MAX_ASIDE = 25;

/**
 * "X, however, said", "X — a teacher from Dover — says", "Rep. X (D-Md.), chair of the panel,
 * said": the speaker before an aside set off by commas or dashes. An aside of one word (an adverb)
 * stays out of the speaker span; an apposition is part of it.
 */
export function speakerBeforeAside(doc: QuoteDoc, s: Sentence, c: number, lo: number): Speaker | null {
  const { toks, inQuote } = s;
  const close = toks[c - 1]?.text ?? '';
  if (close !== ',' && close !== '—' && close !== '–') return null;
  let k = c - 2;
  while (k > lo && c - k < MAX_ASIDE && ((toks[k] as Token).text !== close || inQuote[k])) k--;
  if (k <= lo || (toks[k] as Token).text !== close || k === c - 2) return null;
  const head = speakerBefore(doc, toks, k, lo);
  if (!head) return null;
  if (k === c - 3) return head;
  return { ...head, span: doc.slice(head.span.start, (toks[c - 2] as Token).end) };
}

/** Prepositions inside a subject noun phrase ("majorities in all five", "67 percent of voters"). */
const NP_PREPS = new Set(['of', 'in', 'from', 'at', 'across', 'among', 'with']);
/** A subject noun phrase read this way is at most this many tokens. */
const MAX_NP = 8;

/**
 * "Majorities in all five say ...", "67 percent of voters say ...": a noun phrase with
 * prepositions that runs from the sentence's start (or a conjunction or comma) to the cue, with no
 * verb-like word in it. It names no entity of its own unless its head is a mention.
 */
export function nounPhraseBefore(doc: QuoteDoc, s: Sentence, c: number, lo: number): Speaker | null {
  const { toks, inQuote } = s;
  let k = c - 1;
  while (k >= lo && c - k <= MAX_NP) {
    const t = toks[k] as Token;
    const w = t.text.toLowerCase();
    if (inQuote[k] || QUOTE_TOKENS.has(t.text) || !isWordTok(t) || SPEAKER_STOPS.has(w) || isCue(doc.cues, w)) break;
    if (/^(and|but|while|as)$/.test(w) && k < c - 1) break;
    // a verb-like word: the phrase is a clause, not a subject
    if (k < c - 1 && /\p{Ll}(ed|ing)$/u.test(t.text) && !DETERMINERS.has(w)) return null;
    k--;
  }
  const from = k + 1;
  if (from >= c - 1) return null;
  // it opens the sentence or a clause: after a comma, a conjunction, or "which", "that", "where"
  const open =
    k < lo || toks[k]?.text === ',' || /^(and|but|while|as)$/.test(lower(toks[k])) || SPEAKER_STOPS.has(lower(toks[k]));
  if (!open) return null;
  // it must hold a preposition (else phrases.ts would have read it) and end in a noun-like word
  let prep = false;
  for (let j = from + 1; j < c - 1; j++) if (NP_PREPS.has(lower(toks[j]))) prep = true;
  if (!prep || NP_PREPS.has(lower(toks[c - 1]))) return null;
  const first = toks[from] as Token;
  const last = toks[c - 1] as Token;
  return { span: doc.span(first, last), entity: doc.index.headEntity(first.start, last.end), pronoun: null };
}
