// The synthetic corpus of `npm run bench`: wire stories of about 2,500 characters in the seed's shape
// (headline, standfirst, blank line, `CITY, Country` dateline, one paragraph a line, direct quotes and
// reported speech), made from the templates and invented vocabularies below, never from a real corpus.
// People, organisations, places, sources and topics are drawn with a Zipf-like skew, so a few entities
// are in thousands of articles and most in few. Deterministic: article i of a corpus of n articles is
// the same for a given seed, and can be made on its own (random access), so processes can share the work.

import { rng } from '../../extract/ner/hash.js';
import { lowerBound } from '../../text/lower-bound.js';

/** A 32-bit mix of two integers (for per-article seeds). */
function mix(a: number, b: number): number {
  let h = (a ^ Math.imul(b + 0x9e3779b9, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

type Rand = () => number;

const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;

/** Draws ranks 0..n-1 with P(k) proportional to 1 / (k + 1)^s. */
export function zipf(n: number, s: number): (r: Rand) => number {
  const cdf = new Float64Array(n);
  let total = 0;
  for (let k = 0; k < n; k++) {
    total += 1 / (k + 1) ** s;
    cdf[k] = total;
  }
  return (r) => {
    const x = r() * total;
    // The first rank whose cumulative weight reaches x (the last, should rounding leave x above all).
    return Math.min(
      n - 1,
      lowerBound(n, (k) => (cdf[k] as number) < x),
    );
  };
}

// ---- Invented vocabularies -------------------------------------------------------------------------

/** A list written as words separated by white space. */
const words = (s: string) => s.trim().split(/\s+/);
/** A list written as phrases separated by `|`. */
const phrases = (s: string) => s.split('|').map((x) => x.trim().replace(/\s+/g, ' '));

const FIRST_A = words(`
  Al Be Ca Da E Fa Go Ha I Jo Ka Le Ma Ne O Pa Ra Se Ta U Va Ya Za Bri Cle Dra Flo Gre Kri Tre Mi So
`);
const FIRST_B = words(`
  lin ren mira dov sha tan vio rek nessa lom dri vane tor lia mon ric sel yna bert kai dora vin rasha nel
`);
const SUR_A = words(`
  Vor Hal Mar Ost Ber Kel Dun Fen Grim Lor Nov Pell Quar Ros Sten Tal Ulm Wex Yar Zel Brak Cor Drev Esk Fald
  Gor Harn Ivel Jask Kord Lun Mord Nass Orv Pry Rask
`);
const SUR_B = words(`an ek ol ar in ov es ul ir ath en or ib um`);
const SUR_C = words(`ski sen berg ova dottir wick ford ley stad ini escu mann ton vic ard hult elli aro`);
const PERSON_TITLES = phrases(`
  Finance Minister | Foreign Minister | Prime Minister | President | Mayor | Governor | Senator | Interior
  Minister | Trade Minister | General | Ambassador | Health Minister
`);
const ROLES = phrases(`chief executive | spokesperson | director | chair | chief economist | head of research`);
const STEM_A = words(`
  Aur Bren Cast Delv Esk Folm Granv Hel Istr Jorv Kest Lum Mer Norv Orl Pax Quel Rhov Sol Tarv Umb Valt Wend
  Xer Yst Zor
`);
const STEM_B = words(`ara ella ik ano evo ira ond us ea orin ant iso`);
const ORG_FIELDS = words(`
  Energy Shipping Mining Telecom Grain Steel Textile Pharma Data Rail Water Aviation Insurance Fisheries
`);
const ORG_KINDS = words(`Group Holdings Corporation Company Bank Institute Trust Partners`);
const PARTY_WORDS = words(`Progress Unity Renewal Labour Liberty Green National Civic`);
const CITY_ENDS = words(`holm burg grad port ville haven dal mouth field ona ar stead`);
const COUNTRY_ENDS = words(`ia ovia enia ora ary esh ona and ania istra`);
const SOURCES = phrases(`Northwind Press | Calder Wire | Meridian News Agency | Eastgate Daily | Silverline Newswire`);
/** Topic nouns: the common words of the corpus (none of them appears in the templates). */
export const TOPICS = words(`
  budget tariff harbour pipeline election ceasefire vaccine drought railway subsidy strike merger treaty
  inflation pension border refinery wildfire census bridge airport curriculum fishery tunnel reservoir dam
  wage levy quota grid mine stadium hospital ferry highway satellite vineyard telescope glacier orchard
  monastery canal lighthouse observatory shipyard greenhouse sawmill aqueduct quarry tramway granary brewery
  lagoon foundry irrigation dialysis microchip turbine battery cobalt lithium copper wheat barley cocoa coffee
  saffron timber salmon tuna cotton wool marble uranium helium hydrogen ammonia fertiliser broadband spectrum
  cable museum archive library orchestra festival marathon regatta pilgrimage carnival monsoon avalanche
  earthquake flood heatwave locust measles cholera malaria tuberculosis asylum visa passport customs smuggling
  piracy cyberattack blackout shortage surplus deficit bond mortgage rent lottery casino
`);
const TOPIC_TAILS = words(`plan proposal agreement programme dispute review package talks deal`);
const SUBJECTS = phrases(`
  the government | the coalition | regional authorities | the central bank | local officials | the committee |
  negotiators | investors | the opposition | residents | the regulator | lawmakers
`);
const CLAUSE_VERBS = phrases(`
  would review | had postponed | wanted to discuss | could not accept | planned to expand | must reconsider |
  would fund | had rejected | kept monitoring | aimed to finalise | had welcomed | would challenge
`);
const TIMES = phrases(`
  before the end of the year | within weeks | next month | by the spring | after the summit | despite the
  delays | in the coming days | before the next session
`);
const FEELINGS = words(`concerned confident optimistic cautious determined disappointed hopeful`);
const QUALITIES = words(`essential urgent unacceptable overdue encouraging fragile decisive`);
const INFINITIVES = words(`delay abandon weaken rush politicise ignore`);
const HEADLINE_VERBS = words(`weighs rejects backs delays defends questions expands signs`);
const EVENTS = phrases(`
  a press conference | a meeting of ministers | a visit to the region | a parliamentary hearing | an interview
  with reporters | a regional forum | the annual assembly
`);
const DAYS = words(`Monday Tuesday Wednesday Thursday Friday Saturday Sunday`);
const CITY_ROLES = phrases(`capital | largest port | second city | industrial hub | northern province seat`);

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** `count` distinct strings from `make`, which is drawn from `r` until enough are distinct. */
function distinct(r: Rand, count: number, make: (r: Rand) => string, taken: Set<string> = new Set()): string[] {
  const out: string[] = [];
  for (let tries = 0; out.length < count && tries < count * 200; tries++) {
    const s = make(r);
    if (!taken.has(s)) {
      taken.add(s);
      out.push(s);
    }
  }
  return out;
}

interface Person {
  first: string;
  last: string;
  title: string | null;
}
interface City {
  name: string;
  country: string;
}

export interface CorpusOptions {
  articles: number;
  seed: number;
}

export interface BenchArticle {
  text: string;
  meta: { source: string; publishedAt: string };
  /** The vocabulary words (topics, surnames, lower-cased) the text contains, for document frequencies. */
  words: string[];
}

/** The vocabularies of one corpus: pool sizes grow with the corpus so the tail stays long. */
export function createCorpus({ articles, seed }: CorpusOptions) {
  const r = rng(seed);
  const taken = new Set<string>();
  const nPeople = Math.min(60_000, Math.max(1_500, Math.round(articles / 3)));
  const nOrgs = Math.min(20_000, Math.max(400, Math.round(articles / 10)));
  const nCities = Math.min(6_000, Math.max(200, Math.round(articles / 30)));
  const countries = distinct(r, 40, (r) => pick(r, STEM_A) + pick(r, COUNTRY_ENDS), taken);
  const firsts = distinct(r, 500, (r) => pick(r, FIRST_A) + pick(r, FIRST_B), taken);
  const lasts = distinct(
    r,
    nPeople,
    (r) => pick(r, SUR_A) + pick(r, SUR_B) + (r() < 0.5 ? pick(r, SUR_B) : '') + pick(r, SUR_C),
    taken,
  );
  const people: Person[] = lasts.map((last) => ({
    first: pick(r, firsts),
    last,
    title: r() < 0.4 ? pick(r, PERSON_TITLES) : null,
  }));
  const orgs = distinct(
    r,
    nOrgs,
    (r) => {
      const stem = pick(r, STEM_A) + pick(r, STEM_B);
      return r() < 0.2
        ? `${stem} ${pick(r, PARTY_WORDS)} Party`
        : `${stem} ${pick(r, ORG_FIELDS)} ${pick(r, ORG_KINDS)}`;
    },
    taken,
  );
  const countryOf = zipf(countries.length, 0.8);
  const cities: City[] = distinct(
    r,
    nCities,
    (r) => pick(r, STEM_A) + (r() < 0.5 ? pick(r, STEM_B) : '') + pick(r, CITY_ENDS),
    taken,
  ).map((name) => ({ name, country: countries[countryOf(r)] as string }));

  const drawPerson = zipf(people.length, 1.05);
  const drawOrg = zipf(orgs.length, 1.0);
  const drawCity = zipf(cities.length, 1.0);
  const drawTopic = zipf(TOPICS.length, 1.0);
  const drawSource = zipf(SOURCES.length, 1.0);
  const start = Date.UTC(2023, 0, 1);
  const span = 2 * 365 * 86_400_000;

  /** Article i (0-based) of the corpus. */
  function article(i: number): BenchArticle {
    const a = rng(mix(seed, i));
    const distinctPeople = (n: number): Person[] => {
      const chosen = new Set<number>();
      while (chosen.size < n) chosen.add(drawPerson(a));
      return [...chosen].map((k) => people[k] as Person);
    };
    const [p1, p2, p3] = distinctPeople(3) as [Person, Person, Person];
    const org1 = orgs[drawOrg(a)] as string;
    const org2 = orgs[drawOrg(a)] as string;
    const home = cities[drawCity(a)] as City;
    const away = cities[drawCity(a)] as City;
    const t1 = TOPICS[drawTopic(a)] as string;
    const t2 = TOPICS[drawTopic(a)] as string;
    const t3 = TOPICS[drawTopic(a)] as string;
    const full = (p: Person) => `${p.first} ${p.last}`;
    const titled = (p: Person) => (p.title ? `${p.title} ${full(p)}` : full(p));
    const thing = (t: string) => `the ${t} ${pick(a, TOPIC_TAILS)}`;
    const clause = (t: string) => `${pick(a, SUBJECTS)} ${pick(a, CLAUSE_VERBS)} ${thing(t)} ${pick(a, TIMES)}`;
    const quoteSentence = (t: string, other: Person): string => {
      switch (Math.floor(a() * 5)) {
        case 0:
          return `We are ${pick(a, FEELINGS)} about ${thing(t)}`;
        case 1:
          return `I have spoken with ${full(other)} and we agree that ${thing(t)} is ${pick(a, QUALITIES)}`;
        case 2:
          return `Our priority is ${thing(t)}, and we will not ${pick(a, INFINITIVES)} it ${pick(a, TIMES)}`;
        case 3:
          return `This is ${pick(a, QUALITIES)} for ${home.country} and for the people of ${home.name}`;
        default:
          return `Nobody at ${org1} expected ${thing(t)} to move this fast`;
      }
    };
    const direct = (speaker: Person, t: string, other: Person) =>
      `"${quoteSentence(t, other)}. ${quoteSentence(pick(a, [t1, t2, t3]), other)}," ${speaker.last} said.`;

    const headline = [
      `${org1} ${pick(a, HEADLINE_VERBS)} ${t1} ${pick(a, TOPIC_TAILS)} as ${p1.last} warns of delays`,
      `${capitalise(titled(p1))} ${pick(a, HEADLINE_VERBS)} ${t1} ${pick(a, TOPIC_TAILS)} in ${home.name}`,
      `${home.country} ${pick(a, HEADLINE_VERBS)} ${t1} ${pick(a, TOPIC_TAILS)} after talks with ${org1}`,
    ][Math.floor(a() * 3)] as string;
    const standfirst = `'${quoteSentence(t1, p2)},' says ${full(p1)}`;
    const paragraphs = [
      `${titled(p1)} said on ${pick(a, DAYS)} that ${clause(t1)}.`,
      `${p1.last} made the remarks during ${pick(a, EVENTS)} in ${home.name}, ${home.country}'s ${pick(a, CITY_ROLES)}.`,
      direct(p1, t1, p2),
      `${org1} said that ${clause(t2)}, according to a statement released in ${away.name}.`,
      `${full(p2)}, ${pick(a, ROLES)} of ${org2}, said that ${clause(t1)}.`,
      direct(p2, t2, p1),
    ];
    const target = 2_300 + Math.floor(a() * 400);
    const fillers = [
      () => `Talks between ${org1} and ${org2} on ${thing(t3)} resumed in ${away.name} on ${pick(a, DAYS)}.`,
      () => `${titled(p3)} said that ${clause(pick(a, [t1, t2, t3]))}.`,
      () => direct(p3, t3, p1),
      () =>
        `Officials in ${away.name}, ${away.country}, said ${pick(a, SUBJECTS)} ${pick(a, CLAUSE_VERBS)} ${thing(t2)}, ` +
        `while ${pick(a, SUBJECTS)} ${pick(a, CLAUSE_VERBS)} ${thing(t3)}.`,
      () => `${p2.last} added that ${clause(t2)}.`,
      () => `${capitalise(pick(a, SUBJECTS))} in ${home.name} ${pick(a, CLAUSE_VERBS)} ${thing(t3)} ${pick(a, TIMES)}.`,
    ];
    const head = `${headline}\n${standfirst}\n\n${home.name.toUpperCase()}, ${home.country}\n`;
    let size = head.length + paragraphs.join('\n').length;
    // The fillers in a shuffled order, each at most once before any repeats.
    const order = fillers.map((f) => ({ f, k: a() })).sort((x, y) => x.k - y.k);
    for (let k = 0; size < target; k++) {
      const p = (order[k % order.length] as (typeof order)[number]).f();
      paragraphs.push(p);
      size += p.length + 1;
    }
    const text = `${head}${paragraphs.join('\n')}\n`;
    const when = new Date(start + Math.floor((i / Math.max(1, articles)) * span + a() * 86_400_000));
    return {
      text,
      meta: { source: SOURCES[drawSource(a)] as string, publishedAt: when.toISOString() },
      words: [
        ...new Set([
          ...[t1, t2, t3].filter((t) => new RegExp(`\\b${t}\\b`).test(text)),
          ...[p1, p2, p3].filter((p) => text.includes(p.last)).map((p) => p.last.toLowerCase()),
        ]),
      ],
    };
  }

  return { article, sizes: { people: people.length, organisations: orgs.length, cities: cities.length } };
}
