// Where reported content starts after a cue (and its addressee): past adjuncts of the speech act
// ("said on Tuesday", "said in a statement", "said — on Twitter —"), a complementizer "that", or a
// colon ("said: ..."). A "that" further on is a complementizer only when what stands between it and
// the cue is such an adjunct: in "said she was not going to jump to that conclusion" the clause
// starts at "she", and "that" is a determiner inside it.
import type { Token } from '../tokenize.js';
import { isCue, isWordTok, lower, QUOTE_TOKENS, type Sentence } from './context.js';
import { DETERMINERS, PRONOUNS } from './lexicon.js';

/** Prepositions that open an adjunct of the speech act (closed class). */
const ADJUNCT_PREPS = new Set(
  'in on at during after before for with from via over through since ahead following'.split(' '),
);
/** Words that are a time adjunct on their own: "said Tuesday", "said yesterday". */
export const TIME_WORDS =
  /^(monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|tonight|recently|earlier|later|again|also|previously|repeatedly|publicly|privately|separately|once|late|early|last|this|next|week|month|year|morning|afternoon|evening|night)$/;
/** An adjunct's noun phrase is at most this long before the clause must have begun. */
const MAX_ADJUNCT = 8;

export interface ClauseStart {
  /** First token of the content. */
  at: number;
  /** Whether a complementizer or colon introduced it ("said that ...", "said: ..."). */
  marked: boolean;
}

/**
 * The start of the content after the cue's words end at token a: skips adjuncts, then "that" or a
 * colon. Unmarked content starts right after the adjuncts.
 */
export function clauseStart(s: Sentence, a: number): ClauseStart {
  const { toks, s1, inQuote } = s;
  const at = (k: number) => lower(toks[k]);
  const marker = (k: number): ClauseStart | null =>
    at(k) === 'that' || toks[k]?.text === ':' ? { at: k + 1, marked: true } : null;
  let k = a;
  for (let steps = 0; k < s1 && steps < 4; steps++) {
    const m = marker(k);
    if (m) return m;
    if (inQuote[k]) break;
    const t = (toks[k] as Token).text;
    const w = t.toLowerCase();
    // a dash or comma aside: "said — on Twitter, as it happens — that ..."
    if (t === ',') {
      const m2 = marker(k + 1);
      if (m2) return m2;
      // a place in apposition: "said in Madison, Wisconsin, that ..."
      let j = k + 1;
      while (j < s1 && j - k < 4 && /^\p{Lu}/u.test((toks[j] as Token).text)) j++;
      if (j > k + 1 && toks[j]?.text === ',') {
        k = j + 1;
        continue;
      }
    }
    if (t === '—' || t === '–' || t === '-' || t === ',') {
      const close = asideEnd(s, k);
      if (close < 0) break;
      k = close + 1;
      continue;
    }
    if (TIME_WORDS.test(w) || /^\p{Ll}+ly$/u.test(t)) {
      k++;
      continue;
    }
    // "at least six planes": a quantifier, not an adjunct
    if (!ADJUNCT_PREPS.has(w) || (w === 'at' && /^(least|most)$/.test(lower(toks[k + 1])))) break;
    const e = adjunctNounEnd(s, k + 1);
    if (e < 0) return { at: a, marked: false };
    k = e;
  }
  return { at: k, marked: false };
}

/** The token after the noun phrase of a prepositional adjunct that starts at k, or -1. */
function adjunctNounEnd(s: Sentence, k: number): number {
  const { toks, s1, inQuote } = s;
  const k0 = k;
  if (DETERMINERS.has(lower(toks[k])) && lower(toks[k]) !== 'that') k++;
  let nouns = 0;
  while (k < s1 && k - k0 < MAX_ADJUNCT && !inQuote[k]) {
    const t = toks[k] as Token;
    const w = t.text.toLowerCase();
    if (/^['’]s$/.test(t.text) && nouns > 0) {
      k++;
      continue;
    }
    if (!isWordTok(t) || w === 'that' || PRONOUNS.has(w) || ADJUNCT_PREPS.has(w) || isCue(s.cues, w)) break;
    // a determiner after the adjunct's noun starts the reported clause's subject
    if (DETERMINERS.has(w) && nouns > 0) break;
    nouns++;
    k++;
  }
  return nouns > 0 && k < s1 ? k : -1;
}

/** Index of the dash or comma that closes an aside opened at k, or -1. */
function asideEnd(s: Sentence, k: number): number {
  const { toks, s1, inQuote } = s;
  const open = (toks[k] as Token).text;
  const w = lower(toks[k + 1]);
  // only an adjunct aside: a preposition or time word follows the opening mark
  if (!ADJUNCT_PREPS.has(w) && !TIME_WORDS.test(w) && !/^\p{Ll}+ly$/u.test(toks[k + 1]?.text ?? '')) return -1;
  for (let j = k + 2; j < Math.min(s1, k + 14); j++) {
    if (inQuote[j] || QUOTE_TOKENS.has((toks[j] as Token).text)) return -1;
    const t = (toks[j] as Token).text;
    if (open === ',' ? t === ',' : t === open) return j;
  }
  return -1;
}

/** Finite auxiliaries, modals and copulas (closed class): a clause has one or a tensed verb. */
const FINITE = new Set(
  `is are was were be been being am has have had will would can could should may might must do does did shall
's 're 've 'll 'd ’s ’re ’ve ’ll ’d n't n’t not`.split(/\s+/),
);

/**
 * Whether toks[a, b) reads as a clause ("the ferry will stop", "prices rose") rather than only an
 * object noun phrase ("a third goal in stoppage time", "the proposal"): "X added" or "X said" with a
 * bare noun phrase is not reported speech. A clause has a pronoun subject, a finite auxiliary, or a
 * tensed-looking verb (-ed, or -s after a noun) after its first word.
 */
export function looksLikeClause(s: Sentence, a: number, b: number): boolean {
  const { toks } = s;
  if (PRONOUNS.has(lower(toks[a])) || lower(toks[a]) === 'there') return true;
  for (let k = a + 1; k < b; k++) {
    const t = toks[k] as Token;
    const w = t.text.toLowerCase();
    if (FINITE.has(w)) return true;
    if (!/^\p{Ll}/u.test(t.text)) continue;
    const prev = lower(toks[k - 1]);
    if (DETERMINERS.has(prev) || ADJUNCT_PREPS.has(prev)) continue;
    if (/[^e]ed$|[^s]s$/.test(w) && isWordTok(toks[k - 1])) return true;
  }
  return false;
}
