// "X, who said (that) ...", "the site, which reported ...": a relative clause whose cue is the
// speaker's; the speaker phrase is the relative pronoun (as PolNeAR marks it), standing for the noun
// phrase before it.
import type { Token } from '../../tokenize.js';
import { lower, type QuoteDoc, type Reading, type Sentence } from '../context.js';
import { FILLERS } from '../lexicon.js';
import { contentAfterCue } from './subject-cue.js';

/** Words that may stand between "who" and its cue: "who has long said", "who once argued". */
const MAX_FILLERS = 3;

export function relativeCue(doc: QuoteDoc, s: Sentence, c: number): Reading | null {
  const { toks, s0 } = s;
  let p = c - 1;
  while (p > s0 && c - p <= MAX_FILLERS && (FILLERS.has(lower(toks[p])) || /^\p{Ll}+ly$/u.test(toks[p]?.text ?? '')))
    p--;
  // "who" for people, "which" for organisations and publications ("the site, which reported ...")
  if (p <= s0 || !/^(who|which)$/.test(lower(toks[p]))) return null;
  const who = toks[p] as Token;
  // the antecedent: the entity mention that ends right before "who" (or its comma)
  const before = toks[p - 1]?.text === ',' ? toks[p - 2] : toks[p - 1];
  const m = before ? doc.index.mentionEndingAt(before.end) : null;
  const speaker = { span: doc.span(who), entity: m ? m.entity : null, pronoun: null };
  return contentAfterCue(doc, s, c, speaker);
}
