// From mentions to entities: mention clean-up, gazetteer linking, within-document coreference, canonical
// names, keys, aliases and titles.
import { createHash } from 'node:crypto';
import { isAllCaps, isCapitalized, titleCaseName } from '../text/case.js';
import { fold, remembered, slug } from '../text/fold.js';
import { lowerBound } from '../text/lower-bound.js';
import { NAME_CONNECTORS } from '../text/particles.js';
import {
  DEPARTMENTS,
  GIVEN_NAME_TITLES,
  HONORIFICS,
  isTitleWord,
  MINISTERIAL_HEADS,
  TITLE_HEADS,
  TITLE_MODIFIERS,
} from '../text/titles.js';
import { type GazetteerEntry, lookupName, lookupTokens } from './gazetteer/index.js';
import { GENERIC_HEADS, GENERIC_MODIFIERS, LEGAL_SUFFIXES, PLACE_HEADS, POST_NOMINALS } from './lexicon.js';
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
  /** The short form a company's suffixed name was joined to ("Lufthansa" for "Lufthansa Cargo AG"). */
  short?: string;
  /** A company's name without its legal suffix ("Goldman Sachs" for "Goldman Sachs & Co."): its key. */
  bare?: string;
}

/** The group g was joined into, pointing every group on the way straight at it (so chains stay short). */
const root = (g: Group): Group => {
  let r = g;
  while (r.parent) r = r.parent;
  for (let h = g; h.parent && h.parent !== r; ) {
    const next: Group = h.parent;
    h.parent = r;
    h = next;
  }
  return r;
};

/** Joins b into a; a's type wins, a gazetteer entry wins over none. */
function union(a: Group, b: Group) {
  const ra = root(a);
  const rb = root(b);
  if (ra === rb) return;
  rb.parent = ra;
  // A loop, not push(...): spread arguments overflow the stack once a group holds ~100k mentions.
  for (const m of rb.mentions) ra.mentions.push(m);
  rb.mentions = [];
  if (!ra.gaz && rb.gaz && rb.gaz.type === ra.type) ra.gaz = rb.gaz;
  if (rb.short && (!ra.short || wordCount(rb.short) < wordCount(ra.short))) ra.short = rb.short;
  if (rb.bare && (!ra.bare || wordCount(rb.bare) > wordCount(ra.bare))) ra.bare = rb.bare;
}

const wordCount = (s: string) => s.split(' ').length;

