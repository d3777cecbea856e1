import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { furnitureKind } from '../../src/analysis/furniture.js';
import { type Dateline, isBoilerplate, type ParsedArticle, parseArticle } from '../../src/analysis/parse-article.js';
import type { Span } from '../../src/extract/types.js';
import { titleCaseName } from '../../src/text/case.js';

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');
const fixture = (name: string) => read(`../fixtures/articles/${name}`);

/** The span of the (n-th, from 0) occurrence of `s` in `text`; throws when there is none. */
function at(text: string, s: string, nth = 0): Span {
  let start = -1;
  for (let i = 0; i <= nth; i++) {
    start = text.indexOf(s, start + 1);
    if (start < 0) throw new Error(`not in text: ${s}`);
  }
  return { start, end: start + s.length, text: s };
}

const dateline = (text: string, s: string, city: string | null, country: string | null): Dateline => ({
  ...at(text, s),
  city,
  country,
});

interface Case {
  name: string;
  text: string;
  expected: (text: string) => ParsedArticle;
}

const SEED = read('../../data/articles/000_e012a61e92ddd416.txt');
const AP = fixture('ap-style.txt');
const REUTERS = fixture('reuters-style.txt');
const AFP = fixture('afp-style.txt');
const XINHUA = fixture('xinhua-style.txt');
const CONLL = fixture('conll-style.txt');
const PUBLISHER = fixture('publisher-style.txt');
const WEB_PAGE = fixture('web-page-copy.txt');

