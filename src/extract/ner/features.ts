// Feature extraction for the NER tagger: per word type (cached) hashes of the word, its lowercase
// form, shapes, affixes and word clusters; per document the tokens, sentences, gazetteer matches and
// document-level capitalisation evidence; per position hashed feature indices.

import { cacheKey } from '../../text/fold.js';
import { sentences, type Token, tokenize } from '../tokenize.js';
import type { TextRange } from '../types.js';
import { CAPS_SHARE, CaseProfile } from './case-profile.js';
import type { WordClusters } from './clusters.js';
import type { Gazetteer } from './gazetteer.js';
import { hashString, mix } from './hash.js';
import { NameList } from './names.js';

// Bound once: features() calls it some 70 times a token, and some loaders (tsx) make every access to
// an imported binding a getter call.
const mx = mix;

export interface WordInfo {
  word: string;
  lower: string;
  hWord: number;
  hLower: number;
  /** Short shape: character classes with runs collapsed ("Xx", "X.X.", "d,d"). */
  hShape: number;
  /** Long shape: runs capped at 4 ("Xxxxx" for "London" is "Xxxxx" -> "Xxxxx" capped). */
  hLong: number;
  pre: Uint32Array;
  suf: Uint32Array;
  /** Cluster ids coarse to fine, -1 when the word has no cluster. */
  clusters: Int32Array;
  /** Starts with an upper-case letter. */
  cap: boolean;
  /** Has letters and no lower-case one. */
  upper: boolean;
  /** Only lower-case letters (and maybe other non-letters). */
  lowerOnly: boolean;
  hasLetter: boolean;
  /** How the word is written in running text (CaseProfile bin: 1-3 a common lower-case word, 0 not). */
  caseBin: number;
  /**
   * The tag scores of the word's own features (WORD_FEATURES) under the weight table scoresOf, kept
   * here by the tagger (tagDocument) so that they are summed once per word, not once per occurrence.
   */
  scores: Float64Array | null;
  scoresOf: object | null;
}

/**
 * The parts of features() (bits): the word's own features, which are the same wherever it stands;
 * those of its context (neighbours, sentence, document); and those of the tags before it and the
 * document's tag history.
 */
export const WORD_FEATURES = 1;
export const CONTEXT_FEATURES = 2;
export const HISTORY_FEATURES = 4;
export const ALL_FEATURES = WORD_FEATURES | CONTEXT_FEATURES | HISTORY_FEATURES;

export interface Sentence {
  from: number;
  to: number;
  /** Mostly upper-case letters: a headline or a dateline. */
  caps: boolean;
}

export interface DocContext {
  text: string;
  tokens: Token[];
  info: WordInfo[];
  sentences: Sentence[];
  /** Gazetteer bit sets per token (category * 4 + BILU part). */
  gaz: Int32Array;
  /** Training-name bit sets per token (type * 4 + BILU part), see names.ts. */
  names: Int32Array;
  /** Lowercased words seen capitalised away from a sentence start in a mixed-case sentence. */
  capSeen: Set<string>;
  /** Lowercased words seen all in lower case. */
  lowSeen: Set<string>;
  /** Order in which sentences are tagged: mixed-case ones first, then headlines. */
  order: number[];
  /**
   * The document is news copy (everything the service tags; in training, the newswire corpora). A few
   * features then get a second, news-only copy: the weights of the copies learn how newswire names
   * differ from the other training genres (encyclopaedia, web text), while the shared ones learn what
   * all genres agree on (Daumé's feature augmentation, on a subset of the templates).
   */
  news: boolean;
}

// Feature templates (the first argument of mix). Order matters only for reproducibility of hashes.
enum F {
  Bias = 1,
  Word,
  Lower,
  Shape,
  Long,
  Pre,
  Suf = Pre + 4,
  LowerM1 = Suf + 4,
  LowerP1,
  LowerM2,
  LowerP2,
  ShapeM1,
  ShapeP1,
  BigramM1,
  BigramP1,
  Shape3,
  Cluster,
  ClusterM1 = Cluster + 8,
  ClusterP1 = ClusterM1 + 8,
  Prev = ClusterP1 + 8,
  Prev2,
  PrevWord,
  PrevShape,
  First,
  FirstLower,
  Caps,
  CapsLower,
  Gaz,
  GazM1,
  GazP1,
  DocCap,
  DocLow,
  Hist,
  HistShape,
  HistM1,
  HistP1,
  WordShapeM1,
  HistLast,
  Len,
  ShapeP1P2,
  ShapeM2M1,
  Names,
  NamesShape,
  NamesM1,
  NamesP1,
  City,
  CityM1,
  CityP1,
  News,
}