/** A mention's surface without "the" before it or a possessive after it, spaces made single. */
const stripSurface = remembered((s) =>
  s
    .replace(/^the\s+/i, '')
    .replace(/['’]s$/, '')
    .replace(/\s+/g, ' ')
    .trim(),
);

const nameWords = (s: string) => s.split(' ').filter((w) => !NAME_CONNECTORS.has(w.toLowerCase()));

/** The initials of a multi-word name, skipping connectors: "World Health Organization" -> "WHO". */
const initials = (s: string) =>
  nameWords(s)
    .flatMap((w) => w.split('-'))
    .map((w) => w[0] ?? '')
    .join('')
    .toUpperCase();

/**
 * The initials of a multi-word name with its connectors in lower case, as mixed-case acronyms write them:
 * "Ministry of Defence" -> "MoD", "Department for Education" -> "DfE".
 */
const mixedInitials = (s: string) =>
  s
    .split(' ')
    .flatMap((w) => w.split('-'))
    .map((w) => (NAME_CONNECTORS.has(w.toLowerCase()) ? (w[0] ?? '').toLowerCase() : (w[0] ?? '').toUpperCase()))
    .join('');

/** An acronym with lower-case letters in it: "MoD", "DfE" (two or more capitals, six letters at most). */
const isMixedCaseAcronym = (w: string) =>
  /^\p{Lu}\p{L}{1,5}$/u.test(w) && /\p{Ll}/u.test(w) && (w.match(/\p{Lu}/gu)?.length ?? 0) >= 2;

const lower = (t: Token) => t.text.toLowerCase();

/** A title head proper: not an honorific, not a word that is also a given name. */
const isHead = (w: string) => TITLE_HEADS.has(w) && !HONORIFICS.has(w) && !GIVEN_NAME_TITLES.has(w);

/** Only spaces (no line break) between two positions. */
const spaced = (text: string, from: number, to: number) => /^[ \t\u00a0]+$/.test(text.slice(from, to));

/** A word of a personal name: capitalised letters (with hyphens, apostrophes), or an initial ("M."). */
const isNameWord = (w: string) => /^\p{Lu}[\p{L}\p{M}'’\-‐‑]*$/u.test(w) || /^\p{Lu}\.$/u.test(w);

/**
 * Whether these words can be a person's full name: two to four name words (connectors between them),
 * none of them a title, an institution or place head, a legal suffix or a known country, city or
 * organisation. "Mike Turner" is; "Edward Island", "Motors Corp" and "Elizabeth Hospital" are not.
 */
function isFullName(words: Token[]): boolean {
  const names = words.filter((w) => !NAME_CONNECTORS.has(w.text));
  if (names.length < 2 || names.length > 4 || !isNameWord((words[0] as Token).text)) return false;
  if (NAME_CONNECTORS.has((words[words.length - 1] as Token).text)) return false;
  for (const w of names) {
    const l = lower(w);
    if (!isNameWord(w.text) || (isAllCaps(w.text) && !/^\p{Lu}\.$/u.test(w.text))) return false;
    if (isTitleWord(l) || GENERIC_HEADS.has(l) || PLACE_HEADS.has(l) || LEGAL_SUFFIXES.has(w.text)) return false;
    if (lookupTokens([w.text]).length) return false;
  }
  return true;
}

/**
 * The last run of capitalised title words with a head in these tokens that a capitalised word follows:
 * [first, end) ("Chancellor", "Chief Executive", "Secretary of State"), or null.
 */
function lastTitleRun(toks: Token[]): [number, number] | null {
  let best: [number, number] | null = null;
  let k = 0;
  while (k < toks.length) {
    const t = toks[k] as Token;
    if (!isCapitalized(t.text) || !isTitleWord(lower(t))) {
      k++;
      continue;
    }
    let e = k + 1;
    while (
      e < toks.length &&
      isTitleWord(lower(toks[e] as Token)) &&
      (isCapitalized((toks[e] as Token).text) || lower(toks[e] as Token) === 'of')
    )
      e++;
    while (e > k && lower(toks[e - 1] as Token) === 'of') e--; // "of" ends no title
    let first = k;
    // After "of", department words belong to the name before: "Ministry of Defence Spokesman".
    if (k > 0 && NAME_CONNECTORS.has(lower(toks[k - 1] as Token)))
      while (first < e && !isHead(lower(toks[first] as Token))) first++;
    const next = toks[e];
    if (first < e && toks.slice(first, e).some((w) => isHead(lower(w))) && next && isCapitalized(next.text))
      best = [first, e];
    k = Math.max(e, k + 1);
  }
  return best;
}

/**
 * Titles the tagger took into a name. "Chancellor Scholz" (of any type) becomes the person "Scholz" when
 * the text names "Scholz" as a person elsewhere, the tagger called the whole a person, or what follows
 * the title is a full name after a name of its own ("House Fisheries Committee Chairwoman Ruth
 * Calloway" is the committee and the person; a nationality before the title is neither: it is part of
 * the title). An organisation or place that starts with a title word splits only on the text's word:
 * companies are named so ("Premier Foods Group", "Crown Castle International", "General Dynamics Land
 * Systems"), and the words after the title have a full name's shape as often as not.
 */
export function splitTitles(text: string, mentions: Mention[]): Mention[] {
  const people = new Set<string>();
  for (const m of mentions) {
    if (m.type !== 'person') continue;
    const name = fold(stripSurface(text.slice(m.start, m.end)));
    people.add(name);
    people.add(name.slice(name.lastIndexOf(' ') + 1));
  }
  return mentions.flatMap((m): Mention[] => {
    // Most mentions hold no title word: check the words before tokenizing.
    const words = text.slice(m.start, m.end).split(/\s+/);
    if (words.length < 2 || !words.some((w) => isTitleWord(w.toLowerCase()))) return [m];
    const toks = tokenize(text, m.start, m.end);
    const run = lastTitleRun(toks);
    if (!run) return [m];
    const [first, end] = run;
    const name = toks.slice(end);
    const rest = { type: 'person' as const, start: (name[0] as Token).start, end: m.end };
    const restName = fold(stripSurface(text.slice(rest.start, rest.end)));
    const named =
      m.type === 'person' ||
      people.has(restName) ||
      people.has(restName.slice(restName.lastIndexOf(' ') + 1)) ||
      (first > 0 && isFullName(name));
    if (!named) return [m];
    if (first === 0) return [rest];
    const before = { start: m.start, end: (toks[first - 1] as Token).end };
    const known = lookupName(stripSurface(text.slice(before.start, before.end)))[0];
    // A name the gazetteer does not know keeps the tagger's type, unless that was the person's.
    const type = known ? known.type : m.type === 'person' ? null : m.type;
    return type ? [{ type, ...before }, rest] : [rest];
  });
}

/**
 * A name cut at a possessive that ends it ("Acme's", "Nadia Feld's") or that it goes on past: "Lucas
 * Rivers' new", "Nadia Feld's lawyer".
 */
function cutPossessive(text: string, m: Mention): Mention {
  if (!/['’]/.test(text.slice(m.start, m.end))) return m;
  const toks = tokenize(text, m.start, m.end);
  for (let k = 1; k < toks.length; k++) {
    const t = toks[k] as Token;
    const prev = toks[k - 1] as Token;
    const possessive =
      prev.end === t.start && (/^['’][sS]$/.test(t.text) || (/^['’]$/.test(t.text) && /[sS]$/.test(prev.text)));
    if (!possessive) continue;
    // An organisation's name may go on ("Farmers' Union", "People's Party"), but not into a common word.
    const next = toks[k + 1];
    if (m.type === 'person' || !next || (!isCapitalized(next.text) && !NAME_CONNECTORS.has(lower(next))))
      return { ...m, end: prev.end };
  }
  return m;
}

/**
 * A trailing period the tokenizer split off is the sentence's full stop ("James To."), unless a comma or a
 * lower-case word follows (an abbreviation it does not know: "Bexley, Ont., last year"). One it kept with
 * its word is an initial or abbreviation: "Harry S.", "Inc.", "D.C.".
 */
function trimFullStop(text: string, m: Mention): Mention {
  if (text[m.end - 1] !== '.') return m;
  // Tokenized past the end: at the end of its range the tokenizer takes every period for a full stop.
  const toks = tokenize(text, m.start, Math.min(text.length, m.end + 3)).filter((t) => t.end <= m.end);
  const last = toks[toks.length - 1];
  const word = toks[toks.length - 2];
  if (!last || !word || last.text !== '.') return m;
  const after = /^\s*(\S)/.exec(text.slice(m.end, m.end + 8))?.[1] ?? '';
  if (after === ',' || /\p{Ll}/u.test(after)) return m;
  return { ...m, end: word.end };
}

const POST_NOMINAL_ALTERNATION = [...POST_NOMINALS].map((p) => p.replace(/\./g, '\\.')).join('|');
const POST_NOMINAL_TAIL = new RegExp(`(?:,?\\s+(?:${POST_NOMINAL_ALTERNATION}))+$`);
const POST_NOMINAL_AFTER = new RegExp(`^,?[ \\t\\u00a0]+(${POST_NOMINAL_ALTERNATION})(?![\\p{L}\\p{N}])`, 'u');

/**
 * Honorifics before a name and post-nominals after a person's are no part of it: "Ms Vollmer" is
 * "Vollmer", "Harriet Quayle KC" is "Harriet Quayle". "Mr Pettigrew" is a person whatever the tagger
 * said; "Mr Price Group" may be a company. Null when nothing but an honorific is left.
 */
function stripHonorificsAndPostNominals(text: string, m: Mention): Mention | null {
  const surface = text.slice(m.start, m.end);
  const firstWord = surface.slice(0, surface.search(/\s|$/)).toLowerCase();
  if (!HONORIFICS.has(firstWord) && (m.type !== 'person' || !POST_NOMINAL_TAIL.test(surface))) return m;
  const toks = tokenize(text, m.start, m.end);
  let out = m;
  let a = 0;
  while (a < toks.length && HONORIFICS.has(lower(toks[a] as Token))) a++;
  if (a === toks.length) return null;
  const name = toks[a] as Token;
  if (a > 0 && isCapitalized(name.text)) {
    if (m.type === 'person') out = { ...m, start: name.start };
    // Any honorific of the lexicon's ("Mr", "Miss", "Mister") before one word makes it a person.
    else if (a === toks.length - 1) out = { type: 'person', start: name.start, end: m.end };
  }
  if (out.type === 'person') {
    const tail = POST_NOMINAL_TAIL.exec(text.slice(out.start, out.end));
    if (tail && tail.index > 0) out = { ...out, end: out.start + tail.index };
  }
  return out;
}

/** A mention that is only a title: "Vice President", "Finance Minister", "the Deputy Premier". */
function isTitleOnly(text: string, m: Mention): boolean {
  const words = text.slice(m.start, m.end).toLowerCase().split(/\s+/);
  if (words.length < 2 || !isTitleWord(words[0] as string)) return false;
  const toks = tokenize(text, m.start, m.end);
  return toks.every((t) => isTitleWord(lower(t))) && toks.some((t) => isHead(lower(t)));
}

/** "Finance" in "Finance Minister", "Defence" in "Defence Secretary": part of a title, not an organisation. */
function isDepartmentOfTitle(text: string, m: Mention): boolean {
  const words = text.slice(m.start, m.end).split(/\s+/);
  if (m.type === 'person' || !words.every((w) => isCapitalized(w) && DEPARTMENTS.has(w.toLowerCase()))) return false;
  const next = /^[ \t\u00a0]+([\p{L}-]+)/u.exec(text.slice(m.end, m.end + 30))?.[1];
  return next !== undefined && MINISTERIAL_HEADS.has(next.toLowerCase());
}

// What no name begins with (anything but a letter or digit: "> Smith", '"Hello', "#Oslo", "@Reuters"),
// and what none ends with: a name may end in a full stop ("Inc.", "D.C."), "!" ("Yahoo!") or "+"
// ("Google+"), and in ")" that closes its own "(".
const LEADING_MARKS = /^[^\p{L}\p{N}]+/u;
const TRAILING_MARKS = /[^\p{L}\p{N}.!+)]+$/u;

/**
 * A mention without the marks around it that are no part of a name (quotation marks, markup, list
 * bullets, a quoted reply's ">"), and null when no letter is left: "&", ">" and "42" name nothing.
 */
function trimMarks(text: string, m: Mention): Mention | null {
  let surface = text.slice(m.start, m.end);
  const lead = LEADING_MARKS.exec(surface)?.[0].length ?? 0;
  surface = surface.slice(lead);
  for (;;) {
    const before = surface;
    surface = surface.replace(TRAILING_MARKS, '');
    const open = surface.split('(').length;
    if (surface.endsWith(')') && surface.split(')').length > open) surface = surface.slice(0, -1);
    if (surface === before) break;
  }
  if (!/\p{L}/u.test(surface)) return null;
  const start = m.start + lead;
  return start === m.start && surface.length === m.end - m.start ? m : { ...m, start, end: start + surface.length };
}

/**
 * Mention spans cut to the name a reader would write down (and CoNLL-2003 marks, which the evaluation
 * scores): no punctuation around it, no possessive and nothing after it, no full stop, no honorific
 * before or post-nominal after a person's name; and no mention without a letter, of one letter, or
 * that is only a title or the department of one.
 */
export function cleanMentions(text: string, mentions: Mention[]): Mention[] {
  const out: Mention[] = [];
  // Each step looks at the words first: most mentions need none of them.
  for (const tagged of mentions) {
    const m = trimMarks(text, tagged);
    if (!m) continue;
    const surface = text.slice(m.start, m.end);
    // One letter alone is a code, a grade or half of "N/A" ("Smith (R)", "N / A"), not anyone's name
    if (/^\p{L}\.?$/u.test(surface)) continue;
    const c = stripHonorificsAndPostNominals(text, trimFullStop(text, cutPossessive(text, m)));
    if (!c || c.end <= c.start || isTitleOnly(text, c) || isDepartmentOfTitle(text, c)) continue;
    out.push(c);
  }
  return out;
}

/**
 * People's names made whole: a hyphenated given name the tagger tagged as a name of its own ("Chau"
 * "Siu-ming"), and the given names it left out between a title and
 * the surname ("Governor Lionel [Achterberg]"). Mentions come sorted by start and do not overlap. A
 * mention never ends inside a hyphenated word: the tagger's end at a token's, and the tokenizer keeps
 * words joined by any hyphen (U+2010 and the non-breaking U+2011 too) whole.
 */
function completeNames(text: string, mentions: Mention[]): Mention[] {
  const out: Mention[] = [];
  for (const m of mentions) {
    if (m.type !== 'person') {
      out.push(m);
      continue;
    }
    const prev = out[out.length - 1];
    if (
      prev?.type === 'person' &&
      spaced(text, prev.end, m.start) &&
      !text.slice(prev.start, prev.end).includes(' ') &&
      /^\p{Lu}\p{Ll}*[-‐‑]\p{Ll}+$/u.test(text.slice(m.start, m.end)) // "Siu-ming", not "Mercedes-Benz"
    ) {
      out[out.length - 1] = { ...prev, end: m.end };
      continue;
    }
    out.push({ type: m.type, start: givenNamesBefore(text, m.start, prev?.end ?? 0), end: m.end });
  }
  return out;
}

/**
 * Where a person's name starts when one or two name words stand between it and a title or honorific
 * right before it: "Governor Lionel Achterberg" with only "Achterberg" tagged starts at "Lionel".
 */
function givenNamesBefore(text: string, start: number, floor: number): number {
  const wordBefore = /(\S+)[ \t\u00a0]+$/.exec(text.slice(Math.max(floor, start - 30), start))?.[1];
  if (!wordBefore || !isNameWord(wordBefore)) return start; // most names: a lower-case word or punctuation
  const from = Math.max(floor, start - 60);
  const toks = tokenize(text, from, start);
  if (from > floor) toks.shift(); // may be cut
  let k = toks.length - 1;
  let next = start;
  while (k >= 0 && toks.length - 1 - k < 2) {
    const t = toks[k] as Token;
    if (!spaced(text, t.end, next) || !isNameWord(t.text) || isTitleWord(lower(t))) break;
    if (lookupTokens([t.text]).length) break;
    next = t.start;
    k--;
  }
  const title = toks[k];
  if (next === start || !title || !spaced(text, title.end, next)) return start;
  const w = lower(title);
  return isHead(w) || HONORIFICS.has(w) ? next : start;
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
    if (spells(acronym, text.slice(first.start, (words[n - 1] as Token).end)))
      return { start: first.start, end: (words[n - 1] as Token).end };
  }
  return null;
}

/**
 * Whether the letters of an acronym are found in order in a name, from the last, the first at the start
 * of a word (Schwartz & Hearst 2003): "NORFOR" in "Nordic Force", not "AP" in "Madrid".
 */
function spells(acronym: string, name: string): boolean {
  const letters = acronym.replace(/[^\p{L}\p{N}]/gu, '').toLowerCase();
  const long = name.toLowerCase();
  if (!letters || long[0] !== letters[0]) return false;
  let li = long.length - 1;
  for (let a = letters.length - 1; a >= 0; a--) {
    const c = letters[a] as string;
    while (li >= 0 && (long[li] !== c || (a === 0 && li > 0 && /[\p{L}\p{N}]/u.test(long[li - 1] as string)))) li--;
    if (li < 0) return false;
    li--;
  }
  return true;
}

/**
 * Acronyms the text defines: the long form before "(ACRONYM)" becomes one mention of the type the
 * tagger gave the acronym or the end of the long form, replacing what the tagger found inside it, and
 * the acronym a mention of the same type.
 */
export function defineAcronyms(text: string, regions: TextRange[], mentions: Mention[]): Mention[] {
  // Indexed once, so that each definition costs a look-up rather than a pass over every mention. A
  // long form cannot reach back past the bracket of an earlier definition (a bracket is no name word), so
  // the mentions one definition replaces or adds are never those a later one looks up: the look-ups can
  // use the tagger's mentions, and the replaced ones go in one pass at the end.
  // Built at the first bracketed acronym: most texts have none. A span's key is one number, distinct
  // for every span of a text shorter than 94 million characters (the square of its length under 2^53).
  let at: Map<number, Mention> | null = null;
  const endingAt = new Map<number, Mention[]>();
  const spanKey = (start: number, end: number) => start * (text.length + 1) + end;
  const index = (): Map<number, Mention> => {
    const map = new Map<number, Mention>();
    for (const x of mentions) {
      const key = spanKey(x.start, x.end);
      if (!map.has(key)) map.set(key, x);
      const list = endingAt.get(x.end);
      if (list) list.push(x);
      else endingAt.set(x.end, [x]);
    }
    return map;
  };
  const replaced: TextRange[] = [];
  const added: Mention[] = [];
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
      at ??= index();
      const acrType = at.get(spanKey(acr.start, acr.end))?.type;
      const longType = endingAt.get(long.end)?.find((x) => x.start < long.end)?.type;
      const type = acrType ?? longType;
      if (!type || type === 'person') continue;
      replaced.push(long);
      added.push({ type, ...long });
      if (!acrType) added.push({ type, ...acr });
    }
  }
  if (!replaced.length) return mentions;
  replaced.sort((a, b) => a.start - b.start);
  const out = mentions.filter((x) => {
    // The last replaced range starting before x ends: the only one x can overlap, as the ranges are disjoint.
    const last = lowerBound(replaced.length, (k) => (replaced[k] as TextRange).start < x.end) - 1;
    return last < 0 || (replaced[last] as TextRange).end <= x.start;
  });
  for (const x of added) out.push(x);
  return out;
}