const CASES: Case[] = [
  {
    name: 'seed article (Anadolu Agency)',
    text: SEED,
    expected: (t) => ({
      headline: {
        start: 0,
        end: 76,
        text: 'NATO chief ready to meet with Serbian president to defuse tensions in Kosovo',
      },
      standfirst: at(
        t,
        "'I am in regular contact with President Aleksandar Vucic. I am ready to meet. We are concerned about the increased tensions in Kosovo,' says Jens Stoltenberg",
      ),
      dateline: { start: 236, end: 252, text: 'BELGRADE, Serbia', city: 'Belgrade', country: 'Serbia' },
      paragraphs: t
        .slice(253, 2113)
        .split('\n')
        .map((line) => at(t, line)),
      boilerplate: at(
        t,
        'Anadolu Agency website contains only a portion of the news stories offered to subscribers in the AA News Broadcasting System (HAS), and in summarized form. Please contact us for subscription options.',
      ),
      source: { name: 'Anadolu Agency' },
      furniture: [],
    }),
  },
  {
    name: 'AP style: dateline prefix with state and (AP), credit line and copyright trailer',
    text: AP,
    expected: (t) => ({
      headline: at(t, 'Town council approves removable flood barriers after record spring rains'),
      standfirst: null,
      dateline: dateline(t, 'RIVERTON, Wyo. (AP)', 'Riverton', null),
      paragraphs: [
        at(
          t,
          'The Riverton town council voted 5-2 on Monday to pay for a set of removable flood barriers along the Wind River, two months after record spring rains pushed water into more than 80 homes.',
        ),
        at(
          t,
          'Mayor Ellen Park said the aluminum panels would be stored in a city garage and could be bolted into place within six hours of a flood warning.',
        ),
        at(t, '"We cannot keep filling sandbags every April and hoping for the best," Park said.'),
        at(
          t,
          'The two council members who voted against the plan said the $1.2 million cost should have been shared with the county.',
        ),
      ],
      boilerplate: at(
        t,
        'Associated Press writer Tom Reyes in Cheyenne contributed to this report.\n\nCopyright 2024 The Associated Press. All rights reserved. This material may not be published, broadcast, rewritten or redistributed without permission.',
      ),
      source: { name: 'Associated Press' },
      furniture: [],
    }),
  },
  {
    name: 'Reuters style: WASHINGTON (Reuters) - prefix, "Reporting by; Editing by" credits, source from the dateline',
    text: REUTERS,
    expected: (t) => ({
      headline: at(t, 'Fictional port operator cuts outlook as shipping volumes slide'),
      standfirst: null,
      dateline: dateline(t, 'SINGAPORE (Reuters)', 'Singapore', null),
      paragraphs: [
        at(
          t,
          'Harbourline Holdings, a fictional port operator, cut its full-year profit forecast on Thursday, saying container volumes at its three terminals had fallen for a fourth straight month.',
        ),
        at(
          t,
          'The company said throughput dropped 7% in the quarter to September, and warned that a recovery was unlikely before the middle of next year.',
        ),
        at(t, 'Shares in Harbourline fell as much as 4% in early trade before recovering some ground.'),
      ],
      boilerplate: at(t, '(Reporting by Ana Lima and Kenji Mori; Editing by Mark Hale)'),
      source: { name: 'Reuters' },
      furniture: [],
    }),
  },
  {
    name: 'AFP style: summary standfirst without a blank line, "PARIS, June 3 (AFP) -", © trailer',
    text: AFP,
    expected: (t) => ({
      headline: at(t, 'Lyon museum reopens sculpture wing after two-year renovation'),
      standfirst: at(
        t,
        'The restored galleries show more than 400 works, a quarter of them for the first time in decades',
      ),
      dateline: dateline(t, 'PARIS, June 3 (AFP)', 'Paris', null),
      paragraphs: [
        at(
          t,
          'A museum in the French city of Lyon reopened its sculpture wing on Monday after a two-year renovation that cost 18 million euros, its director said.',
        ),
        at(
          t,
          'Visitors queued from early morning to see the galleries, which were closed in 2022 after water damage to the roof.',
        ),
        at(
          t,
          '"We had to move every piece, some of them weighing several tonnes," director Claire Moreau told reporters.',
        ),
      ],
      boilerplate: at(t, '© Agence France-Presse'),
      source: { name: 'Agence France-Presse' },
      furniture: [],
    }),
  },
  {
    name: 'Xinhua style: "HEFEI, China, March 12 (Xinhua) --", editor signature',
    text: XINHUA,
    expected: (t) => ({
      headline: at(t, 'Fictional province opens 120-km high-speed rail link'),
      standfirst: null,
      dateline: dateline(t, 'HEFEI, China, March 12 (Xinhua)', 'Hefei', 'China'),
      paragraphs: [
        at(
          t,
          'A 120-km high-speed railway linking two cities in a fictional eastern province opened to traffic on Tuesday, local authorities said.',
        ),
        at(
          t,
          'The line cuts travel time between the two cities from two hours to 35 minutes, according to the provincial transport department.',
        ),
        at(t, 'Trains will run at a top speed of 350 km per hour, with 40 services a day in each direction.'),
      ],
      boilerplate: at(t, 'Editor: Zhang Min'),
      source: { name: 'Xinhua' },
      furniture: [],
    }),
  },
  {
    name: 'CoNLL style: "LONDON 1996-08-30" dateline line, blank-line separated paragraphs',
    text: CONLL,
    expected: (t) => ({
      headline: at(t, 'SOCCER - FICTIONAL CLUB SIGNS DEFENDER ON THREE-YEAR DEAL'),
      standfirst: null,
      dateline: dateline(t, 'LONDON 1996-08-30', 'London', null),
      paragraphs: [
        at(
          t,
          'Fictional English club Westbridge Rovers said on Friday they had signed defender Paul Grant on a three-year contract.',
        ),
        at(t, 'Grant, 24, joins from second division side Northfield for an undisclosed fee.'),
      ],
      boilerplate: null,
      source: null,
      furniture: [],
    }),
  },
  {
    name: 'unknown publisher: link/newsletter notice and "© 2023 <Name>", US state after the city',
    text: PUBLISHER,
    expected: (t) => ({
      headline: at(t, 'City library extends weekend opening hours'),
      standfirst: at(t, 'The change follows a survey in which two thirds of users asked for Sunday access'),
      // "Georgia" after Atlanta is the US state, not the country.
      dateline: dateline(t, 'ATLANTA, Georgia', 'Atlanta', null),
      paragraphs: [
        at(t, "The city's central library will open on Sundays from next month, the library board said on Wednesday."),
        at(
          t,
          'Board chair Maria Gomez said the extra hours would be covered by reallocating part of the equipment budget.',
        ),
      ],
      boilerplate: at(
        t,
        'For more news, visit www.dailyplanet.example and sign up for our newsletter.\n© 2023 Daily Planet Media Inc. All rights reserved.',
      ),
      source: { name: 'Daily Planet Media Inc.' },
      furniture: [],
    }),
  },
  {
    name: 'no standfirst, dateline or boilerplate',
    text: 'Council delays vote on budget\nThe council postponed the vote on Tuesday.\nA new date has not been set.\n',
    expected: (t) => ({
      headline: at(t, 'Council delays vote on budget'),
      standfirst: null,
      dateline: null,
      paragraphs: [at(t, 'The council postponed the vote on Tuesday.'), at(t, 'A new date has not been set.')],
      boilerplate: null,
      source: null,
      furniture: [],
    }),
  },
  {
    name: 'one-line text is just a headline',
    text: 'Storm closes schools across the region',
    expected: () => ({
      headline: { start: 0, end: 38, text: 'Storm closes schools across the region' },
      standfirst: null,
      dateline: null,
      paragraphs: [],
      boilerplate: null,
      source: null,
      furniture: [],
    }),
  },
  {
    name: 'one line surrounded by blank lines and spaces',
    text: '\n\n \t Storm closes schools \t\n\n',
    expected: () => ({
      headline: { start: 5, end: 25, text: 'Storm closes schools' },
      standfirst: null,
      dateline: null,
      paragraphs: [],
      boilerplate: null,
      source: null,
      furniture: [],
    }),
  },
  {
    name: 'empty text',
    text: '',
    expected: () => ({
      headline: { start: 0, end: 0, text: '' },
      standfirst: null,
      dateline: null,
      paragraphs: [],
      boilerplate: null,
      source: null,
      furniture: [],
    }),
  },
  {
    name: 'CRLF line endings',
    text: 'Bridge reopens\r\nRepairs took eight months, officials say\r\n\r\nNEW YORK, U.S.\r\nThe bridge reopened on Monday.\r\nTraffic was light.\r\n(c) 2024 Metro Wire. All rights reserved.\r\n',
    expected: () => ({
      headline: { start: 0, end: 14, text: 'Bridge reopens' },
      standfirst: { start: 16, end: 56, text: 'Repairs took eight months, officials say' },
      dateline: { start: 60, end: 74, text: 'NEW YORK, U.S.', city: 'New York', country: 'United States' },
      paragraphs: [
        { start: 76, end: 106, text: 'The bridge reopened on Monday.' },
        { start: 108, end: 126, text: 'Traffic was light.' },
      ],
      boilerplate: { start: 128, end: 169, text: '(c) 2024 Metro Wire. All rights reserved.' },
      source: { name: 'Metro Wire' },
      furniture: [],
    }),
  },
  {
    name: 'emoji and astral characters before spans (UTF-16 offsets)',
    text: '🚀 Launch delayed 🌍\n👩‍🚀 Crew blames 𝒜 high winds\n\nCAPE CANAVERAL, Florida (AP) — The 🚀 launch moved to Friday.\n🎉 Fans waited.',
    expected: () => ({
      headline: { start: 0, end: 20, text: '🚀 Launch delayed 🌍' },
      standfirst: { start: 21, end: 52, text: '👩‍🚀 Crew blames 𝒜 high winds' },
      dateline: { start: 54, end: 82, text: 'CAPE CANAVERAL, Florida (AP)', city: 'Cape Canaveral', country: null },
      paragraphs: [
        { start: 85, end: 115, text: 'The 🚀 launch moved to Friday.' },
        { start: 116, end: 131, text: '🎉 Fans waited.' },
      ],
      boilerplate: null,
      source: { name: 'Associated Press' },
      furniture: [],
    }),
  },
  {
    name: 'whitespace-only lines count as blank',
    text: 'Ferry service resumes\n \t \nThe ferry resumed on Sunday.\n\t\n  Tickets sold out.  \n   ',
    expected: (t) => ({
      headline: at(t, 'Ferry service resumes'),
      standfirst: null,
      dateline: null,
      paragraphs: [at(t, 'The ferry resumed on Sunday.'), at(t, 'Tickets sold out.')],
      boilerplate: null,
      source: null,
      furniture: [],
    }),
  },
  {
    name: 'dateline line in title case with a known country; correction notice trailer',
    text: 'Talks resume\nBelgrade, Serbia\nNegotiators met again on Friday.\nThis story has been corrected to fix the date of the meeting.',
    expected: (t) => ({
      headline: at(t, 'Talks resume'),
      standfirst: null,
      dateline: dateline(t, 'Belgrade, Serbia', 'Belgrade', 'Serbia'),
      paragraphs: [at(t, 'Negotiators met again on Friday.')],
      boilerplate: at(t, 'This story has been corrected to fix the date of the meeting.'),
      source: null,
      furniture: [],
    }),
  },
  {
    name: '"© Thomson Reuters" trailer names the source; "NEW DELHI:" style prefix',
    text: 'Rupee steadies\n\nNEW DELHI: The rupee held steady on Monday.\n© Thomson Reuters 2024',
    expected: (t) => ({
      headline: at(t, 'Rupee steadies'),
      standfirst: null,
      dateline: dateline(t, 'NEW DELHI', 'New Delhi', null),
      paragraphs: [at(t, 'The rupee held steady on Monday.')],
      boilerplate: at(t, '© Thomson Reuters 2024'),
      source: { name: 'Reuters' },
      furniture: [],
    }),
  },
  {
    name: 'a trailing paragraph about subscribers is still body text; a lower-case opener is not a dateline',
    text: 'Streamer grows\n\nWashington - the company said on Tuesday it grew.\nIt added 5 million subscribers in the quarter.',
    expected: (t) => ({
      headline: at(t, 'Streamer grows'),
      standfirst: null,
      dateline: null,
      paragraphs: [
        at(t, 'Washington - the company said on Tuesday it grew.'),
        at(t, 'It added 5 million subscribers in the quarter.'),
      ],
      boilerplate: null,
      source: null,
      furniture: [],
    }),
  },
  {
    name: 'unknown agency in the dateline parenthesis',
    text: 'Power restored\n\nNIS, Serbia (Tanjug) - Power was restored to the city overnight.',
    expected: (t) => ({
      headline: at(t, 'Power restored'),
      standfirst: null,
      dateline: dateline(t, 'NIS, Serbia (Tanjug)', 'Nis', 'Serbia'),
      paragraphs: [at(t, 'Power was restored to the city overnight.')],
      boilerplate: null,
      source: { name: 'Tanjug' },
      furniture: [],
    }),
  },
  {
    name: 'copied from a web page: furniture before the headline, around the standfirst, between paragraphs, after the trailer',
    text: WEB_PAGE,
    expected: (t) => ({
      headline: at(t, 'Lakeside town votes to rebuild its flooded marina'),
      standfirst: at(t, 'Harbour board backs a plan to raise the quay by a metre'),
      dateline: dateline(t, 'KELLBURN, Norway', 'Kellburn', 'Norway'),
      paragraphs: [
        at(
          t,
          'The town council of Kellburn voted on Thursday to rebuild its marina, which was wrecked by floods in March.',
        ),
        at(t, 'Mayor Ingrid Solheim said the new quay would stand a metre higher than the old one.'),
        at(t, '"We cannot let the water decide where our boats go," Solheim told reporters.'),
        at(t, 'Work is due to start in the autumn and will be paid for by the regional government.'),
      ],
      boilerplate: at(t, '© 2024 Kellburn Courier. All rights reserved.'),
      source: { name: 'Kellburn Courier' },
      furniture: [
        at(t, 'Skip to main content'),
        at(t, 'Advertisement'),
        at(t, 'By'),
        at(t, 'Tomasz Wielgosz'),
        at(t, 'Published 6 hours ago | Updated 41 minutes ago'),
        at(t, 'Listen 3 min · Save · Share'),
        at(t, 'FILE PHOTO: Harald Ruud checks a moored boat in floodwater on March 9. Ines Marchetti / Getty Images'),
        at(t, 'Article continues after this advertisement'),
        at(t, '(Photo by Lena Osei/Reuters)'),
        at(t, 'Share on WhatsApp'),
        at(t, 'Copy link'),
        at(t, 'Read more: Nordvik Shipping doubles its fleet'),
        at(t, 'Sign up for our morning newsletter'),
        at(t, 'Share this article'),
      ],
    }),
  },
  {
    name: 'a byline after the headline is not the standfirst',
    text: "Rail strike called off\nBy Maren Iversen, Transport Correspondent\n\nUnions called off Monday's strike after a late offer.\nTrains will run as normal.",
    expected: (t) => ({
      headline: at(t, 'Rail strike called off'),
      standfirst: null,
      dateline: null,
      paragraphs: [at(t, "Unions called off Monday's strike after a late offer."), at(t, 'Trains will run as normal.')],
      boilerplate: null,
      source: null,
      furniture: [at(t, 'By Maren Iversen, Transport Correspondent')],
    }),
  },
  {
    name: 'a byline over two lines and a timestamp before the dateline line',
    text: 'Ferry fares frozen\nBy\nKofi Mensah\nUpdated 3 hours ago\nOSLO, Norway\nFares will not rise this year, the operator said.',
    expected: (t) => ({
      headline: at(t, 'Ferry fares frozen'),
      standfirst: null,
      dateline: dateline(t, 'OSLO, Norway', 'Oslo', 'Norway'),
      paragraphs: [at(t, 'Fares will not rise this year, the operator said.')],
      boilerplate: null,
      source: null,
      furniture: [at(t, 'By'), at(t, 'Kofi Mensah'), at(t, 'Updated 3 hours ago')],
    }),
  },
  {
    name: 'an agency photo caption is not a dateline',
    text: 'Wildfire reaches suburbs\n\nFILE - Firefighters walk along a ridge near Dunmore on Aug. 2, 2023. Dana Quist / AP\nCrews battled the fire through the night.',
    expected: (t) => ({
      headline: at(t, 'Wildfire reaches suburbs'),
      standfirst: null,
      dateline: null,
      paragraphs: [at(t, 'Crews battled the fire through the night.')],
      boilerplate: null,
      source: null,
      furniture: [at(t, 'FILE - Firefighters walk along a ridge near Dunmore on Aug. 2, 2023. Dana Quist / AP')],
    }),
  },
  {
    name: 'a text of nothing but furniture still has its first line as headline',
    text: 'Advertisement\nShare on Facebook',
    expected: (t) => ({
      headline: at(t, 'Advertisement'),
      standfirst: null,
      dateline: null,
      paragraphs: [],
      boilerplate: null,
      source: null,
      furniture: [at(t, 'Share on Facebook')],
    }),
  },
  {
    name: 'story lines that only resemble furniture stay story text',
    text: 'Shares slide as markets reopen\n\nBy the end of the day, the index had lost 3%.\nShare prices of banks fell the most.\nAnalysts said investors would listen closely to the central bank on Thursday.',
    expected: (t) => ({
      headline: at(t, 'Shares slide as markets reopen'),
      standfirst: null,
      dateline: null,
      paragraphs: [
        at(t, 'By the end of the day, the index had lost 3%.'),
        at(t, 'Share prices of banks fell the most.'),
        at(t, 'Analysts said investors would listen closely to the central bank on Thursday.'),
      ],
      boilerplate: null,
      source: null,
      furniture: [],
    }),
  },
];

