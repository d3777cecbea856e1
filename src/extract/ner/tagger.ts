// The statistical named-entity tagger: greedy left-to-right BILOU decoding with an averaged
// perceptron over hashed features (see features.ts), trained by src/cli/train.ts.
import { join } from 'node:path';
import { packageRoot } from '../../paths.js';
import { GENERIC_HEADS, LEGAL_SUFFIXES, PLACE_HEADS } from '../lexicon.js';
import { bytesDigest, readModelFile } from '../model-file.js';
import type { Token } from '../tokenize.js';
import type { EntityType, TextRange } from '../types.js';
import {
  ALL_FEATURES,
  CONTEXT_FEATURES,
  type DocContext,
  FeatureExtractor,
  HISTORY_FEATURES,
  type Sentence,
  WORD_FEATURES,
  type WordInfo,
} from './features.js';
import { defaultGazetteer } from './gazetteer.js';
import { deserializeModel, type Model } from './model.js';
import { B, decode, I, L, N_TAGS, O, type TokenSpan, TYPES, U, VALID, writeSpan } from './tags.js';

/** data/models/ner.bin of this package, whatever the working directory (src/ under tsx or dist/ built). */
export const DEFAULT_MODEL_PATH = join(packageRoot, 'data/models/ner.bin');

export interface TaggedEntity {
  type: EntityType;
  start: number;
  end: number;
}

/** A mention with its CoNLL type (MISC included), as the trainer and evaluator use it. */
export interface TypedSpan {
  type: (typeof TYPES)[number];
  start: number;
  end: number;
}

/** Called on each mistake while training: the features, the gold tag and the predicted one. */
export type LearnHook = (features: Uint32Array, count: number, gold: number, predicted: number) => void;

const MAX_FEATURES = 256;

/**
 * Weights by feature bucket: rowOf[bucket] is the bucket's row in weights (N_TAGS weights a row), or
 * -1 when all its weights are zero. Training uses the identity; a loaded model only its non-zero rows,
 * which keeps the table small enough to stay in cache.
 */
export interface WeightTable {
  rowOf: Int32Array;
  weights: Float32Array | Int16Array;
  /** Sums of context features already seen under these weights (integer weights only), see tagDocument. */
  memo?: ContextMemo;
}

/** How many sums of context features a table remembers, and of how many features each at most. */
const MEMO_SLOTS = 1024;
const MEMO_FEATURES = 64;
/** Look-ups a window, and tokens the memo is left alone for after a window of under a quarter hits. */
const MEMO_WINDOW = 1024;
const MEMO_PAUSE = 16 * 1024;

/**
 * Tag scores of the context features of positions seen before, in a direct-mapped table: a slot holds
 * the feature ids (compared in full on a look-up, so a hash collision costs a miss, never a wrong sum)
 * and their weights' sums. Text that repeats itself, as a hostile one may, is then summed once a context.
 */
class ContextMemo {
  readonly ids = new Uint32Array(MEMO_SLOTS * MEMO_FEATURES);
  readonly counts = new Int32Array(MEMO_SLOTS).fill(-1);
  readonly sums = new Float64Array(MEMO_SLOTS * N_TAGS);
  /** Look-ups and hits in the current window, and tokens left before the memo is used again. */
  looked = 0;
  hits = 0;
  paused = 0;

  /** Whether the slot holds exactly these features. */
  find(feats: Uint32Array, n: number, slot: number): boolean {
    if (this.counts[slot] !== n) return false;
    const ids = this.ids;
    const base = slot * MEMO_FEATURES;
    for (let f = 0; f < n; f++) if (ids[base + f] !== feats[f]) return false;
    return true;
  }
}

// The tag set's constants and helpers, bound once here: the tagging loop below is the hot path, and
// some module loaders (tsx) turn every access to an imported binding into a getter call.
const NT = N_TAGS;
const VALID_T = VALID;
const OUT = O;
const partOf = (tag: number): number => (tag - 1) & 3;
const typeOf = (tag: number): number => (tag - 1) >> 2;
const tagOfT = (type: number, part: number): number => 1 + type * 4 + part;
// The tagging loop's sums (addRows) are written out for this many tags: O and BILU of four types.
if (NT !== 17) throw new Error(`the tagger's scoring is written for 17 tags, not ${NT}`);
const ALL = ALL_FEATURES;
const CONTEXT = CONTEXT_FEATURES;
const HISTORY = HISTORY_FEATURES;
const WORD = WORD_FEATURES;
const MISC = TYPES.indexOf('MISC');
const PER = TYPES.indexOf('PER');
const ORG = TYPES.indexOf('ORG');
/** Tokens without letters that may stand inside a name ("Procter & Gamble"). */
const JOINERS = new Set(['&', '.', "'", '’', '-', '/']);