export function buildEntities(text: string, regions: TextRange[], mentions: Mention[]): EntityResult {
  const cleaned = splitTitles(text, cleanMentions(text, defineAcronyms(text, regions, mentions)));
  const sorted = completeNames(
    text,
    cleaned.sort((a, b) => a.start - b.start),
  );
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

  // An acronym in brackets right after a name is that name's: "African Standby Force (ASF)", "Party of
  // Democratic Action (SDA)" (named in another language). Of another type, only when it spells the name:
  // "MADRID (AP)" is a place and a news agency.
  for (let k = 0; k + 1 < sorted.length; k++) {
    const a = sorted[k] as Mention;
    const b = sorted[k + 1] as Mention;
    const acronym = text.slice(b.start, b.end);
    if (!isAllCaps(acronym) || !/^\s*\(\s*$/.test(text.slice(a.end, b.start))) continue;
    if (!/^\s*\)/.test(text.slice(b.end, b.end + 3))) continue;
    const ga = groupOf[k] as Group;
    const gb = groupOf[k + 1] as Group;
    if (root(ga).type === 'person') continue;
    if (root(ga).type !== root(gb).type && !spells(acronym, stripSurface(text.slice(a.start, a.end)))) continue;
    union(ga, gb);
  }

  // Within-document coreference by name form.
  const roots = () => [...new Set([...groups.values()].map(root))];
  /** Each mention of a group as folded words, without "the" or a possessive. */
  const forms = (g: Group) => [...new Set(g.mentions.map((m) => fold(stripSurface(m.text))))];
  /** The one group other than g among these, if exactly one. */
  const onlyOther = (g: Group, cands: Iterable<Group>) => {
    const distinct = new Set([...cands].map(root));
    distinct.delete(root(g));
    return distinct.size === 1 ? ([...distinct][0] as Group) : undefined;
  };
  const longName = new Map<Group, string>();
  for (const g of roots()) longName.set(g, longestSurface(g));
  // Acronyms made of a longer name's initials: "World Health Organization" ... "WHO", "Ministry of
  // Defence" ... "MoD".
  const byInitials = new Map<string, Group[]>();
  for (const [g, name] of longName) {
    if (g.type === 'person' || name.split(' ').length < 2) continue;
    for (const key of new Set([initials(name), mixedInitials(name)])) {
      const list = byInitials.get(key);
      if (list) list.push(g);
      else byInitials.set(key, [g]);
    }
  }
  for (const [g, name] of longName) {
    if (g.gaz || name.includes(' ')) continue;
    const key = isAllCaps(name) ? name.replace(/\./g, '') : isMixedCaseAcronym(name) ? name : null;
    const cands = key === null ? undefined : byInitials.get(key);
    if (cands?.length === 1 && root(cands[0] as Group) !== root(g)) union(cands[0] as Group, g);
  }

  // A company's name without its legal suffix, or the words at either end of it, is the company:
  // "Vereinigte Kranwerke AG" ... "Kranwerke", "Harbison Steel Inc." ... "Harbison", when only one
  // company could be meant, and the words are not common ones ("General", "Holdings" alone name no company).
  // Canonical name and key: the key is the name without its legal suffix, so "Goldman Sachs & Co." in one
  // article and "Goldman Sachs" in another link whatever short form each uses. The name is the short form
  // the article uses when that is the name's first words ("Harbison"), the way other articles name the
  // company too; a last word ("Kranwerke" of "Vereinigte Kranwerke AG") may be a generic part of it
  // ("Holdings", "Motors"), so the name stays the one written in full.
  const owners = new Map<string, Set<Group>>();
  const leading = new Map<Group, Set<string>>();
  const suffixed = new Set<Group>();
  for (const g of roots()) {
    if (g.type !== 'organization') continue;
    for (const m of g.mentions) {
      const words = stripSurface(m.text).split(' ');
      let n = words.length;
      while (n > 1 && LEGAL_SUFFIXES.has((words[n - 1] as string).replace(/,$/, ''))) n--;
      if (n > 1 && words[n - 1] === '&') n--; // "Goldman Sachs & Co."
      if (n === words.length) continue;
      suffixed.add(g);
      const bare = words.slice(0, n).join(' ').replace(/,$/, '');
      if (!g.bare || wordCount(bare) > wordCount(g.bare)) g.bare = bare;
      const core = fold(bare).split(' ');
      const firsts = leading.get(g) ?? new Set<string>();
      leading.set(g, firsts);
      for (let k = 1; k <= core.length; k++) {
        for (const part of [core.slice(0, k), core.slice(core.length - k)]) {
          if (NAME_CONNECTORS.has(part[0] as string) || NAME_CONNECTORS.has(part[part.length - 1] as string)) continue;
          const key = part.join(' ');
          owners.set(key, (owners.get(key) ?? new Set<Group>()).add(g));
        }
        firsts.add(core.slice(0, k).join(' '));
      }
    }
  }
  for (const g of roots()) {
    if (g.type !== 'organization' || suffixed.has(g)) continue;
    for (const f of forms(g)) {
      const owner = isCommonName(f) ? undefined : onlyOther(g, owners.get(f) ?? []);
      if (!owner) continue;
      const short = stripSurface((g.mentions[0] as Span).text);
      union(owner, g);
      if (!leading.get(owner)?.has(f)) break;
      const r = root(owner);
      if (!r.short || wordCount(short) < wordCount(r.short)) r.short = short;
      break;
    }
  }

  // One word joins the one longer organisation name it starts: "Dynamo" ... "Dynamo Kursk". Not an
  // acronym ("BBC" is not "BBC World Service"), nor a name the gazetteer knows. A common word ("House",
  // "Union", "Bank") joins only a name it heads, "X of ...", which news refers back to by that word
  // ("House of Wardens" ... "the House"); not one it qualifies ("House Intelligence Committee", "Union
  // Pacific Corp"), nor a company with a legal suffix ("Bank of America Corp" is not "the Bank").
  const byFirstWord = new Map<string, Set<Group>>();
  const byHead = new Map<string, Set<Group>>();
  const addGroup = (map: Map<string, Set<Group>>, key: string, g: Group) =>
    map.set(key, (map.get(key) ?? new Set<Group>()).add(g));
  for (const g of roots()) {
    if (g.type !== 'organization') continue;
    for (const f of forms(g)) {
      const words = f.split(' ');
      if (words.length < 2) continue;
      addGroup(byFirstWord, words[0] as string, g);
      if (NAME_CONNECTORS.has(words[1] as string) && !suffixed.has(g)) addGroup(byHead, words[0] as string, g);
    }
  }
  for (const g of roots()) {
    if (g.type !== 'organization' || g.gaz) continue;
    const fs = forms(g);
    if (fs.length !== 1 || (fs[0] as string).includes(' ') || g.mentions.some((m) => isAllCaps(stripSurface(m.text))))
      continue;
    const f = fs[0] as string;
    const longer = onlyOther(g, (isCommonName(f) ? byHead : byFirstWord).get(f) ?? []);
    if (longer) union(longer, g);
  }

  // People: a surname alone joins the one full name that ends with it ("Merkel" -> "Angela Merkel");
  // failing that, a given name alone, or a surname written first, joins the one full name it starts
  // ("Kylian" -> "Kylian Mbappé", "Chau" -> "Chau Siu-ming"). News refers back by surname, so a word
  // that ends one name and starts another is the surname. A word two names end, or (ending none) two
  // names start, joins neither.
  const byTail = new Map<string, Set<Group>>();
  const byGiven = new Map<string, Set<Group>>();
  const addTo = addGroup;
  for (const g of roots()) {
    if (g.type !== 'person') continue;
    for (const f of forms(g)) {
      const words = f.split(' ');
      if (words.length < 2) continue;
      for (let s = 1; s < words.length; s++) addTo(byTail, words.slice(s).join(' '), g);
      addTo(byGiven, words[0] as string, g);
    }
  }
  for (const g of roots()) {
    if (g.type !== 'person') continue;
    const fs = forms(g);
    if (fs.some((f) => f.includes(' ') && !byTail.has(f))) continue; // a full name itself
    for (const f of fs) {
      const tails = byTail.get(f);
      const only = onlyOther(g, tails?.size ? tails : f.includes(' ') ? [] : (byGiven.get(f) ?? []));
      if (only) {
        union(only, g);
        break;
      }
    }
  }

  // Entities, in order of first mention; groups with the same key merge.
  const byKey = new Map<string, ExtractedEntity>();
  const entities: ExtractedEntity[] = [];
  const final = roots().filter((g) => g.mentions.length);
  const firstStart = new Map<Group, number>();
  for (const g of final) {
    let min = Number.POSITIVE_INFINITY;
    for (const m of g.mentions) if (m.start < min) min = m.start;
    firstStart.set(g, min);
  }
  final.sort((a, b) => (firstStart.get(a) as number) - (firstStart.get(b) as number));
  let scope: string | undefined;
  for (const g of final) {
    const surface = g.gaz ? g.gaz.name : (g.short ?? longestSurface(g));
    // A person or place the article names only in capitals (a dateline, a headline) is named as running
    // text writes it; an organisation in capitals is usually an acronym ("OPEC") and stays so.
    const name = !g.gaz && g.type !== 'organization' && isShouted(surface) ? titleCaseName(surface) : surface;
    let key = g.gaz ? g.gaz.key : slug(g.bare ?? name);
    // A generic name is a different body in each article: its key is this article's alone.
    if (!g.gaz && g.type !== 'person' && isGenericName(name)) {
      scope ??= createHash('sha256').update(text).digest('hex').slice(0, 16);
      key = `${key}@${scope}`;
    }
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
    for (const m of g.mentions) e.mentions.push(m);
  }
  // Titles may start with the organisation the text names right before them ("Senate Fisheries
  // Committee Chairwoman").
  const orgStartAt = new Map<number, number>();
  for (const m of sorted) if (m.type !== 'person') orgStartAt.set(m.end, m.start);
  const entityAt = new Map<number, number>();
  entities.forEach((e, idx) => {
    e.mentions.sort((a, b) => a.start - b.start);
    const aliases = new Set<string>();
    for (const m of e.mentions) {
      entityAt.set(m.start, idx);
      const s = stripSurface(m.text);
      // the name written in capitals (a headline, a dateline) is no other name
      if (s !== e.name && !(isShouted(s) && fold(s) === fold(e.name))) aliases.add(s);
    }
    e.aliases = [...aliases];
    if (e.type === 'person') {
      const titles = new Map<string, string>();
      for (const m of e.mentions) {
        const region = regionAt(regions, m.start);
        const before = titleBefore(text, region?.start ?? 0, m.start, orgStartAt);
        const after = POST_NOMINAL_AFTER.exec(text.slice(m.end, Math.min(region?.end ?? text.length, m.end + 12)))?.[1];
        for (const t of [before, after]) if (t && !titles.has(fold(t))) titles.set(fold(t), t);
      }
      e.titles = [...titles.values()];
    }
  });
  return { entities, entityAt };
}

