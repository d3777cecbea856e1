import { describe, expect, it } from 'vitest';
import { codePointIndex } from '../../src/text/code-points.js';

describe('codePointIndex', () => {
  it.each([
    ['plain text', 'Paris and Rome'],
    ['emoji and astral characters', '🌍🛰️ Paris 𝔘 and 🎉 Rome 😀'],
    ['a lone surrogate', '\ud800 Paris'],
  ])('maps UTF-16 offsets of %s to code points that slice the same text', (_, text) => {
    const cp = codePointIndex(text);
    const cps = Array.from(text);
    for (const word of ['Paris', 'Rome']) {
      const at = text.indexOf(word);
      if (at < 0) continue;
      expect(cps.slice(cp(at), cp(at + word.length)).join('')).toBe(word);
    }
    expect(cp(text.length)).toBe(cps.length);
  });
});
