import { describe, expect, it } from 'vitest';
import { CaseProfile } from '../../../src/extract/ner/case-profile.js';
import { WordClusters } from '../../../src/extract/ner/clusters.js';
import { type DocContext, FeatureExtractor } from '../../../src/extract/ner/features.js';
import { defaultGazetteer } from '../../../src/extract/ner/gazetteer.js';
import { NameList } from '../../../src/extract/ner/names.js';
import { dropCommonWordPeople, spansOf, trimHeadlineNames } from '../../../src/extract/ner/tagger.js';
import { encode, type NerType, type TokenSpan, TYPES } from '../../../src/extract/ner/tags.js';

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

describe('post-tagging rules that read the case profile', () => {
  const profile = CaseProfile.learn([
    'Heavy rain brought the floods. The floods and the troops came. Officials said the floods and troops stayed.',
    'The mill closed. Its mill workers left the mill. A mill reopened near the troops and floods.',
  ]);
  const fx = new FeatureExtractor(WordClusters.empty(4), defaultGazetteer(), new NameList(), profile);
  const tagged = (text: string, spans: [string, string][], rule: (d: DocContext, t: Uint8Array) => void) => {
    const doc = fx.prepare(text);
    const starts = new Map(doc.tokens.map((t, i) => [t.start, i]));
    const ends = new Map(doc.tokens.map((t, i) => [t.end, i + 1]));
    const token: TokenSpan[] = spans.map(([type, surface]) => {
      const at = text.indexOf(surface);
      return {
        start: starts.get(at) as number,
        end: ends.get(at + surface.length) as number,
        type: TYPES.indexOf(type as NerType),
      };
    });
    const tags = encode(token, doc.tokens.length);
    rule(doc, tags);
    return spansOf(doc, tags).map((s) => [s.type, text.slice(s.start, s.end)]);
  };

  it('drops a lone common word taken for a person at a sentence start', () => {
    const text = 'Floods cut the road to Dunmere on Friday.';
    expect(
      tagged(
        text,
        [
          ['PER', 'Floods'],
          ['LOC', 'Dunmere'],
        ],
        dropCommonWordPeople,
      ),
    ).toEqual([['LOC', 'Dunmere']]);
  });

  it('keeps it when the body writes the word capitalised, or when it is no person', () => {
    const named = 'Floods said he would run. The coach praised Floods on Friday.';
    expect(tagged(named, [['PER', 'Floods']], dropCommonWordPeople)).toEqual([['PER', 'Floods']]);
    const company = 'Mill reported higher sales.';
    expect(tagged(company, [['ORG', 'Mill']], dropCommonWordPeople)).toEqual([['ORG', 'Mill']]);
  });

  it('cuts a headline name to the words the body writes as a name', () => {
    const text = 'ORVALA TO SHUT DUNMERE MILL.\nOrvala said it would shut its mill in Dunmere.';
    expect(
      tagged(
        text,
        [
          ['ORG', 'ORVALA'],
          ['LOC', 'DUNMERE MILL'],
          ['ORG', 'Orvala'],
          ['LOC', 'Dunmere'],
        ],
        trimHeadlineNames,
      ),
    ).toEqual([
      ['ORG', 'ORVALA'],
      ['LOC', 'DUNMERE'],
      ['ORG', 'Orvala'],
      ['LOC', 'Dunmere'],
    ]);
  });

  it('keeps a headline name whole when the body does not name its other words', () => {
    const text = 'STORM HITS DUNMERE MILL.\nThe storm hit the old mill on Friday.';
    expect(tagged(text, [['LOC', 'DUNMERE MILL']], trimHeadlineNames)).toEqual([['LOC', 'DUNMERE MILL']]);
  });
});
