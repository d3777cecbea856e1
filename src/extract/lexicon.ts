// Closed word classes for titles and names (entity assembly). All entries are lower case.

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

/** Modifiers that may precede a title head ("Foreign Minister", "Deputy Prime Minister"). */
export const TITLE_MODIFIERS =
  set(`vice deputy prime foreign defence defense interior home finance economy economic trade
health justice energy environment education culture labour labor agriculture transport defense acting former interim
chief executive senior assistant associate attorney general state federal first high supreme army navy air force
national regional opposition party parliamentary managing junior prosecutor-general secretary`);

/** Words that may follow "of" inside a title ("Secretary of State", "Minister of Defence"). */
export const TITLE_OBJECTS =
  set(`state defence defense justice health finance foreign affairs interior energy labor labour
commerce transportation education agriculture treasury staff the homeland security economy trade culture`);

/** Honorifics: stripped from names like titles, but not recorded as titles. */
export const HONORIFICS = set('mr mr. mrs mrs. ms ms. miss madam mister');

/** Connectors allowed between capitalised words of one name ("Bank of England", "Ursula von der Leyen"). */
export const NAME_CONNECTORS = set('of for the de du da das dos van von der den la le del della di al el bin ibn y');
