import { describe, expect, it } from 'vitest';
import { sentences, tokenize } from '../../src/extract/tokenize.js';

describe('tokenize', () => {
  it.each([
    ['The U.S. and U.K. agreed.', ['The', 'U.S.', 'and', 'U.K.', 'agreed', '.']],
    ["Mr. Smith's long-term plan didn't work", ['Mr.', 'Smith', "'s", 'long-term', 'plan', 'did', "n't", 'work']],
    ['It cost 1,000 or 3.5 billion', ['It', 'cost', '1,000', 'or', '3.5', 'billion']],
    ['"We are ready," he said', ['"', 'We', 'are', 'ready', ',', '"', 'he', 'said']],
    // An emoji is one token of two UTF-16 units, never a lone surrogate.
    ['🌍 Paris 🎉!', ['🌍', 'Paris', '🎉', '!']],
    // A non-breaking hyphen joins like a hyphen; an en dash does not.
    ['Chau Siu\u2011ming and Paris–Lyon', ['Chau', 'Siu\u2011ming', 'and', 'Paris', '–', 'Lyon']],
  ])('splits %j', (text, words) => {
    const tokens = tokenize(text);
    expect(tokens.map((t) => t.text)).toEqual(words);
    for (const t of tokens) expect(text.slice(t.start, t.end)).toBe(t.text);
  });
});

describe('sentences', () => {
  it('ends sentences at . ! ? and line breaks, not after abbreviations', () => {
    const text = 'Mr. Smith met U.S. officials. "Fine," he said! Next\nLine two';
    expect(sentences(text).map((r) => text.slice(r.start, r.end))).toEqual([
      'Mr. Smith met U.S. officials.',
      '"Fine," he said!',
      'Next',
      'Line two',
    ]);
  });
});