function spansOf(a: ParsedArticle): Span[] {
  return [a.headline, a.standfirst, a.dateline, a.boilerplate, ...a.paragraphs, ...a.furniture].filter(
    (s): s is Span => s !== null,
  );
}

/** The parts of an article as text, without offsets: what a reader sees. */
const partsOf = (a: ParsedArticle) => ({
  headline: a.headline.text,
  standfirst: a.standfirst?.text ?? null,
  dateline: a.dateline && { text: a.dateline.text, city: a.dateline.city, country: a.dateline.country },
  paragraphs: a.paragraphs.map((p) => p.text),
  hasBoilerplate: a.boilerplate !== null,
  source: a.source,
});

describe('parseArticle', () => {
  it.each(CASES)('$name', ({ text, expected }) => {
    const parsed = parseArticle(text);
    expect(parsed).toEqual(expected(text));
    for (const s of spansOf(parsed)) expect(text.slice(s.start, s.end)).toBe(s.text);
  });

  it('seed article matches the reference: 11 body paragraphs, boilerplate not in the body', () => {
    const a = parseArticle(SEED);
    expect(a.paragraphs).toHaveLength(11);
    expect(a.paragraphs[0]?.text.startsWith('NATO Secretary General Jens Stoltenberg said on Tuesday')).toBe(true);
    expect(a.paragraphs.at(-1)?.text.endsWith('but Belgrade continues to regard it as its territory.')).toBe(true);
    expect(a.paragraphs.some((p) => p.text.includes('Anadolu Agency website'))).toBe(false);
  });

  it('never throws, and every span slices the text exactly, is trimmed and in order, and no two parts overlap', () => {
    const line = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 40 }),
      fc.constantFrom(
        'BELGRADE, Serbia',
        'WASHINGTON (Reuters) - Text.',
        '© 2024 X',
        ' \t ',
        '',
        '___',
        'By',
        'Jo Park',
        'Share',
        'FILE - A caption. Jo Park / AP',
      ),
    );
    const eol = fc.constantFrom('\n', '\r\n', '\r', '\n\n');
    fc.assert(
      fc.property(fc.array(fc.tuple(line, eol), { maxLength: 8 }), (parts) => {
        const text = parts.map(([l, e]) => l + e).join('');
        const a = parseArticle(text);
        let last = -1;
        for (const s of spansOf(a)) {
          expect(text.slice(s.start, s.end)).toBe(s.text);
          if (s.text !== '') expect(s.text.trim()).toBe(s.text);
        }
        for (const p of a.paragraphs) {
          expect(p.start).toBeGreaterThan(last);
          last = p.end;
        }
        const bySpan = spansOf(a)
          .filter((s) => s.text !== '')
          .sort((x, y) => x.start - y.start);
        for (let i = 1; i < bySpan.length; i++) {
          expect(bySpan[i]?.start).toBeGreaterThanOrEqual(bySpan[i - 1]?.end ?? 0);
        }
        if (text.trim() !== '') expect(a.headline.text).not.toBe('');
      }),
    );
  });

  it('reads the parts of a story the same with furniture lines inserted anywhere', () => {
    const line = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 40 }),
      fc.constantFrom(
        'Talks resume',
        'BELGRADE, Serbia',
        'WASHINGTON (Reuters) - Text.',
        'A summary line without a full stop',
        'The talks resumed on Friday.',
        '© 2024 X',
        'Sign up for our newsletter',
        '___',
        '',
      ),
    );
    const eol = fc.constantFrom('\n', '\r\n', '\r', '\n\n');
    // Not a link to another story or a newsletter prompt: at the end of a text, those belong to the trailer.
    const furniture = fc.constantFrom(
      'Advertisement',
      'Share on Facebook',
      'By Jo Park, Reuters',
      'Updated 2 hours ago',
      '(Photo by Jo Park/Getty Images)',
      'FILE PHOTO: A caption. Jo Park / AP',
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(line, eol), { minLength: 1, maxLength: 8 }),
        fc.array(fc.tuple(fc.nat(), furniture), { minLength: 1, maxLength: 4 }),
        (parts, inserts) => {
          const text = parts.map(([l, e]) => l + e).join('');
          const story = parseArticle(text);
          // Only a story with a line that is not furniture: otherwise the inserted line may become the headline.
          fc.pre(story.headline.text !== '' && furnitureKind(story.headline.text) === null);
          // One line each, adding no blank line: the story's layout stays as it was. After a "\r" the inserted line
          // ends with "\r" too, or it would split a "\r\n" into two line ends.
          const pieces = parts.map(([l, e]) => l + e);
          for (const [at, l] of inserts) {
            const i = at % (pieces.length + 1);
            pieces.splice(i, 0, l + (pieces.slice(0, i).join('').endsWith('\r') ? '\r' : '\n'));
          }
          const copied = pieces.join('');
          expect(partsOf(parseArticle(copied))).toEqual(partsOf(story));
        },
      ),
    );
  });
});

