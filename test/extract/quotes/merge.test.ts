// The last pass: repeats of one quote, and reported speech that only repeats a direct quote.
import { describe, expect, it } from 'vitest';
import { findQuotes } from '../../../src/extract/quotes/index.js';
import { type EntityDef, handEntities, lineRegions, quoteRecords as quotes } from '../helpers.js';

const DOE: EntityDef = ['person', 'Jane Doe', ['Doe']];

describe('repeats', () => {
  it('keeps a short body quote apart from a longer body quote that contains its words', () => {
    const t = [
      'Storm season',
      'Doe studied the charts. "And they are terrifying," she said on Monday.',
      'Later she spoke again. "The meetings bring a new graph every morning, and they are terrifying," she said.',
    ].join('\n');
    const ctx = handEntities(t, [DOE]);
    const found = findQuotes(t, lineRegions(t), { ...ctx, bodyStart: t.indexOf('Doe studied') });
    expect(found.map((q) => q.text)).toEqual([
      'And they are terrifying,',
      'The meetings bring a new graph every morning, and they are terrifying,',
    ]);
  });

  it('takes a short quote in the headline as a repeat of the body quote that contains it', () => {
    const t = 'Doe: "We are ready to talk"\n"We are ready to talk. We want peace," Jane Doe said.';
    const found = quotes(t, [DOE]);
    expect(found).toHaveLength(1);
    expect(found[0]?.parts).toEqual(['We are ready to talk. We want peace,']);
  });
});
