// Direct quotes (in quotation marks) and reported speech, with cue, speaker span and speaker entity.
//
// 1. Quotation-mark pairs of every region (quote-marks.ts); a paragraph that opens a quote and does
//    not close it continues into the next one that reopens it.
// 2. Pairs of one paragraph separated only by an attribution ("A," she said. "B.") are one quote.
// 3. Each quote is attributed from the words around it: after it (", X said", ", said X"), inside it
//    (the interruption), before it ("X said: "...") or the paragraph before ending in a colon.
// 4. Reported speech, sentence by sentence, outside direct quotes: "X said (that) ...",
//    "..., X added", "A, X said, B", "according to X, ...", "X told reporters ...", "..., saying ...",
//    and the other cue words learnt from PolNeAR's training split (quote-lexicon.ts).
// 5. Speakers: entity mentions at the attribution site, or a pronoun / description resolved to the
//    last compatible entity; unresolvable stays null.
// 6. Quoted words inside reported speech belong to it; the same quote repeated is one record.
// Every step is linear in the text (sorted sweeps, hash lookups, bounded look-backs).

import {
  ADDRESSEE_CUES,
  AUXILIARIES,
  BAD_CONTENT_START,
  BARE_CLAUSE,
  CONTENT_STOPS,
  CORE_SPEECH,
  DETERMINERS,
  FILLERS,
  LEARNT_CUES,
  PARTICIPLE_CUES,
  PERSON_PRONOUN,
  PRONOUNS,
  SPEAKER_STOPS,
  TOLD_OBJECTS,
} from './quote-lexicon.js';
import { quotePairs } from './quote-marks.js';
import { resolveSpeaker, SpeakerIndex } from './quote-speakers.js';
import { fold } from './text-utils.js';
import { sentences, type Token, tokenize } from './tokenize.js';
import type { ExtractedEntity, ExtractedQuote, Span, TextRange } from './types.js';

export interface QuoteContext {
  entities: ExtractedEntity[];
  /** Entity index by mention start. */
  entityAt: Map<number, number>;
  /** The regions' tokens, when the caller has made them already (extract() tokenizes once). */
  regionTokens?: Token[][];
}

interface Draft {
  kind: 'direct' | 'indirect';
  pieces: TextRange[];
  start: number;
  end: number;
  text: string;
  cue: Span | null;
  speakerMention: Span | null;
  speaker: number | null;
  region: number;
}

interface Speaker {
  span: Span;
  /** Entity of a mention that is (the head of) the span. */
  entity: number | null;
  pronoun: string | null;
}

/** Learnt cue words above this share of annotated uses trigger reported speech. */
const CUE_RATIO = 0.55;
/** A learnt cue whose object is its content ("X denounced the plan") must be this reliable. */
const OBJECT_CUE_RATIO = 0.9;
/** The same when the speaker is a name or a pronoun ("Lopez cited the budget"). */
const NAMED_OBJECT_CUE_RATIO = CUE_RATIO;
const TIME_WORDS =
  /^(monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|tonight|recently|earlier|later)$/;
