// "X said (on Tuesday) (that) ...", "X told reporters ...", "X called for ...", and "X did this and
// said ...": the subject speaks and the content follows the cue. A cue outside the bare-clause list
// reads unmarked content when PolNeAR train shows it reliable in the frame it stands in ("asked
// NAME how ...", learnt frames) or with its object as content ("X denounced the plan").
import type { Token } from '../../tokenize.js';
import { clauseStart, looksLikeClause } from '../clause.js';
import { contentDraft, skipObject } from '../content.js';
import {
  CUE_RATIO,
  lower,
  QUOTE_TOKENS,
  type QuoteDoc,
  type Reading,
  type Sentence,
  type Speaker,
  tokenAt,
} from '../context.js';
import { cueFrame } from '../cue-model.js';
import { ADDRESSEE_CUES, BARE_CLAUSE } from '../lexicon.js';
import { speakerBefore } from '../phrases.js';
import { coordinatedSubject, nounPhraseBefore, speakerBeforeAside } from './subject-phrases.js';

/** A learnt cue whose object is its content ("X denounced the plan") must be this reliable. */
const OBJECT_CUE_RATIO = 0.9;
/** The same when the speaker is a name or a pronoun ("Lopez cited the budget"). */
const NAMED_OBJECT_CUE_RATIO = CUE_RATIO;
/** Share of a learnt cue's uses with the content after it, for an object content to count. */
const MIN_AFTER = 0.7;
const ADD_CUES = new Set(['add', 'adds', 'added']);
/** A cue word followed by what follows it here must be a cue this often (PolNeAR train frames). */
const FRAME_RATIO = 0.8;
const NAMED_FRAME_RATIO = 0.7;
const CALL_CUES = new Set(['call', 'calls', 'called', 'calling']);

export function subjectCue(doc: QuoteDoc, s: Sentence, c: number): Reading | null {
  const { toks, s0 } = s;
  const w = lower(toks[c]);
  // "X did this and said ...": the speaker is the sentence's subject, never the words before "and"
  const coordinated = /^(and|but)$/.test(lower(toks[c - 1]));
  // "But aides said ...": a conjunction opening the sentence is not part of the subject
  const lo = /^(and|but|yet|so|or)$/.test(lower(toks[s0])) && c > s0 + 1 ? s0 + 1 : s0;
  let sp = coordinated ? null : speakerBefore(doc, toks, c, lo);
  if (!sp && coordinated && c - 1 > s0) sp = coordinatedSubject(doc, s, c, lo);
  if (!sp && !coordinated) sp = speakerBeforeAside(doc, s, c, lo) ?? nounPhraseBefore(doc, s, c, lo);
  if (!sp) return null;
  // "member states", "the reports": a plural noun after a common noun is not a cue
  if (sp.entity === null && !sp.pronoun && /[^y]s$/.test(w) && w !== 'says' && !/^\p{Lu}/u.test(sp.span.text))
    return null;
  return contentAfterCue(doc, s, c, sp);
}

/** The content that follows the cue toks[c] of speaker sp, if the cue takes one there. */
export function contentAfterCue(doc: QuoteDoc, s: Sentence, c: number, sp: Speaker): Reading | null {
  const { toks, s1, inQuote } = s;
  const w = lower(toks[c]);
  let a = c + 1;
  if (ADDRESSEE_CUES.has(w)) a = skipObject(doc, toks, a, s1);
  // "X called for ...", "X called on Y to ...": the content follows the particle
  const call = CALL_CUES.has(w) && /^(for|on)$/.test(lower(toks[a]));
  const start = call ? { at: a + 1, marked: false } : clauseStart(s, a);
  a = start.at;
  const that = start.marked;
  const info = doc.cues.cues.get(w);
  // a named or pronoun speaker makes a learnt cue with an object content more likely a statement
  const named = sp.entity !== null || sp.pronoun !== null;
  const objectRatio = named ? NAMED_OBJECT_CUE_RATIO : OBJECT_CUE_RATIO;
  // the frame the cue stands in ("asked Sanders how ...", "reported the email came ..."), learnt
  const cueTok = toks[c] as Token;
  const frame = doc.cues.frames.get(`${w} ${cueFrame(doc.text.slice(cueTok.end, cueTok.end + 40))}`) ?? 0;
  if (
    !that &&
    !BARE_CLAUSE.has(w) &&
    frame < (named ? NAMED_FRAME_RATIO : FRAME_RATIO) &&
    !(info && info.after >= MIN_AFTER && info.ratio >= objectRatio)
  )
    return null;
  if (!that && inQuote[a] && QUOTE_TOKENS.has(toks[a]?.text ?? '')) return null; // X said "..." is direct
  const draft = contentDraft(s, a, s1, true, that);
  if (!draft) return null;
  // "X added a third goal": "add" with a bare object noun phrase is not speech. (Other speech verbs
  // keep one: PolNeAR annotates "said so", "cited the cost" as what was said.)
  if (!that && ADD_CUES.has(w) && !looksLikeClause(s, a, tokenAt(toks, draft.end))) return null;
  // "X warns if the server may be at risk": an "if" clause with no main clause after it is a
  // condition, not content ("said if she wins, she will ..." keeps its comma; asking verbs take
  // "if" as "whether")
  if (lower(toks[a]) === 'if' && !/^ask/.test(w) && !doc.textOf(draft).includes(',')) return null;
  return { draft, cue: doc.span(toks[c] as Token), speaker: sp, resolveAt: sp.span.start };
}
