// Entity assembly from hand-given mentions, apart from the tagger: which mentions make one entity, and
// what that entity is called. Every name here is invented.
import { describe, expect, it } from 'vitest';
import { buildEntities, type Mention } from '../../src/extract/entities.js';
import type { EntityType } from '../../src/extract/types.js';
import { lineRegions } from './helpers.js';

type Given = [EntityType, string];

/** Mentions from [type, surface] pairs in text order: each surface where it next occurs after the one before. */
function mentionsIn(text: string, given: Given[]): Mention[] {
  let from = 0;
  return given.map(([type, surface]) => {
    const start = text.indexOf(surface, from);
    if (start < 0) throw new Error(`"${surface}" is not in the text after offset ${from}`);
    from = start + surface.length;
    return { type, start, end: from };
  });
}

const build = (text: string, given: Given[]) => buildEntities(text, lineRegions(text), mentionsIn(text, given));

/** [type, name, aliases, titles, mention texts] of every entity. */
const summary = (text: string, given: Given[]) =>
  build(text, given).entities.map((e) => [e.type, e.name, e.aliases, e.titles, e.mentions.map((m) => m.text)]);

describe('people within one article', () => {
  it('joins an honorific plus surname and a bare surname to the full name', () => {
    const text = 'Greta Vollmer opened the plant. Vollmer said it would hire staff. Ms Vollmer left at noon.';
    expect(
      summary(text, [
        ['person', 'Greta Vollmer'],
        ['person', 'Vollmer'],
        ['person', 'Ms Vollmer'],
      ]),
    ).toEqual([['person', 'Greta Vollmer', ['Vollmer'], [], ['Greta Vollmer', 'Vollmer', 'Vollmer']]]);
  });

  it('strips honorifics and post-nominals from names, keeping post-nominals as titles', () => {
    const text = 'Mr Pettigrew met Harriet Quayle KC on Tuesday. Dr Osei arrived later.';
    expect(
      summary(text, [
        ['person', 'Mr Pettigrew'],
        ['person', 'Harriet Quayle KC'],
        ['person', 'Dr Osei'],
      ]),
    ).toEqual([
      ['person', 'Pettigrew', [], [], ['Pettigrew']],
      ['person', 'Harriet Quayle', [], ['KC'], ['Harriet Quayle']],
      ['person', 'Osei', [], ['Dr'], ['Osei']],
    ]);
  });

  it('reads an abbreviated title with its period as a title', () => {
    const text = 'Reporters met Dr. Amara Osei.';
    expect(summary(text, [['person', 'Amara Osei']])).toEqual([['person', 'Amara Osei', [], ['Dr.'], ['Amara Osei']]]);
  });

  it('keeps Jr. in a name', () => {
    const text = 'Elmore Pike Jr. testified.';
    expect(summary(text, [['person', 'Elmore Pike Jr.']])).toEqual([
      ['person', 'Elmore Pike Jr.', [], [], ['Elmore Pike Jr.']],
    ]);
  });

  it('joins a given name alone to the one person it starts, and only then', () => {
    const one = 'Mireille Okonkwo scored twice. Mireille celebrated with the fans.';
    expect(
      summary(one, [
        ['person', 'Mireille Okonkwo'],
        ['person', 'Mireille'],
      ]),
    ).toEqual([['person', 'Mireille Okonkwo', ['Mireille'], [], ['Mireille Okonkwo', 'Mireille']]]);
    const two = 'Mireille Okonkwo and Mireille Dutronc scored. Mireille celebrated.';
    expect(
      build(two, [
        ['person', 'Mireille Okonkwo'],
        ['person', 'Mireille Dutronc'],
        ['person', 'Mireille'],
      ]).entities.map((e) => e.name),
    ).toEqual(['Mireille Okonkwo', 'Mireille Dutronc', 'Mireille']);
  });

  it('names a person in full when a title stands before the full name the tagger cut short', () => {
    const text = 'Governor Lionel Achterberg signed the bill. Achterberg said it was overdue.';
    expect(
      summary(text, [
        ['person', 'Achterberg'],
        ['person', 'Achterberg'],
      ]),
    ).toEqual([['person', 'Lionel Achterberg', ['Achterberg'], ['Governor'], ['Lionel Achterberg', 'Achterberg']]]);
  });

  it('names a person in full when the tagger took the title into the name', () => {
    const text = 'President Lionel Achterberg signed the bill. Achterberg said it was overdue.';
    expect(
      summary(text, [
        ['organization', 'President Lionel Achterberg'],
        ['person', 'Achterberg'],
      ]),
    ).toEqual([['person', 'Lionel Achterberg', ['Achterberg'], ['President'], ['Lionel Achterberg', 'Achterberg']]]);
  });

  it('splits an organisation, a title and a person the tagger took as one name', () => {
    const text = 'Senate Fisheries Committee Chairwoman Ruth Calloway said the quota was too high.';
    expect(summary(text, [['organization', 'Senate Fisheries Committee Chairwoman Ruth Calloway']])).toEqual([
      ['organization', 'Senate Fisheries Committee', [], [], ['Senate Fisheries Committee']],
      ['person', 'Ruth Calloway', [], ['Senate Fisheries Committee Chairwoman'], ['Ruth Calloway']],
    ]);
  });

  it.each([
    ["s'", "Lucas Rivers' new album sold well.", "Lucas Rivers' new", 'Lucas Rivers'],
    ["'s", "Nadia Feld's lawyer objected.", "Nadia Feld's lawyer", 'Nadia Feld'],
    ['’s', 'Nadia Feld’s lawyer objected.', 'Nadia Feld’s lawyer', 'Nadia Feld'],
  ])('ends a name at a possessive %s', (_kind, text, surface, name) => {
    expect(summary(text, [['person', surface]])).toEqual([['person', name, [], [], [name]]]);
  });

  it.each([
    ['a full stop after a word', 'The prize went to Wendell Oh.', 'Wendell Oh.', 'Wendell Oh'],
    ['a full stop before a quote', 'The prize went to Wendell Oh."', 'Wendell Oh.', 'Wendell Oh'],
    ['an abbreviation mid-sentence', 'Shares of Harlan Corp. rose.', 'Harlan Corp.', 'Harlan Corp.'],
    ['an initial', 'He met Harry S. Tremaine on Monday.', 'Harry S.', 'Harry S.'],
    ['an abbreviation before a comma', 'They met in Bexley, Ont., last year.', 'Ont.', 'Ont.'],
    ['a dotted abbreviation mid-sentence', 'Officials in the U.S. said so.', 'U.S.', 'U.S.'],
  ])('keeps a trailing period only when it is not the full stop: %s', (_rule, text, surface, mention) => {
    const [e] = build(text, [['person', surface]]).entities;
    expect(e?.mentions.map((m) => m.text)).toEqual([mention]);
  });

  it.each([
    ['a hyphenated given name tagged apart', 'Chau Siu-ming said the rally was legal.', ['Chau', 'Siu-ming']],
    [
      'a given name with a non-breaking hyphen',
      'Chau Siu\u2011ming said the rally was legal.',
      ['Chau', 'Siu\u2011ming'],
    ],
  ])('keeps the parts of %s in one name', (_rule, text, parts) => {
    const name = text.slice(0, text.indexOf(' said'));
    expect(
      summary(
        text,
        parts.map((p) => ['person', p]),
      ),
    ).toEqual([['person', name, [], [], [name]]]);
  });

  it.each([
    ['Miss', 'Miss Harrowgate'],
    ['Mister', 'Mister Quenby'],
    ['Madam', 'Madam Okafor'],
    ['Mrs', 'Mrs Okafor'],
  ])('takes "%s" and one name the tagger called an organisation as a person', (_honorific, surface) => {
    const text = `${surface} declined to comment.`;
    const name = surface.slice(surface.indexOf(' ') + 1);
    expect(summary(text, [['organization', surface]])).toEqual([['person', name, [], [], [name]]]);
  });

  it.each([
    ['Premier Quarry Holdings', 'Shares of Premier Quarry Holdings rose.'],
    ['Marshal Vend Systems', 'Marshal Vend Systems cut prices.'],
    ['General Brightwater Land Systems', 'General Brightwater Land Systems won the contract.'],
  ])('keeps %s, a company named with a title word first, one organisation', (name, text) => {
    expect(summary(text, [['organization', name]])).toEqual([['organization', name, [], [], [name]]]);
  });

  it('still takes the title off an organisation-tagged name the text names as a person elsewhere', () => {
    const text = 'Marshal Ivo Brandtner inspected the troops. Brandtner left at noon.';
    expect(
      summary(text, [
        ['organization', 'Marshal Ivo Brandtner'],
        ['person', 'Brandtner'],
      ]),
    ).toEqual([['person', 'Ivo Brandtner', ['Brandtner'], ['Marshal'], ['Ivo Brandtner', 'Brandtner']]]);
  });

  it('joins a surname written first (East Asian order) to the one full name it starts', () => {
    const text = 'Chau Siu-ming spoke first. Chau said the rally was legal.';
    expect(
      summary(text, [
        ['person', 'Chau Siu-ming'],
        ['person', 'Chau'],
      ]),
    ).toEqual([['person', 'Chau Siu-ming', ['Chau'], [], ['Chau Siu-ming', 'Chau']]]);
  });
});

