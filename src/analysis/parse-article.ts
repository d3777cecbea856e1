// Splits a plain-text wire story into headline, standfirst, dateline, body paragraphs and publisher boilerplate.
//
// Expected shape (every part but the headline is optional):
//
//   Headline
//   Standfirst (a one-line summary)
//
//   CITY, Country                       <- a dateline line, or a prefix of the first paragraph:
//   First paragraph ...                    "WASHINGTON (Reuters) - ...", "PARIS, June 3 (AFP) - ...", "LONDON 1996-08-30 ..."
//   More paragraphs, one per line ...
//   Publisher boilerplate trailer       <- "Copyright 2024 The Associated Press. All rights reserved." ...
//
// Publisher furniture copied with the story from a web page (share widgets, bylines, timestamps, photo captions;
// see furniture.ts) may stand on lines of its own anywhere: it is set aside, and the parts are read as if those
// lines were not there.
//
// Every span is a UTF-16 range of the text exactly as received: text.slice(s.start, s.end) === s.text. The text is
// never modified; \r\n, \r and \n all end lines, and spans are trimmed of surrounding white space.

import { findCountry, placeKey } from '../extract/gazetteer/countries.js';
import type { Span } from '../extract/types.js';
import { titleCaseName } from '../text/case.js';
import { alternation, PLACE_PARTICLES } from '../text/particles.js';
import { markFurniture } from './furniture.js';
import { findWireService, wireServiceByCode } from './wire-services.js';

export interface Dateline extends Span {
  /** The place, title-cased when written in capitals ("LISBON" -> "Lisbon", "NEW YORK" -> "New York"). */
  city: string | null;
  /** The country named after the city, as world-countries' common name ("Serbia", "U.S." -> "United States"); null when none. */
  country: string | null;
}

export interface ParsedArticle {
  /**
   * First non-empty line that is not furniture (or the first line, when every line is), trimmed. Empty span at 0
   * only when the text has no non-space character.
   */
  headline: Span;
  standfirst: Span | null;
  /** The dateline as written, without a following separator ("WASHINGTON (Reuters)", not "WASHINGTON (Reuters) -"). */
  dateline: Dateline | null;
  /** Body paragraphs (one per line), boilerplate and separator rules ("___", "---") removed, each trimmed. */
  paragraphs: Span[];
  /** The publisher trailer, from its first to its last line, when recognised. */
  boilerplate: Span | null;
  /** The publisher, from the boilerplate, or else from an agency in parentheses after the dateline. */
  source: { name: string } | null;
  /** Lines of publisher furniture left out of every part above, in order; none inside the boilerplate. */
  furniture: Span[];
}

// ---------------------------------------------------------------------------------------------------------------
// Lines

interface Line {
  /** Trimmed bounds. */
  start: number;
  end: number;
  /** A blank line (or the start of the text) separates this line from the previous non-blank line. */
  blankBefore: boolean;
  /** A blank line (or the end of the text) separates this line from the next non-blank line. */
  blankAfter: boolean;
}

const isSpace = (c: string | undefined): boolean => c !== undefined && /\s/u.test(c);

/** The non-blank lines of text, trimmed, in order. */
function contentLines(text: string): Line[] {
  const lines: Line[] = [];
  let lineStart = 0;
  let sawBlank = true;
  const push = (from: number, to: number) => {
    let s = from;
    let e = to;
    while (s < e && isSpace(text[s])) s++;
    while (e > s && isSpace(text[e - 1])) e--;
    if (s === e) {
      sawBlank = true;
      const last = lines.at(-1);
      if (last) last.blankAfter = true;
      return;
    }
    lines.push({ start: s, end: e, blankBefore: sawBlank, blankAfter: false });
    sawBlank = false;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n' || c === '\r' || c === '\u2028' || c === '\u2029') {
      push(lineStart, i);
      if (c === '\r' && text[i + 1] === '\n') i++;
      lineStart = i + 1;
    }
  }
  push(lineStart, text.length);
  const last = lines.at(-1);
  if (last) last.blankAfter = true;
  return lines;
}

const span = (text: string, start: number, end: number): Span => ({ start, end, text: text.slice(start, end) });

