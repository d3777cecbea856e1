// Publisher "furniture": the lines a web page puts around a story (share and comment widgets, bylines,
// timestamps, photo captions and credits, links to other stories) that come along when a page is copied as text.
// They are not the story, so parse-article.ts keeps them out of the parts that entities and quotes come from.
//
// Each recogniser looks at one whole line and relies on its shape (short, made only of widget labels, "By" and a
// name and nothing else, a photo credit "Name / Agency" at its end) rather than on a word somewhere in it: a story
// paragraph that starts "By the end of the year" or mentions sharing must stay story text.

import { alternation, PERSON_PARTICLES } from '../text/particles.js';
import { findWireService, wireServiceByCode } from './wire-services.js';

export type FurnitureKind = 'widget' | 'byline' | 'timestamp' | 'caption' | 'link';

// Furniture is short. These bounds are also what keeps the patterns' work small on a long paragraph.
const MAX_SHORT_LINE = 200;
/** Captions are a sentence or two, and a credit. */
const MAX_CAPTION = 600;

// ---------------------------------------------------------------------------------------------------------------
// Widgets: lines made only of the labels of a page's buttons and notices ("Listen 6 min · Save · Share",
// "Share on Facebook", "Story continues below advertisement", "Sign up for our newsletter"). A label inside a
// sentence ("Share prices fell", "Sign up was slow") does not match: every word of the line must belong to a label.

// Where a "share" button sends the page; alone on a line (a row of icons copied as text) they are buttons too.
const PLATFORM =
  '(?:facebook|twitter|x|whatsapp|linkedin|e-?mail|pinterest|reddit|telegram|messenger|bluesky|threads|flipboard)';
const ITEM = '(?:article|story|page|post|video)';
const MINUTES = String.raw`\d{1,3}\s*-?\s*min(?:ute)?s?`;
const WIDGET_LABEL = [
  // Sharing and saving.
  String.raw`share(?:\s+(?:this|the)\s+${ITEM})?(?:\s+(?:on|via|to|by)\s+${PLATFORM})?`,
  PLATFORM,
  String.raw`copy\s+(?:the\s+|article\s+)?link`,
  String.raw`link\s+copied`,
  String.raw`save(?:\s+(?:this\s+)?${ITEM}|\s+for\s+later)?`,
  String.raw`gift\s+(?:this\s+)?${ITEM}`,
  String.raw`print(?:\s+this\s+${ITEM})?`,
  // Comments.
  String.raw`(?:\d+\s+)?comments?(?:\s+on\s+this\s+${ITEM})?`,
  String.raw`(?:view|show|read|leave\s+a|add\s+a)\s+comments?`,
  // Audio versions and reading times ("Listen 4 min", "Listen to this article", "6 min read").
  String.raw`listen(?:\s+to\s+this\s+${ITEM})?(?:\s+${MINUTES})?`,
  String.raw`${MINUTES}\s+(?:read|listen|watch)`,
  // Advertising slots and the notices around them.
  'advertisement|advert|sponsored',
  String.raw`(?:${ITEM}\s+)?continues\s+(?:below|after)(?:\s+(?:this\s+)?(?:advertisement|advert|ad))?`,
  String.raw`continue\s+reading(?:\s+the\s+main\s+${ITEM})?`,
  String.raw`scroll\s+to\s+continue(?:\s+with\s+content)?`,
  // Accessibility links at the top of a page.
  String.raw`skip\s+to\s+(?:the\s+)?(?:main\s+)?(?:content|navigation)`,
  // Newsletter prompts ("Sign up for our daily business newsletter").
  String.raw`(?:sign\s+up|subscribe)(?:\s+(?:for|to)\s+(?:our|the)(?:\s+[\p{L}-]+){0,4}?\s+(?:newsletters?|briefing|alerts))?`,
].join('|');
const WIDGET_LINE = new RegExp(String.raw`^(?:${WIDGET_LABEL})(?:[\s|·•,/]+(?:${WIDGET_LABEL}))*[\s|·•,:.]*$`, 'iu');

// ---------------------------------------------------------------------------------------------------------------
// Links to other stories ("Read more: <another headline>", "Related coverage"): the other story's names are not
// this story's. Only a label followed by a separator, or alone: "Related party loans rose" is story text.