export function identityTable(bits: number, weights: Float32Array | Int16Array): WeightTable {
  const rowOf = new Int32Array(1 << bits);
  for (let i = 0; i < rowOf.length; i++) rowOf[i] = i;
  return { rowOf, weights };
}

/** The table of a model's non-zero rows. */
export function compactTable(bits: number, weights: Int16Array): WeightTable {
  const rowOf = new Int32Array(1 << bits).fill(-1);
  let rows = 0;
  for (let b = 0; b < rowOf.length; b++) {
    for (let k = 0; k < N_TAGS; k++) {
      if (weights[b * N_TAGS + k] !== 0) {
        rowOf[b] = rows++;
        break;
      }
    }
  }
  const compact = new Int16Array(rows * N_TAGS);
  for (let b = 0; b < rowOf.length; b++) {
    const r = rowOf[b] as number;
    if (r >= 0) compact.set(weights.subarray(b * N_TAGS, (b + 1) * N_TAGS), r * N_TAGS);
  }
  return { rowOf, weights: compact };
}

/**
 * Adds the weight rows of features to scores, for a table of integer weights. The tagger's hot loop:
 * the 17 sums are kept in locals rather than stored to the array after every row (a third of the
 * tagging time on long texts).
 */
function addRows(table: WeightTable, feats: Uint32Array, n: number, scores: Float64Array): void {
  const rowOf = table.rowOf;
  const weights = table.weights as Int16Array;
  const mask = rowOf.length - 1;
  let s0 = scores[0] as number,
    s1 = scores[1] as number,
    s2 = scores[2] as number,
    s3 = scores[3] as number,
    s4 = scores[4] as number,
    s5 = scores[5] as number,
    s6 = scores[6] as number,
    s7 = scores[7] as number,
    s8 = scores[8] as number,
    s9 = scores[9] as number,
    s10 = scores[10] as number,
    s11 = scores[11] as number,
    s12 = scores[12] as number,
    s13 = scores[13] as number,
    s14 = scores[14] as number,
    s15 = scores[15] as number,
    s16 = scores[16] as number;
  for (let f = 0; f < n; f++) {
    const row = rowOf[(feats[f] as number) & mask] as number;
    if (row < 0) continue;
    const b = row * 17;
    s0 += weights[b + 0] as number;
    s1 += weights[b + 1] as number;
    s2 += weights[b + 2] as number;
    s3 += weights[b + 3] as number;
    s4 += weights[b + 4] as number;
    s5 += weights[b + 5] as number;
    s6 += weights[b + 6] as number;
    s7 += weights[b + 7] as number;
    s8 += weights[b + 8] as number;
    s9 += weights[b + 9] as number;
    s10 += weights[b + 10] as number;
    s11 += weights[b + 11] as number;
    s12 += weights[b + 12] as number;
    s13 += weights[b + 13] as number;
    s14 += weights[b + 14] as number;
    s15 += weights[b + 15] as number;
    s16 += weights[b + 16] as number;
  }
  scores[0] = s0;
  scores[1] = s1;
  scores[2] = s2;
  scores[3] = s3;
  scores[4] = s4;
  scores[5] = s5;
  scores[6] = s6;
  scores[7] = s7;
  scores[8] = s8;
  scores[9] = s9;
  scores[10] = s10;
  scores[11] = s11;
  scores[12] = s12;
  scores[13] = s13;
  scores[14] = s14;
  scores[15] = s15;
  scores[16] = s16;
}

const contextSums = new Float64Array(N_TAGS);

/**
 * Adds the sums of the context features feats[0, n) to scores, from the memo (true) or else summed
 * and put into it.
 */
function addContext(
  table: WeightTable,
  memo: ContextMemo,
  feats: Uint32Array,
  n: number,
  scores: Float64Array,
): boolean {
  if (n > MEMO_FEATURES) {
    addRows(table, feats, n, scores);
    return false;
  }
  let h = 0x811c9dc5 ^ n;
  for (let f = 0; f < n; f++) h = Math.imul(h ^ (feats[f] as number), 0x01000193);
  const slot = (h ^ (h >>> 16)) & (MEMO_SLOTS - 1);
  const sums = memo.sums;
  const at = slot * NT;
  const hit = memo.find(feats, n, slot);
  if (!hit) {
    contextSums.fill(0);
    addRows(table, feats, n, contextSums);
    sums.set(contextSums, at);
    memo.ids.set(feats.subarray(0, n), slot * MEMO_FEATURES);
    memo.counts[slot] = n;
  }
  for (let k = 0; k < NT; k++) scores[k] = (scores[k] as number) + (sums[at + k] as number);
  return hit;
}

