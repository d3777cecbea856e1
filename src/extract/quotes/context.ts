// The explicit context every quote pass reads: the text, its regions and their tokens, the entity
// mentions, and the small token predicates the passes share. Passes keep no state of their own; what
// one pass hands the next (drafts, used cues) is passed in the open by the pipeline (index.ts).
import { lowerBound } from '../../text/lower-bound.js';
import { wordCount } from '../../text/words.js';
import { sentences, type Token, tokenize } from '../tokenize.js';
import type { ExtractedEntity, Span, TextRange } from '../types.js';
import type { CueModel } from './cue-model.js';
import { CORE_SPEECH, PERSON_PRONOUN } from './lexicon.js';
import type { SpeakerModel } from './ranker.js';
import { resolveSpeaker, SpeakerIndex } from './speakers.js';

export interface QuoteContext {
  entities: ExtractedEntity[];
  /** The learnt cue words, frames and content boundaries (data/models/quote-cues.json). */
  cues: CueModel;
  /** The learnt speaker ranker (data/models/quote-speakers.json). */
  speakers: SpeakerModel;
  /** The regions' tokens, when the caller has made them already (extract() tokenizes once). */
  regionTokens?: Token[][];
  /** Where the body starts, after the headline and standfirst (default: after the first region). */
  bodyStart?: number | undefined;
}

/** A quote being built: direct (from quotation marks) or indirect (reported speech). */
export interface Draft {
  kind: 'direct' | 'indirect';
  /** A direct quote's pieces include their quotation marks; an indirect one's is its content. */
  pieces: TextRange[];
  /** The words themselves, in order: between a direct piece's marks, or an indirect one's content. */
  parts: TextRange[];
  start: number;
  end: number;
  cue: Span | null;
  speakerMention: Span | null;
  speaker: number | null;
  region: number;
}

/** A speaker phrase read at an attribution site. */
export interface Speaker {
  span: Span;
  /** Entity of a mention that is (the head of) the span. */
  entity: number | null;
  pronoun: string | null;
}

/** One sentence of a region, for the reported-speech matchers. */
export interface Sentence {
  toks: Token[];
  /** Token range [s0, s1) of the sentence in toks. */
  s0: number;
  s1: number;
  region: number;
  /** 1 where toks[i] lies inside a direct quote. */
  inQuote: Uint8Array;
  /** The document's cue model, for the helpers that see only the sentence (content.ts, clause.ts). */
  cues: CueModel;
}

/** What a reported-speech matcher read: the content, its cue and speaker phrase. */
export interface Reading {
  draft: Draft;
  cue: Span;
  speaker: Speaker | null;
  /** Where to resolve a pronoun or description from (the speaker phrase, or the content's start). */
  resolveAt: number;
}

/** Learnt cue words above this share of annotated uses trigger reported speech. */
export const CUE_RATIO = 0.55;

export const QUOTE_TOKENS = new Set(['"', '“', '”', '«', '»', "'", '‘', '’', '„', "''", '``']);
export const isWordTok = (t: Token | undefined) => t !== undefined && /^[\p{L}\p{N}]/u.test(t.text);
export { wordCount };
export const lower = (t: Token | undefined) => (t ? t.text.toLowerCase() : '');

export function isCue(model: CueModel, w: string): boolean {
  if (CORE_SPEECH.has(w)) return true;
  const c = model.cues.get(w);
  return c !== undefined && c.ratio >= CUE_RATIO;
}

/**
 * Word tokens in toks[from, to), outside `skip` when given, counted up to `cap` only: a check like
 * "at least three words after the comma" stays bounded however long the sentence is.
 */
export function countWords(toks: Token[], from: number, to: number, cap: number, skip?: Uint8Array): number {
  let n = 0;
  for (let k = from; k < to && n < cap; k++) if (!skip?.[k] && isWordTok(toks[k])) n++;
  return n;
}

