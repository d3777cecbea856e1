// Closed word classes for names (entity assembly). Entries are lower case, except in the sets matched as
// written (post-nominals, legal suffixes). Title words are in src/text/titles.ts: the store reads them too.
import { DEPARTMENTS } from '../text/titles.js';

const set = (s: string) => new Set(s.split(/\s+/).filter(Boolean));

/**
 * Letters written after a name (honours, degrees, ranks at the bar, seats), as written: "Jane Roe QC",
 * "John Doe MP". Not "Jr.", which is part of the name.
 */
export const POST_NOMINALS = new Set(
  'QC KC SC MP MEP MSP MLA MPP TD OBE CBE MBE KBE DBE GBE FRS PhD Ph.D. MD M.D. Esq Esq.'.split(' '),
);

/**
 * Legal forms that end a company's name, as written ("Siemens AG", "Apple Inc."): the name without them
 * is the company's. "Group" and "Corporation" are not among them: they are often the name itself
 * ("Wagner Group", "British Broadcasting Corporation").
 */
export const LEGAL_SUFFIXES = new Set(
  `AG Inc Inc. Plc plc PLC Ltd Ltd. Limited LLC L.L.C. LLP SA S.A. NV N.V. GmbH Corp Corp. Co Co. SE SpA S.p.A. BV B.V.
AB ASA Oyj Pty KGaA`.split(/\s+/),
);

/**
 * Words that name a kind of body, not one body ("House", "Senate", "Ministry", "City"): alone, or with
 * only a generic modifier ("Foreign Ministry", "Supreme Court"), a different body in different articles.
 * The tagger also takes them for heads that an "of" complement follows ("City of Westport"). Only
 * institution words: team nicknames ("the Lions", "Rovers") were listed here once, but a list of them is
 * never whole, and no rule tells a nickname from a company named by a plural or a common word, so a
 * nickname links across articles like any name the gazetteer does not know.
 */
export const GENERIC_HEADS =
  set(`house senate congress parliament assembly council committee commission court tribunal ministry department
cabinet government administration party union league federation association board agency authority bureau office
army navy police legislature chamber bank club team company firm university college school hospital church embassy
consulate presidency palace municipality city`);

/** Last words of names of places and buildings, never of a person ("Prince Edward Island", "King George Hospital"). */
export const PLACE_HEADS =
  set(`island islands airport street road avenue square park bridge station port harbour harbor bay river lake mount
mountain mountains valley county province district region stadium arena hall centre center tower building hotel museum
gallery library institute foundation fund trust hospital university college school cathedral abbey memorial`);

/** Words that, before a generic head, still name no one body ("Foreign Ministry", "High Court"). */
export const GENERIC_MODIFIERS = new Set([
  ...[...DEPARTMENTS].filter((w) => w !== 'labour' && w !== 'labor'),
  ...set(`national federal state supreme high central city district regional provincial municipal constitutional
general county local upper lower electoral election appeals appeal public select standing joint special
of for the`),
]);