/** Sums the weights of the own features of token i's word into its WordInfo's scores, for table. */
function wordScores(
  fx: FeatureExtractor,
  doc: DocContext,
  s: Sentence,
  i: number,
  table: WeightTable,
  feats: Uint32Array,
) {
  const own = new Float64Array(NT);
  addRows(table, feats, fx.features(doc, s, i, OUT, OUT, EMPTY_HISTORY, feats, WORD), own);
  const w = doc.info[i] as WordInfo;
  w.scores = own;
  w.scoresOf = table;
}
const EMPTY_HISTORY = new Map<string, number>();

/**
 * Tags the prepared document greedily with weights (bucket * N_TAGS + tag), writing the tag of every
 * token into tags. With gold tags and a learn hook, reports every mistake (the predicted tag stays the
 * history, as at run time).
 */
export function tagDocument(
  fx: FeatureExtractor,
  doc: DocContext,
  table: WeightTable,
  tags: Uint8Array,
  gold?: Uint8Array,
  learn?: LearnHook,
): void {
  const { rowOf, weights } = table;
  const mask = rowOf.length - 1;
  const feats = new Uint32Array(MAX_FEATURES);
  const scores = new Float64Array(NT);
  const hist = new Map<string, number>();
  const info = doc.info;
  // With integer weights (a loaded or quantised model) a token's scores are exact sums, the same in any
  // order: the part its word alone decides is summed once per word (kept in its WordInfo) and the
  // context's features are added to it. Training's float weights change at every mistake: it sums all.
  // The context's sums are looked up in the table's ContextMemo while that pays: after a window of
  // look-ups that mostly missed (text that does not repeat itself; the window runs on across
  // documents) it is left alone for a while. The
  // features of the tags before a token and of the document's history are summed every time.
  const byWord = weights instanceof Int16Array && !learn;
  if (byWord && !table.memo) table.memo = new ContextMemo();
  const memo = byWord ? (table.memo as ContextMemo) : null;
  for (const si of doc.order) {
    const s = doc.sentences[si] as Sentence;
    let prev = OUT;
    let prev2 = OUT;
    for (let i = s.from; i < s.to; i++) {
      const w = info[i] as WordInfo;
      if (byWord) {
        if (w.scoresOf !== table) wordScores(fx, doc, s, i, table, feats);
        scores.set(w.scores as Float64Array);
      } else scores.fill(0);
      let parts = ALL;
      if (memo && memo.paused > 0) {
        memo.paused--;
        parts = CONTEXT | HISTORY;
      } else if (memo) {
        const nc = fx.features(doc, s, i, prev, prev2, hist, feats, CONTEXT);
        if (addContext(table, memo, feats, nc, scores)) memo.hits++;
        if (++memo.looked === MEMO_WINDOW) {
          if (memo.hits * 4 < memo.looked) memo.paused = MEMO_PAUSE;
          memo.looked = 0;
          memo.hits = 0;
        }
        parts = HISTORY;
      }
      const n = fx.features(doc, s, i, prev, prev2, hist, feats, parts);
      if (byWord) addRows(table, feats, n, scores);
      else
        for (let f = 0; f < n; f++) {
          const row = rowOf[(feats[f] as number) & mask] as number;
          if (row < 0) continue;
          const base = row * NT;
          for (let k = 0; k < NT; k++) scores[k] = (scores[k] as number) + (weights[base + k] as number);
        }
      let best = -1;
      let bestScore = Number.NEGATIVE_INFINITY;
      let free = 0;
      const row = prev * NT;
      for (let k = 0; k < NT; k++) {
        const v = scores[k] as number;
        if (v > (scores[free] as number)) free = k;
        if (VALID_T[row + k] && v > bestScore) {
          bestScore = v;
          best = k;
        }
      }
      if (
        prev !== OUT &&
        (partOf(prev) === B || partOf(prev) === I) &&
        typeOf(prev) !== MISC &&
        !w.hasLetter &&
        !JOINERS.has(w.word)
      ) {
        // A number or a bracket does not continue a person, organisation or place ("Luis Ortega" + "6-3").
        free = OUT;
        for (let k = 1; k < NT; k++)
          if (partOf(k) !== I && partOf(k) !== L && (scores[k] as number) > (scores[free] as number)) free = k;
      }
      if (best !== free && i > s.from && (free === OUT || partOf(free) === B || partOf(free) === U)) {
        // Inside a name, the model would rather end it: close the open span at the previous token
        // ("I. Austin" + "4-37"), rather than being forced to stretch it over this one.
        const closed = tagOfT(typeOf(prev), partOf(prev) === B ? U : L);
        tags[i - 1] = closed;
        prev = closed;
        best = free;
      }
      if (gold && learn && best !== gold[i]) learn(feats, n, gold[i] as number, best);
      tags[i] = best;
      if (w.hasLetter && (w.cap || best !== OUT)) {
        // history value: first entity type given to the word (sticky) * 8 + the last label
        const label = best === OUT ? 1 : 2 + typeOf(best);
        const before = hist.get(w.lower) ?? 0;
        const first = before >> 3 > 1 ? before >> 3 : label;
        hist.set(w.lower, first * 8 + label);
      }
      prev2 = prev;
      prev = best;
    }
  }
}

