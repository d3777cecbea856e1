// Speaker phrases at an attribution site: the noun phrase, name or pronoun right before a cue
// ("the minister said", "Jane Doe, a lawyer for the group, said") or right after it ("said Jane Doe",
// "according to the WHO").
import type { Token } from '../tokenize.js';
import { subjectEnd } from './content.js';
import { isCue, isWordTok, lower, QUOTE_TOKENS, type QuoteDoc, type Speaker, tokenAt } from './context.js';
import { AUXILIARIES, DETERMINERS, FILLERS, PRONOUNS, SPEAKER_STOPS } from './lexicon.js';
import type { MentionRef } from './speakers.js';

/** How far back a relative pronoun may open the clause a word stands in, in tokens. */
const MAX_CLAUSE_BACK = 40;
/** Relative pronouns that attach a clause to a person. */
export const RELATIVES = new Set(['who', 'whose', 'whom']);

/** Words after a speaker's comma that start a clause of their own, not an apposition. */
export const CLAUSE_LINKS = new Set([
  'and',
  'but',
  'or',
  'which',
  'while',
  'whereas',
  'then',
  'so',
  'though',
  'although',
]);

/** The speaker written right before toks[cue] (not before `lo`), skipping "also", "has", adverbs. */
export function speakerBefore(doc: QuoteDoc, toks: Token[], cue: number, lo: number): Speaker | null {
  let p = cue - 1;
  const skip = () => {
    while (p >= lo && (FILLERS.has(lower(toks[p])) || /^\p{Ll}+ly$/u.test((toks[p] as Token).text))) p--;
  };
  skip();
  // "X is calling for ...", "she was telling ...": an auxiliary before a participle cue
  if (p >= lo && /ing$/.test(lower(toks[cue])) && AUXILIARIES.has(lower(toks[p]))) {
    p--;
    skip();
  }
  if (p < lo) return null;
  const t = toks[p] as Token;
  // "X, a lawyer for Y, said": the speaker is X with its apposition.
  if (t.text === ',' && p - 1 >= lo) {
    for (let k = p - 1; k >= Math.max(lo, p - 25); k--) {
      const x = toks[k] as Token;
      if (QUOTE_TOKENS.has(x.text) || x.text === ';' || x.text === ':') break;
      if (x.text !== ',') continue;
      const head = withParenthesis(doc, toks, k - 1, lo);
      const inner = doc.index.mentionStartingAt((toks[k + 1] as Token).start);
      if (head && (head.entity !== null || inner || DETERMINERS.has(lower(toks[k + 1])))) {
        const entity = head.entity ?? (inner && inner.end === (toks[p - 1] as Token).end ? inner.entity : null);
        return { ...head, entity, span: doc.slice(head.span.start, (toks[p - 1] as Token).end) };
      }
      break;
    }
    // "Rep. Jane Doe (D-Ore.), said": no apposition, only the parenthesis
    return toks[p - 1]?.text === ')' ? withParenthesis(doc, toks, p - 1, lo) : null;
  }
  return withParenthesis(doc, toks, p, lo);
}

/**
 * Whether toks[p] lies in a subordinate clause that is still open ("the man who lacks experience and
 * has attacked ..."): a relative pronoun before it with no comma closing the clause between.
 */
function insideSubordinate(toks: Token[], lo: number, p: number): boolean {
  for (let k = p - 1; k > Math.max(lo, p - MAX_CLAUSE_BACK); k--) {
    const w = lower(toks[k]);
    if (w === ',') return false;
    if (RELATIVES.has(w) || w === 'which' || w === 'that') return true;
  }
  return false;
}

/** The name or pronoun that opens the clause at toks[lo] (before `p`), if the clause opens with one. */
function clauseSubject(doc: QuoteDoc, toks: Token[], lo: number, p: number): Speaker | null {
  const first = toks[lo] as Token;
  if (PRONOUNS.has(lower(first))) return { span: doc.span(first), entity: null, pronoun: lower(first) };
  let k = lo;
  // "Mr. Smith", "Sen. Jane Doe": a title before the name belongs to the phrase
  while (
    k < p &&
    k - lo < 3 &&
    !doc.index.mentionStartingAt((toks[k] as Token).start) &&
    /^\p{Lu}/u.test((toks[k] as Token).text)
  )
    k++;
  const m = doc.index.mentionStartingAt((toks[k] as Token).start);
  if (!m || m.end > (toks[p] as Token).start) return null;
  return { span: doc.slice(first.start, m.end), entity: m.entity, pronoun: null };
}

/** Longest span of a parenthesis: "(D-N.C.)" is a handful of tokens, never a clause. */
const MAX_PAREN = 10;

/**
 * The speaker ending at toks[p], over a parenthesis that closes there: "Sen. Jane Doe (D-Mo.)" is
 * one speaker phrase, the party and state being part of how the person is named.
 */
