// Direct-quote drafts: the quotation-mark pairs of every region (marks.ts), with a quote that a
// paragraph opens and does not close continued into the next paragraph that reopens it, and the test
// that tells a quoted fragment inside a sentence ("called it “a disaster” on Monday") from a quotation.
import type { Token } from '../tokenize.js';
import type { TextRange } from '../types.js';
import { type Draft, isCue, lower, QUOTE_TOKENS, type QuoteDoc, tokenAt } from './context.js';
import { type Family, quotePairs } from './marks.js';

/** A speaker's turn in a transcript: a name in capitals and a colon. */
const TRANSCRIPT_TURN = /^\p{Lu}[\p{Lu}.' -]{1,30}:\s/u;

/** Direct-quote drafts in text order, each piece spanning its marks. */
export function directDrafts(doc: QuoteDoc): Draft[] {
  const { text, regions } = doc;
  const drafts: Draft[] = [];
  let carry: { draft: Draft; family: Family; straight: boolean } | null = null;
  const straight = (pos: number) => text[pos] === '"' || text[pos] === "'";
  regions.forEach((r, ri) => {
    const first = doc.firstNonSpace(r);
    // only the very next paragraph can reopen a quote: one without marks in between ends it
    if (carry && carry.draft.region !== ri - 1) carry = null;
    for (const pair of quotePairs(text, r)) {
      const part = doc.trimmed(pair.open + pair.openLen, pair.close);
      const inner = text.slice(part.start, part.end);
      // a transcript turn in quotation marks ("DOE: If I may, ...") is the named speaker's (reported/)
      if (pair.open === first && TRANSCRIPT_TURN.test(inner)) {
        carry = null;
        continue;
      }
      const end = pair.closed ? pair.close + pair.closeLen : r.end;
      // A paragraph that reopens the quote the last one left open continues it.
      // (in the same style: straight marks opening paragraphs among curly ones are an excerpt's)
      if (carry && pair.open === first && pair.family === carry.family && straight(pair.open) === carry.straight) {
        carry.draft.pieces.push({ start: pair.open, end });
        carry.draft.parts.push(part);
        carry.draft.end = end;
        carry.draft.region = ri;
        if (pair.closed) carry = null;
        continue;
      }
      carry = null;
      const d: Draft = {
        kind: 'direct',
        pieces: [{ start: pair.open, end }],
        parts: [part],
        start: pair.open,
        end,
        cue: null,
        speakerMention: null,
        speaker: null,
        region: ri,
      };
      drafts.push(d);
      if (!pair.closed) {
        const nr = regions[ri + 1];
        const nf = nr ? doc.firstNonSpace(nr) : -1;
        if (nr && quotePairs(text, { start: nf, end: Math.min(nr.end, nf + 2) })[0]?.family === pair.family)
          carry = { draft: d, family: pair.family, straight: straight(pair.open) };
        else if (pair.open !== first) drafts.pop(); // a stray mark
      }
    }
  });
  return drafts;
}

/** A quoted fragment inside a sentence ("called it “a disaster” on Monday"), not a quotation. */
export function isFragment(doc: QuoteDoc, d: Draft): boolean {
  const { text } = doc;
  const first = d.pieces[0] as TextRange;
  // the paragraph the quote opens in: d.region is the last one when it runs on over several
  const firstToks = doc.regionTokens[doc.regionAt(first.start)] as Token[];
  const before = firstToks[tokenAt(firstToks, first.start) - 1];
  const opensClause =
    !before ||
    /^[:,.!?;(—–-]$/.test(before.text) ||
    QUOTE_TOKENS.has(before.text) ||
    isCue(doc.cues, before.text.toLowerCase()) ||
    text.slice(before.end, first.start).includes('\n');
  if (!opensClause) return true;
  const last = d.pieces[d.pieces.length - 1] as TextRange;
  const inner = text.slice(last.start, last.end).replace(/[\s"“”«»'‘’]+$/u, '');
  if (/[.!?,;:…—–-]$/.test(inner)) return false;
  // a whole sentence or more in quotation marks is quoted speech even when the sentence goes on
  // after it ("“It is no reform. It is a tax rise” for the richest")
  if (/[.!?]\s/.test(inner)) return false;
  // "… breaking point” to drive up …": the sentence goes on after the closing mark
  const toks = doc.regionTokens[d.region] as Token[];
  return (
    /^\s+\p{Ll}/u.test(text.slice(last.end, last.end + 3)) && !isCue(doc.cues, lower(toks[tokenAt(toks, last.end)]))
  );
}
