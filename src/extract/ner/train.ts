// Averaged-perceptron training of the tagger over annotated documents, and evaluation.
import { CaseProfile } from './case-profile.js';
import type { WordClusters } from './clusters.js';
import { type AnnotatedDoc, type GoldDoc, type TrainCorpus, toGold } from './corpus.js';
import { FeatureExtractor } from './features.js';
import { defaultGazetteer } from './gazetteer.js';
import { rng } from './hash.js';
import { type Model, quantize } from './model.js';
import { CITY, NameList } from './names.js';
import { NerScore } from './score.js';
import { identityTable, Tagger, tagDocument } from './tagger.js';
import { decode, N_TAGS, O, TYPES, typeOfTag } from './tags.js';

export interface TrainOptions {
  epochs: number;
  /** log2 of the number of feature buckets. */
  bits: number;
  seed: number;
  /** Quantised weights of at most this magnitude are dropped from the model (0 keeps all). */
  prune: number;
  /** Folds of the training-name list: each document sees the names of the other folds only (0: no list). */
  folds: number;
  /** Unlabelled text read only for the case profile (see case-profile.ts), besides the corpora's own. */
  profileTexts?: string[];
  /** City names from a general gazetteer, as lowercased tokens (the CITY category of the name list). */
  cities?: string[][];
  dev?: AnnotatedDoc[];
  onEpoch?: (report: EpochReport) => void;
}

export interface EpochReport {
  epoch: number;
  mistakes: number;
  tokens: number;
  seconds: number;
  dev?: NerScore;
}

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = { epochs: 10, bits: 20, seed: 1, prune: 0, folds: 10 };

export function evaluate(tagger: Tagger, docs: AnnotatedDoc[]): { score: NerScore; chars: number; seconds: number } {
  const score = new NerScore();
  let chars = 0;
  const t0 = performance.now();
  for (const d of docs) {
    const pred = tagger.tagTyped(d.text);
    chars += d.text.length;
    score.add(d.text, d.entities, pred);
  }
  return { score, chars, seconds: (performance.now() - t0) / 1000 };
}

function averaged(w: Float32Array, u: Float64Array, c: number): Float32Array {
  const out = new Float32Array(w.length);
  for (let i = 0; i < w.length; i++) out[i] = (w[i] as number) - (u[i] as number) / c;
  return out;
}

const MISC = TYPES.indexOf('MISC');

/** One corpus of equal weight with every type annotated (the way CoNLL-2003 is). */
export const corpusOf = (name: string, docs: AnnotatedDoc[]): TrainCorpus => ({
  name,
  docs,
  weight: 1,
  misc: true,
  names: true,
  news: true,
});

interface TrainDoc extends GoldDoc {
  weight: number;
  misc: boolean;
  names: boolean;
}

export function trainModel(corpora: TrainCorpus[], clusters: WordClusters, options: Partial<TrainOptions> = {}): Model {
  const o = { ...DEFAULT_TRAIN_OPTIONS, ...options };
  const caseProfile = CaseProfile.learn([
    ...corpora.flatMap((c) => c.docs.map((d) => d.text)),
    ...(o.profileTexts ?? []),
  ]);
  const fx = new FeatureExtractor(clusters, defaultGazetteer(), new NameList(), caseProfile);
  const golds: TrainDoc[] = corpora.flatMap((c) =>
    c.docs.map((d) => {
      const g = toGold(fx, d);
      g.doc.news = c.news;
      return { ...g, weight: c.weight, misc: c.misc, names: c.names };
    }),
  );
  const docs = golds.length;
  // The training-name list: the whole list for the model, per fold the list of the other folds.
  const names = new NameList();
  const foldLists = Array.from({ length: o.folds }, () => new NameList());
  for (const city of o.cities ?? []) for (const list of [names, ...foldLists]) list.add(city, CITY);
  golds.forEach((g, k) => {
    if (!g.names) return;
    for (const s of g.doc.sentences) {
      for (const sp of decode(g.gold, s.from, s.to)) {
        const lower = g.doc.info.slice(sp.start, sp.end).map((w) => w.lower);
        if (o.folds > 0) names.add(lower, sp.type);
        foldLists.forEach((list, f) => {
          if (f !== k % o.folds) list.add(lower, sp.type);
        });
      }
    }
  });
  if (o.folds > 0) for (const [k, g] of golds.entries()) fx.matchNames(g.doc, foldLists[k % o.folds] as NameList);
  if (o.folds === 0 && o.cities?.length) for (const g of golds) fx.matchNames(g.doc, names);
  const modelNames = o.folds > 0 || o.cities?.length ? names : new NameList();
  const size = (1 << o.bits) * N_TAGS;
  const mask = (1 << o.bits) - 1;
  const w = new Float32Array(size);
  const u = new Float64Array(size);
  const table = identityTable(o.bits, w);
  let c = 1;
  let mistakes = 0;
  // the document being learnt from: how far a mistake moves the weights, and whether it annotates MISC
  let step = 1;
  let misc = true;
  const learn = (feats: Uint32Array, n: number, gold: number, pred: number) => {
    if (!misc && gold === O && typeOfTag(pred) === MISC) return;
    mistakes++;
    const sc = step * c;
    for (let f = 0; f < n; f++) {
      const base = ((feats[f] as number) & mask) * N_TAGS;
      w[base + gold] = (w[base + gold] as number) + step;
      u[base + gold] = (u[base + gold] as number) + sc;
      w[base + pred] = (w[base + pred] as number) - step;
      u[base + pred] = (u[base + pred] as number) - sc;
    }
  };
  const random = rng(o.seed);
  const order = golds.map((_, i) => i);
  const tokens = golds.reduce((a, g) => a + g.doc.tokens.length, 0);
  const meta = {
    epochs: o.epochs,
    seed: o.seed,
    bits: o.bits,
    folds: o.folds,
    cities: o.cities?.length ?? 0,
    caseProfile: caseProfile.size,
    documents: docs,
    corpora: corpora.map((k) => ({
      name: k.name,
      documents: k.docs.length,
      weight: k.weight,
      misc: k.misc,
      news: k.news,
    })),
    tokens,
  };
  let model: Model = { bits: o.bits, weights: new Int16Array(size), clusters, names: modelNames, caseProfile, meta };
  for (let epoch = 1; epoch <= o.epochs; epoch++) {
    const t0 = performance.now();
    mistakes = 0;
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }
    for (const k of order) {
      const g = golds[k] as TrainDoc;
      step = g.weight;
      misc = g.misc;
      const tags = new Uint8Array(g.doc.tokens.length);
      tagDocument(fx, g.doc, table, tags, g.gold, learn);
      c++;
    }
    const report: EpochReport = { epoch, mistakes, tokens, seconds: (performance.now() - t0) / 1000 };
    const last = epoch === o.epochs;
    if (last || o.dev) {
      model = {
        bits: o.bits,
        weights: quantize(averaged(w, u, c), last ? o.prune : 0),
        clusters,
        names: modelNames,
        caseProfile,
        meta,
      };
      if (o.dev) report.dev = evaluate(new Tagger(model), o.dev).score;
    }
    o.onEpoch?.(report);
  }
  return model;
}
