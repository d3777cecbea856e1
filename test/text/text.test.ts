import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fold, foldSameLength } from '../../src/text/fold.js';
import { lowerBound } from '../../src/text/lower-bound.js';
import { SEARCH_WORD, wordTokens } from '../../src/text/words.js';

describe('lowerBound', () => {
  it('is the first index where the test stops holding, as a linear scan finds it', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -20, max: 20 })), fc.integer({ min: -25, max: 25 }), (xs, v) => {
        xs.sort((a, b) => a - b);
        const scan = xs.findIndex((x) => x >= v);
        expect(lowerBound(xs.length, (i) => (xs[i] as number) < v)).toBe(scan < 0 ? xs.length : scan);
      }),
    );
  });
});

describe('search words', () => {
  it('join parts with apostrophes', () => {
    const words = (q: string) => q.match(SEARCH_WORD) ?? [];
    expect(words("  O'Brien, O’Brien & don't! ")).toEqual(["O'Brien", 'O’Brien', "don't"]);
    expect(words("'quoted' x²")).toEqual(['quoted', 'x²']);
    expect(words(' ?! ')).toEqual([]);
    expect(wordTokens('O’Brien')).toEqual(['O', 'Brien']);
  });
});

describe('fold', () => {
  it('folds case, accents and compatibility forms, in either normal form', () => {
    expect(fold('Müller')).toBe('muller');
    expect(fold('Mu\u0308ller')).toBe('muller');
    expect(fold('ﬁnance  ‘Chief’')).toBe("finance 'chief'");
  });

  it('foldSameLength keeps offsets: same length, and agrees with fold where a unit folds to a unit', () => {
    for (const s of ['İstanbul Müller', 'CAFÉ', 'Mu\u0308ller', '🌊 Łódź']) {
      expect(foldSameLength(s)).toHaveLength(s.length);
    }
    expect(foldSameLength('İstanbul CAFÉ')).toBe(fold('İstanbul CAFÉ'));
  });
});
