// "..., X added." / "..., said X." / "A, X said, B.": the attribution follows the content after a
// comma, or interrupts it.
import type { Token } from '../../tokenize.js';
import { clauseStart, looksLikeClause, TIME_WORDS } from '../clause.js';
import { contentDraft } from '../content.js';
import {
  countWords,
  isWordTok,
  lower,
  QUOTE_TOKENS,
  type QuoteDoc,
  type Reading,
  type Sentence,
  type Speaker,
  tokenAt,
} from '../context.js';
import { BAD_CONTENT_START, DETERMINERS, PARTICIPLE_CUES, PRONOUNS, SPEAKER_STOPS } from '../lexicon.js';
import { speakerBefore } from '../phrases.js';
import { speakerAfter } from '../speaker-after.js';

/** More words than this after the cue are content of their own ("X said that ..."), not a tail. */
const MAX_REST_WORDS = 8;
/** The adjuncts between the speaker and a tail's comma ("said on Tuesday in Dover, ..."), in tokens. */
const MAX_ADJUNCT_TOKENS = 20;
/** As many words after the speaker and adjuncts make a content of their own. */
const MIN_OWN_WORDS = 2;

export function commaCue(doc: QuoteDoc, s: Sentence, c: number): Reading | null {
  const { toks, s0, s1, inQuote } = s;
  const found = speakerAndComma(doc, s, c);
  if (!found || found.comma <= s0) return null;
  const { sp, comma, afterSp } = found;
  const start = clauseStart(s, afterSp);
  // "..., she said that ...": the content follows the cue (a later "that", as in ", adding that", does not)
  if (start.marked) return null;
  // skip time and place adjuncts after the cue: "said on Tuesday", "said in a statement"
  let e = afterSp;
  while (e < s1 && e - afterSp < MAX_ADJUNCT_TOKENS && !/^[,.!?;]$/.test((toks[e] as Token).text)) e++;
  // ", adding that ..." after the attribution is a clause of its own (participle.ts reads it),
  // neither B of "A, X said, B" nor what X said; ", and B" is B (PolNeAR reads it so)
  const aside = (toks[e] as Token | undefined)?.text === ',' && PARTICIPLE_CUES.has(lower(toks[e + 1]));
  const tail = !aside && e + 1 < s1 && (toks[e] as Token).text === ',' && countWords(toks, e + 1, s1, 3) >= 3;
  // words after the speaker and the speech act's adjuncts ("said on Tuesday in a statement") are
  // content of their own ("..., he said he would ...") unless they are the tail of "A, X said, B"
  const end = aside ? e : s1;
  const restWords = countWords(toks, c + 1, end, MAX_REST_WORDS + 1, inQuote);
  const ownWords = start.at < end ? countWords(toks, start.at, end, MIN_OWN_WORDS) : 0;
  if ((restWords > MAX_REST_WORDS || ownWords >= MIN_OWN_WORDS) && !tail) return null;
  if (!tail && !isClauseBefore(doc, s, comma)) return null;
  // "A, X said, B": the whole sentence
  const draft = tail ? contentDraft(s, s0, s1) : contentDraft(s, s0, comma);
  const tok = toks[c] as Token;
  return draft && { draft, cue: doc.span(tok), speaker: sp, resolveAt: draft.start };
}

