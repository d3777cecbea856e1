// Countries, capital cities and nationality words from the `world-countries` package (mledoze/countries,
// ODbL), with a short supplement of common English names that package leaves out.
import { fold } from '../../text/fold.js';
import { countries } from './world-countries.js';

export interface CountryEntry {
  /** ISO 3166-1 alpha-2 code. */
  code: string;
  /** Common English name ("Türkiye", "United States"). */
  name: string;
  names: string[];
}

export interface CityEntry {
  name: string;
  /** ISO code of the country it is the capital of. */
  country: string;
  names: string[];
}

// English exonyms and abbreviations in everyday news use that world-countries does not list (its
// alternative spellings carry the ISO codes instead, which are not usable as words: "IN", "IT", "NO").
// Source: the countries' English Wikipedia articles ("also known as" in the lead).
const EXTRA_COUNTRY_NAMES: Record<string, string[]> = {
  US: ['US', 'U.S.', 'U.S.A.', 'USA', 'America', 'United States'],
  GB: ['UK', 'U.K.', 'Britain', 'Great Britain'],
  NL: ['Holland'],
  MM: ['Burma'],
  TL: ['East Timor'],
  TR: ['Turkey'],
  AE: ['UAE', 'U.A.E.'],
  CZ: ['Czech Republic'],
  KR: ['Korea'],
  CD: ['Congo-Kinshasa'],
  CV: ['Cabo Verde'],
  SZ: ['Swaziland'],
  MK: ['Macedonia'],
  VA: ['Holy See'],
  PS: ['Palestinian territories', 'West Bank and Gaza'],
  BS: ['The Bahamas'],
  GM: ['The Gambia'],
};

// Parts of a country that a dateline names in the country's place ("LONDON, England"): they locate a
// city in the country, but are not the country itself (an "England" entity is not the United Kingdom).
const COUNTRY_PARTS: Record<string, string[]> = {
  GB: ['England', 'Scotland', 'Wales', 'Northern Ireland'],
};

// Capitals known by a shorter name in news copy.
const EXTRA_CITY_NAMES: Record<string, string[]> = {
  'Washington D.C.': ['Washington', 'Washington, D.C.', 'Washington DC'],
  'City of Victoria': ['Victoria'],
  'City of San Marino': ['San Marino'],
  'Ulan Bator': ['Ulaanbaatar'],
  Kyiv: ['Kiev'],
};

// Nationality and group nouns that are not derivable from the package's adjectival demonyms
// ("Croatian" is there, "Croats" is not). CoNLL tags these MISC: they are never places or organisations.
const EXTRA_DEMONYMS = `Serb Serbs Croat Croats Bosniak Bosniaks Turk Turks Kurd Kurds Kurdish Arab Arabs Jew Jews Jewish
Muslim Muslims Christian Christians Catholic Catholics Orthodox Protestant Protestants Sunni Sunnis Shia Shias Shiite Shiites
Alawite Alawites Druze Hindu Hindus Sikh Sikhs Buddhist Buddhists Briton Britons Brit Brits English Englishman Scots Scot
Scottish Welsh Pole Poles Dane Danes Swede Swedes Finn Finns Spaniard Spaniards Swiss Dutchman Frenchman Frenchmen Kosovan
Kosovars Albanians Uighur Uighurs Uyghur Uyghurs Tibetan Tibetans Tamil Tamils Pashtun Pashtuns Baloch Hutu Hutus Tutsi Tutsis
Roma Slav Slavs Slavic Balkan Balkans European Europeans African Africans Asian Asians Western Westerner Westerners Eastern
Latin Hispanic Hispanics Latino Latinos Latina Arabic Persian Nordic Scandinavian Scandinavians Caucasian Soviet Yugoslav
Anglo Pakistani Pakistanis Afghans Iraqis Israelis Palestinians Iranians Saudis Emiratis Qataris Yemenis Somalis Filipinos
Bangladeshis Nepalis Thais Kuwaitis Omanis Bahrainis Kazakhs Uzbeks Tajiks Kyrgyz Turkmens Azeris Azerbaijanis`;

const nonLatin = (s: string) => /[^\p{Script=Latin}\p{M}\p{N}\p{P}\p{Zs}]/u.test(s);

export const COUNTRIES: CountryEntry[] = [];
export const CAPITALS: CityEntry[] = [];
export const DEMONYMS = new Set<string>();

{
  const placeNames = new Set<string>();
  for (const c of countries) {
    const names = new Set<string>([c.name.common, c.name.official, ...(EXTRA_COUNTRY_NAMES[c.cca2] ?? [])]);
    for (const alt of c.altSpellings) {
      // Skip the codes themselves ("IN", "NO"), inverted forms ("Korea, Republic of") and other scripts.
      if (/^\p{Lu}{2}$/u.test(alt) || alt.includes(',') || nonLatin(alt)) continue;
      names.add(alt);
    }
    COUNTRIES.push({ code: c.cca2, name: c.name.common, names: [...names] });
    for (const n of names) placeNames.add(n.toLowerCase());
    for (const cap of c.capital) {
      const capNames = [cap, ...(EXTRA_CITY_NAMES[cap] ?? [])];
      CAPITALS.push({
        name: EXTRA_CITY_NAMES[cap] && cap.startsWith('City of') ? (EXTRA_CITY_NAMES[cap]?.[0] ?? cap) : cap,
        country: c.cca2,
        names: capNames,
      });
    }
  }
  const addDemonym = (d: string) => {
    if (!d || placeNames.has(d.toLowerCase())) return;
    DEMONYMS.add(d);
  };
  for (const c of countries) {
    const eng = c.demonyms?.eng;
    if (!eng) continue;
    for (const d of new Set([eng.m, eng.f])) {
      if (d.includes(' or ')) continue;
      addDemonym(d);
      // Plural nouns of the -an/-i/-er forms: "Albanians", "Iraqis", "New Zealanders".
      if (/(an|i|er)$/.test(d)) addDemonym(`${d}s`);
    }
  }
  for (const d of EXTRA_DEMONYMS.split(/\s+/)) if (d) addDemonym(d);
}

/** A country or a part of one, as a dateline names it: the country, and whether the name was a part. */
export interface CountryMatch {
  country: CountryEntry;
  /** Folded names of its capitals, to tell "ATLANTA, Georgia" (a US state) from "TBILISI, Georgia". */
  capitals: string[];
}

// A place name's key: folded as every name is, without dots and apostrophes ("St. John's" = "St Johns",
// "U.S." = "US", "O‘zbekiston" = "O'zbekiston").
export const placeKey = (s: string): string => fold(s.replace(/[.'’‘`]/g, ''));

let byName: Map<string, CountryMatch> | null = null;

/**
 * The country a name stands for, by any of its names (the same ones entities are matched by) or by a
 * part of it that datelines use in its place; null when none. The one country lookup of the project.
 */
export function findCountry(name: string): CountryMatch | null {
  if (byName === null) {
    byName = new Map();
    const map = byName;
    const capitals = new Map<string, string[]>();
    for (const c of CAPITALS) capitals.set(c.country, [...(capitals.get(c.country) ?? []), ...c.names.map(placeKey)]);
    for (const c of COUNTRIES) {
      const match = { country: c, capitals: capitals.get(c.code) ?? [] };
      for (const n of [...c.names, ...(COUNTRY_PARTS[c.code] ?? [])]) {
        const k = placeKey(n);
        if (k.length > 1 && !map.has(k)) map.set(k, match);
      }
    }
  }
  return byName.get(placeKey(name)) ?? null;
}
