// The story policy of src/store/stories.ts, apart from any engine: signatures, their stored form, and
// which story an article joins.
import { describe, expect, it } from 'vitest';
import {
  buckets,
  chooseStory,
  HASHES,
  signature,
  signatureBytes,
  signatureFromBytes,
  similarity,
} from '../../src/store/stories.js';
import { COPY, OTHER, WIRE } from './drafts.js';

const sig = (paragraphs: string[]) => signature(paragraphs) ?? new Uint32Array(HASHES);

describe('stories', () => {
  it('signs a body the same whatever its case, accents and punctuation, and not a body under five words', () => {
    expect(
      similarity(sig(['Café owners said: "No."  Prices rose again']), sig(['cafe OWNERS said no prices rose again'])),
    ).toBe(1);
    expect(signature(['A 1-1 draw.'])).toBeNull();
  });

  it('rates a lightly edited copy well above another report of the same event', () => {
    expect(similarity(sig(WIRE), sig(COPY))).toBeGreaterThan(0.5);
    expect(similarity(sig(WIRE), sig(OTHER))).toBeLessThan(0.2);
  });

  it('puts a copy in one LSH bucket with its original at least, and each band in its own range', () => {
    const shared = buckets(sig(WIRE)).filter((b) => buckets(sig(COPY)).includes(b));
    expect(shared.length).toBeGreaterThan(0);
    expect(buckets(sig(WIRE)).map((b) => Math.floor(b / 2 ** 40))).toEqual([...Array(32).keys()]);
  });

  it('reads a stored signature back from a Buffer that is a view into a larger pool', () => {
    const s = sig(WIRE);
    const pool = Buffer.concat([Buffer.from('pad'), signatureBytes(s), Buffer.from('more')]);
    expect(signatureFromBytes(pool.subarray(3, 3 + HASHES * 4))).toEqual(s);
  });

  it('joins the most similar candidate at or above the threshold, the earliest stored on a tie, else none', () => {
    const s = sig(WIRE);
    const candidate = (seq: number, storyId: string, paragraphs: string[]) => ({
      seq,
      storyId,
      signature: sig(paragraphs),
    });
    expect(chooseStory(s, [candidate(2, 'other', OTHER), candidate(3, 'copy', COPY), candidate(1, 'same', WIRE)])).toBe(
      'same',
    );
    expect(chooseStory(s, [candidate(5, 'later', WIRE), candidate(4, 'earlier', WIRE)])).toBe('earlier');
    expect(chooseStory(s, [candidate(2, 'other', OTHER)])).toBeNull();
  });
});