function withParenthesis(doc: QuoteDoc, toks: Token[], p: number, lo: number): Speaker | null {
  const t = toks[p];
  if (!t || p < lo) return null;
  if (t.text !== ')' && t.text !== '.') return speakerEndingAt(doc, toks, p, lo);
  let k = p;
  while (k > lo && (toks[k] as Token).text !== '(' && p - k < MAX_PAREN) k--;
  if ((toks[k] as Token).text === '(' && k - 1 >= lo) {
    const head = speakerEndingAt(doc, toks, k - 1, lo);
    if (head) return { ...head, span: doc.slice(head.span.start, t.end) };
  }
  return t.text === '.' ? speakerEndingAt(doc, toks, p, lo) : null;
}

/** Index of the ")" that closes the "(" at toks[i], or -1 (a parenthesis is short). */
export function parenEnd(toks: Token[], i: number, hi: number): number {
  if (toks[i]?.text !== '(') return -1;
  for (let k = i + 1; k < Math.min(hi, i + MAX_PAREN); k++) {
    const x = (toks[k] as Token).text;
    if (x === ')') return k;
    if (x === '(' || QUOTE_TOKENS.has(x)) return -1;
  }
  return -1;
}

/** A noun phrase, mention or pronoun that ends with toks[p]. */
export function speakerEndingAt(doc: QuoteDoc, toks: Token[], p: number, lo: number): Speaker | null {
  if (p < lo) return null;
  // "X toured the harbour and said ...": a coordinated verb shares the subject of its clause
  if (lower(toks[p]) === 'and' && !insideSubordinate(toks, lo, p)) {
    const end = subjectEnd(doc, toks, lo, p);
    // (the subject ends before the "and": a sentence opening with "And" has none to share)
    const subj = clauseSubject(doc, toks, lo, p) ?? (end < p ? speakerEndingAt(doc, toks, end, lo) : null);
    if (subj && subj.span.start === (toks[lo] as Token).start) return subj;
  }
  const t = toks[p] as Token;
  const m = doc.index.mentionEndingAt(t.end);
  if (m && m.start >= (toks[lo] as Token).start) {
    return affiliated(doc, toks, lo, m) ?? { span: doc.slice(m.start, m.end), entity: m.entity, pronoun: null };
  }
  const w = t.text.toLowerCase();
  if (PRONOUNS.has(w)) return { span: doc.span(t), entity: null, pronoun: w };
  if (!isWordTok(t) || SPEAKER_STOPS.has(w) || DETERMINERS.has(w)) return null;
  let q = p;
  while (q - 1 >= lo && p - q < 7) {
    const x = toks[q - 1] as Token;
    const xl = x.text.toLowerCase();
    if (DETERMINERS.has(xl)) {
      q--;
      break;
    }
    if (SPEAKER_STOPS.has(xl) || isCue(doc.cues, xl) || PRONOUNS.has(xl)) break;
    if (!isWordTok(x) && !/^['’]s$/.test(x.text) && x.text !== '-' && x.text !== '.') break;
    q--;
  }
  const first = toks[q] as Token;
  // the phrase must start at a boundary: a determiner, the sentence start or punctuation
  const before = toks[q - 1];
  if (!DETERMINERS.has(lower(first)) && q > lo && isWordTok(before) && !/^\p{Lu}/u.test(first.text)) return null;
  return { span: doc.span(first, t), entity: doc.index.headEntity(first.start, t.end), pronoun: null };
}

/**
 * "Jane Doe of the University of Eastfield": a person named with where they work or come from is
 * the speaker, not the place or organisation that ends the phrase.
 */
function affiliated(doc: QuoteDoc, toks: Token[], lo: number, m: MentionRef): Speaker | null {
  let k = tokenAt(toks, m.start) - 1;
  if (lower(toks[k]) === 'the') k--;
  if (!/^(of|at|from)$/.test(lower(toks[k])) || k - 1 < lo) return null;
  const person = doc.index.mentionEndingAt((toks[k - 1] as Token).end);
  if (!person || doc.index.entities[person.entity]?.type !== 'person') return null;
  return { span: doc.slice(person.start, m.end), entity: person.entity, pronoun: null };
}

/** The subject that opens the sentence at toks[lo], before the verb at toks[c]: "X, saying ...". */
export function sentenceSubject(doc: QuoteDoc, toks: Token[], lo: number, c: number): Speaker | null {
  const subj = speakerEndingAt(doc, toks, subjectEnd(doc, toks, lo, c), lo);
  // the subject opens the sentence, after "the" or not ("The Ministry of Health said ..., saying")
  const opens = DETERMINERS.has(lower(toks[lo])) ? (toks[lo + 1] as Token | undefined)?.start : -1;
  return subj && (subj.span.start === (toks[lo] as Token).start || subj.span.start === opens) ? subj : null;
}
