import { describe, expect, it } from 'vitest';
import { CaseProfile } from '../../../src/extract/ner/case-profile.js';
import { WordClusters } from '../../../src/extract/ner/clusters.js';
import { type DocContext, FeatureExtractor } from '../../../src/extract/ner/features.js';
import { defaultGazetteer } from '../../../src/extract/ner/gazetteer.js';
import { NameList } from '../../../src/extract/ner/names.js';
import {
  dropCommonWordPeople,
  extendComplements,
  spansOf,
  trimHeadlineNames,
} from '../../../src/extract/ner/tagger.js';
import { encode, type NerType, type TokenSpan, TYPES } from '../../../src/extract/ner/tags.js';

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

describe('names that take an "of" or "for" complement', () => {
  const fx = new FeatureExtractor(WordClusters.empty(4), defaultGazetteer());
  const extended = (text: string, spans: [string, string][]) => {
    const doc = fx.prepare(text);
    const starts = new Map(doc.tokens.map((t, i) => [t.start, i]));
    const ends = new Map(doc.tokens.map((t, i) => [t.end, i + 1]));
    const tags = encode(
      spans.map(([type, surface]) => {
        const at = text.indexOf(surface);
        return {
          start: starts.get(at) as number,
          end: ends.get(at + surface.length) as number,
          type: TYPES.indexOf(type as NerType),
        };
      }),
      doc.tokens.length,
    );
    extendComplements(doc, tags);
    return spansOf(doc, tags).map((s) => [s.type, text.slice(s.start, s.end)]);
  };

  it('takes in the complement the tagger left out', () => {
    expect(
      extended('Economists at the Dornach Institute for the Study of Markets cut their forecast.', [
        ['ORG', 'Dornach Institute'],
      ]),
    ).toEqual([['ORG', 'Dornach Institute for the Study of Markets']]);
    expect(
      extended('The Central Bank of Velmora raised rates.', [
        ['ORG', 'Central Bank'],
        ['LOC', 'Velmora'],
      ]),
    ).toEqual([['ORG', 'Central Bank of Velmora']]);
  });

  it('leaves a name that does not end in a head, a person, and a complement in lower case', () => {
    expect(
      extended('Velmora Holdings of Dunmere said so.', [
        ['ORG', 'Velmora Holdings'],
        ['LOC', 'Dunmere'],
      ]),
    ).toEqual([
      ['ORG', 'Velmora Holdings'],
      ['LOC', 'Dunmere'],
    ]);
    expect(extended('The Dornach Institute for research said so.', [['ORG', 'Dornach Institute']])).toEqual([
      ['ORG', 'Dornach Institute'],
    ]);
  });
});
