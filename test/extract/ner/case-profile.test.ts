import { describe, expect, it } from 'vitest';
import { CaseProfile } from '../../../src/extract/ner/case-profile.js';

describe('case profile', () => {
  const profile = CaseProfile.learn([
    'HEAVY FLOODS HIT VELMORA COAST\nThe floods reached Velmora on Monday. Officials said the floods would pass.',
    'Floods are common here. Velmora Holdings said its plant near the floods was shut.',
    'Residents said the floods came fast, and Velmora officials agreed that floods were worse this year.',
    'A river flood warning stayed. Writers Guild members met; the writers said the guild would vote.',
    'The Guild said so. A guild spokesman and the guild chair spoke. Another guild formed.',
  ]);

  it('marks a word written in lower case in running text, whatever it looks like at a sentence start', () => {
    // "Floods" opens a sentence and the headline is in capitals: neither counts
    expect(profile.binOf('floods')).toBe(1);
  });

  it('leaves out names, words capitalised half the time or more, and words seen too rarely', () => {
    expect(profile.binOf('velmora')).toBe(0);
    expect(profile.binOf('guild')).toBe(3);
    expect(profile.binOf('flood')).toBe(0);
  });

  it('saves and loads the same profile', () => {
    const again = CaseProfile.deserialize(profile.serialize());
    expect(again.size).toBe(profile.size);
    for (const w of ['floods', 'velmora', 'guild', 'said']) expect(again.binOf(w)).toBe(profile.binOf(w));
  });
});
