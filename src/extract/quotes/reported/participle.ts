// "..., saying ...": a participle clause whose speaker is the subject of the sentence.
import type { Token } from '../../tokenize.js';
import { contentDraft, skipObject, subjectEnd } from '../content.js';
import { lower, type QuoteDoc, type Reading, type Sentence } from '../context.js';
import { ADDRESSEE_CUES, PARTICIPLE_CUES } from '../lexicon.js';
import { speakerEndingAt } from '../phrases.js';

export function participleClause(doc: QuoteDoc, s: Sentence, c: number): Reading | null {
  const { toks, s0, s1 } = s;
  const w = lower(toks[c]);
  if (!PARTICIPLE_CUES.has(w) || toks[c - 1]?.text !== ',') return null;
  const subj = speakerEndingAt(doc, toks, subjectEnd(doc, toks, s0, c), s0);
  if (!subj || subj.span.start !== (toks[s0] as Token).start) return null;
  let a = c + 1;
  if (ADDRESSEE_CUES.has(w)) a = skipObject(doc, toks, a, s1);
  const that = lower(toks[a]) === 'that';
  if (that) a++;
  const draft = contentDraft(s, a, s1, true, that);
  return draft && { draft, cue: doc.span(toks[c] as Token), speaker: subj, resolveAt: subj.span.start };
}
