// "DOE: Well, ..." / "Jane Doe: We will win": a name and a colon open the paragraph, and what follows
// is that speaker's. A single ordinary word before the colon ("Exclusive: ...") is a label, not a name.
import type { Token } from '../../tokenize.js';
import { contentDraft } from '../content.js';
import { QUOTE_TOKENS, type QuoteDoc, type Reading, type Sentence, wordCount } from '../context.js';
import { PRONOUNS } from '../lexicon.js';
import { speakerEndingAt } from '../phrases.js';

export function transcriptTurn(doc: QuoteDoc, s: Sentence): Reading | null {
  const { toks, s0, s1, inQuote } = s;
  if (s0 !== 0) return null;
  let k = QUOTE_TOKENS.has(toks[0]?.text ?? '') ? 1 : 0;
  const k0 = k;
  while (k < s1 && k - k0 < 4 && /^\p{Lu}/u.test((toks[k] as Token).text) && !inQuote[k]) k++;
  if (k === k0 || toks[k]?.text !== ':') return null;
  const sp = speakerEndingAt(doc, toks, k - 1, k0);
  if (!sp || PRONOUNS.has(sp.span.text.toLowerCase())) return null;
  // "Exclusive: Firm plans ...": a single ordinary capitalised word before the colon is a headline
  // label; a turn's speaker is a name the tagger knows, a word of an entity's name found elsewhere
  // ("Lopez:" in a headline the tagger missed) or a name in capitals ("DOE:")
  if (k - k0 === 1 && sp.entity === null && !/^\p{Lu}{2,}$/u.test(sp.span.text) && !namesEntity(doc, sp.span.text))
    return null;
  // the turn runs to the end of the paragraph, past sentence ends
  const draft = contentDraft(s, k + 1, toks.length);
  if (!draft || wordCount(doc.textOf(draft)) < 3) return null;
  return { draft, cue: doc.span(toks[k] as Token), speaker: sp, resolveAt: sp.span.start };
}

/** Whether a word is one of the words of some entity's name or aliases. */
function namesEntity(doc: QuoteDoc, word: string): boolean {
  return doc.index.nameWords().has(word);
}