/**
 * Names in a headline in capitals, cut to the words the article itself writes as a name. In capitals
 * every word looks like a name, so the tagger may take in a neighbouring common word ("VELMORA TO SHUT
 * MARROWICK PLANT"). A first or last word that is a common lower-case word in running text (capitalised
 * under a quarter of the time, by the case profile) and never capitalised in the article's body is
 * dropped, when the words left are all written capitalised in the body (so "NEW YORK" stays whole
 * unless the body writes "York" and never "New").
 */
export function trimHeadlineNames(doc: DocContext, tags: Uint8Array): void {
  const { info, capSeen } = doc;
  const common = (i: number) => {
    const bin = (info[i] as WordInfo).caseBin;
    return bin > 0 && bin <= 2 && !capSeen.has((info[i] as WordInfo).lower);
  };
  for (const s of doc.sentences) {
    if (!s.caps) continue;
    for (const sp of decode(tags, s.from, s.to)) {
      let a = sp.start;
      let b = sp.end;
      while (b - a > 1 && common(b - 1)) b--;
      while (b - a > 1 && common(a)) a++;
      if (a === sp.start && b === sp.end) continue;
      let named = true;
      for (let i = a; i < b && named; i++)
        named = !(info[i] as WordInfo).hasLetter || capSeen.has((info[i] as WordInfo).lower);
      if (!named) continue;
      tags.fill(OUT, sp.start, sp.end);
      writeSpan(tags, { start: a, end: b, type: sp.type });
    }
  }
}

/**
 * A lone word the tagger called a person where every word is capitalised (a sentence start, a
 * headline) is no name when running text almost never capitalises it and the article's body never
 * does: "Floods hit the town", "Troops crossed the border". Only people: companies and places named
 * by common words ("Shell", "Reading") are left to the tagger.
 */
export function dropCommonWordPeople(doc: DocContext, tags: Uint8Array): void {
  const { info, capSeen } = doc;
  for (const s of doc.sentences) {
    for (let i = s.from; i < s.to; i++) {
      const t = tags[i] as number;
      if (t === OUT || partOf(t) !== U || typeOf(t) !== PER) continue;
      if (i !== s.from && !s.caps) continue;
      const w = info[i] as WordInfo;
      if (w.caseBin === 1 && !capSeen.has(w.lower)) tags[i] = OUT;
    }
  }
}

/** Last words of the names of bodies and places that take an "of" or "for" complement. */
const COMPLEMENT_HEADS = new Set([...GENERIC_HEADS, ...PLACE_HEADS]);
const COMPLEMENT_LINKS = new Set(['of', 'for']);

/**
 * An organisation or place name that ends in a head word ("Institute", "Bank", "Museum") goes on over
 * "of"/"for" (and "the") and the capitalised words after it: "Kiel Institute for the World Economy",
 * "Bank of Lithuania", "Institute for the Study of Conflict". A tagger trained on newswire often stops
 * at the head, where the name looked complete. Only untagged words and whole names are taken in, never
 * part of another name.
 */
