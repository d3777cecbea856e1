import { describe, expect, it } from 'vitest';
import { buildEntities, defineAcronyms, splitTitles } from '../../src/extract/entities.js';
import { extractor } from '../extractor.js';
import { lineRegions } from './helpers.js';

const run = (text: string) => extractor.extract(text, lineRegions(text));
const entities = (text: string) => run(text).entities.map((e) => [e.type, e.name]);

describe('entities', () => {
  it.each([
    ['demonyms are not places', 'Serbian and Albanian leaders met Turkish officials. Serbs protested.', []],
    [
      '"City, Country" is two places',
      'The talks took place in Ankara, Turkey.',
      [
        ['place', 'Ankara'],
        ['place', 'Türkiye'],
      ],
    ],
    [
      'a demonym before a title belongs to the title, not to the entities',
      'Serbian President Ana Brnabic spoke.',
      [['person', 'Ana Brnabic']],
    ],
    [
      'an organisation suffix makes the whole run one organisation',
      'Troops of the Baltic Defence Force arrived in Estonia.',
      [
        ['organization', 'Baltic Defence Force'],
        ['place', 'Estonia'],
      ],
    ],
    ['a leading "The" is not part of a name', 'The European Union met.', [['organization', 'European Union']]],
  ])('%s', (_rule, text, expected) => {
    expect(entities(text)).toEqual(expected);
  });

  it('keys countries by ISO code, so Turkey and Türkiye link', () => {
    const a = run('Officials in Turkey met.').entities[0];
    const b = run('Officials in Türkiye met.').entities[0];
    expect([a?.key, a?.name, a?.countryCode, a?.aliases]).toEqual(['TR', 'Türkiye', 'TR', ['Turkey']]);
    expect([b?.key, b?.name, b?.countryCode, b?.aliases]).toEqual(['TR', 'Türkiye', 'TR', []]);
  });

  it('folds accents and case into person keys', () => {
    const e = run('Aleksandar Vučić met Ana Brnabic. Aleksandar Vucic left.').entities[0];
    expect([e?.name, e?.key, e?.aliases]).toEqual(['Aleksandar Vučić', 'aleksandar-vucic', ['Aleksandar Vucic']]);
  });

  it('joins a surname alone to the full name and collects titles', () => {
    const text =
      'German Chancellor Olaf Scholz arrived in Rome on Monday. Scholz met reporters, and Chancellor Scholz said the talks went well.';
    const e = run(text).entities[0];
    expect(e).toMatchObject({
      type: 'person',
      name: 'Olaf Scholz',
      aliases: ['Scholz'],
      titles: ['German Chancellor', 'Chancellor'],
    });
    expect(e?.mentions.map((m) => m.text)).toEqual(['Olaf Scholz', 'Scholz', 'Scholz']);
    expect(e?.mentions.map((m) => m.start)).toEqual([
      text.indexOf('Olaf'),
      text.indexOf('Scholz met'),
      text.indexOf('Scholz said'),
    ]);
  });

  it.each([
    [
      'an acronym in brackets joins the long name',
      'the Baltic Defence Force (BDF) said. The BDF left.',
      'Baltic Defence Force',
      ['BDF'],
    ],
    [
      'an acronym made of the initials joins the long name',
      'The Global Shipping Council met. Later the GSC ended.',
      'Global Shipping Council',
      ['GSC'],
    ],
    ['a gazetteer acronym gets the full name', 'The UN and its allies.', 'United Nations', ['UN']],
    [
      'a gazetteer long name with its acronym',
      'The World Health Organization (WHO) warned.',
      'World Health Organization',
      ['WHO'],
    ],
  ])('%s', (_rule, text, name, aliases) => {
    const e = run(text).entities.find((x) => x.type === 'organization');
    expect([e?.name, e?.aliases]).toEqual([name, aliases]);
  });

  it('buildEntities() sorts mentions and maps each mention start to its entity', () => {
    const text = 'Jens Berg met. Berg left.';
    const { entities: es, entityAt } = buildEntities(
      text,
      [{ start: 0, end: text.length }],
      [
        { type: 'person', start: 15, end: 19 },
        { type: 'person', start: 0, end: 9 },
      ],
    );
    expect(es.map((e) => [e.name, e.mentions.map((m) => m.text)])).toEqual([['Jens Berg', ['Jens Berg', 'Berg']]]);
    expect([...entityAt]).toEqual([
      [0, 0],
      [15, 0],
    ]);
  });
});

