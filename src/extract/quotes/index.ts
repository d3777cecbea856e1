// Direct quotes (in quotation marks) and reported speech, with cue, speaker span and speaker entity,
// as a pipeline of small passes over one explicit context (context.ts):
// 1. marks.ts, direct.ts: quotation-mark pairs of every region, continued over paragraphs that
//    reopen them, into direct-quote drafts.
// 2. attribution.ts: each direct quote's cue and speaker (after, inside or before it); quotes of one
//    paragraph that only an attribution separates are one quote of several parts.
// 3. reported/: reported speech, sentence by sentence outside direct quotes, one construction per
//    matcher ("X said (that) ...", "..., X added", "according to X", "..., saying ...", "X, who said",
//    "NAME: ...").
// 4. phrases.ts, speakers.ts: the speaker phrase at each attribution site and the entity it names;
//    carry.ts: a direct quote with no attribution of its own that opens a sentence right after one
//    continues that speaker.
// 5. merge.ts: quoted words inside reported speech, and repeats of one quote.
// Every pass is linear in the text (sorted sweeps, hash lookups, bounded look-backs).
import type { ExtractedQuote, TextRange } from '../types.js';
import { attributeDirects } from './attribution.js';
import { carrySpeakers } from './carry.js';
import { type QuoteContext, QuoteDoc } from './context.js';
import { directDrafts } from './direct.js';
import { mergeQuotes } from './merge.js';
import { reportedSpeech } from './reported/index.js';

export type { QuoteContext } from './context.js';

export function findQuotes(text: string, regions: TextRange[], ctx: QuoteContext): ExtractedQuote[] {
  const doc = new QuoteDoc(text, regions, ctx);
  /** Cues an attribution of a direct quote has read: reported speech does not read them again. */
  const usedCues = new Set<number>();
  const drafts = directDrafts(doc);
  const quoted: TextRange[] = [];
  for (const d of drafts) for (const pc of d.pieces) quoted.push(pc);
  doc.index.markQuoted(quoted);
  const directs = attributeDirects(doc, drafts, usedCues);
  const indirects = reportedSpeech(doc, directs, usedCues);
  carrySpeakers(doc, directs, indirects);
  return mergeQuotes(doc, directs, indirects);
}
