import { describe, expect, it } from 'vitest';
import { snippetMatcher } from '../../src/store/snippet.js';

/** The highlighted words of a snippet, as text. */
function marked(q: string, columns: string[]) {
  const match = snippetMatcher(q);
  if (!match) throw new Error('no words');
  const s = match(columns);
  const points = Array.from(s.text);
  return { text: s.text, words: s.highlights.map((h) => points.slice(h.start, h.end).join('')) };
}

describe('snippets', () => {
  it('match case- and accent-insensitively, earlier words whole and the last as a prefix', () => {
    const body = 'The CAFÉ reopened. A cafeteria nearby stayed shut; the café owners were pleased.';
    expect(marked('cafe', ['Headline', '', body]).words).toEqual(['CAFÉ', 'cafeteria', 'café']);
    expect(marked('cafe owner', ['Headline', '', body]).words).toEqual(['CAFÉ', 'café', 'owners']);
    // "cafe" whole does not match "cafeteria" when it is not the last word.
    expect(marked('cafe owner', ['Headline', '', body]).words).not.toContain('cafeteria');
  });

  it('show a window of 24 words around the best hit, with ellipses where text was cut', () => {
    const words = Array.from({ length: 60 }, (_, i) => `w${i}`);
    words[40] = 'target';
    const { text, words: hits } = marked('target', ['Nothing here', '', words.join(' ')]);
    expect(hits).toEqual(['target']);
    // A full window when the text allows: here it starts three words before the hit, less the overrun.
    expect(text.startsWith('…w36 w37 w38 w39 target w41')).toBe(true);
    expect(text.endsWith('w59')).toBe(true);
    expect(text.split(' ')).toHaveLength(24);
  });

  it('prefer the column with more of the words, and count offsets in code points', () => {
    const columns = [
      '🌊 Floods hit Valencia',
      'Rain all week',
      'Officials in Spain said the flood barriers held. Valencia was spared the worst of it.',
    ];
    // Both words are in the headline ("floods" whole); only one is in the body.
    expect(marked('floods valencia', columns)).toEqual({ text: columns[0], words: ['Floods', 'Valencia'] });
    // "flood" whole is only in the body, with Valencia.
    expect(marked('flood valencia', columns).words).toEqual(['flood', 'Valencia']);
    expect(marked('flood', ['🌊 Floods hit Valencia', '', '']).words).toEqual(['Floods']);
  });

  it('have no matcher without a word to search for', () => {
    expect(snippetMatcher(' ?! ')).toBeNull();
  });
});
