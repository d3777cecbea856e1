// Word lists of the quote finder: closed classes, grammar rather than data, so constants. The
// attribution cue words and their reliability, the frames each is a cue in, and where reported
// content ends are learnt from PolNeAR's training split (src/cli/train-quotes.ts ->
// data/models/quote-cues.json): that model is loaded with the extractor (src/extract/extractor.ts)
// and reaches the passes through the QuoteDoc (context.ts), never as a module global.
export { type CueInfo, DEFAULT_CUE_MODEL, loadCueModel } from './cue-model.js';

const set = (s: string) => new Set(s.split(/\s+/).filter(Boolean));

/** Verbs of speech that always count as cues, whatever the learnt lexicon says. */
export const CORE_SPEECH =
  set(`say says said saying tell tells told telling add adds added adding write writes wrote writing
tweet tweets tweeted argue argues argued insist insists insisted explain explains explained note notes noted
warn warns warned claimed declare declares declared stated asks asked replies replied
responds responded continued acknowledge acknowledges acknowledged`);

/** Cues that take a reported clause without "that": "X said the talks failed". */
export const BARE_CLAUSE = set(`say says said saying tell tells told telling add adds added adding write writes wrote
writing insist insists insisted argue argues argued claim claimed warn warns warned stated
tweet tweets tweeted explain explains explained predict predicts predicted think thinks thought believe believes
believed suggest suggests suggested acknowledge acknowledged admit admitted admits`);

/** Cues whose object is a person addressed, not the content: "told reporters", "asked her". */
export const ADDRESSEE_CUES = set(
  'tell tells told telling ask asks asked asking urge urges urged urging assured remind reminded',
);

/** Participles that attribute to the clause's subject: "..., saying the plan failed". */
export const PARTICIPLE_CUES = set(`saying adding noting arguing telling warning insisting explaining claiming calling
suggesting citing asking accusing declaring describing acknowledging predicting promising vowing urging`);

/** Words that may stand between a speaker and the cue ("he also said", "she has said"). */
export const FILLERS =
  set(`also later then again previously earlier recently has had have would will already further once
repeatedly publicly separately reportedly since often still first last just never privately formally
openly flatly quickly immediately initially subsequently specifically directly been`);

export const PRONOUNS = set('he she they it we i you');
export const PERSON_PRONOUN = set('he she');

/** Words that start a noun phrase. */
export const DETERMINERS = set(`the a an his her its their this that these those our one another some several many
two three four most other both each`);

/** Words that end a speaker phrase when scanning back from the cue. */
export const SPEAKER_STOPS = set(`that which who whom whose when while because but as if after before since although
though so where than not what whether how why`);

/** Objects of "told" that are not part of the content. */
export const TOLD_OBJECTS = set(`reporters journalists the press media lawmakers parliament congress supporters him her
them us me it crowd audience voters viewers listeners`);

/** Words that cannot start reported content. */
export const BAD_CONTENT_START =
  set(`in on at during after before for with by from about to into over under through since
until while last next this earlier later of`);

/** Auxiliaries between a speaker and a participle cue: "X is calling for", "she was telling". */
export const AUXILIARIES = set("is are was were been be 's ’s");

/** Words after a comma that end reported content: a non-restrictive or adverbial clause. */
export const CONTENT_STOPS = set('which while whereas');