describe('mention clean-up before assembly', () => {
  const spans = (text: string, ms: { type: string; start: number; end: number }[]) =>
    ms.map((m) => [m.type, text.slice(m.start, m.end)]).sort((a, b) => String(a[1]).localeCompare(String(b[1])));
  const at = (text: string, type: 'person' | 'organization' | 'place', name: string) => ({
    type,
    start: text.indexOf(name),
    end: text.indexOf(name) + name.length,
  });

  it('splits a title off a name the tagger took it into', () => {
    const text = 'Chancellor Scholz spoke to General Motors and Dean Jones.';
    const got = splitTitles(text, [
      at(text, 'person', 'Chancellor Scholz'),
      at(text, 'organization', 'General Motors'),
      at(text, 'person', 'Dean Jones'),
    ]);
    expect(spans(text, got)).toEqual([
      ['person', 'Dean Jones'],
      ['organization', 'General Motors'],
      ['person', 'Scholz'],
    ]);
  });

  it('retypes a titled surname the text names as a person elsewhere', () => {
    const text = 'Scholz arrived. Chancellor Scholz spoke.';
    const second = text.indexOf('Chancellor');
    const got = splitTitles(text, [
      at(text, 'person', 'Scholz'),
      { type: 'organization', start: second, end: second + 'Chancellor Scholz'.length },
    ]);
    expect(got.map((m) => [m.type, text.slice(m.start, m.end)])).toEqual([
      ['person', 'Scholz'],
      ['person', 'Scholz'],
    ]);
  });

  it('joins the words an acronym in brackets abbreviates into one mention', () => {
    const text = 'Troops of the Kosovo Force (KFOR) left. The World Health Organization (WHO) warned.';
    const got = defineAcronyms(
      text,
      [{ start: 0, end: text.length }],
      [
        at(text, 'place', 'Kosovo'),
        at(text, 'organization', 'KFOR'),
        at(text, 'organization', 'World Health Organization'),
      ],
    );
    expect(spans(text, got)).toEqual([
      ['organization', 'KFOR'],
      ['organization', 'Kosovo Force'],
      ['organization', 'WHO'],
      ['organization', 'World Health Organization'],
    ]);
  });

  it('leaves brackets that do not spell the words before them alone', () => {
    const text = 'He met the Kosovo Force (NATO) commander.';
    const ms = [at(text, 'organization', 'Kosovo Force'), at(text, 'organization', 'NATO')];
    expect(defineAcronyms(text, [{ start: 0, end: text.length }], ms)).toEqual(ms);
  });
});