const CALL_CUES = new Set(['call', 'calls', 'called', 'calling']);
/** A quote nobody is said to have said is kept only from this many words (scare quotes are not). */
const MIN_UNATTRIBUTED_WORDS = 3;
/** A speaker's turn in a transcript: a name in capitals and a colon. */
const TRANSCRIPT_TURN = /^\p{Lu}[\p{Lu}.' -]{1,30}:\s/u;
const QUOTE_TOKENS = new Set(['"', '“', '”', '«', '»', "'", '‘', '’', '„', "''", '``']);
const isWordTok = (t: Token | undefined) => t !== undefined && /^[\p{L}\p{N}]/u.test(t.text);
const wordCount = (s: string) => (s.match(/[\p{L}\p{N}]+/gu) ?? []).length;
const lower = (t: Token | undefined) => (t ? t.text.toLowerCase() : '');

function isCue(w: string): boolean {
  if (CORE_SPEECH.has(w)) return true;
  const c = LEARNT_CUES.get(w);
  return c !== undefined && c.ratio >= CUE_RATIO;
}

export function findQuotes(text: string, regions: TextRange[], ctx: QuoteContext): ExtractedQuote[] {
  const index = new SpeakerIndex(text, ctx.entities);
  const regionTokens = ctx.regionTokens ?? regions.map((r) => tokenize(text, r.start, r.end));
  const span = (a: Token, b: Token = a): Span => ({ start: a.start, end: b.end, text: text.slice(a.start, b.end) });
  const slice = (start: number, end: number): Span => ({ start, end, text: text.slice(start, end) });

  // --- Speaker phrases -------------------------------------------------------------------------

  /** The speaker written right before toks[cue] (not before `lo`), skipping "also", "has", adverbs. */
  function speakerBefore(toks: Token[], cue: number, lo: number): Speaker | null {
    let p = cue - 1;
    const skip = () => {
      while (p >= lo && (FILLERS.has(lower(toks[p])) || /^\p{Ll}+ly$/u.test((toks[p] as Token).text))) p--;
    };
    skip();
    // "X is calling for ...", "she was telling ...": an auxiliary before a participle cue
    if (p >= lo && /ing$/.test(lower(toks[cue])) && AUXILIARIES.has(lower(toks[p]))) {
      p--;
      skip();
    }
    if (p < lo) return null;
    let t = toks[p] as Token;
    // "X, a lawyer for Y, said": the speaker is X with its apposition.
    if (t.text === ',' && p - 1 >= lo) {
      for (let k = p - 1; k >= Math.max(lo, p - 25); k--) {
        const x = toks[k] as Token;
        if (QUOTE_TOKENS.has(x.text) || x.text === ';' || x.text === ':') break;
        if (x.text !== ',') continue;
        const head = speakerEndingAt(toks, k - 1, lo);
        const inner = index.mentionStartingAt((toks[k + 1] as Token).start);
        if (head && (head.entity !== null || inner || DETERMINERS.has(lower(toks[k + 1])))) {
          const entity = head.entity ?? (inner && inner.end === (toks[p - 1] as Token).end ? inner.entity : null);
          return { ...head, entity, span: slice(head.span.start, (toks[p - 1] as Token).end) };
        }
        break;
      }
      return null;
    }
    if (t.text === ')' || t.text === '.') {
      // "Sen. Jane Doe (D-Mo.) said": step over the parenthesis.
      let k = p;
      while (k > lo && (toks[k] as Token).text !== '(' && p - k < 8) k--;
      if ((toks[k] as Token).text === '(' && k - 1 >= lo) {
        const head = speakerEndingAt(toks, k - 1, lo);
        if (head) return { ...head, span: slice(head.span.start, t.end) };
      }
      if (t.text === ')') return null;
    }
    t = toks[p] as Token;
    return speakerEndingAt(toks, p, lo);
  }

  /** A noun phrase, mention or pronoun that ends with toks[p]. */
  function speakerEndingAt(toks: Token[], p: number, lo: number): Speaker | null {
    if (p < lo) return null;
    const t = toks[p] as Token;
    const m = index.mentionEndingAt(t.end);
    if (m && m.start >= (toks[lo] as Token).start) {
      return { span: slice(m.start, m.end), entity: m.entity, pronoun: null };
    }
    const w = t.text.toLowerCase();
    if (PRONOUNS.has(w)) return { span: span(t), entity: null, pronoun: w };
    if (!isWordTok(t) || SPEAKER_STOPS.has(w) || DETERMINERS.has(w)) return null;
    let q = p;
    while (q - 1 >= lo && p - q < 7) {
      const x = toks[q - 1] as Token;
      const xl = x.text.toLowerCase();
      if (DETERMINERS.has(xl)) {
        q--;
        break;
      }
      if (SPEAKER_STOPS.has(xl) || isCue(xl) || PRONOUNS.has(xl)) break;
      if (!isWordTok(x) && !/^['’]s$/.test(x.text) && x.text !== '-' && x.text !== '.') break;
      q--;
    }
    const first = toks[q] as Token;
    // the phrase must start at a boundary: a determiner, the sentence start or punctuation
    const before = toks[q - 1];
    if (!DETERMINERS.has(lower(first)) && q > lo && isWordTok(before) && !/^\p{Lu}/u.test(first.text)) return null;
    return { span: span(first, t), entity: index.headEntity(first.start, t.end), pronoun: null };
  }

  /** The speaker written right after the cue: "says Angela Merkel", "said the minister, a ...". */
  function speakerAfter(toks: Token[], i: number, hi: number, apposition = true): Speaker | null {
    const t = toks[i];
    if (!t || i >= hi) return null;
    const w = t.text.toLowerCase();
    let sp: Speaker | null = null;
    let end = i;
    if (PRONOUNS.has(w)) return { span: span(t), entity: null, pronoun: w };
    // a name, possibly after a title: "said French President Emmanuel Macron"
    for (let k = i; k < Math.min(hi, i + 6); k++) {
      const m = index.mentionStartingAt((toks[k] as Token).start);
      if (m) {
        while (end < hi && (toks[end] as Token).end <= m.end) end++;
        // a name the tagger cut short: "Douglas" of "Douglas Holtz-Eakin"
        while (
          end < hi &&
          end - i < 8 &&
          /^\p{Lu}/u.test((toks[end] as Token).text) &&
          !index.mentionStartingAt((toks[end] as Token).start)
        )
          end++;
        // "according to the WHO": the determiner stays out of the speaker span
        const from = k === i + 1 && DETERMINERS.has(w) ? m.start : t.start;
        sp = { span: slice(from, (toks[end - 1] as Token).end), entity: m.entity, pronoun: null };
        break;
      }
      if (!isWordTok(toks[k]) && (toks[k] as Token).text !== '.') break;
    }
    if (!sp) {
      if (!isWordTok(t) || SPEAKER_STOPS.has(w) || BAD_CONTENT_START.has(w)) return null;
      let e = i;
      while (e < hi && e - i < 8 && (isWordTok(toks[e]) || /^['’]s$/.test((toks[e] as Token).text))) {
        if (e > i && (SPEAKER_STOPS.has(lower(toks[e])) || BAD_CONTENT_START.has(lower(toks[e])))) break;
        e++;
      }
      if (e === i) return null;
      sp = {
        span: span(t, toks[e - 1] as Token),
        entity: index.headEntity(t.start, (toks[e - 1] as Token).end),
        pronoun: null,
      };
      end = e;
    }
    // an apposition: ", a lawyer for the group", ", the party's chairwoman"
    if (
      apposition &&
      toks[end]?.text === ',' &&
      (DETERMINERS.has(lower(toks[end + 1])) || /^\p{Lu}/u.test(toks[end + 1]?.text ?? ''))
    ) {
      let e = end + 1;
      while (e < hi && !QUOTE_TOKENS.has((toks[e] as Token).text) && !/^[.;:!?]$/.test((toks[e] as Token).text)) e++;
      if (e > end + 1 && e - end < 40) sp = { ...sp, span: slice(sp.span.start, (toks[e - 1] as Token).end) };
    }
    return sp;
  }

  const resolve = (sp: Speaker, pos: number, exclude: TextRange[]): number | null =>
    resolveSpeaker(index, sp, pos, exclude, PERSON_PRONOUN);

  // --- Direct quotes ---------------------------------------------------------------------------
  const drafts: Draft[] = [];
  let carry: { draft: Draft; family: string } | null = null;
  regions.forEach((r, ri) => {
    const first = firstNonSpace(text, r);
    for (const pair of quotePairs(text, r)) {
      const inner = text.slice(pair.open + pair.openLen, pair.close).trim();
      // a transcript turn in quotation marks ("WALLACE: If I may, ...") is the named speaker's, below
      if (pair.open === first && TRANSCRIPT_TURN.test(inner)) {
        carry = null;
        continue;
      }
      const end = pair.closed ? pair.close + pair.closeLen : r.end;
      // A paragraph that reopens the quote the last one left open continues it.
      if (carry && pair.open === first && pair.family === carry.family) {
        carry.draft.pieces.push({ start: pair.open, end });
        carry.draft.end = end;
        carry.draft.text += ` ${inner}`;
        carry.draft.region = ri;
        if (pair.closed) carry = null;
        continue;
      }
      carry = null;
      const d: Draft = {
        kind: 'direct',
        pieces: [{ start: pair.open, end }],
        start: pair.open,
        end,
        text: inner,
        cue: null,
        speakerMention: null,
        speaker: null,
        region: ri,
      };
      drafts.push(d);
      if (!pair.closed) {
        const nr = regions[ri + 1];
        const nf = nr ? firstNonSpace(text, nr) : -1;
        if (nr && quotePairs(text, { start: nf, end: Math.min(nr.end, nf + 2) })[0]?.family === pair.family)
          carry = { draft: d, family: pair.family };
        else if (pair.open !== first) drafts.pop(); // a stray mark
      }
    }
  });

  // token index of a position, per region (binary search)
  const tokenAt = (toks: Token[], pos: number): number => {
    let lo = 0;
    let hi = toks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((toks[mid] as Token).start < pos) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };

  /** Tries to read an attribution in toks[a, b): a cue with its speaker. */
  function attributionIn(toks: Token[], a: number, b: number): { cue: Token; sp: Speaker; spEnd: number } | null {
    let i = a;
    while (i < b && /^[,:]$/.test((toks[i] as Token).text)) i++;
    // "“...” ― Jane Doe."
    if (i < b && /^[―—–-]$/.test((toks[i] as Token).text)) {
      const sp = speakerAfter(toks, i + 1, b);
      if (sp && (sp.entity !== null || /^\p{Lu}/u.test(sp.span.text)))
        return { cue: toks[i] as Token, sp, spEnd: sp.span.end };
      return null;
    }
    /** The speaker before the cue, stretched back over a title to where the attribution starts. */
    const stretch = (sp: Speaker): Speaker | null => {
      const first = toks[i] as Token;
      if (sp.span.start <= first.start + 1) return sp;
      const gap = text.slice(first.start, sp.span.start);
      if (!/^[\p{L}\p{N}.' ’-]+$/u.test(gap) || wordCount(gap) > 5) return null;
      return { ...sp, span: slice(first.start, sp.span.end) };
    };
    for (let c = i; c < Math.min(b, i + 12); c++) {
      const tok = toks[c] as Token;
      if (QUOTE_TOKENS.has(tok.text) || /^[.!?;]$/.test(tok.text)) break;
      if (!isCue(tok.text.toLowerCase())) continue;
      const raw = c === i ? speakerAfter(toks, c + 1, b) : speakerBefore(toks, c, i);
      const sp = raw && (c === i ? raw : stretch(raw));
      if (!sp) continue;
      return { cue: tok, sp, spEnd: Math.max(sp.span.end, tok.end) };
    }
    // any verb after a quote and its speaker ends the sentence: "“…?” Vitter demanded."
    for (let c = i + 1; c < Math.min(b, i + 8); c++) {
      const tok = toks[c] as Token;
      if (!/^\p{Ll}+$/u.test(tok.text) || FILLERS.has(tok.text) || /ly$/.test(tok.text)) continue;
      const end = toks[c + 1];
      if (end && !/^[.,!?;]$/.test(end.text) && !/^(to|of|on|in|at|about|with)$/.test(end.text)) break;
      const raw = speakerBefore(toks, c, i);
      const sp = raw && (raw.entity !== null || raw.pronoun) ? stretch(raw) : null;
      if (sp) return { cue: tok, sp, spEnd: tok.end };
      break;
    }
    return null;
  }

  /** A quoted fragment inside a sentence ("called it “a disaster” on Monday"), not a quotation. */
  function isFragment(d: Draft): boolean {
    const toks = regionTokens[d.region] as Token[];
    const first = d.pieces[0] as TextRange;
    const j = tokenAt(toks, first.start) - 1;
    const before = toks[j];
    const opensClause =
      !before ||
      /^[:,.!?;(—–-]$/.test(before.text) ||
      QUOTE_TOKENS.has(before.text) ||
      isCue(before.text.toLowerCase()) ||
      text.slice(before.end, first.start).includes('\n');
    if (!opensClause) return true;
    const last = d.pieces[d.pieces.length - 1] as TextRange;
    const inner = text.slice(last.start, last.end).replace(/[\s"“”«»'‘’]+$/u, '');
    if (/[.!?,;:…—–-]$/.test(inner)) return false;
    // "… breaking point” to drive up …": the sentence goes on after the closing mark
    return /^\s+\p{Ll}/u.test(text.slice(last.end, last.end + 3)) && !isCue(lower(toks[tokenAt(toks, last.end)]));
  }

  // Interrupted quotes joined: "A," she said. "B." — and attribution.
  const directs: Draft[] = [];
  const usedCues = new Set<number>();
  for (let k = 0; k < drafts.length; k++) {
    const d = drafts[k] as Draft;
    const toks = regionTokens[d.region] as Token[];
    let attributed = false;
    if (isFragment(d)) continue;
    for (;;) {
      const after = tokenAt(toks, d.end);
      const next = drafts[k + 1];
      const stop = next && next.region === d.region ? tokenAt(toks, next.start) : toks.length;
      const at = attributionIn(toks, after, stop);
      if (at && !attributed) {
        d.cue = span(at.cue);
        d.speakerMention = at.sp.span;
        d.speaker = resolve(at.sp, d.start, d.pieces);
        usedCues.add(at.cue.start);
        attributed = true;
      }
      // the next quote of the paragraph continues this one when only an attribution stands between
      if (at && next && next.region === d.region && next.pieces.length === 1 && !isFragment(next)) {
        const between = text.slice(at.spEnd, next.start);
        // ... unless a second cue there attributes the next quote anew (", adding later, “...”")
        let recued = false;
        for (let x = tokenAt(toks, at.spEnd); x < stop; x++) if (isCue(lower(toks[x]))) recued = true;
        if (!recued && /^[^"“”«»]{0,300}$/.test(between) && wordCount(between) <= 40 && /[.,:]\s*$/.test(between)) {
          d.pieces.push(...next.pieces);
          d.end = next.end;
          d.text = `${d.text.replace(/[,\s]+$/, '')} ${next.text}`;
          k++;
          continue;
        }
      }
      break;
    }
    if (!attributed) {
      // "X said: "...", "X said "...", or a paragraph ending in "X said:" before the quote's own.
      let ri = d.region;
      let t2 = regionTokens[ri] as Token[];
      let j = tokenAt(t2, d.start) - 1;
      if (j < 0 && d.start === firstNonSpace(text, regions[ri] as TextRange) && ri > 0) {
        ri--;
        t2 = regionTokens[ri] as Token[];
        j = t2.length - 1;
        if (t2[j]?.text !== ':') j = -1;
      }
      if (j >= 0) {
        let c = j;
        if ([':', ','].includes((t2[c] as Token).text)) c--;
        for (let back = 0; c >= 0 && back < 4; back++, c--) {
          const w = lower(t2[c]);
          if (!isCue(w)) {
            if (isWordTok(t2[c]) && !FILLERS.has(w)) continue;
            break;
          }
          let lo = c;
          while (
            lo > 0 &&
            !/^[.!?;]$/.test((t2[lo - 1] as Token).text) &&
            !QUOTE_TOKENS.has((t2[lo - 1] as Token).text)
          )
            lo--;
          const sp = speakerBefore(t2, c, lo) ?? speakerAfter(t2, c + 1, j + 1);
          if (!sp) break;
          d.cue = span(t2[c] as Token);
          d.speakerMention = sp.span;
          d.speaker = resolve(sp, sp.span.start, d.pieces);
          usedCues.add((t2[c] as Token).start);
          attributed = true;
          break;
        }
      }
    }
    // Scare quotes and titles ("so-called 'peace plan'") are not quotes.
    if (attributed || wordCount(d.text) >= MIN_UNATTRIBUTED_WORDS) directs.push(d);
  }

  // --- Reported speech ------------------------------------------------------------------------
  // per region, a sorted list of direct pieces for "is this token inside a direct quote?"
  const pieces = directs.flatMap((d) => d.pieces).sort((a, b) => a.start - b.start);
  const indirects: Draft[] = [];
  /** End of the last emitted content: the scan for the next attribution of a sentence resumes after it. */
  let lastEnd = 0;
  const skipTo = (toks: Token[], c: number): number => Math.max(c, tokenAt(toks, lastEnd) - 1);
  let pi = 0;
  regions.forEach((r, ri) => {
    const toks = regionTokens[ri] as Token[];
    const inQuote = new Uint8Array(toks.length);
    while (pi < pieces.length && (pieces[pi] as TextRange).end <= r.start) pi++;
    for (let p = pi, t = 0; t < toks.length; t++) {
      const tok = toks[t] as Token;
      while (p < pieces.length && (pieces[p] as TextRange).end <= tok.start) p++;
      const pc = pieces[p];
      if (pc && pc.start <= tok.start && tok.start < pc.end) inQuote[t] = 1;
    }
    let t0 = 0;
    for (const sent of sentences(text, r.start, r.end, toks)) {
      while (t0 < toks.length && (toks[t0] as Token).start < sent.start) t0++;
      let t1 = t0;
      while (t1 < toks.length && (toks[t1] as Token).end <= sent.end) t1++;
      reported(toks, t0, t1, ri, inQuote);
      t0 = t1;
    }
  });

  /**
   * Where reported content ends inside toks[a, b): at a semicolon, a dash aside, a non-restrictive
   * clause (", which ...", ", as ...", ", arguing ..."), ", according to", or a coordinated clause that
   * has its own attribution (", but he said ...", "and added ...").
   */
  function contentEnd(toks: Token[], a: number, b: number, inQuote: Uint8Array): number {
    for (let k = a + 2; k < b; k++) {
      if (inQuote[k]) continue;
      const t = (toks[k] as Token).text;
      if (t === ';') return k;
      const next = lower(toks[k + 1]);
      if (t === ',') {
        if (CONTENT_STOPS.has(next) || PARTICIPLE_CUES.has(next)) return k;
        continue;
      }
      if (t !== 'and' && t !== 'but') continue;
      for (let j = k + 1; j < Math.min(b, k + 6); j++) {
        const x = toks[j] as Token;
        if (inQuote[j] || !isWordTok(x)) break;
        const xl = x.text.toLowerCase();
        if (SPEAKER_STOPS.has(xl)) break;
        if (isCue(xl) && !/ing$/.test(xl) && !DETERMINERS.has(lower(toks[j - 1])) && lower(toks[j - 1]) !== 'to')
          return toks[k - 1]?.text === ',' ? k - 1 : k;
      }
    }
    return b;
  }

  function contentDraft(
    toks: Token[],
    a: number,
    b: number,
    ri: number,
    inQuote: Uint8Array,
    trim = false,
  ): Draft | null {
    while (a < b && /^[,:—–-]$/.test((toks[a] as Token).text)) a++;
    if (trim) b = contentEnd(toks, a, b, inQuote);
    while (b > a && /^[.,;:!?)\]]$/.test((toks[b - 1] as Token).text) && !inQuote[b - 1]) b--;
    const from = a;
    if (b - a < 2) return null;
    let words = 0;
    for (let k = a; k < b; k++) if (isWordTok(toks[k])) words++;
    if (words < 2) return null;
    if (BAD_CONTENT_START.has(lower(toks[from]))) return null;
    // Content that starts a direct quote is the direct quote's.
    if (inQuote[a] && QUOTE_TOKENS.has((toks[a] as Token).text)) {
      let allQuoted = true;
      for (let k = a; k < b; k++) if (!inQuote[k]) allQuoted = false;
      if (allQuoted) return null;
    }
    const first = toks[a] as Token;
    const last = toks[b - 1] as Token;
    return {
      kind: 'indirect',
      pieces: [{ start: first.start, end: last.end }],
      start: first.start,
      end: last.end,
      text: text.slice((toks[from] as Token).start, last.end),
      cue: null,
      speakerMention: null,
      speaker: null,
      region: ri,
    };
  }

  function emit(d: Draft | null, cue: Span, sp: Speaker | null, resolveAt: number): boolean {
    if (!d) return false;
    lastEnd = d.end;
    d.cue = cue;
    d.speakerMention = sp?.span ?? null;
    d.speaker = sp ? resolve(sp, resolveAt, d.pieces) : null;
    indirects.push(d);
    return true;
  }

  function reported(toks: Token[], s0: number, s1: number, ri: number, inQuote: Uint8Array): void {
    // "PENCE: Well, ..." / "Poll: Voters abandon ..." — a name and a colon open the paragraph
    if (s0 === 0 || !isWordTok(toks[s0 - 1])) {
      let k = s0 === 0 && QUOTE_TOKENS.has(toks[0]?.text ?? '') ? 1 : s0;
      const k0 = k;
      while (k < s1 && k - k0 < 4 && /^\p{Lu}/u.test((toks[k] as Token).text) && !inQuote[k]) k++;
      if (k > k0 && toks[k]?.text === ':' && s0 === 0) {
        const sp = speakerEndingAt(toks, k - 1, k0);
        const d =
          sp && !PRONOUNS.has(sp.span.text.toLowerCase()) ? contentDraft(toks, k + 1, toks.length, ri, inQuote) : null;
        if (d && sp && wordCount(d.text) >= 3 && emit(d, span(toks[k] as Token), sp, sp.span.start)) return;
      }
    }
    for (let c = s0; c < s1; c++) {
      const tok = toks[c] as Token;
      if (inQuote[c] || usedCues.has(tok.start)) continue;
      const w = tok.text.toLowerCase();
      // "According to X, ..." and "..., according to X."
      if (w === 'according' && lower(toks[c + 1]) === 'to') {
        const sp = speakerAfter(toks, c + 2, s1, c !== s0);
        if (!sp) continue;
        const cue = span(tok, toks[c + 1] as Token);
        let k = c + 2;
        while (k < s1 && (toks[k] as Token).text !== ',' && (toks[k] as Token).end <= sp.span.end) k++;
        const spNoApp = sp;
        if (c === s0 || (c === s0 + 1 && !isWordTok(toks[s0]))) {
          while (k < s1 && (toks[k] as Token).text !== ',') k++;
          if (emit(contentDraft(toks, k + 1, s1, ri, inQuote, true), cue, spNoApp, spNoApp.span.start)) {
            c = skipTo(toks, c);
            continue;
          }
        } else if (toks[c - 1]?.text === ',' || toks[c - 1]?.text === '(') {
          if (emit(contentDraft(toks, s0, c - 1, ri, inQuote), cue, spNoApp, spNoApp.span.start)) {
            c = skipTo(toks, c);
            continue;
          }
        }
        continue;
      }
      if (!isCue(w)) continue;
      // not a verb: "the said", "his statement"
      const prev = lower(toks[c - 1]);
      if (prev === 'the' || prev === 'a' || prev === 'an' || prev === 'to') continue;

      // "..., X added." / "..., said X." / "A, X said, B."
      let restWords = 0;
      let hasThat = false;
      for (let k = c + 1; k < s1; k++) {
        if (inQuote[k]) continue;
        if (isWordTok(toks[k])) restWords++;
        if (lower(toks[k]) === 'that') hasThat = true;
      }
      {
        let sp: Speaker | null = null;
        let comma = -1;
        let afterSp = c + 1;
        if (toks[c - 1]?.text === ',' || (QUOTE_TOKENS.has(toks[c - 1]?.text ?? '') && toks[c - 2]?.text === ',')) {
          sp = speakerAfter(toks, c + 1, s1);
          comma = toks[c - 1]?.text === ',' ? c - 1 : c - 2;
          if (sp) afterSp = tokenAt(toks, sp.span.end);
          // "..., said he would ..." is not an attribution of what precedes
          if (
            sp &&
            afterSp < s1 &&
            !/^[,.!?;:]$/.test((toks[afterSp] as Token).text) &&
            !BAD_CONTENT_START.has(lower(toks[afterSp]))
          )
            sp = null;
        } else {
          sp = speakerBefore(toks, c, s0);
          // "Speaking in Ohio, Trump said he ...": an adverbial before the speaker, the content after the cue
          const opener = lower(toks[s0]);
          if (
            sp &&
            (BAD_CONTENT_START.has(opener) ||
              SPEAKER_STOPS.has(opener) ||
              /^\p{Lu}\p{Ll}+ing$/u.test(toks[s0]?.text ?? '')) &&
            isWordTok(toks[c + 1]) &&
            !BAD_CONTENT_START.has(lower(toks[c + 1])) &&
            !TIME_WORDS.test(lower(toks[c + 1]))
          )
            sp = null;
          if (sp) {
            let k = tokenAt(toks, sp.span.start);
            while (k - 1 > s0 && k > c - 10 && /^\p{Lu}/u.test((toks[k - 1] as Token).text)) k--;
            if (toks[k - 1]?.text === ',') comma = k - 1;
          }
        }
        if (sp && comma > s0) {
          // skip time and place adjuncts after the cue: "said on Tuesday", "said in a statement"
          let e = afterSp;
          while (e < s1 && (toks[e] as Token).text !== ',' && !/^[.!?;]$/.test((toks[e] as Token).text)) e++;
          const tail =
            e < s1 &&
            (toks[e] as Token).text === ',' &&
            e + 1 < s1 &&
            wordCount(text.slice((toks[e] as Token).end, (toks[s1 - 1] as Token).end)) >= 3;
          if (!hasThat && (restWords <= 8 || tail)) {
            const d = tail
              ? contentDraft(toks, s0, s1, ri, inQuote) // "A, X said, B": the whole sentence
              : contentDraft(toks, s0, comma, ri, inQuote);
            if (emit(d, span(tok), sp, d?.start ?? tok.start)) {
              c = skipTo(toks, c);
              continue;
            }
          }
        }
      }
      // "..., saying ..." — the speaker is the clause's subject.
      if (PARTICIPLE_CUES.has(w) && toks[c - 1]?.text === ',') {
        const subj = speakerEndingAt(toks, subjectEnd(toks, s0, c), s0);
        if (subj && subj.span.start === (toks[s0] as Token).start) {
          let a = c + 1;
          if (ADDRESSEE_CUES.has(w)) a = skipObject(toks, a, s1);
          if (lower(toks[a]) === 'that') a++;
          if (emit(contentDraft(toks, a, s1, ri, inQuote, true), span(tok), subj, subj.span.start)) {
            c = skipTo(toks, c);
            continue;
          }
        }
      }
      // "X said (on Tuesday) (that) ..."; "X did this and said ...": the subject speaks
      let sp = speakerBefore(toks, c, s0);
      if (!sp && /^(and|but)$/.test(prev) && c - 1 > s0) {
        const subj = speakerEndingAt(toks, subjectEnd(toks, s0, c), s0);
        if (subj && subj.span.start === (toks[s0] as Token).start && (subj.entity !== null || subj.pronoun)) sp = subj;
      }
      if (!sp) continue;
      // "member states", "the reports": a plural noun after a common noun is not a cue
      if (sp.entity === null && !sp.pronoun && /[^y]s$/.test(w) && w !== 'says' && !/^\p{Lu}/u.test(sp.span.text))
        continue;
      let a = c + 1;
      if (ADDRESSEE_CUES.has(w)) a = skipObject(toks, a, s1);
      let that = false;
      for (let k = a; k < Math.min(s1, a + 12); k++) {
        const x = (toks[k] as Token).text;
        if (QUOTE_TOKENS.has(x) || inQuote[k]) break;
        const xl = x.toLowerCase();
        if (xl === 'that' || (x === ':' && k === a)) {
          a = k + 1;
          that = true;
          break;
        }
        if (x === ',' || isCue(xl)) break;
      }
      const info = LEARNT_CUES.get(w);
      // a named or pronoun speaker makes a learnt cue with an object content more likely a statement
      const named = sp.entity !== null || sp.pronoun !== null;
      const objectRatio = named ? NAMED_OBJECT_CUE_RATIO : OBJECT_CUE_RATIO;
      // "X called for ...", "X called on Y to ...": the content follows the particle
      if (!that && CALL_CUES.has(w) && /^(for|on)$/.test(lower(toks[a]))) a++;
      if (!that && !BARE_CLAUSE.has(w) && !(info && info.after >= 0.7 && info.ratio >= objectRatio)) continue;
      if (!that && inQuote[a] && QUOTE_TOKENS.has(toks[a]?.text ?? '')) continue; // X said "..." is direct
      const d = contentDraft(toks, a, s1, ri, inQuote, true);
      if (emit(d, span(tok), sp, sp.span.start)) {
        c = skipTo(toks, c);
      }
    }
  }

  /** The token after an addressee: "told reporters", "told the Senate committee", "asked him". */
  function skipObject(toks: Token[], a: number, s1: number): number {
    const m = index.mentionStartingAt(toks[a]?.start ?? -1);
    if (m) {
      while (a < s1 && (toks[a] as Token).start < m.end) a++;
      return a;
    }
    if (TOLD_OBJECTS.has(lower(toks[a]))) {
      if (lower(toks[a]) === 'the' && isWordTok(toks[a + 1])) return a + 2;
      return a + 1;
    }
    return a;
  }

  /** The last token of the subject before a ", saying" participle: the first verb-like gap. */
  function subjectEnd(toks: Token[], s0: number, c: number): number {
    const m = index.mentionStartingAt((toks[s0] as Token).start);
    if (m) return tokenAt(toks, m.end) - 1;
    if (PRONOUNS.has(lower(toks[s0]))) return s0;
    let k = s0;
    while (k < c && k - s0 < 5 && /^\p{Lu}/u.test((toks[k] as Token).text)) k++;
    return Math.max(s0, k - 1);
  }

  // Quoted words inside reported speech belong to the reported-speech record.
  indirects.sort((a, b) => a.start - b.start);
  const kept: Draft[] = [];
  {
    let j = 0;
    for (const d of directs) {
      while (j < indirects.length && (indirects[j] as Draft).end + 2 < d.end) j++;
      // any indirect that contains d starts before d; indirects do not nest, so check a few around j
      let inside = false;
      for (let k = Math.max(0, j - 2); k < Math.min(indirects.length, j + 2); k++) {
        const q = indirects[k] as Draft;
        if (q.start <= d.start && d.end <= q.end + 2) inside = true;
      }
      if (!inside || (d.cue && wordCount(d.text) >= 4)) kept.push(d);
    }
  }
  const all = [...kept, ...indirects].sort((a, b) => a.start - b.start);
  return dedupe(all);
}

/** The same quote repeated (a standfirst quoting part of a body quote): one record, the fullest form. */
function dedupe(all: Draft[]): ExtractedQuote[] {
  const norm = all.map(
    (d) =>
      ` ${
        fold(d.text)
          .match(/[\p{L}\p{N}]+/gu)
          ?.join(' ') ?? ''
      } `,
  );
  // every 4-word window of every quote, to find the quotes that may contain a given one
  const windows = new Map<string, number[]>();
  const keyAt = (ws: string[], i: number) => ws.slice(i, i + 4).join(' ');
  const wordsOf = norm.map((n) => n.trim().split(' ').filter(Boolean));
  wordsOf.forEach((ws, i) => {
    for (let k = 0; k + 4 <= ws.length; k++) {
      const key = keyAt(ws, k);
      const list = windows.get(key);
      if (!list) windows.set(key, [i]);
      else if (list[list.length - 1] !== i) list.push(i);
    }
  });
  const mergedInto = new Array<number>(all.length).fill(-1);
  const order = all.map((_, i) => i).sort((x, y) => (norm[y] as string).length - (norm[x] as string).length || x - y);
  const extra = all.map(() => [] as TextRange[]);
  for (const j of order) {
    const b = all[j] as Draft;
    const ws = wordsOf[j] as string[];
    if (ws.length < 4 || mergedInto[j] !== -1) continue;
    for (const i of windows.get(keyAt(ws, 0)) ?? []) {
      if (i === j || mergedInto[i] !== -1) continue;
      const a = all[i] as Draft;
      const na = norm[i] as string;
      const nb = norm[j] as string;
      if (a.kind !== b.kind || nb.length > na.length || (nb.length === na.length && i > j) || !na.includes(nb))
        continue;
      mergedInto[j] = i;
      (extra[i] as TextRange[]).push({ start: b.start, end: b.end }, ...(extra[j] as TextRange[]));
      a.speaker ??= b.speaker;
      a.cue ??= b.cue;
      a.speakerMention ??= b.speakerMention;
      break;
    }
  }
  const out: ExtractedQuote[] = [];
  all.forEach((d, i) => {
    if (mergedInto[i] !== -1) return;
    const others = (extra[i] as TextRange[]).sort((x, y) => x.start - y.start);
    out.push({
      kind: d.kind,
      text: d.text.replace(/[,;:\s]+$/, ''),
      start: d.start,
      end: d.end,
      cue: d.cue,
      speakerMention: d.speakerMention,
      speaker: d.speaker,
      occurrences: [{ start: d.start, end: d.end }, ...others],
    });
  });
  return out;
}

function firstNonSpace(text: string, r: TextRange): number {
  let p = r.start;
  while (p < r.end && /\s/u.test(text[p] as string)) p++;
  return p;
}
