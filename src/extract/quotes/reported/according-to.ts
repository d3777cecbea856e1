// "According to X, ..." and "..., according to X."
import type { Token } from '../../tokenize.js';
import { contentDraft } from '../content.js';
import { isWordTok, lower, type QuoteDoc, type Reading, type Sentence } from '../context.js';
import { speakerAfter } from '../speaker-after.js';

export const isAccordingTo = (s: Sentence, c: number) =>
  lower(s.toks[c]) === 'according' && lower(s.toks[c + 1]) === 'to';

export function accordingTo(doc: QuoteDoc, s: Sentence, c: number): Reading | null {
  const { toks, s0, s1 } = s;
  // an apposition after the source belongs to it only when the phrase ends the sentence
  const sp = speakerAfter(doc, toks, c + 2, s1, c !== s0);
  if (!sp) return null;
  const cue = doc.span(toks[c] as Token, toks[c + 1] as Token);
  if (c === s0 || (c === s0 + 1 && !isWordTok(toks[s0]))) {
    // the content follows the source's comma
    let k = c + 2;
    while (k < s1 && (toks[k] as Token).text !== ',') k++;
    const draft = contentDraft(s, k + 1, s1, true);
    return draft && { draft, cue, speaker: sp, resolveAt: sp.span.start };
  }
  if (toks[c - 1]?.text === ',' || toks[c - 1]?.text === '(') {
    const draft = contentDraft(s, s0, c - 1);
    return draft && { draft, cue, speaker: sp, resolveAt: sp.span.start };
  }
  return null;
}