export function extendComplements(doc: DocContext, tags: Uint8Array): void {
  const { info } = doc;
  for (const s of doc.sentences) {
    for (const sp of decode(tags, s.from, s.to)) {
      if (sp.type === PER || sp.type === MISC) continue;
      if (!COMPLEMENT_HEADS.has((info[sp.end - 1] as WordInfo).lower)) continue;
      let j = sp.end;
      if (j >= s.to || !COMPLEMENT_LINKS.has((info[j] as WordInfo).lower) || tags[j] !== OUT) continue;
      j++;
      if (j < s.to && (info[j] as WordInfo).lower === 'the' && tags[j] === OUT) j++;
      // capitalised words, and "of" or "&" between two of them ("for the Study of Markets")
      let end = j;
      for (let k = j; k < s.to; k++) {
        const w = info[k] as WordInfo;
        if (w.cap) end = k + 1;
        else if (
          k === end &&
          k > j &&
          (w.lower === 'of' || w.word === '&') &&
          (info[k + 1] as WordInfo | undefined)?.cap
        )
          continue;
        else break;
      }
      if (end === j) continue;
      // a name after the run's end that started inside it would be cut in two
      if (end < s.to && tags[end] !== OUT && partOf(tags[end] as number) !== B && partOf(tags[end] as number) !== U)
        continue;
      if (partOf(tags[j] as number) === I || partOf(tags[j] as number) === L) continue;
      writeSpan(tags, { start: sp.start, end, type: sp.type });
    }
  }
}

/**
 * Kinds of works, products, laws and events: a name in apposition to one of them ("Midnight Harbor, a
 * new film by ...", "Velmix, a drug for ...") is that work, not a person or organisation.
 */
const WORK_KINDS = new Set(
  `film movie documentary song single album book novel memoir play musical series sitcom opera game videogame app
software drug vaccine bill law treaty festival bug flaw vulnerability virus malware`.split(/\s+/),
);
/**
 * Kinds a name is written before ("the Shellshock flaw"). Only those a maker's name does not usually
 * precede: "the Velmora film" may be the studio's, "the Shellshock bug" is the bug.
 */
const NAMED_BEFORE_KINDS = new Set([
  'bug',
  'flaw',
  'vulnerability',
  'exploit',
  'malware',
  'ransomware',
  'virus',
  'worm',
]);
const ARTICLES = new Set(['a', 'an', 'the']);

/**
 * People and organisations that the words around them show to be works or products (MISC, which the
 * service does not serve): a name followed by ", a/an/the <lower-case words> <kind>" or, for the kinds
 * above, by the kind itself.
 */
export function retypeWorks(doc: DocContext, tags: Uint8Array): void {
  const { info } = doc;
  for (const s of doc.sentences) {
    for (const sp of decode(tags, s.from, s.to)) {
      if (sp.type !== PER && sp.type !== ORG) continue;
      let work = false;
      const next = sp.end < s.to ? (info[sp.end] as WordInfo) : null;
      if (next && NAMED_BEFORE_KINDS.has(next.word)) work = true;
      else if (next?.word === ',' && sp.end + 1 < s.to && ARTICLES.has((info[sp.end + 1] as WordInfo).word)) {
        // up to three lower-case words after the article, the last a kind ("a new animated film")
        for (let k = sp.end + 2; k < Math.min(s.to, sp.end + 5); k++) {
          const w = info[k] as WordInfo;
          if (!w.lowerOnly) break;
          if (WORK_KINDS.has(w.word)) {
            work = true;
            break;
          }
        }
      }
      if (!work) continue;
      writeSpan(tags, { ...sp, type: MISC });
    }
  }
}

const SPEECH = new Set(['said', 'says', 'told', 'announced', 'added', 'stated']);

/** A name's tokens, lowercased: the same name wherever and however the article capitalises it. */
function nameKey(info: WordInfo[], from: number, to: number): string {
  let k = '';
  for (let i = from; i < to; i++) k += `${(info[i] as WordInfo).lower} `;
  return k;
}

/**
 * A name the tagger read as a work or product (MISC) that says something ("Velmora said ...") is the
 * company behind it: works do not speak. Its other MISC occurrences in the article go with it.
 */
export function speakersAreNotWorks(doc: DocContext, tags: Uint8Array): void {
  const { info } = doc;
  const spans = doc.sentences.map((s) => decode(tags, s.from, s.to));
  const speaking = new Set<string>();
  doc.sentences.forEach((s, n) => {
    for (const sp of spans[n] as TokenSpan[])
      if (sp.type === MISC && sp.end < s.to && SPEECH.has((info[sp.end] as WordInfo).word))
        speaking.add(nameKey(info, sp.start, sp.end));
  });
  if (!speaking.size) return;
  for (const list of spans)
    for (const sp of list)
      if (sp.type === MISC && speaking.has(nameKey(info, sp.start, sp.end))) writeSpan(tags, { ...sp, type: ORG });
}