const LINK_LINE =
  /^(?:read\s+more|read\s+also|also\s+read|related(?:\s+(?:articles?|stories|coverage|content|reading))?|see\s+also|more\s+from|more\s+on\s+this(?:\s+(?:story|topic))?|recommended)(?:\s*(?:[:›»|]|--|[–—-]\s)|$)/iu;

// ---------------------------------------------------------------------------------------------------------------
// Names

// A capitalised word of a name: "Jane", "DOE", "O'Neil", "Jean-Luc", "J.", "McAllister".
const CAP_WORD = String.raw`\p{Lu}[\p{L}\p{M}'’.-]*`;
// Lower-case words inside personal names ("Ursula von der Leyen", "Ali bin Hassan").
const NAME_PARTICLE = alternation(PERSON_PARTICLES);
/** A personal name: two to four capitalised words, particles allowed between them. */
const PERSON = String.raw`${CAP_WORD}(?:\s+(?:${NAME_PARTICLE}\s+){0,2}${CAP_WORD}){1,3}`;
// A role or employer after a byline's names ("Senior Correspondent", "Reuters", "Chief Reporter in Kyiv").
const AFFILIATION = String.raw`${CAP_WORD}(?:\s+(?:${CAP_WORD}|of|for|in|at|on|the|and|&)){0,7}`;
/** What follows "By": names (", ", "and", "&" between them), then at most one affiliation. */
const BYLINE_NAMES = String.raw`${PERSON}(?:(?:\s*,\s*|\s+(?:and|&)\s+)${PERSON})*(?:(?:\s*,\s*|\s+(?:for|in)\s+)${AFFILIATION})?`;

const BY = String.raw`(?:[Bb]y|BY|(?:[Ww]ritten|[Ww]ords|[Ss]tory|[Tt]ext)\s+by)`;
const BY_PREFIX = new RegExp(String.raw`^${BY}\s*:?\s+`, 'u');
/** "By" alone: the names follow on the next line, as pages lay them out. */
const BY_ALONE = new RegExp(String.raw`^${BY}\s*:?$`, 'u');
const NAMES = new RegExp(`^(?:${BYLINE_NAMES})$`, 'u');
const PERSON_ONLY = new RegExp(`^${PERSON}$`, 'u');

/** The names of a byline, or an agency writing as itself ("Reuters", "AFP"). */
const isBylineNames = (s: string): boolean => NAMES.test(s) || wireServiceByCode(s) !== null;

function isByline(line: string): boolean {
  if (BY_ALONE.test(line)) return true;
  const by = BY_PREFIX.exec(line);
  return by !== null && isBylineNames(line.slice(by[0].length));
}

// ---------------------------------------------------------------------------------------------------------------
// Timestamps: "Published: 10:02 EST, 3 May 2014", "Updated 2 hours ago", "12:40 GMT 04.05.2024". Every word after
// the label is a date or time word. A bare date ("Monday 3 June 2024") stays story text: that is where
// published-date.ts looks for the date an article states, and it names nothing.

