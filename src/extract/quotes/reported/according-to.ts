// "According to X, ..." and "..., according to X."
import type { Token } from '../../tokenize.js';
import { contentDraft } from '../content.js';
import { isWordTok, lower, type QuoteDoc, type Reading, type Sentence, tokenAt, wordCount } from '../context.js';
import { DETERMINERS } from '../lexicon.js';
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
    // "A, according to X, B": the source interrupts the content, which is the whole sentence. B
    // that opens with a determiner or a name is the source's apposition (", a lawyer", ", Smith")
    const plain = toks[c - 1]?.text === ',' ? speakerAfter(doc, toks, c + 2, s1, false) : null;
    const after = plain ? tokenAt(toks, plain.span.end) : -1;
    const rest = toks[after + 1];
    const wraps =
      plain !== null &&
      toks[after]?.text === ',' &&
      rest !== undefined &&
      !DETERMINERS.has(lower(rest)) &&
      !/^\p{Lu}/u.test(rest.text) &&
      wordCount(doc.text.slice((toks[after] as Token).end, (toks[s1 - 1] as Token).end)) >= 2;
    const source = wraps && plain ? plain : sp;
    const draft = wraps ? contentDraft(s, s0, s1) : contentDraft(s, s0, c - 1);
    return draft && { draft, cue, speaker: source, resolveAt: source.span.start };
  }
  return null;
}
