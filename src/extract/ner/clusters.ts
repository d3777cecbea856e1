// Word clusters: each known word (by its hash; the words themselves are not stored) maps to a path of
// cluster ids, coarse to fine, learnt from unlabelled news by src/cli/clusters.ts.
import { lowerBound } from '../../text/lower-bound.js';
import { hashString } from './hash.js';

const MAGIC = 0x4c43574e; // "NWCL"

export class WordClusters {
  /** Sorted word hashes. */
  readonly keys: Uint32Array;
  /** ids[i * levels + l]: cluster of word i at level l (0 = coarsest), unique across levels. */
  readonly ids: Uint16Array;
  readonly levels: number;

  constructor(keys: Uint32Array, ids: Uint16Array, levels: number) {
    this.keys = keys;
    this.ids = ids;
    this.levels = levels;
  }

  static empty(levels = 0): WordClusters {
    return new WordClusters(new Uint32Array(0), new Uint16Array(0), levels);
  }

  /** Builds the table from word -> path (coarse to fine). Paths must all have `levels` entries. */
  static fromMap(paths: Map<string, number[]>, levels: number): WordClusters {
    const entries = [...paths].map(([w, p]) => [hashString(w), p] as const).sort((a, b) => a[0] - b[0]);
    const keys = new Uint32Array(entries.length);
    const ids = new Uint16Array(entries.length * levels);
    let n = 0;
    for (const [h, p] of entries) {
      if (n > 0 && keys[n - 1] === h) continue; // a hash collision: keep the first (more frequent) word
      keys[n] = h;
      for (let l = 0; l < levels; l++) ids[n * levels + l] = p[l] ?? 0;
      n++;
    }
    return new WordClusters(keys.slice(0, n), ids.slice(0, n * levels), levels);
  }

  /** Index of word in the table, or -1. */
  find(word: string): number {
    const h = hashString(word);
    const keys = this.keys;
    const i = lowerBound(keys.length, (k) => (keys[k] as number) < h);
    return i < keys.length && keys[i] === h ? i : -1;
  }

  /** The cluster path of word: as written, else title-cased (for all-caps headlines), else lowercased. */
  lookup(word: string): number {
    let i = this.find(word);
    if (i < 0 && word.length > 1 && word === word.toUpperCase() && word !== word.toLowerCase()) {
      i = this.find(word[0] + word.slice(1).toLowerCase());
    }
    if (i < 0) i = this.find(word.toLowerCase());
    return i;
  }

  id(index: number, level: number): number {
    return this.ids[index * this.levels + level] as number;
  }

  get size(): number {
    return this.keys.length;
  }

  serialize(): Uint8Array {
    const n = this.keys.length;
    const buf = new Uint8Array(12 + n * 4 + n * this.levels * 2);
    const view = new DataView(buf.buffer);
    view.setUint32(0, MAGIC, true);
    view.setUint32(4, n, true);
    view.setUint32(8, this.levels, true);
    let o = 12;
    for (let i = 0; i < n; i++, o += 4) view.setUint32(o, this.keys[i] as number, true);
    for (let i = 0; i < n * this.levels; i++, o += 2) view.setUint16(o, this.ids[i] as number, true);
    return buf;
  }

  static deserialize(buf: Uint8Array): WordClusters {
    const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    if (view.getUint32(0, true) !== MAGIC) throw new Error('not a word-cluster table');
    const n = view.getUint32(4, true);
    const levels = view.getUint32(8, true);
    const keys = new Uint32Array(n);
    const ids = new Uint16Array(n * levels);
    let o = 12;
    for (let i = 0; i < n; i++, o += 4) keys[i] = view.getUint32(o, true);
    for (let i = 0; i < n * levels; i++, o += 2) ids[i] = view.getUint16(o, true);
    return new WordClusters(keys, ids, levels);
  }
}
