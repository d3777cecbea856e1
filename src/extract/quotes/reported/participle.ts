// "..., saying ...": a participle clause whose speaker is the subject of the sentence, or the
// speaker of the attribution it follows ('"...," X said, adding that ...').
import type { Token } from '../../tokenize.js';
import { clauseStart } from '../clause.js';
import { contentDraft, skipObject } from '../content.js';
import { isCue, lower, QUOTE_TOKENS, type QuoteDoc, type Reading, type Sentence, type Speaker } from '../context.js';
import { ADDRESSEE_CUES, PARTICIPLE_CUES } from '../lexicon.js';
import { sentenceSubject, speakerBefore } from '../phrases.js';
import { speakerAfter } from '../speaker-after.js';

/** How far back from the participle an attribution's cue may stand ("X said in Richmond, noting"). */
const MAX_BACK = 20;

export function participleClause(doc: QuoteDoc, s: Sentence, c: number): Reading | null {
  const { toks, s1 } = s;
  const w = lower(toks[c]);
  // after a comma, a dash, or a quoted phrase's comma (', “New York values,” saying ...')
  const before = toks[c - 1]?.text ?? '';
  const opens =
    before === ',' || before === '–' || before === '—' || (QUOTE_TOKENS.has(before) && toks[c - 2]?.text === ',');
  if (!PARTICIPLE_CUES.has(w) || !opens) return null;
  // "X, the minister, said ..., adding that ...": the main clause's speaker, else its subject
  const subj = attributionSpeaker(doc, s, c) ?? sentenceSubject(doc, s.toks, s.s0, c);
  if (!subj) return null;
  let a = c + 1;
  if (ADDRESSEE_CUES.has(w)) a = skipObject(doc, toks, a, s1);
  // "telling reporters in May that ...": past the adjuncts to "that"
  const start = clauseStart(s, a);
  a = start.at;
  const draft = contentDraft(s, a, s1, true, start.marked);
  return draft && { draft, cue: doc.span(toks[c] as Token), speaker: subj, resolveAt: subj.span.start };
}

/** The speaker of the nearest cue before the participle: "X said, adding", '"...," said X, noting'. */
function attributionSpeaker(doc: QuoteDoc, s: Sentence, c: number): Speaker | null {
  const { toks, s0, s1, inQuote } = s;
  for (let j = c - 2; j >= Math.max(s0, c - MAX_BACK); j--) {
    if (inQuote[j]) return null;
    if (!isCue(doc.cues, lower(toks[j])) || /ing$/.test(lower(toks[j]))) continue;
    const before = speakerBefore(doc, toks, j, s0);
    if (before && (before.entity !== null || before.pronoun !== null)) return before;
    const after = toks[j - 1]?.text === ',' || inQuote[j - 1] ? speakerAfter(doc, toks, j + 1, s1, false) : null;
    return after && (after.entity !== null || after.pronoun !== null) ? after : before;
  }
  return null;
}