describe('organisations within one article', () => {
  it.each([
    [
      'its first words',
      'Harbison Steel Inc. raised prices. Harbison blamed tariffs.',
      ['Harbison Steel Inc.', 'Harbison'],
      'Harbison',
      ['Harbison Steel Inc.'],
      'harbison-steel',
    ],
    [
      'all its words but the legal suffix',
      'Caldera Mining plc posted a loss. Caldera Mining will cut costs.',
      ['Caldera Mining plc', 'Caldera Mining'],
      'Caldera Mining',
      ['Caldera Mining plc'],
      'caldera-mining',
    ],
    [
      'its last word, which joins but does not name it',
      'Vereinigte Kranwerke AG cut 500 jobs. Kranwerke said demand fell.',
      ['Vereinigte Kranwerke AG', 'Kranwerke'],
      'Vereinigte Kranwerke AG',
      ['Kranwerke'],
      'vereinigte-kranwerke',
    ],
    [
      'a generic last word, which joins but does not name it',
      'Brackwater Holdings Ltd sold a unit. Holdings shares fell.',
      ['Brackwater Holdings Ltd', 'Holdings'],
      'Brackwater Holdings Ltd',
      ['Holdings'],
      'brackwater-holdings',
    ],
    [
      'no short form',
      'Ostrava Ceramics SA posted a loss.',
      ['Ostrava Ceramics SA'],
      'Ostrava Ceramics SA',
      [],
      'ostrava-ceramics',
    ],
  ])(
    'names and keys a suffixed company by the forms the article uses: %s',
    (_rule, text, surfaces, name, aliases, key) => {
      const [e, ...rest] = build(
        text,
        surfaces.map((s) => ['organization', s]),
      ).entities;
      expect([e?.type, e?.name, e?.aliases, e?.key, rest.length]).toEqual(['organization', name, aliases, key, 0]);
    },
  );

  it('keys a suffixed company by its name without the suffix, whatever short form the article uses', () => {
    const keyOf = (text: string, given: Given[]) => build(text, given).entities[0]?.key;
    const keys = [
      keyOf('Quenby Sachs & Co. rose.', [['organization', 'Quenby Sachs & Co.']]),
      keyOf('Quenby Sachs rose.', [['organization', 'Quenby Sachs']]),
      keyOf('Quenby Sachs & Co. rose. Quenby fell.', [
        ['organization', 'Quenby Sachs & Co.'],
        ['organization', 'Quenby'],
      ]),
    ];
    expect(keys).toEqual(['quenby-sachs', 'quenby-sachs', 'quenby-sachs']);
  });

  it('does not take a common word for the short form of a company', () => {
    const text = 'General Tarrow Co. cut jobs. General Omar Haddad said the army would buy fewer trucks.';
    const got = build(text, [
      ['organization', 'General Tarrow Co.'],
      ['organization', 'General'],
    ]).entities.map((e) => [e.name, e.key]);
    expect(got[0]).toEqual(['General Tarrow Co.', 'general-tarrow']);
    expect(got).toHaveLength(2);
  });

  it.each([
    [
      'a name it qualifies',
      'The House voted on Monday. The House Quarry Committee met later.',
      'House Quarry Committee',
      'House',
    ],
    ['a company name it qualifies', 'Union leaders met. Union Ferrovia said freight fell.', 'Union Ferrovia', 'Union'],
    [
      'a suffixed company it heads',
      'Bank staff struck. Bank of Marrowick Corp said pay would rise.',
      'Bank of Marrowick Corp',
      'Bank',
    ],
  ])('does not join a common word to %s', (_rule, text, long, word) => {
    const given: Given[] =
      text.indexOf(word) < text.indexOf(long)
        ? [
            ['organization', word],
            ['organization', long],
          ]
        : [
            ['organization', long],
            ['organization', word],
          ];
    expect(
      build(text, given)
        .entities.map((e) => e.name)
        .sort(),
    ).toEqual([long, word].sort());
  });

  it.each([
    ["'s", "Pellworth's profits rose.", "Pellworth's", 'Pellworth'],
    ['’s', 'Pellworth’s profits rose.', 'Pellworth’s', 'Pellworth'],
    ["s'", "Pellworth Brothers' profits rose.", "Pellworth Brothers'", 'Pellworth Brothers'],
    ['inside the name', "The Farmers' Union met.", "Farmers' Union", "Farmers' Union"],
  ])('ends an organisation at a possessive that ends it (%s)', (_kind, text, surface, mention) => {
    expect(build(text, [['organization', surface]]).entities[0]?.mentions.map((m) => m.text)).toEqual([mention]);
  });

  it('leaves a short form apart when two companies could own it', () => {
    const text = 'Harbison Steel Inc. and Harbison Foods Ltd merged. Harbison will list in May.';
    const names = build(text, [
      ['organization', 'Harbison Steel Inc.'],
      ['organization', 'Harbison Foods Ltd'],
      ['organization', 'Harbison'],
    ]).entities.map((e) => e.name);
    expect(names).toEqual(['Harbison Steel Inc.', 'Harbison Foods Ltd', 'Harbison']);
  });

  it('joins one word to the one longer name it starts, and only then', () => {
    const one = 'Dynamo had led at half time. Dynamo Kursk lost 2-1.';
    expect(
      summary(one, [
        ['organization', 'Dynamo'],
        ['organization', 'Dynamo Kursk'],
      ]).map(([type, name, aliases]) => [type, name, aliases]),
    ).toEqual([['organization', 'Dynamo Kursk', ['Dynamo']]]);
    const two = 'Dynamo Kursk beat Dynamo Orel. Dynamo fans celebrated.';
    expect(
      build(two, [
        ['organization', 'Dynamo Kursk'],
        ['organization', 'Dynamo Orel'],
        ['organization', 'Dynamo'],
      ]).entities.map((e) => e.name),
    ).toEqual(['Dynamo Kursk', 'Dynamo Orel', 'Dynamo']);
  });

  it.each([
    ['Ministry of Harbours', 'MoH'],
    ['Department for Fisheries', 'DfF'],
  ])('joins the mixed-case acronym of %s', (long, acronym) => {
    const text = `The ${long} said ships were delayed. The ${acronym} denied it.`;
    expect(
      summary(text, [
        ['organization', long],
        ['organization', acronym],
      ]).map(([type, name, aliases]) => [type, name, aliases]),
    ).toEqual([['organization', long, [acronym]]]);
  });

  it('does not take an agency in a dateline as another name of the place', () => {
    const text = 'HARTLEPOOL (AP) — Police closed the harbour.';
    expect(
      summary(text, [
        ['place', 'HARTLEPOOL'],
        ['organization', 'AP'],
      ]),
    ).toEqual([
      ['place', 'Hartlepool', [], [], ['HARTLEPOOL']],
      ['organization', 'AP', [], [], ['AP']],
    ]);
  });

  it("joins an organisation's acronym in brackets written in another language", () => {
    const text = 'The Movement for Civic Renewal (PNR) won. The PNR will govern.';
    expect(
      summary(text, [
        ['organization', 'Movement for Civic Renewal'],
        ['organization', 'PNR'],
        ['organization', 'PNR'],
      ]).map(([type, name, aliases]) => [type, name, aliases]),
    ).toEqual([['organization', 'Movement for Civic Renewal', ['PNR']]]);
  });

  it('still joins an acronym in brackets that spells the name before it', () => {
    const text = 'The Coastal Rescue Service (CRS) said. The CRS left.';
    expect(
      summary(text, [
        ['organization', 'Coastal Rescue Service'],
        ['organization', 'CRS'],
        ['organization', 'CRS'],
      ]).map(([type, name, aliases]) => [type, name, aliases]),
    ).toEqual([['organization', 'Coastal Rescue Service', ['CRS']]]);
  });

  it.each([
    ['Interior Minister', 'Interior'],
    ['Defence Secretary', 'Defence'],
    ['Fisheries Minister', 'Fisheries'],
  ])('takes the department of "%s" as part of the title, not an organisation', (title, word) => {
    const text = `${title} Paolo Ventresca said the plan was ready.`;
    expect(
      summary(text, [
        ['organization', word],
        ['person', 'Paolo Ventresca'],
      ]),
    ).toEqual([['person', 'Paolo Ventresca', [], [title], ['Paolo Ventresca']]]);
  });

  it.each([
    ['only a title', 'The Deputy Premier resigned.', 'Deputy Premier'],
    ['only punctuation', 'Officials in Washington, D.C. said so.', ','],
    ['one letter', 'Forecast earnings: N / A.', 'N'],
    ['one letter and a full stop', 'Senator Holm (D.) voted no.', 'D.'],
    ['an ampersand', 'Smith & Brandt & Co merged.', '&'],
    ['a quoted reply mark', '> > the plan was ready.', '>'],
    ['marks and digits', 'The vote was >42< to 3.', '>42<'],
  ])('drops a mention that is %s', (_rule, text, surface) => {
    expect(summary(text, [['place', surface]])).toEqual([]);
  });

  it.each([
    ['>Smith', 'Smith'],
    ['"Dana Korver', 'Dana Korver'],
    ['#Velmora', 'Velmora'],
    ['@Velmora', 'Velmora'],
    ['*Velmora*', 'Velmora'],
    ['(Dana Korver)', 'Dana Korver'],
    ['--Dana Korver--', 'Dana Korver'],
  ])('names "%s" without the marks around it: "%s"', (surface, name) => {
    const text = `Officials said ${surface}, on Monday, would decide.`;
    const entities = build(text, [['person', surface]]).entities;
    expect(entities.map((e) => [e.name, e.mentions.map((m) => m.text)])).toEqual([[name, [name]]]);
  });

  it.each([
    ['organization', 'AT&T'],
    ['person', "Ciaran O'Dwyer"],
    ['organization', 'Yahoo!'],
    ['organization', 'Velmora Holdings (UK)'],
    ['organization', 'Velmora Inc.'],
  ])('keeps the marks that belong to the %s "%s"', (type, surface) => {
    const text = `Shares of ${surface}, a rival, rose.`;
    const entities = build(text, [[type as EntityType, surface]]).entities;
    expect(entities.map((e) => e.mentions.map((m) => m.text))).toEqual([[surface]]);
  });
});

