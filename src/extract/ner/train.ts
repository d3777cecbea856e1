// Averaged-perceptron training of the tagger over annotated documents, and evaluation.
import type { WordClusters } from './clusters.js';
import { type AnnotatedDoc, type GoldDoc, toGold } from './corpus.js';
import { FeatureExtractor } from './features.js';
import { defaultGazetteer } from './gazetteer.js';
import { rng } from './hash.js';
import { type Model, quantize } from './model.js';
import { NerScore } from './score.js';
import { identityTable, Tagger, tagDocument } from './tagger.js';
import { N_TAGS } from './tags.js';

export interface TrainOptions {
  epochs: number;
  /** log2 of the number of feature buckets. */
  bits: number;
  seed: number;
  /** Quantised weights of at most this magnitude are dropped from the model (0 keeps all). */
  prune: number;
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

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = { epochs: 10, bits: 20, seed: 1, prune: 0 };

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

export function trainModel(docs: AnnotatedDoc[], clusters: WordClusters, options: Partial<TrainOptions> = {}): Model {
  const o = { ...DEFAULT_TRAIN_OPTIONS, ...options };
  const fx = new FeatureExtractor(clusters, defaultGazetteer());
  const golds: GoldDoc[] = docs.map((d) => toGold(fx, d));
  const size = (1 << o.bits) * N_TAGS;
  const mask = (1 << o.bits) - 1;
  const w = new Float32Array(size);
  const u = new Float64Array(size);
  const table = identityTable(o.bits, w);
  let c = 1;
  let mistakes = 0;
  const learn = (feats: Uint32Array, n: number, gold: number, pred: number) => {
    mistakes++;
    for (let f = 0; f < n; f++) {
      const base = ((feats[f] as number) & mask) * N_TAGS;
      w[base + gold] = (w[base + gold] as number) + 1;
      u[base + gold] = (u[base + gold] as number) + c;
      w[base + pred] = (w[base + pred] as number) - 1;
      u[base + pred] = (u[base + pred] as number) - c;
    }
  };
  const random = rng(o.seed);
  const order = golds.map((_, i) => i);
  const tokens = golds.reduce((a, g) => a + g.doc.tokens.length, 0);
  const meta = { epochs: o.epochs, seed: o.seed, bits: o.bits, documents: docs.length, tokens };
  let model: Model = { bits: o.bits, weights: new Int16Array(size), clusters, meta };
  for (let epoch = 1; epoch <= o.epochs; epoch++) {
    const t0 = performance.now();
    mistakes = 0;
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }
    for (const k of order) {
      const g = golds[k] as GoldDoc;
      const tags = new Uint8Array(g.doc.tokens.length);
      tagDocument(fx, g.doc, table, tags, g.gold, learn);
      c++;
    }
    const report: EpochReport = { epoch, mistakes, tokens, seconds: (performance.now() - t0) / 1000 };
    const last = epoch === o.epochs;
    if (last || o.dev) {
      model = { bits: o.bits, weights: quantize(averaged(w, u, c), last ? o.prune : 0), clusters, meta };
      if (o.dev) report.dev = evaluate(new Tagger(model), o.dev).score;
    }
    o.onEpoch?.(report);
  }
  return model;
}