describe('quotes', () => {
  const quotes = (text: string) => {
    const r = run(text);
    return r.quotes.map((q) => ({
      kind: q.kind,
      text: q.text,
      span: text.slice(q.start, q.end),
      cue: q.cue?.text ?? null,
      speakerMention: q.speakerMention?.text ?? null,
      speaker: q.speaker === null ? null : (r.entities[q.speaker]?.name ?? null),
    }));
  };

  it('joins a quote its attribution interrupts into one record covering the whole', () => {
    expect(quotes('Maria Lopez spoke. "We will not give up," she said, "and we will win."')).toEqual([
      {
        kind: 'direct',
        text: 'We will not give up, and we will win.',
        span: '"We will not give up," she said, "and we will win."',
        cue: 'said',
        speakerMention: 'she',
        speaker: 'Maria Lopez',
      },
    ]);
  });

  it('continues a quote over paragraphs that reopen it', () => {
    const text =
      'Maria Lopez arrived.\n“We will not give up on this city.\n“We will rebuild every school,” Lopez said.';
    expect(quotes(text)).toEqual([
      {
        kind: 'direct',
        text: 'We will not give up on this city. We will rebuild every school,',
        span: '“We will not give up on this city.\n“We will rebuild every school,”',
        cue: 'said',
        speakerMention: 'Lopez',
        speaker: 'Maria Lopez',
      },
    ]);
  });

  it.each([
    [
      'X said that ...',
      'John Smith said on Monday that the talks had failed.',
      { text: 'the talks had failed', cue: 'said', speakerMention: 'John Smith', speaker: 'John Smith' },
    ],
    [
      '..., X added.',
      'The talks will resume next week, Foreign Minister John Smith added.',
      { text: 'The talks will resume next week', cue: 'added', speakerMention: 'John Smith', speaker: 'John Smith' },
    ],
    [
      'according to X, ...',
      'According to the World Health Organization, cases rose sharply last month.',
      {
        text: 'cases rose sharply last month',
        cue: 'According to',
        speakerMention: 'World Health Organization',
        speaker: 'World Health Organization',
      },
    ],
    [
      'X told reporters ...',
      'John Smith told reporters the talks had failed.',
      { text: 'the talks had failed', cue: 'told', speakerMention: 'John Smith', speaker: 'John Smith' },
    ],
    [
      'a pronoun resolves to the last person before it',
      'Prime Minister Jane Doe met union leaders. She said the strike would end soon.',
      { text: 'the strike would end soon', cue: 'said', speakerMention: 'She', speaker: 'Jane Doe' },
    ],
    [
      'an organisation can speak',
      'The EU said it would impose new sanctions on the regime.',
      {
        text: 'it would impose new sanctions on the regime',
        cue: 'said',
        speakerMention: 'EU',
        speaker: 'European Union',
      },
    ],
    [
      'an unresolvable speaker stays null',
      'Officials said the border would reopen soon.',
      { text: 'the border would reopen soon', cue: 'said', speakerMention: 'Officials', speaker: null },
    ],
  ])('reported speech: %s', (_rule, text, expected) => {
    expect(quotes(text)).toEqual([{ kind: 'indirect', span: expected.text, ...expected }]);
  });

  it('treats apostrophes inside words as apostrophes, not quote marks', () => {
    expect(quotes("The bloc’s leaders rejected Smith's plan. 'It is over for now,' said Anna Berg.")).toEqual([
      {
        kind: 'direct',
        text: 'It is over for now,',
        span: "'It is over for now,'",
        cue: 'said',
        speakerMention: 'Anna Berg',
        speaker: 'Anna Berg',
      },
    ]);
  });

  it('gives quoted words inside reported speech to the reported-speech record', () => {
    expect(quotes('Anna Berg said the plan was "dead on arrival" and would be withdrawn.')).toEqual([
      {
        kind: 'indirect',
        text: 'the plan was "dead on arrival" and would be withdrawn',
        span: 'the plan was "dead on arrival" and would be withdrawn',
        cue: 'said',
        speakerMention: 'Anna Berg',
        speaker: 'Anna Berg',
      },
    ]);
  });

  it('emits a repeated quote once, with every occurrence, its own (fullest) span first', () => {
    const text =
      '\'We are ready to talk,\' says Anna Berg\nAnna Berg spoke in Oslo.\n"We are ready to talk. We want peace," Berg said.';
    const r = run(text);
    expect(r.quotes).toHaveLength(1);
    const q = r.quotes[0];
    expect(q?.text).toBe('We are ready to talk. We want peace,');
    expect(q?.occurrences).toEqual([
      { start: text.indexOf('"We are'), end: text.indexOf(' Berg said') },
      { start: 0, end: text.indexOf(' says') },
    ]);
    expect(q?.speaker === null ? null : r.entities[q?.speaker ?? 0]?.name).toBe('Anna Berg');
  });
});
