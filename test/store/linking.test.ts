// Entity linking and label bookkeeping apart from any engine: a map-backed lookup stands in for the
// database, so a second engine can rely on exactly this policy.
import { describe, expect, it } from 'vitest';
import type { DraftEntity } from '../../src/analysis/article-draft.js';
import {
  countLabels,
  encodeLabels,
  type Given,
  give,
  type LabelCounts,
  uncountLabels,
} from '../../src/store/labels.js';
import { type EntityLookup, knownPersonFor, loneSurname, resolveEntity } from '../../src/store/linking.js';
import { draft, entity } from './drafts.js';

/** Stored people by seq, and the calls made. */
function fakeLookup(people: { seq: number; name: string; key: string }[]) {
  const calls: string[] = [];
  let next = 100;
  const byKey = new Map<string, number>();
  const lookup: EntityLookup = {
    personsWithSurname: (term, exceptKey) =>
      people
        .filter((p) => p.key !== exceptKey && p.name.includes(' ') && p.name.toLowerCase().endsWith(` ${term}`))
        .slice(0, 2)
        .map(({ seq, name }) => ({ seq, name })),
    upsertByKey: (e: DraftEntity) => {
      const seq = byKey.get(e.key) ?? next++;
      byKey.set(e.key, seq);
      calls.push(`upsert ${e.key} ${e.mentions.length}`);
      return { seq, name: e.name };
    },
    addCounts: (seq, mentions, articles) => {
      calls.push(`count ${seq} ${mentions} ${articles}`);
    },
  };
  return { lookup, calls };
}

describe('loneSurname', () => {
  it.each([
    ['Quandry', 'Quandry'],
    ['Mr Quandry', 'Quandry'],
    ['Prime Minister Quandry', 'Quandry'],
    ['Olvar Quandry', null],
    ['Dean Quandry', null],
    ['Sir Olvar', null],
  ])('%s -> %s', (name, surname) => {
    expect(loneSurname(name)).toBe(surname);
  });
});

describe('knownPersonFor', () => {
  const olvar = { seq: 1, name: 'Olvar Quandry', key: 'olvar quandry' };
  it('joins a lone surname to the one known person with that surname', () => {
    const e = entity('person', 'Mrs Quandry', [[0, 11]], { key: 'quandry' });
    expect(knownPersonFor(e, draft('x', { entities: [e] }), fakeLookup([olvar]).lookup)).toEqual({
      seq: 1,
      name: 'Olvar Quandry',
    });
  });
  it('joins no one when two known people share the surname', () => {
    const e = entity('person', 'Quandry', [[0, 7]]);
    const two = fakeLookup([olvar, { seq: 2, name: 'Brisa Quandry', key: 'brisa quandry' }]).lookup;
    expect(knownPersonFor(e, draft('x', { entities: [e] }), two)).toBeNull();
  });
  it('joins no one when the article itself names someone with that surname in full', () => {
    const e = entity('person', 'Quandry', [[0, 7]]);
    const full = entity('person', 'Brisa Quandry', [[10, 23]]);
    expect(knownPersonFor(e, draft('x', { entities: [e, full] }), fakeLookup([olvar]).lookup)).toBeNull();
  });
  it('joins no one for a full name or a non-person', () => {
    const full = entity('person', 'Olvar Quandry', [[0, 13]]);
    const place = entity('place', 'Quandry', [[0, 7]]);
    const { lookup } = fakeLookup([olvar]);
    expect(knownPersonFor(full, draft('x', { entities: [full] }), lookup)).toBeNull();
    expect(knownPersonFor(place, draft('x', { entities: [place] }), lookup)).toBeNull();
  });
});

describe('resolveEntity', () => {
  it('counts the article once per stored entity', () => {
    const { lookup, calls } = fakeLookup([{ seq: 1, name: 'Olvar Quandry', key: 'olvar quandry' }]);
    const e = entity('person', 'Quandry', [[0, 7]]);
    const d = draft('x', { entities: [e] });
    const seen = new Set<number>();
    expect(resolveEntity(e, d, seen, lookup).seq).toBe(1);
    seen.add(1);
    resolveEntity(e, d, seen, lookup);
    const place = entity('place', 'Varn', [[0, 4]]);
    const row = resolveEntity(place, d, seen, lookup);
    seen.add(row.seq);
    resolveEntity(place, d, seen, lookup);
    expect(calls).toEqual(['count 1 1 1', 'count 1 1 0', 'upsert varn 1', 'upsert varn 1', `count ${row.seq} 0 -1`]);
  });
});

describe('labels', () => {
  it('gives aliases other than the canonical name, titles and terms, and takes back all but the name terms', () => {
    const given = new Map<number, Given>();
    const e = entity('person', 'Quandry', [[0, 7]], { aliases: ['O. Quandry'], titles: ['Minister'] });
    give(given, { seq: 1, name: 'Olvar Quandry' }, e, 0);
    const g = given.get(1) as Given;
    expect([...g.aliases]).toEqual(['Quandry', 'O. Quandry']);
    expect([...g.titles]).toEqual(['Minister']);
    const log: string[] = [];
    const counts: LabelCounts = {
      addAlias: (s, v) => log.push(`+alias ${s} ${v}`),
      addTitle: (s, v) => log.push(`+title ${s} ${v}`),
      addTerm: (s, v, t) => log.push(`+term ${s} ${v} ${t}`),
      dropAlias: (s, v) => log.push(`-alias ${s} ${v}`),
      dropTitle: (s, v) => log.push(`-title ${s} ${v}`),
      dropTerm: (s, v) => log.push(`-term ${s} ${v}`),
      sweep: (s) => log.push(`sweep ${s}`),
    };
    countLabels(counts, 1, g);
    expect(log).toContain('+term 1 quandry person');
    log.length = 0;
    // 'quandry' is a term of the canonical name too, so it stays.
    uncountLabels(counts, 1, 'Olvar Quandry', encodeLabels(g));
    expect(log).toEqual([
      '-alias 1 Quandry',
      '-alias 1 O. Quandry',
      '-title 1 Minister',
      '-term 1 o. quandry',
      'sweep 1',
    ]);
    log.length = 0;
    uncountLabels(counts, 1, 'Olvar Quandry', null);
    expect(log).toEqual([]);
  });
});