const charClass = (c: number): number => {
  if (c >= 65 && c <= 90) return 88; // X
  if (c >= 97 && c <= 122) return 120; // x
  if (c >= 48 && c <= 57) return 100; // d
  if (c < 128) return c;
  const ch = String.fromCharCode(c);
  if (ch !== ch.toLowerCase()) return 88;
  if (ch !== ch.toUpperCase()) return 120;
  return c;
};

export class FeatureExtractor {
  readonly clusters: WordClusters;
  readonly gazetteer: Gazetteer;
  readonly names: NameList;
  readonly caseProfile: CaseProfile;
  private cache = new Map<string, WordInfo>();
  private readonly levels: number;

  constructor(clusters: WordClusters, gazetteer: Gazetteer, names = new NameList(), caseProfile = new CaseProfile()) {
    this.clusters = clusters;
    this.gazetteer = gazetteer;
    this.names = names;
    this.caseProfile = caseProfile;
    this.levels = Math.min(clusters.levels, 8);
  }

  wordInfo(word: string): WordInfo {
    const hit = this.cache.get(word);
    if (hit) return hit;
    if (this.cache.size > 200_000) this.cache.clear();
    // The cached info keeps the word and its lower case: copies, not slices holding a whole text alive.
    const kept = cacheKey(word);
    const lower = kept.toLowerCase();
    let shape = 0x811c9dc5;
    let long = 0x811c9dc5;
    let last = -1;
    let run = 0;
    let hasUpper = false;
    let hasLower = false;
    for (let i = 0; i < word.length; i++) {
      const k = charClass(word.charCodeAt(i));
      if (k === 88) hasUpper = true;
      else if (k === 120) hasLower = true;
      if (k === last) run++;
      else run = 0;
      if (run === 0) shape = Math.imul(shape ^ k, 0x01000193);
      if (run < 4) long = Math.imul(long ^ k, 0x01000193);
      last = k;
    }
    const pre = new Uint32Array(4);
    const suf = new Uint32Array(4);
    let hp = 0x811c9dc5;
    let hs = 0x811c9dc5;
    for (let n = 0; n < 4; n++) {
      if (n < lower.length) {
        hp = Math.imul(hp ^ lower.charCodeAt(n), 0x01000193);
        hs = Math.imul(hs ^ lower.charCodeAt(lower.length - 1 - n), 0x01000193);
      }
      pre[n] = hp >>> 0;
      suf[n] = hs >>> 0;
    }
    const clusters = new Int32Array(this.levels).fill(-1);
    const ci = this.clusters.lookup(word);
    if (ci >= 0) for (let l = 0; l < this.levels; l++) clusters[l] = this.clusters.id(ci, l);
    const first = word.charCodeAt(0);
    const hLower = hashString(lower);
    const info: WordInfo = {
      word: kept,
      lower,
      hWord: hashString(word),
      hLower,
      hShape: shape >>> 0,
      hLong: long >>> 0,
      pre,
      suf,
      clusters,
      cap: charClass(first) === 88,
      upper: hasUpper && !hasLower,
      lowerOnly: hasLower && !hasUpper,
      hasLetter: hasUpper || hasLower,
      caseBin: this.caseProfile.binOf(lower, hLower),
      scores: null,
      scoresOf: null,
    };
    this.cache.set(kept, info);
    return info;
  }

