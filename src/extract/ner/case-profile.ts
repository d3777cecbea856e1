// How a word is usually written in running text, as a tagger feature. At the start of a sentence or in
// a headline every word is capitalised, so capitalisation there says nothing; but "floods" and
// "troops" are written in lower case almost everywhere else, while "Airbus" and "Renner" never are.
// The profile is counted from the training texts (and any unlabelled news text the recipe adds):
// for each lowercased word, how often it is capitalised away from a sentence start in a sentence that
// is not in capitals. Only words capitalised less than half the time are kept: the feature says "a
// common word", and a name of the training data cannot teach the tagger to trust its own occurrences
// (it is capitalised there, so it is never kept). Only hashes and a small bin are stored, never words.
import { sentences, tokenize } from '../tokenize.js';
import { hashString } from './hash.js';

const MAGIC = 0x50434e4e; // "NNCP"

/**
 * A sentence whose letters are at least this share upper-case words is in capitals (a headline, a
 * dateline): the tagger reads it knowing so (features.ts), and the profile does not count it.
 */
export const CAPS_SHARE = 0.7;

/** Words seen fewer times than this in running text get no bin: the counts would say little. */
const MIN_COUNT = 3;

/** The bin of a share of capitalised occurrences: 1 (under 5%), 2 (under 25%), 3 (under half); else 0. */
const binOf = (capitalised: number, total: number): number => {
  const r = capitalised / total;
  if (r < 0.05) return 1;
  if (r < 0.25) return 2;
  if (r < 0.5) return 3;
  return 0;
};

const LETTER = /\p{L}/u;
const UPPER_FIRST = /^\p{Lu}/u;
const LOWER_ONLY = /^[^\p{Lu}]*\p{Ll}[^\p{Lu}]*$/u;

export class CaseProfile {
  private readonly bins = new Map<number, number>();

  get size(): number {
    return this.bins.size;
  }

  /** The bin of a lowercased word (0 when it is not a common word, or was not seen often enough). */
  binOf(lower: string, hash = hashString(lower)): number {
    return this.bins.get(hash) ?? 0;
  }

  /** Counts the words of texts, sentence by sentence, as described above. */
  static learn(texts: Iterable<string>): CaseProfile {
    const counts = new Map<number, [number, number]>();
    for (const text of texts) {
      const toks = tokenize(text);
      let t = 0;
      for (const s of sentences(text, 0, text.length, toks)) {
        const from = t;
        while (t < toks.length && (toks[t]?.end ?? 0) <= s.end) t++;
        let letters = 0;
        let upper = 0;
        for (let i = from; i < t; i++) {
          const w = toks[i]?.text ?? '';
          if (!LETTER.test(w)) continue;
          letters++;
          if (w === w.toUpperCase()) upper++;
        }
        if (letters === 0 || upper / letters >= CAPS_SHARE) continue;
        let first = true;
        for (let i = from; i < t; i++) {
          const w = toks[i]?.text ?? '';
          if (!LETTER.test(w)) continue;
          // the first word, and a word after an opening quote or a colon, is capitalised by rule
          const prev = toks[i - 1]?.text ?? '';
          if (first || (i > from && /^["“‘:(]$/u.test(prev))) {
            first = false;
            continue;
          }
          const h = hashString(w.toLowerCase());
          let c = counts.get(h);
          if (!c) {
            c = [0, 0];
            counts.set(h, c);
          }
          if (UPPER_FIRST.test(w)) c[0]++;
          else if (LOWER_ONLY.test(w)) c[1]++;
        }
      }
    }
    const profile = new CaseProfile();
    for (const [h, [cap, low]] of counts) {
      const bin = cap + low >= MIN_COUNT ? binOf(cap, cap + low) : 0;
      if (bin) profile.bins.set(h, bin);
    }
    return profile;
  }

  serialize(): Uint8Array {
    const entries = [...this.bins].sort((a, b) => a[0] - b[0]);
    const buf = new Uint8Array(8 + entries.length * 5);
    const view = new DataView(buf.buffer);
    view.setUint32(0, MAGIC, true);
    view.setUint32(4, entries.length, true);
    let o = 8;
    for (const [h, bin] of entries) {
      view.setUint32(o, h, true);
      buf[o + 4] = bin;
      o += 5;
    }
    return buf;
  }

  static deserialize(buf: Uint8Array): CaseProfile {
    const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    if (view.getUint32(0, true) !== MAGIC) throw new Error('not a case profile');
    const profile = new CaseProfile();
    const n = view.getUint32(4, true);
    for (let k = 0, o = 8; k < n; k++, o += 5) profile.bins.set(view.getUint32(o, true), buf[o + 4] as number);
    return profile;
  }
}