describe('titleCaseName', () => {
  it.each([
    ['BELGRADE', 'Belgrade'],
    ['NEW YORK', 'New York'],
    ['RIO DE JANEIRO', 'Rio de Janeiro'],
    ['PORT-AU-PRINCE', 'Port-au-Prince'],
    ['ST. LOUIS', 'St. Louis'],
    ["N'DJAMENA", "N'Djamena"],
    ['MCALLEN', 'McAllen'],
  ])('%s -> %s', (input, output) => {
    expect(titleCaseName(input)).toBe(output);
  });
});

describe('isBoilerplate', () => {
  it.each([
    'Copyright 2023 The Associated Press. All rights reserved.',
    '(Reporting by Jo Park; Editing by Li Wen)',
    'Additional reporting by Sam Okafor in Lagos',
    'Our Standards: The Thomson Reuters Trust Principles.',
    'Read more: www.example.com/news',
    'https://www.example.com',
    'Please contact us for subscription options and sign up for our newsletter.',
  ])('recognises %j', (s) => {
    expect(isBoilerplate(s)).toBe(true);
  });

  it.each([
    'The company added 5 million subscribers in the quarter.',
    '"This visit shows our commitment," the minister said.',
    'The options are (a) wait, (b) act or (c) 2024 plans.',
    'Reporters were told the report had been delayed.',
  ])('leaves story text alone: %j', (s) => {
    expect(isBoilerplate(s)).toBe(false);
  });

  it('reads a megabyte-long paragraph as story text, in one pass (a pattern once took minutes on it)', () => {
    const long = 'website contains '.repeat(64 * 1024);
    expect(isBoilerplate(long)).toBe(false);
    const parsed = parseArticle(`Headline\n${long}\n${long}`);
    expect(parsed.paragraphs).toHaveLength(2);
    expect(parsed.boilerplate).toBeNull();
  });
});

describe('the country of a dateline: the gazetteer lookup entities use too', () => {
  const countryOf = (line: string) => parseArticle(`Title\n\n${line} — The talks resumed on Monday.`).dateline?.country;

  it.each([
    ['SEOUL, Korea', 'South Korea'],
    ['LONDON, England', 'United Kingdom'],
    ['RANGOON, Burma', 'Myanmar'],
    ['TBILISI, Georgia', 'Georgia'],
    ['ATLANTA, Georgia', null],
  ])('reads %s as %s', (line, country) => {
    expect(countryOf(line) ?? null).toBe(country);
  });
});
