// Reported speech, sentence by sentence, outside direct quotes. Each construction is a matcher in its
// own file; a cue word is offered to the matchers in order and the first that reads a quote wins.
import type { Token } from '../../tokenize.js';
import type { TextRange } from '../../types.js';
import { type Draft, isCue, lower, type QuoteDoc, type Reading, type Sentence, tokenAt } from '../context.js';
import { accordingTo, isAccordingTo } from './according-to.js';
import { askedClause } from './asked.js';
import { commaCue } from './comma-cue.js';
import { participleClause } from './participle.js';
import { relativeCue } from './relative.js';
import { subjectCue } from './subject-cue.js';
import { transcriptTurn } from './transcript.js';

type Matcher = (doc: QuoteDoc, s: Sentence, c: number) => Reading | null;

/** The constructions a speech cue can head, most specific first. */
const CUE_MATCHERS: Matcher[] = [askedClause, commaCue, participleClause, relativeCue, subjectCue];

/** Words before a cue that make it a noun: "the said", "a statement", "to tell". */
const NOT_VERB_BEFORE = new Set(['the', 'a', 'an', 'to']);

/**
 * The reported-speech drafts of the text, sorted by start. `directs` mark the tokens that are inside
 * direct quotes; `usedCues` (cue starts) were already read by direct quotes.
 */
export function reportedSpeech(doc: QuoteDoc, directs: Draft[], usedCues: Set<number>): Draft[] {
  const pieces: TextRange[] = [];
  for (const d of directs) for (const pc of d.pieces) pieces.push(pc);
  pieces.sort((a, b) => a.start - b.start);
  const out: Draft[] = [];
  /** End of the last content read: the scan for the next cue of a sentence resumes after it. */
  let lastEnd = 0;
  const take = (r: Reading): void => {
    const d = r.draft;
    d.cue = r.cue;
    d.speakerMention = r.speaker?.span ?? null;
    d.speaker = r.speaker ? doc.resolve(r.speaker, r.resolveAt, d.pieces) : null;
    out.push(d);
    lastEnd = d.end;
  };
  let pi = 0;
  doc.regions.forEach((r, region) => {
    const toks = doc.regionTokens[region] as Token[];
    while (pi < pieces.length && (pieces[pi] as TextRange).end <= r.start) pi++;
    const inQuote = inQuoteMask(toks, pieces, pi);
    for (const { s0, s1 } of doc.sentencesOf(region)) {
      const s: Sentence = { toks, s0, s1, region, inQuote, cues: doc.cues };
      const turn = transcriptTurn(doc, s);
      if (turn) {
        take(turn);
        continue;
      }
      for (let c = s0; c < s1; c++) {
        if (inQuote[c] || usedCues.has((toks[c] as Token).start)) continue;
        const read = readAt(doc, s, c);
        // a stretch of text already read as one report is not the content of another
        if (!read || read.draft.start < lastEnd) continue;
        take(read);
        c = Math.max(c, tokenAt(toks, lastEnd) - 1);
      }
    }
  });
  return out.sort((a, b) => a.start - b.start);
}

/** The quote the construction at toks[c] reads, if any. */
function readAt(doc: QuoteDoc, s: Sentence, c: number): Reading | null {
  if (isAccordingTo(s, c)) return accordingTo(doc, s, c);
  const { toks } = s;
  if (!isCue(doc.cues, lower(toks[c])) || NOT_VERB_BEFORE.has(lower(toks[c - 1]))) return null;
  for (const m of CUE_MATCHERS) {
    const read = m(doc, s, c);
    if (read) return read;
  }
  return null;
}

/** 1 for each token inside one of the sorted pieces (from index pi on). */
function inQuoteMask(toks: Token[], pieces: TextRange[], pi: number): Uint8Array {
  const mask = new Uint8Array(toks.length);
  for (let p = pi, t = 0; t < toks.length; t++) {
    const tok = toks[t] as Token;
    while (p < pieces.length && (pieces[p] as TextRange).end <= tok.start) p++;
    const pc = pieces[p];
    if (pc && pc.start <= tok.start && tok.start < pc.end) mask[t] = 1;
  }
  return mask;
}
