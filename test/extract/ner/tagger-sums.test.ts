// The tagger's shortcuts for a loaded model (each word's own feature sums kept with the word, context
// sums remembered in the table's memo, the sums in locals) must tag exactly as summing every feature
// of every token does: the plain loop that training runs, given the same weights as floats.
import { describe, expect, it } from 'vitest';
import { tagDocument, type WeightTable } from '../../../src/extract/ner/tagger.js';
import { extractor } from '../../extractor.js';

const tagger = extractor.models.tagger;

/** Tags text twice: with the loaded table, and summing all features with the same weights as floats. */
function bothWays(text: string): { fast: number[]; plain: number[] } {
  const fx = tagger.extractor;
  const plainTable: WeightTable = { rowOf: tagger.table.rowOf, weights: Float32Array.from(tagger.table.weights) };
  const doc = fx.prepare(text);
  const fast = new Uint8Array(doc.tokens.length);
  tagDocument(fx, doc, tagger.table, fast);
  const plain = new Uint8Array(doc.tokens.length);
  tagDocument(fx, doc, plainTable, plain);
  return { fast: [...fast], plain: [...plain] };
}

describe('tagger sums', () => {
  it('tags a text that repeats itself (the memo answers) as summing everything does', () => {
    const text = 'Velmora Holdings said on Monday that Arden Pask met Tomas Vellinger in Marrowick. '.repeat(400);
    const { fast, plain } = bothWays(text);
    expect(fast.length).toBeGreaterThan(5000);
    expect(fast.some((t) => t !== 0)).toBe(true);
    expect(fast).toEqual(plain);
    expect(tagger.table.memo).toBeDefined();
  });

  it('tags a text whose contexts never repeat (the memo steps aside) as summing everything does', () => {
    const words = Array.from({ length: 3000 }, (_, k) => `${k % 3 ? 'word' : 'Name'}${k.toString(36)}`);
    const text = `${words.join(' ')}. Dravenport United beat Kilbarrow 2-1 after Tomas Vellinger scored twice.`;
    const { fast, plain } = bothWays(text);
    expect(fast.some((t) => t !== 0)).toBe(true);
    expect(fast).toEqual(plain);
  });
});
