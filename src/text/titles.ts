// Words of titles and honorifics that stand before a person's name, lower case. Extraction strips
// them from names; the store reads them too, to tell a lone surname ("Mr Blair") from a full name,
// so they live below both.

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