describe('keys', () => {
  const keyOf = (text: string, surface: string, type: EntityType = 'organization') =>
    build(text, [[type, surface]]).entities[0]?.key;

  it.each([
    ['a generic institution word', 'The House voted on Monday.', 'The House rose early.', 'House'],
    [
      'a name made only of generic words',
      'The Foreign Ministry said no.',
      'The Foreign Ministry said yes.',
      'Foreign Ministry',
    ],
  ])('does not link %s across articles', (_rule, a, b, surface) => {
    expect(keyOf(a, surface)).not.toBe(keyOf(b, surface));
    // The same article always gives the same key, so re-extracting it changes nothing.
    expect(keyOf(a, surface)).toBe(keyOf(a, surface));
  });

  it('links a one-word name the gazetteer does not know, a plural nickname too', () => {
    // Many teams are "the Lions", but no rule tells a nickname from a company named by a plural
    // ("Marrowby Mills" ... "Mills", "Quenbys"): such names link like any other.
    expect(keyOf('The Lions won.', 'Lions')).toBe(keyOf('The Lions lost.', 'Lions'));
  });

  it('links a name with a proper word in it, and a generic word the gazetteer knows', () => {
    expect(keyOf('The Pemberton Council met.', 'Pemberton Council')).toBe('pemberton-council');
    expect(keyOf('The Senate Fisheries Committee met.', 'Senate Fisheries Committee')).toBe(
      'senate-fisheries-committee',
    );
    expect(keyOf('The Security Council met.', 'Security Council')).toBe('united-nations-security-council');
  });

  it('gives a generic word the key of the one longer name it starts in the article', () => {
    const text = 'The House of Wardens met. The House rose early.';
    const [e] = build(text, [
      ['organization', 'House of Wardens'],
      ['organization', 'House'],
    ]).entities;
    expect([e?.name, e?.key, e?.aliases]).toEqual(['House of Wardens', 'house-of-wardens', ['House']]);
  });
});

