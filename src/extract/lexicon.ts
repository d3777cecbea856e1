// Closed word classes for titles and names (entity assembly). Entries are lower case, except in the sets
// matched as written (post-nominals, legal suffixes).

const set = (s: string) => new Set(s.split(/\s+/).filter(Boolean));

/** Heads of titles and ranks that stand before a person's name. */
export const TITLE_HEADS =
  set(`president vice-president president-elect premier chancellor minister secretary secretary-general
general undersecretary under-secretary king queen prince princess emperor empress pope patriarch cardinal archbishop bishop
rabbi imam ayatollah sheikh emir sultan crown senator sen. congressman congresswoman representative rep. governor gov.
mayor lieutenant lt. colonel col. major maj. captain capt. commander cmdr. admiral adm. sergeant sgt. brigadier marshal
spokesman spokeswoman spokesperson ambassador envoy director director-general chairman chairwoman chair ceo cfo coo
commissioner judge justice prosecutor attorney speaker chief head leader founder dr. dr doctor prof. prof professor
coach manager striker midfielder defender goalkeeper president's deputy secretary-of-state inspector superintendent
detective officer dean rector pastor reverend rev. father sister brother sir dame lord lady baron baroness`);

/**
 * Titles of honour that stand before a given name, not a surname: "Sir John", "Dame Judi". "Lord" and
 * "Lady" take either ("Lady Diana", "Lord Sugar"), so the word after any of them may be a given name.
 */
export const GIVEN_NAME_HONOURS = set('sir dame lord lady');

/** Title heads that are also given names: "Dean Jones", "Major Smith" may be a name. */
export const GIVEN_NAME_TITLES = set('dean major judge sister brother father');

/**
 * Government departments, as they name a minister's brief ("Finance Minister", "Defence Secretary"). Before
 * such a title they are part of it, not an organisation. Not "Treasury": that is also the department's
 * name ("Treasury Secretary", where CoNLL-2003 marks "Treasury" an organisation).
 */
export const DEPARTMENTS =
  set(`foreign defence defense interior home finance economy economic trade health justice energy environment
education culture labour labor agriculture transport transportation commerce industry fisheries housing security
intelligence immigration`);

/** Title heads a department word stands before ("Finance Minister"); "Labour leader" is a party's. */
export const MINISTERIAL_HEADS = set('minister secretary undersecretary under-secretary commissioner');

/** Modifiers that may precede a title head ("Foreign Minister", "Deputy Prime Minister"). */
export const TITLE_MODIFIERS = new Set([
  ...DEPARTMENTS,
  ...set(`vice deputy prime acting former interim chief executive senior assistant associate attorney general state
federal first high supreme army navy air force national regional opposition party parliamentary managing junior
prosecutor-general secretary`),
]);

/** Words that may follow "of" inside a title ("Secretary of State", "Minister of Defence"). */
export const TITLE_OBJECTS =
  set(`state defence defense justice health finance foreign affairs interior energy labor labour
commerce transportation education agriculture treasury staff the homeland security economy trade culture`);

/** Honorifics: stripped from names like titles, but not recorded as titles. */
export const HONORIFICS = set('mr mr. mrs mrs. ms ms. mx mx. miss madam mister');

/** A lowercased word that may stand in a title before a name ("deputy", "minister", "of", "mr"). */
export const isTitleWord = (w: string): boolean =>
  TITLE_HEADS.has(w) || TITLE_MODIFIERS.has(w) || HONORIFICS.has(w) || TITLE_OBJECTS.has(w) || w === 'of';

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

/** Connectors allowed between capitalised words of one name ("Bank of England", "Ursula von der Leyen"). */
export const NAME_CONNECTORS = set('of for the de du da das dos van von der den la le del della di al el bin ibn y');