/** Token index of the first token starting at or after pos. */
export function tokenAt(toks: Token[], pos: number): number {
  return lowerBound(toks.length, (i) => (toks[i] as Token).start < pos);
}

/**
 * The sentences of one region as token ranges. A "sentence" that opens with a lower-case word
 * continues the one before: "Sen. Jane Doe (D-Mo.) said ..." is not two.
 */
export function* regionSentences(text: string, r: TextRange, toks: Token[]): Generator<{ s0: number; s1: number }> {
  let t0 = 0;
  let open: { s0: number; s1: number } | null = null;
  for (const sent of sentences(text, r.start, r.end, toks)) {
    while (t0 < toks.length && (toks[t0] as Token).start < sent.start) t0++;
    let t1 = t0;
    while (t1 < toks.length && (toks[t1] as Token).end <= sent.end) t1++;
    if (open && /^\p{Ll}/u.test(toks[t0]?.text ?? '')) open.s1 = t1;
    else {
      if (open) yield open;
      open = { s0: t0, s1: t1 };
    }
    t0 = t1;
  }
  if (open) yield open;
}

/** Where every sentence of the regions starts, ascending: what the speaker index counts sentences by. */
export function sentenceStarts(text: string, regions: TextRange[], regionTokens: Token[][]): number[] {
  const starts: number[] = [];
  regions.forEach((r, ri) => {
    const toks = regionTokens[ri] as Token[];
    for (const { s0 } of regionSentences(text, r, toks)) {
      const t = toks[s0];
      if (t) starts.push(t.start);
    }
  });
  return starts.sort((a, b) => a - b);
}

export class QuoteDoc {
  readonly index: SpeakerIndex;
  readonly regionTokens: Token[][];
  readonly bodyStart: number;
  readonly cues: CueModel;
  readonly speakers: SpeakerModel;

  constructor(
    readonly text: string,
    readonly regions: TextRange[],
    ctx: QuoteContext,
  ) {
    this.regionTokens = ctx.regionTokens ?? regions.map((r) => tokenize(text, r.start, r.end));
    this.index = new SpeakerIndex(text, ctx.entities, sentenceStarts(text, regions, this.regionTokens));
    this.bodyStart = ctx.bodyStart ?? regions[1]?.start ?? text.length;
    this.cues = ctx.cues;
    this.speakers = ctx.speakers;
  }

  span(a: Token, b: Token = a): Span {
    return { start: a.start, end: b.end, text: this.text.slice(a.start, b.end) };
  }

  slice(start: number, end: number): Span {
    return { start, end, text: this.text.slice(start, end) };
  }

  /** The entity a speaker phrase at pos refers to (speakers.ts), never one inside the quote itself. */
  resolve(sp: Speaker, pos: number, exclude: TextRange[]): number | null {
    return resolveSpeaker(this.index, this.speakers, sp, pos, exclude, PERSON_PRONOUN);
  }

  /** A draft's words: its parts joined by a space. */
  textOf(d: Draft): string {
    return d.parts.map((p) => this.text.slice(p.start, p.end)).join(' ');
  }

  /** [start, end) without the white space at either end. */
  trimmed(start: number, end: number): TextRange {
    while (start < end && /\s/u.test(this.text[start] as string)) start++;
    while (end > start && /\s/u.test(this.text[end - 1] as string)) end--;
    return { start, end };
  }

  /** Index of the region that holds pos: the last one starting at or before it (0 when none does). */
  regionAt(pos: number): number {
    return Math.max(0, lowerBound(this.regions.length, (i) => (this.regions[i] as TextRange).start <= pos) - 1);
  }

  firstNonSpace(r: TextRange): number {
    let p = r.start;
    while (p < r.end && /\s/u.test(this.text[p] as string)) p++;
    return p;
  }

  /** The sentences of region ri as token ranges (see regionSentences). */
  sentencesOf(ri: number): Generator<{ s0: number; s1: number }> {
    return regionSentences(this.text, this.regions[ri] as TextRange, this.regionTokens[ri] as Token[]);
  }
}