/**
 * Whether a name names a kind of body, not one body: a generic head alone ("House", "Senate") or with
 * only its brief or level ("Foreign Ministry", "Supreme Court", "Ministry of Defence"). Two articles'
 * "Foreign Ministry" need not be the same; "House Intelligence Committee" (two heads) is specific enough
 * to link. So "Congress", "Senate", "Supreme Court" and "State Department" alone never link across
 * articles, on purpose: the archive is not one country's, and many countries have a Senate and a Supreme
 * Court. The one an article means links when the gazetteer knows the name or the article writes it in
 * full ("United States Senate"); no country is the default.
 */
function isGenericName(name: string): boolean {
  const words = fold(name).split(' ');
  return (
    words.filter((w) => GENERIC_HEADS.has(w)).length === 1 &&
    words.every((w) => GENERIC_HEADS.has(w) || GENERIC_MODIFIERS.has(w))
  );
}

/**
 * Whether a folded name is made only of common words: institution heads, their modifiers and title
 * words ("house", "union", "general", "supreme court"). Such a name is no company's short form.
 */
function isCommonName(folded: string): boolean {
  return folded.split(' ').every((w) => GENERIC_HEADS.has(w) || GENERIC_MODIFIERS.has(w) || isTitleWord(w));
}

/** The region (sorted, disjoint) that holds pos, by binary search. */
function regionAt(regions: TextRange[], pos: number): TextRange | undefined {
  // The first region ending after pos: pos is in it, or in none.
  const r = regions[lowerBound(regions.length, (k) => (regions[k] as TextRange).end <= pos)];
  return r && r.start <= pos ? r : undefined;
}

