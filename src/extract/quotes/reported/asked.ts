// "Asked whether the plan would pass, X said ...", "When asked about the plan, ...", "X was asked
// if ...": the question put to someone is reported speech of the asker, who is unnamed or follows
// "by". The question runs to the comma that opens the main clause.
import type { Token } from '../../tokenize.js';
import { clauseStart } from '../clause.js';
import { contentDraft } from '../content.js';
import { lower, type QuoteDoc, type Reading, type Sentence, tokenAt } from '../context.js';
import { speakerAfter } from '../speaker-after.js';

/** Words before "asked" that make it a passive or adverbial question, not "X asked". */
const BEFORE_ASKED = new Set(['when', 'if', 'after', 'as', 'once', 'was', 'were', 'is', 'are', 'being', 'been']);

export function askedClause(doc: QuoteDoc, s: Sentence, c: number): Reading | null {
  const { toks, s0, s1 } = s;
  if (lower(toks[c]) !== 'asked') return null;
  if (c !== s0 && !BEFORE_ASKED.has(lower(toks[c - 1]))) return null;
  const passive = c !== s0 && /^(was|were|is|are|being|been)$/.test(lower(toks[c - 1]));
  let a = c + 1;
  // "Asked by a reporter whether ...": the asker
  let sp = null;
  if (lower(toks[a]) === 'by') {
    sp = speakerAfter(doc, toks, a + 1, s1, false);
    if (!sp) return null;
    a = tokenAt(toks, sp.span.end);
  }
  a = clauseStart(s, a).at;
  if (lower(toks[a]) === 'about') a++;
  // the question ends at the comma before the main clause ("Asked ..., X said"); a passive "X was
  // asked whether ..." runs to the sentence's end
  let b = a;
  while (b < s1 && (passive || (toks[b] as Token).text !== ',')) b++;
  if (!passive && b >= s1) return null;
  const draft = contentDraft(s, a, b, passive);
  if (!draft) return null;
  return { draft, cue: doc.span(toks[c] as Token), speaker: sp, resolveAt: sp ? sp.span.start : draft.start };
}
