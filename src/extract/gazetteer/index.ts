// One phrase index over all gazetteers: token sequences -> known names, matched longest first.

import { isAllCaps } from '../../text/case.js';
import { fold, slug } from '../../text/fold.js';
import { tokenize } from '../tokenize.js';
import type { EntityType } from '../types.js';
import { CAPITALS, COUNTRIES, DEMONYMS } from './countries.js';
import { ORGANIZATIONS } from './organizations.js';

export interface GazetteerEntry {
  /** 'demonym' entries are nationality words, which are never entities. */
  kind: 'country' | 'capital' | 'organization' | 'demonym';
  type: EntityType | null;
  /** Canonical name. */
  name: string;
  /** Store-wide key: ISO code for countries, slug of the canonical name otherwise. */
  key: string;
  countryCode: string | null;
}

interface Phrase {
  entry: GazetteerEntry;
  /** Set for acronyms: the surface must match exactly ("WHO", not "Who"). */
  exact: string | null;
}

export const MAX_PHRASE_TOKENS = 10;
const index = new Map<string, Phrase[]>();

const phraseKey = (tokens: readonly string[]) => tokens.map(fold).join(' ');

function add(surface: string, entry: GazetteerEntry) {
  const toks = tokenize(surface).map((t) => t.text);
  if (!toks.length || toks.length > MAX_PHRASE_TOKENS) return;
  const k = phraseKey(toks);
  const exact = toks.length === 1 && isAllCaps(surface) && surface.replace(/\./g, '').length <= 6 ? surface : null;
  const list = index.get(k) ?? [];
  if (!list.some((p) => p.entry === entry && p.exact === exact)) list.push({ entry, exact });
  index.set(k, list);
}

for (const c of COUNTRIES) {
  const entry: GazetteerEntry = { kind: 'country', type: 'place', name: c.name, key: c.code, countryCode: c.code };
  for (const n of c.names) add(n, entry);
}
for (const c of CAPITALS) {
  const entry: GazetteerEntry = { kind: 'capital', type: 'place', name: c.name, key: slug(c.name), countryCode: null };
  for (const n of c.names) add(n, entry);
}
for (const o of ORGANIZATIONS) {
  const entry: GazetteerEntry = {
    kind: 'organization',
    type: 'organization',
    name: o.name,
    key: slug(o.name),
    countryCode: null,
  };
  add(o.name, entry);
  for (const a of o.aliases) add(a, entry);
}
for (const d of DEMONYMS) {
  add(d, { kind: 'demonym', type: null, name: d, key: slug(d), countryCode: null });
}

function accept(p: Phrase, surface: readonly string[]): boolean {
  return p.exact === null || (surface.length === 1 && surface[0] === p.exact);
}

/** Entries for exactly these surface tokens; countries and organisations before cities. */
export function lookupTokens(surface: readonly string[]): GazetteerEntry[] {
  const list = index.get(phraseKey(surface));
  if (!list) return [];
  return list.filter((p) => accept(p, surface)).map((p) => p.entry);
}

/** Entries for a surface string ("EU", "the European Union" is not stripped here). */
export function lookupName(surface: string): GazetteerEntry[] {
  return lookupTokens(tokenize(surface).map((t) => t.text));
}