const STAMP_LABEL = /^(?:first\s+|last\s+)?(?:published|updated|posted|modified)(?:\s+(?:on|at))?\s*:?\s*/iu;
const DATE_TIME_WORD = new RegExp(
  `^(?:${[
    String.raw`\d{4}-\d{2}-\d{2}(?:T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?`,
    String.raw`\d{1,4}(?:[:./-]\d{1,4}){0,2}(?:st|nd|rd|th|h|m|am|pm|a\.m\.|p\.m\.)?`,
    String.raw`(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?`,
    String.raw`(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\.?|(?:mon|tues|wednes|thurs|fri|satur|sun)day`,
    String.raw`am|pm|a\.m\.|p\.m\.`,
    'hours?|hrs?|minutes?|mins?|seconds?|secs?|days?|weeks?|months?|years?|ago|just|now|today|yesterday|a|an|on|at|and',
  ].join('|')})$`,
  'iu',
);
// Time zones: "EST", "BST", "CEST", "ET", "UTC+2", "GMT" (a word in capitals not ending in T is not one: "TO").
const ZONE = String.raw`(?:\p{Lu}{1,4}T|UTC|Z)`;
const TIME_ZONE = new RegExp(String.raw`^${ZONE}(?:[+-]\d{1,2}(?::?\d{2})?)?$`, 'u');
// "10:02", "9:05 p.m.", "10.02 BST": with a dot only before am/pm or a zone, as "6.59" in a table is a number.
const CLOCK_TIME = new RegExp(
  String.raw`(?<![\d.:])\d{1,2}:[0-5]\d(?![\d.:/-])|(?<![\d.:])\d{1,2}\.[0-5]\d\s*(?:am|pm|a\.m\.|p\.m\.|${ZONE}\b)|\d{4}-\d{2}-\d{2}T\d`,
  'u',
);
const RELATIVE_TIME = /\bago\b|\bjust now\b|\byesterday\b|\btoday\b/iu;
// A stamp names a month, a day, a zone or a relative time: a line of numbers alone is a table row.
const DATE_TIME_NAME =
  /\b(?:am|pm|a\.m\.|p\.m\.|ago|yesterday|today|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun)|\d{4}-\d{2}-\d{2}T/iu;
const ZONE_WORD = new RegExp(String.raw`\b${ZONE}\b`, 'u');

function allDateTimeWords(s: string): boolean {
  const words = s.split(/[\s,|()·•–—]+|\s-\s/u).filter((w) => w !== '');
  return (
    words.length > 0 &&
    words.every((w) => {
      const bare = w.replace(/:+$/u, '');
      return TIME_ZONE.test(bare) || DATE_TIME_WORD.test(bare);
    })
  );
}

function isTimestamp(line: string): boolean {
  const label = STAMP_LABEL.exec(line);
  if (label) {
    // "Updated" alone is a slug, and "Updated the rules" a sentence: a stamp has a date or time after its label.
    const rest = line.slice(label[0].length);
    return (/\d/u.test(rest) || RELATIVE_TIME.test(rest)) && allDateTimeWords(rest);
  }
  // Without a label, only the shape of a publication stamp: a clock time or a relative time.
  return (
    (CLOCK_TIME.test(line) || (RELATIVE_TIME.test(line) && /\d|yesterday|today/iu.test(line))) &&
    (DATE_TIME_NAME.test(line) || ZONE_WORD.test(line)) &&
    allDateTimeWords(line)
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Captions and photo credits: "Photograph: Jane Doe/Reuters", "(Photo by Jane Doe/Getty Images)",
// "Jane Doe / AFP via Getty Images", "FILE PHOTO: <caption>", and a caption sentence ending in a credit
// ("Crowds gather on the quay. Jane Doe / Reuters"). The credit is what gives a caption away; a caption without one
// cannot be told from a paragraph and stays.

const PHOTO_LABEL = String.raw`(?:photo(?:graph)?s?|images?|pictures?|pic|illustrations?|credits?|photo\s+credit|photo\s+illustration)`;
// One side of a credit's slash: one to five capitalised words ("AP Photo", "Jane Doe", "AFP via Getty Images").
const CREDIT_SIDE = String.raw`${CAP_WORD}(?:\s+(?:${CAP_WORD}|via|for|and|&)){0,5}`;
const CREDIT = String.raw`(${CREDIT_SIDE})\s*/\s*(${CREDIT_SIDE})`;
// Photo agencies and the words of a picture desk's credit, besides the wire services of wire-services.ts. One side
// of a credit's slash names one: that is what tells "Jane Doe/Reuters" from "Israel/Gaza".
const PHOTO_AGENCY =
  /\b(?:Photo|Photos|Images?|Getty|Shutterstock|Alamy|EPA|Sipa|ZUMA|NurPhoto|Pool|Handout)\b|\svia\s/u;
const namesAgency = (side: string): boolean =>
  PHOTO_AGENCY.test(side) || findWireService(side) !== null || wireServiceByCode(side) !== null;

// "Reuters/Jane Doe", "Jane Doe / AFP via Getty Images", "(AP Photo/Jane Doe)": a credit alone.
const CREDIT_LINE = new RegExp(String.raw`^\(?${CREDIT}\)?$`, 'u');
// A caption sentence ending in a credit: "Crowds gather on the quay. Jane Doe / Reuters".
const CREDIT_AFTER_SENTENCE = new RegExp(String.raw`[.!?…]["”’)\]]*\s+\(?${CREDIT}\)?$`, 'u');

function endsWithCredit(re: RegExp, line: string): boolean {
  const m = re.exec(line);
  return m !== null && (namesAgency(m[1] ?? '') || namesAgency(m[2] ?? ''));
}

const CAPTION_PATTERNS: readonly RegExp[] = [
  // Agency captions of archive pictures: "FILE PHOTO: ...", "FILE - ...", "File photo: ...".
  /^(?:FILE|File)(?:\s+(?:PHOTO|[Pp]hoto))?\s*(?:--|[:–—-])\s+\S/u,
  // A labelled caption or credit: "Image: ...", "Photograph: Jane Doe/Reuters", "Credit: ...".
  new RegExp(String.raw`^\(?${PHOTO_LABEL}\s*:`, 'iu'),
  // "(Photo by Jane Doe/Getty Images)"; "Photo by Jane Doe" with nothing else.
  new RegExp(String.raw`^\(${PHOTO_LABEL}\s+by\s+[^()]{1,100}\)$`, 'iu'),
  new RegExp(String.raw`^${PHOTO_LABEL}\s+by\s+${CREDIT_SIDE}(?:\s*/\s*${CREDIT_SIDE})?$`, 'iu'),
  // A caption ending in a labelled credit: "... on Tuesday. Photograph: Jane Doe/Reuters", "... (Photo by ...)".
  new RegExp(String.raw`[.!?…]["”’)\]]*\s+${PHOTO_LABEL}\s*:\s*[^.!?]{1,80}$`, 'iu'),
  new RegExp(String.raw`\(${PHOTO_LABEL}\s*(?:by|:)\s*[^()]{1,100}\)$`, 'iu'),
];

const isCaption = (line: string): boolean =>
  CAPTION_PATTERNS.some((re) => re.test(line)) ||
  endsWithCredit(CREDIT_LINE, line) ||
  endsWithCredit(CREDIT_AFTER_SENTENCE, line);

// ---------------------------------------------------------------------------------------------------------------
// Lines

/** The kind of furniture a line is on its own, or null for story text. `line` is trimmed. */
export function furnitureKind(line: string): FurnitureKind | null {
  if (line.length > MAX_CAPTION) return null;
  if (line.length <= MAX_SHORT_LINE) {
    const kind = shortLineKind(line);
    if (kind) return kind;
    // "Jane Doe | Published 3 hours ago", "By Jane Doe · 5 min read": pieces of furniture run together, where a
    // bare name is a byline because the rest of the line is furniture.
    const pieces = line.split(/\s+[|·•]\s+/u);
    if (pieces.length > 1) {
      const kinds = pieces.map((p) => shortLineKind(p) ?? (PERSON_ONLY.test(p) ? 'name' : null));
      if (kinds.every((k) => k !== null) && kinds.some((k) => k !== 'name')) {
        return kinds.includes('name') ? 'byline' : (kinds[0] as FurnitureKind);
      }
    }
  }
  if (LINK_LINE.test(line)) return 'link';
  if (isCaption(line)) return 'caption';
  return null;
}

function shortLineKind(line: string): FurnitureKind | null {
  if (isByline(line)) return 'byline';
  if (WIDGET_LINE.test(line)) return 'widget';
  if (isTimestamp(line)) return 'timestamp';
  return null;
}

/**
 * The kind of furniture each line is, or null for story text. Lines are trimmed and non-blank, in order; a line
 * can be furniture because of the line before it: the names after a "By" line.
 */
export function markFurniture(lines: readonly string[]): (FurnitureKind | null)[] {
  const kinds = lines.map(furnitureKind);
  for (let i = 0; i + 1 < lines.length; i++) {
    const next = lines[i + 1] as string;
    if (BY_ALONE.test(lines[i] as string) && kinds[i + 1] === null && next.length <= MAX_SHORT_LINE) {
      if (isBylineNames(next)) kinds[i + 1] = 'byline';
    }
  }
  return kinds;
}