  /**
   * Tokens, sentences and document-level evidence of text (regions default to the whole text).
   * regionTokens, when given, are the regions' tokens already made (extract() tokenizes an article once
   * for every stage).
   */
  prepare(text: string, regions?: TextRange[], regionTokens?: Token[][]): DocContext {
    const tokens: Token[] = [];
    const sents: Sentence[] = [];
    for (const [k, r] of (regions ?? [{ start: 0, end: text.length }]).entries()) {
      const toks = regionTokens?.[k] ?? tokenize(text, r.start, r.end);
      const base = tokens.length;
      let t = 0;
      for (const s of sentences(text, r.start, r.end, toks)) {
        const from = t;
        while (t < toks.length && (toks[t] as Token).end <= s.end) t++;
        if (t > from) sents.push({ from: base + from, to: base + t, caps: false });
      }
      for (const tok of toks) tokens.push(tok);
    }
    const info = tokens.map((t) => this.wordInfo(t.text));
    const words = tokens.map((t) => t.text);
    const lower = info.map((w) => w.lower);
    const lowerHashes = info.map((w) => w.hLower);
    const gaz = new Int32Array(tokens.length);
    const names = new Int32Array(tokens.length);
    const capSeen = new Set<string>();
    const lowSeen = new Set<string>();
    for (const s of sents) {
      let up = 0;
      let letters = 0;
      for (let i = s.from; i < s.to; i++) {
        const w = info[i] as WordInfo;
        if (!w.hasLetter) continue;
        letters++;
        if (w.upper) up++;
      }
      s.caps = letters > 0 && up / letters >= CAPS_SHARE;
      this.gazetteer.match(words, lower, s.from, s.to, gaz);
      this.names.match(lower, s.from, s.to, names, lowerHashes);
      for (let i = s.from; i < s.to; i++) {
        const w = info[i] as WordInfo;
        if (w.lowerOnly) lowSeen.add(w.lower);
        else if (!s.caps && i > s.from && w.cap) capSeen.add(w.lower);
      }
    }
    const order = sents.map((_, i) => i);
    order.sort((a, b) => Number((sents[a] as Sentence).caps) - Number((sents[b] as Sentence).caps) || a - b);
    return { text, tokens, info, sentences: sents, gaz, names, capSeen, lowSeen, order, news: true };
  }

  /** Matches doc against another name list (training: the list of the other folds). */
  matchNames(doc: DocContext, list: NameList): void {
    const lower = doc.info.map((w) => w.lower);
    for (const s of doc.sentences) list.match(lower, s.from, s.to, doc.names);
  }