/** A rule or ornament line ("___", "---", "* * *"): no letter, digit or symbol other than these marks. */
const isSeparator = (s: string): boolean => /^[\s\-_=*~#•·.–—]+$/u.test(s);

// ---------------------------------------------------------------------------------------------------------------
// Countries

// Country names that are also common sub-national names ("ATLANTA, Georgia"): a country only after its capital.
const AMBIGUOUS_COUNTRIES = new Set(['georgia']);

/** The country a dateline names after its city, by the gazetteer's one country lookup. */
function countryNamed(name: string, city: string): string | null {
  const match = findCountry(name);
  if (!match) return null;
  if (AMBIGUOUS_COUNTRIES.has(placeKey(name)) && !match.capitals.includes(placeKey(city))) return null;
  return match.country.name;
}

// ---------------------------------------------------------------------------------------------------------------
// Datelines

// Reuters-style slugs and labels written in capitals at the start of a line, which are not places. "FILE" opens an
// agency photo caption ("FILE PHOTO: ...", "FILE - ..."); furniture.ts sets those aside, this also covers a long one.
const NOT_PLACES = new Set(
  "FILE BREAKING UPDATE UPDATED EXCLUSIVE ANALYSIS FACTBOX WRAPUP COLUMN EDITORIAL OPINION CORRECTED CORRECTION REFILE REFILED WATCH VIDEO PHOTOS PHOTO LIVE URGENT FLASH ADVISORY NOTE EDITORS EDITOR’S EDITOR'S BULLETIN NEWSALERT ALERT INSIGHT EXPLAINER PREVIEW REVIEW INTERVIEW COMMENT FEATURE".split(
    ' ',
  ),
);

interface DatelineMatch {
  start: number;
  end: number;
  city: string;
  country: string | null;
  agency: string | null;
  /** Where the paragraph text starts after the dateline (prefix form only). */
  bodyStart: number;
}

const MONTH = String.raw`(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?`;
const DATE_SEGMENT = new RegExp(
  String.raw`(?:${MONTH}[ \t]+\d{1,2}(?:st|nd|rd|th)?(?:,?[ \t]+\d{4})?|\d{1,2}[ \t]+${MONTH}(?:,?[ \t]+\d{4})?|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|\d{4}-\d{2}-\d{2}|\d{4})(?![\p{L}\p{N}])`,
  'iuy',
);
const UPPER_PLACE = /\p{Lu}[\p{Lu}\p{M}'’.-]*(?:[ \t]\p{Lu}[\p{Lu}\p{M}'’.-]*){0,3}/uy;
const TITLE_PLACE = /\p{Lu}[\p{Ll}\p{M}'’.-]+(?:[ \t]\p{Lu}[\p{Ll}\p{M}'’.-]+){0,2}/uy;
const NAME_WORD = /\p{Lu}[\p{L}\p{M}'’.-]*/uy;
const PARTICLE_WORD = new RegExp(`${alternation(PLACE_PARTICLES)}(?![\\p{L}\\p{N}])`, 'uy');
const ISO_DATE_AFTER_SPACE = /[ \t]+\d{4}-\d{2}-\d{2}(?![\p{L}\p{N}])/uy;
const COMMA = /,[ \t]*/y;
const PAREN = /[ \t]*\(([^()\n\r]{1,40})\)/uy;
const PREFIX_SEPARATOR = /[ \t]*(?:--|[-–—:])[ \t]+|[ \t]*[–—][ \t]*/uy;
const SPACES = /[ \t]+/y;

function stickyAt(re: RegExp, text: string, pos: number, end: number): RegExpExecArray | null {
  re.lastIndex = pos;
  const m = re.exec(text);
  return m && pos + m[0].length <= end ? m : null;
}

const letterCount = (s: string): number => s.match(/\p{L}/gu)?.length ?? 0;

/** A capitalised name segment after a comma ("Serbia", "D.C.", "Bosnia and Herzegovina"): its end, or -1. */
function nameSegmentEnd(text: string, pos: number, end: number): number {
  let p = pos;
  let lastWordEnd = -1;
  for (let words = 0; words < 5; words++) {
    let q = p;
    if (words > 0) {
      const sp = stickyAt(SPACES, text, q, end);
      if (!sp) break;
      q += sp[0].length;
    }
    const w = stickyAt(NAME_WORD, text, q, end);
    if (w) {
      p = q + w[0].length;
      lastWordEnd = p;
      continue;
    }
    const particle = words > 0 ? stickyAt(PARTICLE_WORD, text, q, end) : null;
    if (!particle) break;
    p = q + particle[0].length;
  }
  if (lastWordEnd < 0 || /[\p{L}\p{N}]/u.test(text[lastWordEnd] ?? '')) return -1;
  return lastWordEnd;
}

/**
 * A dateline at text[from, to): the whole of it (mode 'line') or a prefix followed by a separator and the
 * paragraph (mode 'prefix').
 */
function matchDateline(text: string, from: number, to: number, mode: 'line' | 'prefix'): DatelineMatch | null {
  if (mode === 'line' && to - from > 100) return null;
  let upper = true;
  let m = stickyAt(UPPER_PLACE, text, from, to);
  if (m && /[\p{L}\p{N}]/u.test(text[from + m[0].length] ?? '')) {
    // "OPEC's", "LONDON-based", "Lisbon": a word that is not all capitals, not a place in capitals.
    m = null;
  }
  if (!m && mode === 'line') {
    // "Lisbon, Portugal": a title-case place is a dateline line only when a known country follows.
    upper = false;
    m = stickyAt(TITLE_PLACE, text, from, to);
  }
  if (!m) return null;
  const place = m[0].replace(/[-'’]+$/u, '');
  if (letterCount(place) < 2 || place.length > 40) return null;
  const firstWord = place.split(/[ \t]/)[0] ?? '';
  if (NOT_PLACES.has(firstWord.replace(/[.:]+$/, ''))) return null;
  const city = upper ? titleCaseName(place) : place;

  let pos = from + place.length;
  let compEnd = pos;
  let country: string | null = null;
  let agency: string | null = null;
  let dated = false;
  for (let guard = 0; guard < 6; guard++) {
    const comma = stickyAt(COMMA, text, pos, to);
    if (comma) {
      const p = pos + comma[0].length;
      const date = stickyAt(DATE_SEGMENT, text, p, to);
      if (date) {
        pos = compEnd = p + date[0].length;
        dated = true;
        continue;
      }
      const segEnd = nameSegmentEnd(text, p, to);
      if (segEnd > 0) {
        country = countryNamed(text.slice(p, segEnd), city) ?? country;
        pos = compEnd = segEnd;
        continue;
      }
      break;
    }
    const iso = stickyAt(ISO_DATE_AFTER_SPACE, text, pos, to);
    if (iso) {
      pos = compEnd = pos + iso[0].length;
      dated = true;
      continue;
    }
    const paren = stickyAt(PAREN, text, pos, to);
    if (paren && !/\d/.test(paren[1] ?? '') && /^\s*\p{L}/u.test(paren[1] ?? '')) {
      agency = (paren[1] ?? '').trim();
      pos = compEnd = pos + paren[0].length;
    }
    break;
  }
  if (!upper && country === null) return null;

  if (mode === 'line') {
    if (!/^[ \t]*(?:--|[-–—:])?$/u.test(text.slice(compEnd, to))) return null;
    return { start: from, end: compEnd, city, country, agency, bodyStart: to };
  }
  const sep = stickyAt(PREFIX_SEPARATOR, text, compEnd, to);
  let bodyStart = -1;
  if (sep) bodyStart = compEnd + sep[0].length;
  else if (dated || agency !== null) {
    // "LONDON 1996-08-30 Britain said ...", "WASHINGTON (AP) The ...": no separator after a date or an agency.
    const sp = stickyAt(SPACES, text, compEnd, to);
    if (sp) bodyStart = compEnd + sp[0].length;
  }
  if (bodyStart < 0 || bodyStart >= to) return null;
  return { start: from, end: compEnd, city, country, agency, bodyStart };
}

// ---------------------------------------------------------------------------------------------------------------
// Boilerplate

const STRONG_BOILERPLATE: readonly RegExp[] = [
  /\bcopyright\b/i,
  /©/,
  /\([cC]\)\s*\d{4}(?:\s*[-–]\s*\d{4})?,?\s+\p{Lu}/u,
  /\ball rights reserved\b/i,
  // Credits: "Reporting by X; Editing by Y", "(Additional reporting by Z)", "Compiled by ...".
  /^[([]?\s*(?:additional\s+)?(?:reporting|writing|editing|compiled|translated|edited|produced|research|graphics|written|reported)\s+by\b/i,
  /;\s*(?:editing|writing)\s+by\b/i,
  /\bcontributed (?:to )?(?:this )?(?:report|reporting|story|article)\b/i,
  // Corrections: "This story has been corrected to ...", "(Corrects name in paragraph 3)".
  /\bthis (?:story|article|report|version|item)\b.{0,40}\b(?:has been|was|is being)\s+(?:corrected|updated|amended|refiled|revised)\b/i,
  /^[([]\s*(?:corrects|updates|refiles|fixes)\b/i,
  // "<Name> website contains only a portion of the news stories ...".
  /\b(?:web ?site|portal)\s+(?:only\s+)?(?:contains|offers|carries|publishes|features)\b.{0,200}?\b(?:news|stories|content|articles|subscri\w*)/i,
  /\bmay not be (?:published|broadcast|rewritten|redistributed|reproduced)\b/i,
  /\btrust principles\b/i,
  /^(?:read more|related|see also|more from|more on this)\s*:/i,
  // Desk signatures: "Editor: Zhang Min", "[Web editor: ...]".
  /^[([]?\s*(?:web\s+)?editors?\s*:\s*[^.!?]{1,80}$/i,
  /\b[Ff]ollow (?:us|\p{Lu}[\p{L}.]*) on (?:Twitter|X|Facebook|Instagram|Telegram|LinkedIn|Threads|Bluesky)\b/u,
];

// Each is weak alone ("Netflix gained subscribers"); two together mark a publisher notice.
const WEAK_BOILERPLATE: readonly RegExp[] = [
  /\bsubscri(?:be|bers?|ption|ptions)\b/i,
  /\bcontact us\b/i,
  /\bnewsletters?\b/i,
  /\bsign up\b/i,
  /\bfor more (?:news|information|stories|updates)\b/i,
  /\bclick here\b|\bvisit (?:us|our)\b/i,
  /https?:\/\/\S+|\bwww\.\S+/i,
];

/** Whether a trailing paragraph is publisher boilerplate rather than story text. */
/** Publisher notices are a sentence or a few; a longer paragraph is the story's own text. */
const MAX_BOILERPLATE_LENGTH = 600;

export function isBoilerplate(paragraph: string): boolean {
  const s = paragraph.trim();
  // Bounds the patterns' work too: each runs on at most this many characters.
  if (s.length > MAX_BOILERPLATE_LENGTH) return false;
  if (STRONG_BOILERPLATE.some((re) => re.test(s))) return true;
  // A bare link ("www.example.com", "https://example.com/news") is a link to the publisher's site.
  if (/^(?:https?:\/\/|www\.)\S+$/i.test(s)) return true;
  return WEAK_BOILERPLATE.filter((re) => re.test(s)).length >= 2;
}

// ---------------------------------------------------------------------------------------------------------------
// Source names

const NAME_TOKEN = String.raw`\p{Lu}[\p{L}\p{M}\p{N}&.'’-]*`;
// Capitalised words that start a sentence of boilerplate, not a publisher's name.
const NOT_NAME_START = new Set(
  'Please Visit Follow Read Contact Click Subscribe For Copyright All This Our Sign See More Get Download Find The'.split(
    ' ',
  ),
);
const NAME_ABBREVIATIONS = /(?:^|\s)(?:Inc|Ltd|Co|Corp|Bros|S\.A|L\.P|LLC)\.$/;

function cleanName(raw: string): string | null {
  const words: string[] = [];
  // Stop at the end of a sentence: "Daily Planet Media Inc. All rights reserved", "Daily Planet. All ...".
  for (const w of raw.trim().split(/\s+/)) {
    if (!w.endsWith('.') || /^(?:\p{Lu}\.)+$/u.test(w)) {
      words.push(w);
      continue;
    }
    words.push(NAME_ABBREVIATIONS.test(w) ? w : w.replace(/\.+$/, ''));
    break;
  }
  // Keep a leading "The" of the name itself ("The Associated Press"), drop sentence openers before it.
  while (words.length > 1 && NOT_NAME_START.has(words[0] ?? '') && words[0] !== 'The') words.shift();
  while (words.length > 0 && /^(?:of|and|&|the|de)$/i.test(words.at(-1) ?? '')) words.pop();
  let name = words.join(' ').replace(/(?:'s|’s)$/, '');
  if (!NAME_ABBREVIATIONS.test(name)) name = name.replace(/[.,;:]+$/, '');
  if (letterCount(name) < 2 || /^the$/i.test(name) || NOT_NAME_START.has(name)) return null;
  return name;
}

const COPYRIGHT_NAME = new RegExp(
  String.raw`(?:©|\([cC]\)|\b[Cc]opyright\b|\bCOPYRIGHT\b)[ \t]*(?:©[ \t]*)?(?:\d{4}(?:[ \t]*[-–][ \t]*\d{4})?[ \t]*,?[ \t]*)?((?:${NAME_TOKEN})(?:[ \t]+(?:${NAME_TOKEN}|of|and|&|de)){0,5})`,
  'u',
);
const WEBSITE_NAME = new RegExp(String.raw`((?:${NAME_TOKEN}[ \t]+){1,5})(?:web ?site|portal)\b`, 'u');
const AGENCY_NAME = new RegExp(
  String.raw`((?:${NAME_TOKEN}[ \t]+){1,4}(?:News Agency|Agency|Press|Wire|Media|News Service|Newswire|Broadcasting))(?![\p{L}\p{N}])`,
  'u',
);

/** The publisher named in a boilerplate trailer, or null. */
export function sourceFromBoilerplate(boilerplate: string): string | null {
  const wire = findWireService(boilerplate);
  if (wire) return wire.service.name;
  for (const re of [COPYRIGHT_NAME, WEBSITE_NAME, AGENCY_NAME]) {
    const m = re.exec(boilerplate);
    const name = m?.[1] ? cleanName(m[1]) : null;
    if (name) return name;
  }
  return null;
}

/** The publisher named by a dateline's parenthesis ("Reuters", "AP", "AFP"), or null. */
export function sourceFromDatelineAgency(agency: string): string | null {
  const wire = wireServiceByCode(agency);
  if (wire) return wire.name;
  const found = findWireService(agency);
  if (found) return found.service.name;
  return /^\p{Lu}[\p{L}\p{M}&.'’ -]{1,38}$/u.test(agency) && agency.split(' ').length <= 4 ? agency : null;
}

// ---------------------------------------------------------------------------------------------------------------
// Standfirst

/** A one-line summary: several words, not ending like a sentence of body text ("..., says Angela Merkel"). */
function readsAsSummary(s: string): boolean {
  if (s.length > 400 || s.split(/\s+/).length < 4) return false;
  return !/[.!?…]["'”’)\]]*$/u.test(s);
}

// ---------------------------------------------------------------------------------------------------------------

/**
 * The story's lines: `all` without the furniture lines, with blank-line flags as if those lines were not there (a
 * blank line next to a furniture line still separates the story lines around it).
 */
function storyLines(all: readonly Line[], isFurniture: readonly boolean[]): Line[] {
  const story: Line[] = [];
  let blank = false;
  all.forEach((l, i) => {
    blank ||= l.blankBefore;
    if (isFurniture[i]) return;
    const prev = story.at(-1);
    if (prev) prev.blankAfter = blank;
    story.push({ ...l, blankBefore: blank, blankAfter: true });
    blank = false;
  });
  return story;
}

export function parseArticle(text: string): ParsedArticle {
  const all = contentLines(text);
  const lineText = (l: Line) => text.slice(l.start, l.end);
  const isFurniture = markFurniture(all.map(lineText)).map((kind) => kind !== null);
  // A text of nothing but furniture still has a headline: its first line.
  if (all.length > 0 && isFurniture.every(Boolean)) isFurniture[0] = false;
  const lines = storyLines(all, isFurniture);
  const first = lines[0];
  if (!first) {
    return {
      headline: span(text, 0, 0),
      standfirst: null,
      dateline: null,
      paragraphs: [],
      boilerplate: null,
      source: null,
      furniture: [],
    };
  }
  const headline = span(text, first.start, first.end);
  const isDatelineLine = (l: Line) => matchDateline(text, l.start, l.end, 'line') !== null;
  const startsWithDateline = (l: Line) => isDatelineLine(l) || matchDateline(text, l.start, l.end, 'prefix') !== null;

  // Standfirst: the line after the headline, when a blank line follows it, when it reads as a summary, or when a
  // dateline line follows it; never a dateline or boilerplate itself.
  let next = 1;
  let standfirst: Span | null = null;
  const candidate = lines[1];
  if (candidate && !startsWithDateline(candidate) && !isBoilerplate(lineText(candidate))) {
    const after = lines[2];
    const blankFollowed = !candidate.blankBefore && candidate.blankAfter && after !== undefined;
    if (blankFollowed || readsAsSummary(lineText(candidate)) || (after !== undefined && isDatelineLine(after))) {
      standfirst = span(text, candidate.start, candidate.end);
      next = 2;
    }
  }

  // Boilerplate: the trailing run of boilerplate lines (and separator rules between them). It is read from all the
  // lines, so that a notice which is furniture as well ("Sign up for our newsletter") stays in the trailer when it
  // ends the text; other furniture among them is passed over.
  const storyTop = (lines[next - 1] as Line).end;
  let bodyEnd = text.length;
  let boilerFirst: Line | null = null;
  let boilerLast: Line | null = null;
  // The trailer's own lines, without furniture among them: the publisher is named from these, not from a credit.
  const trailer: string[] = [];
  for (let j = all.length - 1; j >= 0 && (all[j] as Line).start > storyTop; j--) {
    const l = all[j] as Line;
    const s = lineText(l);
    if (isSeparator(s)) {
      bodyEnd = l.start;
      continue;
    }
    if (isBoilerplate(s)) {
      trailer.unshift(s);
      boilerFirst = l;
      boilerLast ??= l;
      bodyEnd = l.start;
      continue;
    }
    if (!isFurniture[j]) break;
  }
  // Separator rules just above the boilerplate belong to neither; a run of rules alone ends the body.
  const boilerplate = boilerFirst && boilerLast ? span(text, boilerFirst.start, boilerLast.end) : null;
  const body = lines.filter((l, j) => j >= next && l.start < bodyEnd);

  // Dateline: a line of its own, or a prefix of the first paragraph.
  let dateline: Dateline | null = null;
  let agency: string | null = null;
  let firstParagraphStart: number | null = null;
  const datelineLine = body[0];
  if (datelineLine) {
    const own = matchDateline(text, datelineLine.start, datelineLine.end, 'line');
    const prefix = own ? null : matchDateline(text, datelineLine.start, datelineLine.end, 'prefix');
    const m = own ?? prefix;
    if (m) {
      dateline = { ...span(text, m.start, m.end), city: m.city, country: m.country };
      agency = m.agency;
      if (own) body.shift();
      else firstParagraphStart = m.bodyStart;
    }
  }

  const paragraphs: Span[] = [];
  body.forEach((l, j) => {
    const start = j === 0 && firstParagraphStart !== null ? firstParagraphStart : l.start;
    if (!isSeparator(text.slice(start, l.end))) paragraphs.push(span(text, start, l.end));
  });

  // Furniture inside the trailer is reported as part of it, so that no two parts overlap.
  const inBoilerplate = (l: Line) => boilerplate !== null && l.start >= boilerplate.start && l.end <= boilerplate.end;
  const furniture = all.filter((l, i) => isFurniture[i] && !inBoilerplate(l)).map((l) => span(text, l.start, l.end));

  let sourceName = boilerplate ? sourceFromBoilerplate(trailer.join('\n')) : null;
  if (sourceName === null && agency !== null) sourceName = sourceFromDatelineAgency(agency);

  return {
    headline,
    standfirst,
    dateline,
    paragraphs,
    boilerplate,
    source: sourceName === null ? null : { name: sourceName },
    furniture,
  };
}
