// Gazetteers for the tagger's features: names matched as token sequences, each with a category.
// Sources: the `world-countries` package (country common and official names, alternative spellings,
// capitals, demonyms, regions and subregions), the 50 US states plus the District of Columbia, and the
// major international organisations of ../gazetteer/organizations.ts (names, acronyms, short forms).
import { ORGANIZATIONS } from '../gazetteer/organizations.js';
import { countries } from '../gazetteer/world-countries.js';
import { tokenize } from '../tokenize.js';

export const GAZ_CATEGORIES = ['country', 'capital', 'demonym', 'region', 'state', 'organization'] as const;

/** The 50 US states and DC (complete list). */
const US_STATES =
  'Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|New Mexico|New York|North Carolina|North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode Island|South Carolina|South Dakota|Tennessee|Texas|Utah|Vermont|Virginia|Washington|West Virginia|Wisconsin|Wyoming|District of Columbia'.split(
    '|',
  );

export class Gazetteer {
  /** Key: tokens joined by a space (lowercased unless exact); value: bit set of categories. */
  private readonly entries = new Map<string, number>();
  /** Exact-case entries (short codes such as "US", "UK"). */
  private readonly exact = new Map<string, number>();
  /** First token (lowercased) -> the longest entry length in tokens starting with it. */
  private readonly firsts = new Map<string, number>();
  maxLength = 1;

  add(name: string, category: number): void {
    const toks = tokenize(name).map((t) => t.text);
    if (!toks.length) return;
    const short = toks.length === 1 && name.length <= 3 && name === name.toUpperCase();
    const key = short ? name : toks.join(' ').toLowerCase();
    const map = short ? this.exact : this.entries;
    map.set(key, (map.get(key) ?? 0) | (1 << category));
    const first = (toks[0] as string).toLowerCase();
    this.firsts.set(first, Math.max(this.firsts.get(first) ?? 0, toks.length));
    this.maxLength = Math.max(this.maxLength, toks.length);
  }

  /**
   * For tokens words[from, to), writes per token a bit set of (category * 4 + BILU part) of every
   * entry it is part of (longest matches starting at each token).
   */
  match(words: string[], lower: string[], from: number, to: number, out: Int32Array): void {
    for (let i = from; i < to; i++) out[i] = 0;
    for (let i = from; i < to; i++) {
      const max = this.firsts.get(lower[i] as string);
      if (max === undefined) continue;
      let key = '';
      for (let n = 1; n <= max && i + n <= to; n++) {
        key = n === 1 ? (lower[i] as string) : `${key} ${lower[i + n - 1] as string}`;
        let cats = this.entries.get(key) ?? 0;
        if (n === 1) cats |= this.exact.get(words[i] as string) ?? 0;
        if (!cats) continue;
        for (let c = 0; c < GAZ_CATEGORIES.length; c++) {
          if (!(cats & (1 << c))) continue;
          if (n === 1) out[i] = (out[i] as number) | (1 << (c * 4 + 3));
          else {
            out[i] = (out[i] as number) | (1 << (c * 4));
            for (let j = i + 1; j < i + n - 1; j++) out[j] = (out[j] as number) | (1 << (c * 4 + 1));
            out[i + n - 1] = (out[i + n - 1] as number) | (1 << (c * 4 + 2));
          }
        }
      }
    }
  }
}

let cached: Gazetteer | null = null;

/** The default gazetteer (built once). */
export function defaultGazetteer(): Gazetteer {
  if (cached) return cached;
  const g = new Gazetteer();
  const [COUNTRY, CAPITAL, DEMONYM, REGION, STATE, ORGANIZATION] = [0, 1, 2, 3, 4, 5];
  const regions = new Set<string>();
  for (const c of countries) {
    g.add(c.name.common, COUNTRY);
    g.add(c.name.official, COUNTRY);
    for (const alt of c.altSpellings) if (alt.length >= 2) g.add(alt, COUNTRY);
    for (const cap of c.capital ?? []) g.add(cap, CAPITAL);
    const dem = c.demonyms?.eng;
    if (dem) {
      g.add(dem.m, DEMONYM);
      g.add(dem.f, DEMONYM);
    }
    if (c.region) regions.add(c.region);
    if (c.subregion) regions.add(c.subregion);
  }
  for (const r of regions) g.add(r, REGION);
  for (const s of US_STATES) g.add(s, STATE);
  for (const o of ORGANIZATIONS) for (const name of [o.name, ...o.aliases]) g.add(name, ORGANIZATION);
  cached = g;
  return g;
}
