import { describe, expect, it } from 'vitest';
import { CaseProfile } from '../../../src/extract/ner/case-profile.js';
import { WordClusters } from '../../../src/extract/ner/clusters.js';
import { type DocContext, FeatureExtractor } from '../../../src/extract/ner/features.js';
import { defaultGazetteer } from '../../../src/extract/ner/gazetteer.js';
import { NameList } from '../../../src/extract/ner/names.js';
import {
  companiesEverywhere,
  dropCommonWordPeople,
  extendComplements,
  retypeWorks,
  spansOf,
  speakersAreNotWorks,
  trimHeadlineNames,
} from '../../../src/extract/ner/tagger.js';
import { encode, type NerType, type TokenSpan, TYPES } from '../../../src/extract/ner/tags.js';

/**
 * Applies a post-tagging rule to hand-given spans (every occurrence of each surface, or the one at or
 * after a given offset) and reads them back.
 */
function applyRule(
  fx: FeatureExtractor,
  text: string,
  spans: ([string, string] | [string, string, number])[],
  rule: (d: DocContext, t: Uint8Array) => void,
) {
  const doc = fx.prepare(text);
  const starts = new Map(doc.tokens.map((t, i) => [t.start, i]));
  const ends = new Map(doc.tokens.map((t, i) => [t.end, i + 1]));
  const found: TokenSpan[] = [];
  for (const [type, surface, only] of spans) {
    // every occurrence of the surface, or the one at or after `only`
    let at = text.indexOf(surface, only ?? 0);
    while (at >= 0) {
      found.push({
        start: starts.get(at) as number,
        end: ends.get(at + surface.length) as number,
        type: TYPES.indexOf(type as NerType),
      });
      at = only === undefined ? text.indexOf(surface, at + surface.length) : -1;
    }
  }
  const tags = encode(
    found.sort((a, b) => a.start - b.start),
    doc.tokens.length,
  );
  rule(doc, tags);
  return spansOf(doc, tags).map((s) => [s.type, text.slice(s.start, s.end)]);
}

describe('post-tagging rules that read the case profile', () => {
  const profile = CaseProfile.learn([
    'Heavy rain brought the floods. The floods and the troops came. Officials said the floods and troops stayed.',
    'The mill closed. Its mill workers left the mill. A mill reopened near the troops and floods.',
  ]);
  const fx = new FeatureExtractor(WordClusters.empty(4), defaultGazetteer(), new NameList(), profile);
  const tagged = (text: string, spans: [string, string][], rule: (d: DocContext, t: Uint8Array) => void) =>
    applyRule(fx, text, spans, rule);

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
    expect(tagged(named, [['PER', 'Floods']], dropCommonWordPeople)).toEqual([
      ['PER', 'Floods'],
      ['PER', 'Floods'],
    ]);
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
  const extended = (text: string, spans: [string, string][]) => applyRule(fx, text, spans, extendComplements);

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

describe('works and products', () => {
  const fx = new FeatureExtractor(WordClusters.empty(4), defaultGazetteer());

  it('reads a name in apposition to a kind of work as that work', () => {
    const text = 'Critics praised Lantern Shore, a new animated film by Ines Varga.';
    expect(
      applyRule(
        fx,
        text,
        [
          ['PER', 'Lantern Shore'],
          ['PER', 'Ines Varga'],
        ],
        retypeWorks,
      ),
    ).toEqual([
      ['MISC', 'Lantern Shore'],
      ['PER', 'Ines Varga'],
    ]);
  });

  it('reads a name before "bug" or "flaw" as the bug, and not a maker before a film', () => {
    expect(applyRule(fx, 'The Glimmer bug hit servers.', [['PER', 'Glimmer']], retypeWorks)).toEqual([
      ['MISC', 'Glimmer'],
    ]);
    expect(applyRule(fx, 'The Velmora film opened.', [['ORG', 'Velmora']], retypeWorks)).toEqual([['ORG', 'Velmora']]);
  });

  it('makes a speaking product its company, everywhere in the article', () => {
    const text = 'Orvane jets sold well. Orvane said it would hire 500 engineers.';
    expect(applyRule(fx, text, [['MISC', 'Orvane']], speakersAreNotWorks)).toEqual([
      ['ORG', 'Orvane'],
      ['ORG', 'Orvane'],
    ]);
    const quiet = 'Orvane jets sold well.';
    expect(applyRule(fx, quiet, [['MISC', 'Orvane']], speakersAreNotWorks)).toEqual([['MISC', 'Orvane']]);
  });
});

describe('companies named with a legal suffix', () => {
  const fx = new FeatureExtractor(WordClusters.empty(4), defaultGazetteer());

  it('makes every occurrence of the name a company, whatever the tagger called it', () => {
    const text = 'Orvane to cut jobs.\nOrvane SE said on Tuesday that Orvane would keep its plant.';
    const second = text.indexOf('Orvane SE');
    const third = text.lastIndexOf('Orvane');
    expect(
      applyRule(
        fx,
        text,
        [
          ['LOC', 'Orvane', 0],
          ['ORG', 'Orvane SE', second],
          ['PER', 'Orvane', third],
        ],
        companiesEverywhere,
      ),
    ).toEqual([
      ['ORG', 'Orvane'],
      ['ORG', 'Orvane SE'],
      ['ORG', 'Orvane'],
    ]);
  });

  it('leaves the name alone when no occurrence has a suffix', () => {
    const text = 'Orvane to cut jobs.\nOrvane said so.';
    expect(applyRule(fx, text, [['LOC', 'Orvane', 0]], companiesEverywhere)).toEqual([['LOC', 'Orvane']]);
  });
});

describe('a complement that holds a name ending in a head', () => {
  const fx = new FeatureExtractor(WordClusters.empty(4), defaultGazetteer());

  it('takes it in once, as one name', () => {
    const text = 'The Council of Dornach University of Medicine met.';
    expect(
      applyRule(
        fx,
        text,
        [
          ['ORG', 'Council'],
          ['ORG', 'Dornach University'],
        ],
        extendComplements,
      ),
    ).toEqual([['ORG', 'Council of Dornach University of Medicine']]);
  });
});