describe('size', () => {
  it('assembles one entity from 200,000 mentions of one name without overflowing the stack', () => {
    // 'Wu, ' repeated: every group, union and sort step sees one group of 200,000 mentions.
    const n = 200_000;
    const text = 'Wu, '.repeat(n);
    const mentions: Mention[] = Array.from({ length: n }, (_, k) => ({ type: 'person', start: 4 * k, end: 4 * k + 2 }));
    const { entities } = buildEntities(text, [{ start: 0, end: text.length }], mentions);
    expect(entities.map((e) => [e.name, e.mentions.length])).toEqual([['Wu', n]]);
  });
});

describe('names written only in capitals', () => {
  it('names a person or place the article writes only in capitals as running text would', () => {
    const text = 'MARROWICK, Ireland - VELMA ORTIZ WINS.';
    expect(
      summary(text, [
        ['place', 'MARROWICK'],
        ['place', 'Ireland'],
        ['person', 'VELMA ORTIZ'],
      ]).map(([type, name]) => [type, name]),
    ).toEqual([
      ['place', 'Marrowick'],
      ['place', 'Ireland'],
      ['person', 'Velma Ortiz'],
    ]);
  });

  it('keeps an organisation in capitals, usually an acronym, as written', () => {
    const text = 'The DORVEX alliance met.';
    expect(summary(text, [['organization', 'DORVEX']]).map(([type, name]) => [type, name])).toEqual([
      ['organization', 'DORVEX'],
    ]);
  });
});
