// Closed word classes for titles, names and speech (entity assembly and the quote finder). All entries
// are lower case.

const set = (s: string) => new Set(s.split(/\s+/).filter(Boolean));

/** Words that are capitalised only because they open a sentence or a headline; never names on their own. */
export const FUNCTION_WORDS =
  set(`a an the this that these those there here it its it's i i'm me my we our us you your he him his
she her they them their who whom whose which what when where why how whether if then than and or but nor so yet for of
to in on at by from with without into onto upon about above below over under after before during since until while
as because although though unless once also still even just only not no yes all any some many much more most few
several each every both either neither other another such own same one two three four five six seven eight nine ten
is are was were be been being am do does did have has had will would shall should can could may might must
following according despite amid among against between through across toward towards around near beyond within
however meanwhile moreover furthermore nevertheless instead otherwise thus hence therefore indeed perhaps
today tonight yesterday tomorrow now later earlier recently currently soon again already
mr mrs ms miss dr prof sir madam mr. mrs. ms. dr. prof. st. st`);

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

export const PERSON_PRONOUNS = set('he she him her');
export const SPEAKER_PRONOUNS = set('he she they it we i');

/** Verbs of speech and writing that introduce direct and reported speech. */
export const SPEECH_VERBS =
  set(`say says said saying tell tells told add adds added note notes noted state states stated
announce announces announced warn warns warned stress stresses stressed explain explains explained insist insists insisted
argue argues argued claim claims claimed declare declares declared assert asserts asserted acknowledge acknowledges
acknowledged admit admits admitted confirm confirms confirmed deny denies denied write writes wrote tweet tweets tweeted
reply replies replied respond responds responded comment comments commented remark remarks remarked continue continues
continued conclude concludes concluded emphasize emphasizes emphasized emphasise emphasises emphasised maintain maintains
maintained predict predicts predicted recall recalls recalled report reports reported suggest suggests suggested
ask asks asked vow vows vowed pledge pledges pledged promise promises promised caution cautions cautioned observe
observes observed urge urges urged contend contends contended complain complains complained reiterate reiterates
reiterated`);

/** Speech verbs that take a reported clause without "that" ("X said the talks failed"); the others
 * take a "that" clause for reported speech and a noun object otherwise ("declared its independence"). */
export const BARE_CLAUSE_VERBS =
  set(`say says said saying tell tells told add adds added write writes wrote insist insists
insisted argue argues argued claim claims claimed warn warns warned state states stated`);

/** Words that may stand between a speaker and the verb ("he also said", "she has said"). */
export const SPEAKER_VERB_FILLERS = set(`also later then again previously earlier recently has had have would will
had already further once repeatedly publicly separately reportedly`);

/** Objects of "told" that are not part of the reported content. */
export const TOLD_OBJECTS = set(`reporters journalists the press media lawmakers parliament congress supporters
him her them us me it crowd audience`);

/** Words that introduce a noun-phrase speaker ("the minister", "a spokesman"). */
export const DETERMINERS = set(
  'the a an his her its their this that these those our one another some several two three',
);

/** Prepositions that cannot open reported content ("said on Tuesday." is not a quote). */
export const PREPOSITIONS =
  set(`in on at during after before for with by from about to into over under through since until
while last next this earlier later`);
