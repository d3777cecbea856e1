// From mentions to entities: gazetteer linking, within-document coreference, canonical names, keys,
// aliases and titles.
import { type GazetteerEntry, lookupName, lookupTokens } from './gazetteer/index.js';
import { HONORIFICS, NAME_CONNECTORS, TITLE_HEADS, TITLE_MODIFIERS, TITLE_OBJECTS } from './lexicon.js';
import { fold, isAllCaps, isCapitalized, slug } from './text-utils.js';
import { type Token, tokenize } from './tokenize.js';
import type { EntityType, ExtractedEntity, Span, TextRange } from './types.js';

/** A typed mention, as the tagger finds it: text.slice(start, end) is the name. */
export interface Mention {
  type: EntityType;
  start: number;
  end: number;
}

export interface EntityResult {
  entities: ExtractedEntity[];
  /** For every mention (by start offset), the index of its entity. */
  entityAt: Map<number, number>;
}

interface Group {
  type: EntityType;
  gaz: GazetteerEntry | null;
  mentions: Span[];
  parent: Group | null;
}

const root = (g: Group): Group => {
  let r = g;
  while (r.parent) r = r.parent;
  return r;
};

/** Joins b into a; a's type wins, a gazetteer entry wins over none. */
function union(a: Group, b: Group) {
  const ra = root(a);
  const rb = root(b);
  if (ra === rb) return;
  rb.parent = ra;
  ra.mentions.push(...rb.mentions);
  rb.mentions = [];
  if (!ra.gaz && rb.gaz && rb.gaz.type === ra.type) ra.gaz = rb.gaz;
}

