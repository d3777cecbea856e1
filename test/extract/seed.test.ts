import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractor } from '../extractor.js';
import { lineRegions } from './helpers.js';

const text = readFileSync(new URL('../../data/articles/000_e012a61e92ddd416.txt', import.meta.url), 'utf8');
// Every non-empty line is a region except the last one, the publisher boilerplate.
const regions = lineRegions(text).slice(0, -1);
const result = extractor.extract(text, regions);
const boilerplateAt = text.indexOf('Anadolu Agency website');

describe('extract() on the seed article', () => {
  it('finds exactly the reference people, organisations and places', () => {
    const summary = result.entities.map((e) => [e.type, e.name, e.key, e.countryCode]);
    expect(summary).toEqual([
      ['organization', 'NATO', 'nato', null],
      ['place', 'Kosovo', 'XK', 'XK'],
      ['person', 'Aleksandar Vucic', 'aleksandar-vucic', null],
      ['person', 'Jens Stoltenberg', 'jens-stoltenberg', null],
      ['place', 'Belgrade', 'belgrade', null],
      ['place', 'Serbia', 'RS', 'RS'],
      ['place', 'Vilnius', 'vilnius', null],
      ['place', 'Lithuania', 'LT', 'LT'],
      ['place', 'Ukraine', 'UA', 'UA'],
      ['place', 'Sweden', 'SE', 'SE'],
      ['organization', 'United Nations Security Council', 'united-nations-security-council', null],
      ['organization', 'European Union', 'european-union', null],
      ['organization', 'Kosovo Force', 'kosovo-force', null],
      ['place', 'Pristina', 'pristina', null],
      ['organization', 'United Nations', 'united-nations', null],
      ['place', 'United States', 'US', 'US'],
      ['place', 'United Kingdom', 'GB', 'GB'],
      ['place', 'France', 'FR', 'FR'],
      ['place', 'Germany', 'DE', 'DE'],
      ['place', 'Türkiye', 'TR', 'TR'],
    ]);
  });

  it.each([
    ['Jens Stoltenberg', ['Stoltenberg'], ['NATO Secretary General'], 6],
    ['Aleksandar Vucic', ['Vucic'], ['President', 'Serbian President'], 5],
    ['NATO', [], [], 5],
    ['Kosovo', [], [], 8],
    ['Serbia', [], [], 4],
    ['Belgrade', [], [], 2],
    ['European Union', ['EU'], [], 2],
    ['Kosovo Force', ['KFOR'], [], 2],
    ['United Nations Security Council', ['UN Security Council'], [], 1],
    ['United Nations', ['UN'], [], 1],
  ])('%s: aliases %j, titles %j, %i mentions', (name, aliases, titles, count) => {
    const e = result.entities.find((x) => x.name === name);
    expect(e?.aliases).toEqual(aliases);
    expect(e?.titles).toEqual(titles);
    expect(e?.mentions).toHaveLength(count);
  });

  it('keeps every mention inside the regions and slicing the text to itself', () => {
    for (const e of result.entities) {
      for (const m of e.mentions) {
        expect(text.slice(m.start, m.end)).toBe(m.text);
        expect(m.start).toBeLessThan(boilerplateAt);
      }
    }
  });

  it('does not count "Kosovo" inside "Kosovo Force" as a place mention', () => {
    const force = result.entities.find((e) => e.name === 'Kosovo Force');
    const kosovo = result.entities.find((e) => e.name === 'Kosovo');
    const inside = kosovo?.mentions.filter((m) => force?.mentions.some((f) => f.start <= m.start && m.end <= f.end));
    expect(inside).toEqual([]);
  });

  it('finds the five reference quotes with their cues and speakers', () => {
    const quotes = result.quotes.map((q) => ({
      kind: q.kind,
      text: q.text,
      cue: q.cue?.text,
      speakerMention: q.speakerMention?.text,
      speaker: q.speaker === null ? null : result.entities[q.speaker]?.name,
    }));
    expect(quotes).toEqual([
      {
        kind: 'indirect',
        text: 'he is willing to meet with Serbian President Aleksandar Vucic to defuse tensions in Kosovo',
        cue: 'said',
        speakerMention: 'Jens Stoltenberg',
        speaker: 'Jens Stoltenberg',
      },
      {
        kind: 'direct',
        text: 'I am in regular contact with President Aleksandar Vucic. I am ready to meet. We are concerned about the increased tensions in Kosovo. We urge parties to de-escalate and refrain from taking any action that could further increase tensions in the region,',
        cue: 'said',
        speakerMention: 'Stoltenberg',
        speaker: 'Jens Stoltenberg',
      },
      {
        kind: 'indirect',
        text: 'he will request an urgent meeting with Stoltenberg and will urge the UN Security Council to discuss the situation in Kosovo',
        cue: 'said',
        speakerMention: 'Aleksandar Vucic',
        speaker: 'Aleksandar Vucic',
      },
      {
        kind: 'indirect',
        text: 'He wants to inform Stoltenberg about what Serbia can do to de-escalate tensions',
        cue: 'added',
        speakerMention: 'Vucic',
        speaker: 'Aleksandar Vucic',
      },
      {
        kind: 'indirect',
        text: 'the low turnout among Serbs did not provide municipalities with long-term political solutions',
        cue: 'said',
        speakerMention: 'EU',
        speaker: 'European Union',
      },
    ]);
  });

  it('records the standfirst as a second occurrence of the body quote', () => {
    const q = result.quotes.find((x) => x.kind === 'direct');
    const body = text.indexOf('"I am in regular contact');
    const standfirst = text.indexOf("'I am in regular contact");
    expect(q?.occurrences).toEqual([
      { start: body, end: text.indexOf('," Stoltenberg said') + 2 },
      { start: standfirst, end: text.indexOf(",' says") + 2 },
    ]);
    expect(q?.start).toBe(body);
  });
});
