// Which stored story an article belongs to: engine-independent policy, so both engines group the same
// way. A story is the same text republished (wire copy lightly edited by several outlets); its id is
// the id of the article that started it.
//
// Why MinHash over word 5-shingles with LSH bands, and not SimHash: what makes two articles "the same
// copy" is how many of their word runs they share, which is the Jaccard similarity of their shingle
// sets; MinHash estimates exactly that (each of the K values agrees with probability J), so the
// threshold is a Jaccard figure that can be measured and explained. Its banding gives candidates by
// equality of a band's bucket, one indexed lookup per band in either engine, where SimHash's Hamming
// threshold needs several permuted copies of the fingerprint to be indexable, and a 64-bit SimHash of
// a short wire item is noisy (one added sentence moves many bits). The cost is a bigger signature
// (K 32-bit values) and BANDS index rows per article.
import { TOKEN } from '../text/words.js';

/** Words per shingle: long enough that two reports of one event rarely share a run by chance. */
export const SHINGLE = 5;
/** MinHash values per signature: the estimate's standard error is sqrt(J(1-J)/K), 0.04 at J = 0.5. */
export const HASHES = 128;
/**
 * LSH bands of ROWS values each (BANDS x ROWS = HASHES): two articles are candidates when all the values
 * of one band agree. With 32 bands of 4, a pair at J = 0.5 is a candidate with probability
 * 1 - (1 - 0.5^4)^32 = 0.87, at J = 0.6 0.99, at J = 0.3 0.23 (then refused by the full estimate).
 */
export const BANDS = 32;
export const ROWS = HASHES / BANDS;
/**
 * The estimated Jaccard similarity at or above which an article joins a story: chosen on the
 * measurements of `npm run eval:duplicates` (docs/extraction.md#near-duplicates), where lightly edited
 * copies of CoNLL-2003 articles scored well above it and the most alike different articles of the
 * same day well below.
 */
export const THRESHOLD = 0.5;
/** How many candidates (most shared bands first) are compared in full: a bound on the cost of a save. */
export const MAX_CANDIDATES = 50;

/** 32-bit finalizer of MurmurHash3: spreads every input bit over the output. */
function mix(h: number): number {
  let x = h;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/** FNV-1a over a word's UTF-16 units, mixed. */
function wordHash(w: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < w.length; i++) h = Math.imul(h ^ w.charCodeAt(i), 0x01000193);
  return mix(h);
}

// MinHash function k maps a (mixed) shingle hash x to MULTIPLIERS[k] * x + ADDENDS[k] mod 2^32: odd
// multipliers make each a permutation, and the minimum is decided by the high bits, which depend on
// every bit of x. One multiply and add per value, where mixing each value anew costs three times that
// on every save (the eval's recall and precision are the same either way).
const MULTIPLIERS = Int32Array.from({ length: HASHES }, (_, k) => mix(0x9e3779b9 + k) | 1);
const ADDENDS = Int32Array.from({ length: HASHES }, (_, k) => mix(0x7f4a7c15 ^ k));

/**
 * The words a signature is made of: tokens as the word search cuts them, case and accents folded, so
 * that re-typesetting (curly quotes, accents, capitals in a new headline style) changes nothing.
 */
export function shingleWords(body: string): string[] {
  return body.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().match(TOKEN) ?? [];
}

/**
 * The MinHash signature of an article body (its paragraphs: the headline and dateline, which outlets
 * rewrite, are left out), or null when it has fewer than SHINGLE words: too little to call a copy.
 */
export function signature(paragraphs: string[]): Uint32Array | null {
  const words = shingleWords(paragraphs.join('\n'));
  if (words.length < SHINGLE) return null;
  const hashes = words.map(wordHash);
  // The minima are kept with the sign bit flipped, as signed 32-bit integers (the same order): values
  // V8 keeps unboxed, where unsigned ones over 2^31 would be doubles.
  const min = new Int32Array(HASHES).fill(0x7fffffff);
  for (let i = 0; i + SHINGLE <= hashes.length; i++) {
    let s = 0;
    for (let j = 0; j < SHINGLE; j++) s = mix((s ^ (hashes[i + j] as number)) + j);
    const x = mix(s);
    for (let k = 0; k < HASHES; k++) {
      const v = ((Math.imul(x, MULTIPLIERS[k] as number) + (ADDENDS[k] as number)) | 0) ^ 0x80000000;
      if (v < (min[k] as number)) min[k] = v;
    }
  }
  return Uint32Array.from(min, (v) => (v ^ 0x80000000) >>> 0);
}

/** The estimated Jaccard similarity of two signatures: the share of values that agree. */
export function similarity(a: Uint32Array, b: Uint32Array): number {
  let same = 0;
  for (let k = 0; k < HASHES; k++) if (a[k] === b[k]) same++;
  return same / HASHES;
}

/**
 * The LSH bucket keys of a signature, one per band: the band's number in the high bits (so equal
 * values in different bands never meet) and 40 bits of a hash of its ROWS values; under 2^53, so an
 * integer in both engines and in JavaScript.
 */
export function buckets(sig: Uint32Array): number[] {
  const keys: number[] = [];
  for (let b = 0; b < BANDS; b++) {
    let h1 = 0x243f6a88 ^ b;
    let h2 = 0x85a308d3 ^ b;
    for (let r = 0; r < ROWS; r++) {
      const v = sig[b * ROWS + r] as number;
      h1 = mix(h1 ^ v);
      h2 = mix(h2 + v);
    }
    keys.push(b * 2 ** 40 + (h1 >>> 0) * 2 ** 8 + (h2 & 0xff));
  }
  return keys;
}

// Every platform Node runs on today is little-endian: a signature's bytes are then its array's own,
// copied whole (a save decodes up to MAX_CANDIDATES of them); the other branch keeps the format anyway.
const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

/** A signature as stored: HASHES little-endian 32-bit values. */
export function signatureBytes(sig: Uint32Array): Buffer {
  if (LITTLE_ENDIAN) return Buffer.from(sig.buffer.slice(sig.byteOffset, sig.byteOffset + sig.byteLength));
  const buf = Buffer.alloc(HASHES * 4);
  for (let k = 0; k < HASHES; k++) buf.writeUInt32LE(sig[k] as number, k * 4);
  return buf;
}

export function signatureFromBytes(buf: Uint8Array): Uint32Array {
  // A copy: a Buffer's slice is a view into a pool that other values share, at any offset.
  if (LITTLE_ENDIAN) return new Uint32Array(new Uint8Array(buf.subarray(0, HASHES * 4)).buffer);
  const view = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  return Uint32Array.from({ length: HASHES }, (_, k) => view.readUInt32LE(k * 4));
}

/** A stored article that shares a band with the one being saved. */
export interface StoryCandidate {
  seq: number;
  storyId: string;
  signature: Uint32Array;
}

/**
 * The story an article joins: that of its most similar candidate at or above THRESHOLD (the earliest
 * stored on a tie), or null to start its own.
 */
export function chooseStory(sig: Uint32Array, candidates: StoryCandidate[]): string | null {
  let best: { score: number; seq: number; storyId: string } | null = null;
  for (const c of candidates) {
    const score = similarity(sig, c.signature);
    if (score < THRESHOLD) continue;
    if (best === null || score > best.score || (score === best.score && c.seq < best.seq))
      best = { score, seq: c.seq, storyId: c.storyId };
  }
  return best?.storyId ?? null;
}
