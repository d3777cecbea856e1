// Invented wire stories built from templates: people with titles, places, organisations and a quote
// or two, so extraction finds mentions and quotes in them. Used by the crash test (with a seeded
// random source) and the fuzzer (with fast-check's).

const FIRST = [
  'Maria',
  'Jonas',
  'Amara',
  'Pieter',
  'Lena',
  'Tomas',
  'Sofia',
  'Daniel',
  'Ines',
  'Kofi',
  'Hana',
  'Rafael',
];
const LAST = [
  'Okafor',
  'Lindqvist',
  'Moreau',
  'Castellano',
  'Novak',
  'Haddad',
  'Brennan',
  'Takahashi',
  'Varga',
  'Silva',
];
const TITLES = ['Prime Minister', 'Finance Minister', 'President', 'Mayor', 'Chief Executive', 'Foreign Minister'];
const PLACES: [string, string][] = [
  ['OSLO', 'Norway'],
  ['NAIROBI', 'Kenya'],
  ['LISBON', 'Portugal'],
  ['MANILA', 'Philippines'],
  ['OTTAWA', 'Canada'],
  ['WARSAW', 'Poland'],
  ['SANTIAGO', 'Chile'],
  ['CAIRO', 'Egypt'],
];
const ORGS = [
  'the United Nations',
  'the World Bank',
  'the European Union',
  'the International Monetary Fund',
  'the World Health Organization',
  'NATO',
];
const AGENCIES = ['Reuters', 'AP', 'AFP'];
const TOPICS = ['port expansion', 'water tariffs', 'rail link', 'grain exports', 'flood defences', 'energy grid'];
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'];
const QUOTES = [
  'We will not accept a deal that leaves our farmers behind',
  'The numbers speak for themselves and we expect more growth next year',
  'This is a difficult moment, but the country has faced worse',
  'Nobody should be surprised that the talks took this long',
  'We have a plan and we intend to see it through',
];

/** Picks an element given a number in [0, 1): both random sources reduce to this. */
export type Pick = <T>(items: readonly T[]) => T;

export function article(pick: Pick, serial: string): string {
  const person = () => `${pick(FIRST)} ${pick(LAST)}`;
  const [city, country] = pick(PLACES);
  const [, otherCountry] = pick(PLACES);
  const a = person();
  const b = person();
  const aLast = a.split(' ')[1];
  const topic = pick(TOPICS);
  const org = pick(ORGS);
  return [
    `${country} and ${org} agree terms on ${topic} (${serial})`,
    `Officials say the accord could be signed within weeks`,
    '',
    `${city}, ${country} (${pick(AGENCIES)}) - ${pick(TITLES)} ${a} said on ${pick(DAYS)} that ${country} had reached an understanding with ${org} on the ${topic}, after talks in ${otherCountry}.`,
    `"${pick(QUOTES)}," ${aLast} told reporters in ${city}.`,
    `${b}, a spokesperson for ${org}, said the agreement still needed approval from ministers in ${otherCountry}.`,
    `According to ${b}, the first payments could arrive before the end of the year. Reference ${serial}.`,
    '',
  ].join('\n');
}

/** A small seeded generator (mulberry32), so a crash-test run can be repeated from its seed. */
export function seededPick(seed: number): Pick & { next: () => number } {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  return Object.assign(pick, { next });
}