const stripSurface = (s: string) =>
  s
    .replace(/^the\s+/i, '')
    .replace(/['’]s$/, '')
    .replace(/\s+/g, ' ')
    .trim();

const nameWords = (s: string) => s.split(' ').filter((w) => !NAME_CONNECTORS.has(w.toLowerCase()));

/** The initials of a multi-word name, skipping connectors: "World Health Organization" -> "WHO". */
const initials = (s: string) =>
  nameWords(s)
    .flatMap((w) => w.split('-'))
    .map((w) => w[0] ?? '')
    .join('')
    .toUpperCase();

/** Title words that are also given names ("Dean Jones", "Major Smith" may be a name). */
const GIVEN_NAME_TITLES = new Set(['dean', 'major', 'judge', 'sister', 'brother', 'father']);

/**
 * Titles the tagger took into a name: "Chancellor Scholz" (of any type) becomes the person "Scholz"
 * when the text names "Scholz" as a person elsewhere, or the tagger called the whole a person.
 */
export function splitTitles(text: string, mentions: Mention[]): Mention[] {
  const people = new Set<string>();
  for (const m of mentions) if (m.type === 'person') people.add(fold(text.slice(m.start, m.end)));
  return mentions.map((m) => {
    const firstWord = /^[^\s]+/.exec(text.slice(m.start, m.end))?.[0] ?? '';
    if (!isCapitalized(firstWord) || !isTitleToken((tokenize(firstWord)[0]?.text ?? '').toLowerCase())) return m;
    const toks = tokenize(text, m.start, m.end);
    let k = 0;
    while (
      k < toks.length - 1 &&
      isCapitalized((toks[k] as Token).text) &&
      isTitleToken((toks[k] as Token).text.toLowerCase())
    )
      k++;
    if (k === 0 || k === toks.length) return m;
    const head = toks.slice(0, k).some((t) => {
      const w = t.text.toLowerCase();
      return TITLE_HEADS.has(w) && !HONORIFICS.has(w) && !GIVEN_NAME_TITLES.has(w);
    });
    if (!head) return m;
    const rest = { type: 'person' as const, start: (toks[k] as Token).start, end: m.end };
    if (m.type === 'person' || people.has(fold(text.slice(rest.start, rest.end)))) return rest;
    return m;
  });
}

const CONNECTOR_WORDS = new Set(['of', 'for', 'and', 'the', 'de', 'du', 'des', 'la', 'le', 'on', 'in', '&']);

/**
 * The long form an acronym in brackets abbreviates, if the words right before the bracket spell it
 * (Schwartz & Hearst 2003: every letter of the acronym, from the last, found in order in the words,
 * the first at the start of the first word): "International Security Assistance Force (ISAF)", "World Health Organization (WHO)".
 */
function longFormBefore(text: string, toks: Token[], acronym: string): TextRange | null {
  const letters = acronym.replace(/[^\p{L}\p{N}]/gu, '').toLowerCase();
  const maxWords = Math.min(letters.length + 5, letters.length * 2);
  for (let n = 1; n <= Math.min(maxWords, toks.length); n++) {
    const words = toks.slice(toks.length - n);
    const first = words[0] as Token;
    if (!isCapitalized(first.text) || first.text[0]?.toLowerCase() !== letters[0]) continue;
    if (!words.every((w) => isCapitalized(w.text) || CONNECTOR_WORDS.has(w.text.toLowerCase()))) break;
    const long = text.slice(first.start, (words[n - 1] as Token).end).toLowerCase();
    let li = long.length - 1;
    let ok = true;
    for (let a = letters.length - 1; a >= 0 && ok; a--) {
      const c = letters[a] as string;
      while (li >= 0 && (long[li] !== c || (a === 0 && li > 0 && /[\p{L}\p{N}]/u.test(long[li - 1] as string)))) li--;
      if (li < 0) ok = false;
      li--;
    }
    if (ok) return { start: first.start, end: (words[n - 1] as Token).end };
  }
  return null;
}

/**
 * Acronyms the text defines: the long form before "(ACRONYM)" becomes one mention of the type the
 * tagger gave the acronym or the end of the long form, replacing what the tagger found inside it, and
 * the acronym a mention of the same type.
 */
export function defineAcronyms(text: string, regions: TextRange[], mentions: Mention[]): Mention[] {
  let out = mentions;
  for (const r of regions) {
    const re = /\(\s*(\p{Lu}[\p{Lu}\p{N}.&-]{1,9})\s*\)/gu;
    const part = text.slice(r.start, r.end);
    for (let m = re.exec(part); m; m = re.exec(part)) {
      const acronym = m[1] as string;
      if (!isAllCaps(acronym)) continue;
      const open = r.start + m.index;
      const acrStart = open + m[0].indexOf(acronym);
      const acr = { start: acrStart, end: acrStart + acronym.length };
      const long = longFormBefore(text, tokenize(text, Math.max(r.start, open - 150), open), acronym);
      if (!long || !/^\s*$/.test(text.slice(long.end, open))) continue;
      const acrType = out.find((x) => x.start === acr.start && x.end === acr.end)?.type;
      const longType = out.find((x) => x.start < long.end && x.end === long.end)?.type;
      const type = acrType ?? longType;
      if (!type || type === 'person') continue;
      out = out.filter((x) => x.end <= long.start || x.start >= long.end);
      out.push({ type, ...long });
      if (!acrType) out.push({ type, ...acr });
    }
  }
  return out;
}

export function buildEntities(text: string, regions: TextRange[], mentions: Mention[]): EntityResult {
  const sorted = splitTitles(text, defineAcronyms(text, regions, mentions)).sort((a, b) => a.start - b.start);
  const groups = new Map<string, Group>();
  const groupOf: Group[] = [];
  for (const m of sorted) {
    const surface = text.slice(m.start, m.end);
    const entry = lookupName(stripSurface(surface)).find((e) => e.type === m.type) ?? null;
    const id = entry ? `${m.type}|g|${entry.key}` : `${m.type}|n|${fold(stripSurface(surface))}`;
    let g = groups.get(id);
    if (!g) {
      g = { type: m.type, gaz: entry, mentions: [], parent: null };
      groups.set(id, g);
    }
    g.mentions.push({ start: m.start, end: m.end, text: surface });
    groupOf.push(g);
  }

  // An acronym in brackets right after a name is that name's: "African Standby Force (ASF)".
  for (let k = 0; k + 1 < sorted.length; k++) {
    const a = sorted[k] as Mention;
    const b = sorted[k + 1] as Mention;
    const acronym = text.slice(b.start, b.end);
    if (!isAllCaps(acronym) || !/^\s*\(\s*$/.test(text.slice(a.end, b.start))) continue;
    if (!/^\s*\)/.test(text.slice(b.end, b.end + 3))) continue;
    const ga = groupOf[k] as Group;
    const gb = groupOf[k + 1] as Group;
    if (root(ga).type === 'person') continue;
    union(ga, gb);
  }

  // Within-document coreference by name form.
  const roots = () => [...new Set([...groups.values()].map(root))];
  const longName = new Map<Group, string>();
  for (const g of roots()) longName.set(g, longestSurface(g));
  // Acronyms made of a longer name's initials: "World Health Organization" ... "WHO".
  const byInitials = new Map<string, Group[]>();
  for (const [g, name] of longName) {
    if (g.type === 'person' || name.split(' ').length < 2) continue;
    const key = initials(name);
    byInitials.set(key, [...(byInitials.get(key) ?? []), g]);
  }
  for (const [g, name] of longName) {
    if (g.gaz || !isAllCaps(name) || name.includes(' ')) continue;
    const cands = byInitials.get(name.replace(/\./g, ''));
    if (cands?.length === 1 && root(cands[0] as Group) !== root(g)) union(cands[0] as Group, g);
  }
  // A surname alone joins the one full name that ends with it: "Merkel" -> "Angela Merkel".
  const bySurname = new Map<string, Set<Group>>();
  for (const g of roots()) {
    if (g.type !== 'person') continue;
    for (const m of g.mentions) {
      const words = fold(stripSurface(m.text)).split(' ');
      if (words.length < 2) continue;
      for (let s = 1; s < words.length; s++) {
        const tail = words.slice(s).join(' ');
        const set = bySurname.get(tail) ?? new Set<Group>();
        set.add(g);
        bySurname.set(tail, set);
      }
    }
  }
  for (const g of roots()) {
    if (g.type !== 'person') continue;
    const forms = new Set(g.mentions.map((m) => fold(stripSurface(m.text))));
    if ([...forms].some((f) => f.includes(' ') && !bySurname.has(f))) continue; // a full name itself
    for (const f of forms) {
      const cands = [...(bySurname.get(f) ?? [])].map(root).filter((c) => c !== root(g));
      const distinct = [...new Set(cands)];
      if (distinct.length === 1) {
        union(distinct[0] as Group, g);
        break;
      }
    }
  }

  // Entities, in order of first mention; groups with the same key merge.
  const byKey = new Map<string, ExtractedEntity>();
  const entities: ExtractedEntity[] = [];
  const final = roots().filter((g) => g.mentions.length);
  const firstStart = new Map(final.map((g) => [g, Math.min(...g.mentions.map((m) => m.start))]));
  final.sort((a, b) => (firstStart.get(a) as number) - (firstStart.get(b) as number));
  const entityOfGroup = new Map<Group, ExtractedEntity>();
  for (const g of final) {
    const name = g.gaz ? g.gaz.name : longestSurface(g);
    const key = g.gaz ? g.gaz.key : slug(name);
    let e = byKey.get(`${g.type}|${key}`);
    if (!e) {
      e = {
        type: g.type,
        name,
        key,
        aliases: [],
        titles: [],
        countryCode: g.gaz?.countryCode ?? null,
        mentions: [],
      };
      byKey.set(`${g.type}|${key}`, e);
      entities.push(e);
    }
    e.mentions.push(...g.mentions);
    entityOfGroup.set(g, e);
  }
  const entityAt = new Map<number, number>();
  entities.forEach((e, idx) => {
    e.mentions.sort((a, b) => a.start - b.start);
    const aliases = new Set<string>();
    for (const m of e.mentions) {
      entityAt.set(m.start, idx);
      const s = stripSurface(m.text);
      if (s !== e.name) aliases.add(s);
    }
    e.aliases = [...aliases];
    if (e.type === 'person') {
      const titles = new Map<string, string>();
      for (const m of e.mentions) {
        const region = regionAt(regions, m.start);
        const t = titleBefore(text, region?.start ?? 0, m.start);
        if (t && !titles.has(fold(t))) titles.set(fold(t), t);
      }
      e.titles = [...titles.values()];
    }
  });
  return { entities, entityAt };
}

/** The region (sorted, disjoint) that holds pos, by binary search. */
function regionAt(regions: TextRange[], pos: number): TextRange | undefined {
  let lo = 0;
  let hi = regions.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = regions[mid] as TextRange;
    if (pos < r.start) hi = mid - 1;
    else if (pos >= r.end) lo = mid + 1;
    else return r;
  }
  return undefined;
}

/** The fullest surface form of a group: most words, then not an acronym, then first seen. */
function longestSurface(g: Group): string {
  let best = '';
  let bestScore = -1;
  for (const m of g.mentions) {
    const s = stripSurface(m.text);
    const score = s.split(' ').length * 2 + (isAllCaps(s) ? 0 : 1);
    if (score > bestScore) {
      best = s;
      bestScore = score;
    }
  }
  return best;
}

const isTitleToken = (w: string) =>
  TITLE_HEADS.has(w) || TITLE_MODIFIERS.has(w) || HONORIFICS.has(w) || TITLE_OBJECTS.has(w) || w === 'of';

/**
 * The title written right before a name: "UN Secretary-General", "French President", "President".
 * Honorifics (Mr, Mrs) are not titles.
 */
export function titleBefore(text: string, regionStart: number, pos: number): string | null {
  // Most names have no title: look at the one word right before the name first.
  const before = /(\S+)[ \t\u00a0]+$/.exec(text.slice(Math.max(regionStart, pos - 40), pos));
  const prevWord = before ? tokenize(before[1] as string).pop() : undefined;
  if (!prevWord || !isTitleToken(prevWord.text.toLowerCase())) return null;
  const from = Math.max(regionStart, pos - 120);
  const toks = tokenize(text, from, pos);
  if (from > regionStart) toks.shift(); // may be cut
  const adjacent = (a: Token, b: { start: number }) => /^[ \t\u00a0]+$/.test(text.slice(a.end, b.start));
  let k = toks.length - 1;
  let next: { start: number } = { start: pos };
  let first = -1;
  while (k >= 0) {
    const t = toks[k] as Token;
    if (!adjacent(t, next) || !isTitleToken(t.text.toLowerCase())) break;
    first = k;
    next = t;
    k--;
  }
  if (first < 0) return null;
  // Trim from the left until the phrase starts with a title word proper.
  while (first < toks.length) {
    const w = (toks[first] as Token).text.toLowerCase();
    if (TITLE_HEADS.has(w) || TITLE_MODIFIERS.has(w)) break;
    first++;
  }
  const words = toks.slice(first).map((t) => t.text.toLowerCase());
  if (!words.some((w) => TITLE_HEADS.has(w) && !HONORIFICS.has(w))) return null;
  let last = toks.length - 1;
  while (last >= first && HONORIFICS.has((toks[last] as Token).text.toLowerCase())) last--;
  if (last < first) return null;
  // A nationality, country or organisation right before the title belongs to it.
  let start = first;
  for (let len = Math.min(4, first); len >= 1; len--) {
    const span = toks.slice(first - len, first);
    if (!span.every((t, n) => (n === 0 ? true : adjacent(span[n - 1] as Token, t)))) continue;
    if (!adjacent(span[span.length - 1] as Token, toks[first] as Token)) continue;
    if (!isCapitalized((span[0] as Token).text)) continue;
    const surface = span.map((t) => t.text);
    if (lookupTokens(surface).length || (len === 1 && isAllCaps(surface[0] as string))) {
      start = first - len;
      break;
    }
  }
  const a = toks[start] as Token;
  const b = toks[last] as Token;
  return text.slice(a.start, b.end).replace(/\s+/g, ' ');
}
