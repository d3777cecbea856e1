// The tagger's model file: a gzip stream of a small JSON header, the word-cluster table, the hashed
// training-name list, the case profile (case-profile.ts) and the non-zero weights of the hashed feature
// table, quantised to 16 bits (index deltas as varints).
import { gunzipSync, gzipSync } from 'node:zlib';
import { CaseProfile } from './case-profile.js';
import { WordClusters } from './clusters.js';
import { NameList } from './names.js';
import { N_TAGS, TAGS } from './tags.js';

export const MODEL_VERSION = 3;
const MAGIC = 0x52454e4e; // "NNER"

export interface Model {
  /** log2 of the number of feature buckets. */
  bits: number;
  /** weights[bucket * N_TAGS + tag], quantised. */
  weights: Int16Array;
  clusters: WordClusters;
  /** Names seen in the training data (hashed), see names.ts. */
  names: NameList;
  /** Which words are common lower-case words in running text, see case-profile.ts. */
  caseProfile: CaseProfile;
  /**
   * The non-zero rows only, when loaded for tagging (see deserializeModel's `sparse`): rowOf[bucket] is
   * the bucket's row in weights (N_TAGS weights a row), or -1; the dense `weights` are then empty.
   */
  compact?: { rowOf: Int32Array; weights: Int16Array };
  /** Free-form facts about training (corpus, epochs, seed, dev score), kept in the header. */
  meta: Record<string, unknown>;
}

/** Quantises float weights to 16 bits (scale chosen so the largest magnitude maps to 32767). */
export function quantize(weights: ArrayLike<number>, prune = 0): Int16Array {
  let max = 0;
  for (let i = 0; i < weights.length; i++) max = Math.max(max, Math.abs(weights[i] as number));
  const scale = max > 0 ? 32767 / max : 1;
  const q = new Int16Array(weights.length);
  for (let i = 0; i < weights.length; i++) {
    const v = Math.round((weights[i] as number) * scale);
    q[i] = Math.abs(v) <= prune ? 0 : v;
  }
  return q;
}

export function serializeModel(model: Model): Uint8Array {
  const header = new TextEncoder().encode(
    JSON.stringify({ version: MODEL_VERSION, bits: model.bits, tags: TAGS, meta: model.meta }),
  );
  const clusters = model.clusters.serialize();
  const names = model.names.serialize();
  const profile = model.caseProfile.serialize();
  const w = model.weights;
  const parts: number[] = [];
  let last = -1;
  let count = 0;
  for (let i = 0; i < w.length; i++) {
    const v = w[i] as number;
    if (v === 0) continue;
    let d = i - last;
    last = i;
    while (d >= 0x80) {
      parts.push((d & 0x7f) | 0x80);
      d >>>= 7;
    }
    parts.push(d);
    parts.push(v & 0xff, (v >> 8) & 0xff);
    count++;
  }
  const out = new Uint8Array(24 + header.length + clusters.length + names.length + profile.length + parts.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, header.length, true);
  view.setUint32(8, clusters.length, true);
  view.setUint32(12, names.length, true);
  view.setUint32(16, profile.length, true);
  view.setUint32(20, count, true);
  let o = 24;
  for (const part of [header, clusters, names, profile, Uint8Array.from(parts)]) {
    out.set(part, o);
    o += part.length;
  }
  return gzipSync(out, { level: 9 });
}

/**
 * Reads a model file. With sparse, builds only the table of non-zero rows (what the tagger needs: a
 * few MB and no scan of the dense table) and leaves `weights` empty.
 */
export function deserializeModel(file: Uint8Array, { sparse = false } = {}): Model {
  const buf = gunzipSync(file);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  if (view.getUint32(0, true) !== MAGIC) throw new Error('not an NER model file');
  const headerLength = view.getUint32(4, true);
  const clustersLength = view.getUint32(8, true);
  const namesLength = view.getUint32(12, true);
  const profileLength = view.getUint32(16, true);
  const count = view.getUint32(20, true);
  let o = 24;
  const header = JSON.parse(new TextDecoder().decode(buf.subarray(o, o + headerLength))) as {
    version: number;
    bits: number;
    tags: string[];
    meta: Record<string, unknown>;
  };
  if (header.version !== MODEL_VERSION)
    throw new Error(`NER model version ${header.version}, expected ${MODEL_VERSION}`);
  if (header.tags.join() !== TAGS.join()) throw new Error('NER model has a different tag set');
  o += headerLength;
  const clusters = WordClusters.deserialize(buf.subarray(o, o + clustersLength));
  o += clustersLength;
  const names = NameList.deserialize(buf.subarray(o, o + namesLength));
  o += namesLength;
  const caseProfile = CaseProfile.deserialize(buf.subarray(o, o + profileLength));
  o += profileLength;
  const size = (1 << header.bits) * N_TAGS;
  const weights = new Int16Array(sparse ? 0 : size);
  const rowOf = new Int32Array(sparse ? 1 << header.bits : 0).fill(-1);
  const rows = new Int16Array(sparse ? count * N_TAGS : 0);
  let nRows = 0;
  let lastBucket = -1;
  let index = -1;
  for (let k = 0; k < count; k++) {
    let d = 0;
    let shift = 0;
    for (;;) {
      const b = buf[o++] as number;
      d += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) break;
      shift += 7;
    }
    index += d;
    const lo = buf[o++] as number;
    const hi = buf[o++] as number;
    const v = (((hi << 8) | lo) << 16) >> 16;
    if (!sparse) {
      weights[index] = v;
      continue;
    }
    const bucket = (index / N_TAGS) | 0;
    if (bucket !== lastBucket) {
      rowOf[bucket] = nRows++;
      lastBucket = bucket;
    }
    rows[((rowOf[bucket] as number) * N_TAGS + (index - bucket * N_TAGS)) as number] = v;
  }
  const model: Model = { bits: header.bits, weights, clusters, names, caseProfile, meta: header.meta };
  if (sparse) model.compact = { rowOf, weights: rows.slice(0, nRows * N_TAGS) };
  return model;
}
