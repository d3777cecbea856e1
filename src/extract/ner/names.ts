// Names as a tagger feature: for each token, which entity types (PER, ORG, LOC, MISC) a name it is part
// of had in the training data, with its BILU part, and whether it is part of a known city name
// (CITY, from a general gazetteer; see src/cli/train.ts). Only hashes of the lowercased token sequences
// are kept (never the names themselves). While training, each document sees the training names of the
// other folds only, so the tagger learns how far the list can be trusted on names it has not memorised.

/** The category of general city names, after the four CoNLL types. */
export const CITY = 4;
const CATEGORIES = 5;

import { hashString } from './hash.js';

const MAGIC = 0x4c4d4e4e; // "NNML"

/** The hash of lowercased tokens joined by single spaces, built incrementally. */
const extend = (h: number, lower: string): number => hashString(lower, hashString(' ', h));

export class NameList {
  /** Hash of the name's lowercased tokens -> bit set of types. */
  private readonly types = new Map<number, number>();
  /** Hash of a first token -> the longest name starting with it, in tokens. */
  private readonly firsts = new Map<number, number>();

  /** Entries, names and prefixes of names. */
  get size(): number {
    return this.types.size;
  }

  /** Adds a name, given as its lowercased tokens, with its type (0..3, or CITY). */
  add(lowerTokens: string[], type: number): void {
    if (!lowerTokens.length) return;
    const first = hashString(lowerTokens[0] as string);
    let h = first;
    for (let k = 1; k < lowerTokens.length; k++) {
      // every proper prefix of two or more tokens is kept too (with no type), so that matching can stop
      // as soon as no name continues
      if (k > 1 && !this.types.has(h)) this.types.set(h, 0);
      h = extend(h, lowerTokens[k] as string);
    }
    this.types.set(h, (this.types.get(h) ?? 0) | (1 << type));
    this.firsts.set(first, Math.max(this.firsts.get(first) ?? 0, lowerTokens.length));
  }

  /**
   * Writes, per token of lower[from, to), the bit set (type * 4 + BILU part) of the names it is part
   * of. hashes, when given, holds hashString() of each lowercased token (saves hashing them again).
   */
  match(lower: string[], from: number, to: number, out: Int32Array, hashes?: ArrayLike<number>): void {
    for (let i = from; i < to; i++) out[i] = 0;
    for (let i = from; i < to; i++) {
      const first = hashes ? (hashes[i] as number) : hashString(lower[i] as string);
      const max = this.firsts.get(first);
      if (max === undefined) continue;
      let h = first;
      for (let n = 1; n <= max && i + n <= to; n++) {
        if (n > 1) h = extend(h, lower[i + n - 1] as string);
        const types = this.types.get(h);
        if (types === undefined) {
          if (n > 1) break; // no name starts with these tokens
          continue;
        }
        if (!types) continue;
        for (let t = 0; t < CATEGORIES; t++) {
          if (!(types & (1 << t))) continue;
          if (n === 1) out[i] = (out[i] as number) | (1 << (t * 4 + 3));
          else {
            out[i] = (out[i] as number) | (1 << (t * 4));
            for (let j = i + 1; j < i + n - 1; j++) out[j] = (out[j] as number) | (1 << (t * 4 + 1));
            out[i + n - 1] = (out[i + n - 1] as number) | (1 << (t * 4 + 2));
          }
        }
      }
    }
  }

  serialize(): Uint8Array {
    const types = [...this.types].sort((a, b) => a[0] - b[0]);
    const firsts = [...this.firsts].sort((a, b) => a[0] - b[0]);
    const buf = new Uint8Array(12 + types.length * 5 + firsts.length * 5);
    const view = new DataView(buf.buffer);
    view.setUint32(0, MAGIC, true);
    view.setUint32(4, types.length, true);
    view.setUint32(8, firsts.length, true);
    let o = 12;
    for (const [h, v] of [...types, ...firsts]) {
      view.setUint32(o, h, true);
      buf[o + 4] = v;
      o += 5;
    }
    return buf;
  }

  static deserialize(buf: Uint8Array): NameList {
    const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    if (view.getUint32(0, true) !== MAGIC) throw new Error('not a name list');
    const list = new NameList();
    const nTypes = view.getUint32(4, true);
    const nFirsts = view.getUint32(8, true);
    let o = 12;
    for (let k = 0; k < nTypes; k++, o += 5) list.types.set(view.getUint32(o, true), buf[o + 4] as number);
    for (let k = 0; k < nFirsts; k++, o += 5) list.firsts.set(view.getUint32(o, true), buf[o + 4] as number);
    return list;
  }
}