/** Written in capitals and no acronym: every word of four letters or more in capitals ("TOULOUSE", "NEW YORK"). */
const isShouted = (s: string): boolean => /\p{Lu}{4}/u.test(s) && s.split(/[\s-]+/).every((w) => !/\p{Ll}/u.test(w));

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

/**
 * The title written right before a name: "UN Secretary-General", "French President", "President".
 * Honorifics (Mr, Mrs) are not titles. orgStartAt: where the organisation or place mention ending at a
 * position starts, so a title takes in the one named right before it.
 */
export function titleBefore(
  text: string,
  regionStart: number,
  pos: number,
  orgStartAt: ReadonlyMap<number, number> = new Map(),
): string | null {
  // Most names have no title: look at the one word right before the name first.
  const windowStart = Math.max(regionStart, pos - 40);
  const before = /(\S+)[ \t\u00a0]+$/.exec(text.slice(windowStart, pos));
  // Tokenized up to the name, not to the word's end, where the tokenizer would split "Dr." as a full stop.
  const prevWord = before ? tokenize(text, windowStart + before.index, pos).pop() : undefined;
  if (!prevWord || !isTitleWord(prevWord.text.toLowerCase())) return null;
  const from = Math.max(regionStart, pos - 120);
  const toks = tokenize(text, from, pos);
  if (from > regionStart) toks.shift(); // may be cut
  let k = toks.length - 1;
  let next: { start: number } = { start: pos };
  let first = -1;
  while (k >= 0) {
    const t = toks[k] as Token;
    if (!spaced(text, t.end, next.start) || !isTitleWord(t.text.toLowerCase())) break;
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
  const prev = toks[first - 1];
  const orgStart = prev && spaced(text, prev.end, (toks[first] as Token).start) ? orgStartAt.get(prev.end) : undefined;
  const orgFirst = orgStart === undefined ? -1 : toks.findIndex((t) => t.start === orgStart);
  if (orgFirst >= 0) start = orgFirst;
  else
    for (let len = Math.min(4, first); len >= 1; len--) {
      const span = toks.slice(first - len, first);
      if (!span.every((t, n) => (n === 0 ? true : spaced(text, (span[n - 1] as Token).end, t.start)))) continue;
      if (!spaced(text, (span[span.length - 1] as Token).end, (toks[first] as Token).start)) continue;
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