  /**
   * Writes the hashed features of token i (of sentence s) into out, given the two previous tags and
   * the document's tag history for the neighbouring words (0 = none, 1 = O, 2 + type). Returns the count.
   * parts picks the features written (see WORD_FEATURES); all of them by default, the word's own first.
   */
  features(
    doc: DocContext,
    s: Sentence,
    i: number,
    prev: number,
    prev2: number,
    hist: Map<string, number>,
    out: Uint32Array,
    parts = ALL_FEATURES,
  ): number {
    const word = (parts & WORD_FEATURES) !== 0;
    const context = (parts & CONTEXT_FEATURES) !== 0;
    const history = (parts & HISTORY_FEATURES) !== 0;
    const info = doc.info;
    const w = info[i] as WordInfo;
    const m1 = i > s.from ? (info[i - 1] as WordInfo) : null;
    const m2 = i - 1 > s.from ? (info[i - 2] as WordInfo) : null;
    const p1 = i + 1 < s.to ? (info[i + 1] as WordInfo) : null;
    const p2 = i + 2 < s.to ? (info[i + 2] as WordInfo) : null;
    const BOS = 0x12345;
    const EOS = 0x54321;
    let n = 0;
    if (word) {
      out[n++] = mx(F.Bias, 0);
      out[n++] = mx(F.Word, w.hWord);
      out[n++] = mx(F.Lower, w.hLower);
      out[n++] = mx(F.Shape, w.hShape);
      out[n++] = mx(F.Long, w.hLong);
      const len = Math.min(w.lower.length, 4);
      for (let k = 0; k < len; k++) {
        out[n++] = mx(F.Pre + k, w.pre[k] as number);
        out[n++] = mx(F.Suf + k, w.suf[k] as number);
      }
      for (let l = 0; l < this.levels; l++) out[n++] = mx(F.Cluster + l, w.clusters[l] as number);
    }
    if (context) {
      const lm1 = m1 ? m1.hLower : BOS;
      const lp1 = p1 ? p1.hLower : EOS;
      const sm1 = m1 ? m1.hShape : BOS;
      const sp1 = p1 ? p1.hShape : EOS;
      const sm2 = m2 ? m2.hShape : BOS;
      const sp2 = p2 ? p2.hShape : EOS;
      out[n++] = mx(F.LowerM1, lm1);
      out[n++] = mx(F.LowerP1, lp1);
      out[n++] = mx(F.LowerM2, m2 ? m2.hLower : BOS);
      out[n++] = mx(F.LowerP2, p2 ? p2.hLower : EOS);
      out[n++] = mx(F.ShapeM1, sm1);
      out[n++] = mx(F.ShapeP1, sp1);
      out[n++] = mx(F.BigramM1, mx(lm1, w.hLower));
      out[n++] = mx(F.BigramP1, mx(w.hLower, lp1));
      out[n++] = mx(F.Shape3, mx(mx(sm1, w.hShape), sp1));
      out[n++] = mx(F.ShapeP1P2, mx(mx(w.hShape, sp1), sp2));
      out[n++] = mx(F.ShapeM2M1, mx(mx(sm2, sm1), w.hShape));
      out[n++] = mx(F.WordShapeM1, mx(w.hLower, sm1));
      const levels = this.levels;
      for (let l = 1; l < levels; l++) {
        out[n++] = mx(F.ClusterM1 + l, m1 ? (m1.clusters[l] as number) : -2);
        out[n++] = mx(F.ClusterP1 + l, p1 ? (p1.clusters[l] as number) : -2);
      }
      if (i === s.from) {
        out[n++] = mx(F.First, w.hShape);
        out[n++] = mx(F.FirstLower, w.hLower);
      }
      if (s.caps) {
        out[n++] = mx(F.Caps, w.hShape);
        out[n++] = mx(F.CapsLower, w.hLower);
      }
      out[n++] = mx(F.Len, Math.min(s.to - s.from, 8));
      const gaz = doc.gaz;
      const g0 = gaz[i] as number;
      if (g0) out[n++] = mx(F.Gaz, g0);
      const gm1 = m1 ? (gaz[i - 1] as number) : 0;
      if (gm1) out[n++] = mx(F.GazM1, gm1);
      const gp1 = p1 ? (gaz[i + 1] as number) : 0;
      if (gp1) out[n++] = mx(F.GazP1, gp1);
      // training names in the low 16 bits, city names above (see names.ts)
      const names = doc.names;
      const a0 = names[i] as number;
      const am1 = m1 ? (names[i - 1] as number) : 0;
      const ap1 = p1 ? (names[i + 1] as number) : 0;
      const n0 = a0 & 0xffff;
      if (n0) {
        out[n++] = mx(F.Names, n0);
        out[n++] = mx(F.NamesShape, mx(n0, w.hShape));
      }
      if (am1 & 0xffff) out[n++] = mx(F.NamesM1, am1 & 0xffff);
      if (ap1 & 0xffff) out[n++] = mx(F.NamesP1, ap1 & 0xffff);
      if (a0 >>> 16) out[n++] = mx(F.City, mx(a0 >>> 16, w.cap ? 1 : 0));
      if (am1 >>> 16) out[n++] = mx(F.CityM1, am1 >>> 16);
      if (ap1 >>> 16) out[n++] = mx(F.CityP1, ap1 >>> 16);
      if (w.hasLetter) {
        const capSeen = doc.capSeen.has(w.lower);
        const lowSeen = doc.lowSeen.has(w.lower);
        out[n++] = mx(F.DocCap, (capSeen ? 2 : 0) + (lowSeen ? 1 : 0) + (w.cap ? 4 : 0) + (i === s.from ? 8 : 0));
      }
      if (doc.news) {
        // the news-only copies (see DocContext.news): how often names come at all, of which shape, after
        // which tag (below), and in headlines
        out[n++] = mx(F.News, 0);
        out[n++] = mx(F.News, mx(F.Shape, w.hShape));
        if (s.caps) out[n++] = mx(F.News, mx(F.Caps, w.hShape));
      }
    }
    if (history) {
      out[n++] = mx(F.Prev, prev);
      out[n++] = mx(F.Prev2, prev2 * 32 + prev);
      out[n++] = mx(F.PrevWord, mx(prev, w.hLower));
      out[n++] = mx(F.PrevShape, mx(prev, w.hShape));
      if (w.hasLetter) {
        const h = hist.get(w.lower) ?? 0;
        out[n++] = mx(F.Hist, h >> 3);
        out[n++] = mx(F.HistLast, h & 7);
        out[n++] = mx(F.HistShape, mx(h >> 3, w.hShape));
      }
      if (p1?.hasLetter) out[n++] = mx(F.HistP1, (hist.get(p1.lower) ?? 0) >> 3);
      if (m1?.hasLetter) out[n++] = mx(F.HistM1, (hist.get(m1.lower) ?? 0) >> 3);
      if (doc.news) out[n++] = mx(F.News, mx(F.Prev, prev));
    }
    return n;
  }
}