/**
 * A name written once with a company's legal suffix ("Orvane SE", "Velmora Holdings Inc.") names a
 * company wherever the article uses it without one: the tagger, reading "Orvane" alone in a headline or
 * before "would", may have called it a place or a person.
 */
export function companiesEverywhere(doc: DocContext, tags: Uint8Array): void {
  const { info } = doc;
  const spans = doc.sentences.map((s) => decode(tags, s.from, s.to));
  const companies = new Set<string>();
  for (const list of spans)
    for (const sp of list) {
      if (sp.type !== ORG || sp.end - sp.start < 2) continue;
      let end = sp.end;
      if ((info[end - 1] as WordInfo).word === '.' && end - sp.start > 2) end--;
      if (LEGAL_SUFFIXES.has((info[end - 1] as WordInfo).word)) companies.add(nameKey(info, sp.start, end - 1));
    }
  if (!companies.size) return;
  for (const list of spans)
    for (const sp of list)
      if (sp.type !== ORG && sp.type !== MISC && companies.has(nameKey(info, sp.start, sp.end)))
        writeSpan(tags, { ...sp, type: ORG });
}

/** Character spans of the entities in tags (sentence by sentence). */
export function spansOf(doc: DocContext, tags: Uint8Array): TypedSpan[] {
  const out: TypedSpan[] = [];
  for (const s of doc.sentences) {
    for (const sp of decode(tags, s.from, s.to)) {
      out.push({
        type: TYPES[sp.type] as TypedSpan['type'],
        start: (doc.tokens[sp.start] as { start: number }).start,
        end: (doc.tokens[sp.end - 1] as { end: number }).end,
      });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

const ENTITY_TYPE: Record<string, EntityType | undefined> = { PER: 'person', ORG: 'organization', LOC: 'place' };

export class Tagger {
  readonly model: Model;
  readonly extractor: FeatureExtractor;
  readonly table: WeightTable;

  /** digest: of the file the model was read from (model-file.ts); absent for a model made in memory. */
  constructor(
    model: Model,
    readonly digest?: string,
  ) {
    this.table = model.compact ?? compactTable(model.bits, model.weights);
    // the dense weights are no longer needed: keep the model's other parts only
    this.model = { ...model, weights: new Int16Array(0) };
    delete this.model.compact;
    this.extractor = new FeatureExtractor(model.clusters, defaultGazetteer(), model.names, model.caseProfile);
  }

  /** Every mention with its CoNLL type, MISC included (regionTokens: see FeatureExtractor.prepare). */
  tagTyped(text: string, regions?: TextRange[], regionTokens?: Token[][]): TypedSpan[] {
    const doc = this.extractor.prepare(text, regions, regionTokens);
    const tags = new Uint8Array(doc.tokens.length);
    tagDocument(this.extractor, doc, this.table, tags);
    trimHeadlineNames(doc, tags);
    dropCommonWordPeople(doc, tags);
    extendComplements(doc, tags);
    retypeWorks(doc, tags);
    speakersAreNotWorks(doc, tags);
    companiesEverywhere(doc, tags);
    return spansOf(doc, tags);
  }

  /** People, organisations and places in text (or in the given regions of it), sorted by start. */
  tag(text: string, regions?: TextRange[], regionTokens?: Token[][]): TaggedEntity[] {
    const out: TaggedEntity[] = [];
    for (const s of this.tagTyped(text, regions, regionTokens)) {
      const type = ENTITY_TYPE[s.type];
      if (type) out.push({ type, start: s.start, end: s.end });
    }
    return out;
  }
}

/**
 * Loads a tagger from a model file (default: data/models/ner.bin of this package). A missing or
 * corrupt file throws naming it: tagging without the model would find no names at all.
 */
export function loadTagger(path = DEFAULT_MODEL_PATH): Tagger {
  const bytes = readModelFile(path, 'NER model', 'train one: npm run train -- <train.jsonl>');
  let model: Model;
  try {
    model = deserializeModel(bytes, { sparse: true });
  } catch (e) {
    throw new Error(`NER model ${path} is not a valid model file (${(e as Error).message}); retrain it: npm run train`);
  }
  return new Tagger(model, bytesDigest(bytes));
}