/** The speaker next to the cue and the comma that ends the content before them. */
function speakerAndComma(
  doc: QuoteDoc,
  s: Sentence,
  c: number,
): { sp: Speaker; comma: number; afterSp: number } | null {
  const { toks, s0, s1 } = s;
  // "..., citing higher costs" is a participle clause (participle.ts), not "..., said X"
  const inverted = !/ing$/.test(lower(toks[c]));
  if (
    inverted &&
    (toks[c - 1]?.text === ',' || (QUOTE_TOKENS.has(toks[c - 1]?.text ?? '') && toks[c - 2]?.text === ','))
  ) {
    // ", said X"
    const sp = speakerAfter(doc, toks, c + 1, s1);
    if (!sp) return null;
    const comma = toks[c - 1]?.text === ',' ? c - 1 : c - 2;
    // "X, however, said the ...": a one-word aside before the cue; the subject speaks (subject-cue)
    if (toks[comma - 2]?.text === ',' && isWordTok(toks[comma - 1])) return null;
    const afterSp = tokenAt(toks, sp.span.end);
    // "..., said he would ..." is not an attribution of what precedes
    if (
      afterSp < s1 &&
      !/^[,.!?;:]$/.test((toks[afterSp] as Token).text) &&
      !BAD_CONTENT_START.has(lower(toks[afterSp]))
    )
      return null;
    return { sp, comma, afterSp };
  }
  // ", X said"
  let sp = speakerBefore(doc, toks, c, s0);
  if (!sp) return null;
  // "Earlier, in his remarks, X said he ...": a clause with a pronoun subject follows the cue, so the
  // content is after it and what precedes the speaker is an adverbial
  const after = clauseStart(s, c + 1);
  if (PRONOUNS.has(lower(toks[after.at])) && isWordTok(toks[after.at + 1])) return null;
  // "Speaking in Ohio, Trump said he ...": an adverbial before the speaker, the content after the cue
  const opener = lower(toks[s0]);
  if (
    (BAD_CONTENT_START.has(opener) ||
      SPEAKER_STOPS.has(opener) ||
      /^\p{Lu}\p{Ll}+(ing|ed)$/u.test(toks[s0]?.text ?? '')) &&
    isWordTok(toks[c + 1]) &&
    !BAD_CONTENT_START.has(lower(toks[c + 1])) &&
    !TIME_WORDS.test(lower(toks[c + 1]))
  )
    return null;
  let k = tokenAt(toks, sp.span.start);
  while (k - 1 > s0 && k > c - 10 && /^\p{Lu}/u.test((toks[k - 1] as Token).text)) k--;
  // "..., the Harbour Pilots Guild said": a determiner before a long organisation name
  if (k - 1 > s0 && DETERMINERS.has(lower(toks[k - 1])) && toks[k - 2]?.text === ',') {
    k--;
    const from = (toks[k] as Token).start;
    if (from < sp.span.start) sp = { ...sp, span: doc.slice(from, sp.span.end) };
  }
  return toks[k - 1]?.text === ',' ? { sp, comma: k - 1, afterSp: c + 1 } : null;
}

/** Words that open an adverbial rather than a clause: "In July, X called ...", "Despite ..., X said". */
const ADVERBIAL_OPENERS = new Set(['despite', 'through', 'like', 'unlike', 'amid', 'among', 'following', 'without']);

/**
 * Whether s.toks[s0, comma) can be what X said in "..., X said": not a fronted adverbial with no
 * clause after it ("In July, X called ...", "Through a spokesman, X declined ..."), and not only the
 * subject itself ("But Jane Doe, an adviser to the mayor, said ...").
 */
function isClauseBefore(doc: QuoteDoc, s: Sentence, comma: number): boolean {
  const { toks, s0 } = s;
  let a = s0;
  if (/^(and|but|so)$/.test(lower(toks[a]))) a++;
  const first = lower(toks[a]);
  let inner = false;
  for (let k = a; k < comma; k++) if ((toks[k] as Token).text === ',') inner = true;
  if (!inner && (BAD_CONTENT_START.has(first) || SPEAKER_STOPS.has(first) || ADVERBIAL_OPENERS.has(first)))
    return false;
  const m = doc.index.mentionStartingAt((toks[a] as Token).start);
  if (!m) return true;
  if (m.end === (toks[comma - 1] as Token).end) return false;
  // "But Jane Doe, senior associate at the institute, said ...": the subject and its apposition
  const after = tokenAt(toks, m.end);
  if (toks[after]?.text !== ',') return true;
  return looksLikeClause(s, after + 1, comma);
}
