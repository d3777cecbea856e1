// Word lists of the quote finder. The attribution cue words and their reliability are learnt from
// PolNeAR's training split (src/cli/train-quotes.ts -> data/models/quote-cues.json); the closed
// classes below are grammar, not data.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../paths.js';

const set = (s: string) => new Set(s.split(/\s+/).filter(Boolean));

export const DEFAULT_CUE_MODEL = join(packageRoot, 'data/models/quote-cues.json');

export interface CueInfo {
  /** Share of the word's occurrences that are annotated attribution cues. */
  ratio: number;
  /** Share of its cue uses whose content follows it. */
  after: number;
}

interface CueModel {
  cues: Map<string, CueInfo>;
  /** Boundary key (", which", "because") -> share of reported contents reaching it that end there. */
  boundaries: Map<string, number>;
}

/**
 * The learnt cue model. A missing or malformed file is an error, not an empty lexicon: without it
 * the finder would quietly lose most cues and every learnt boundary.
 */
export function loadCueModel(path: string): CueModel {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (e) {
    throw new Error(
      `quote cue model ${path} cannot be read (${(e as Error).message}); run src/cli/train-quotes.ts to make it`,
    );
  }
  let model: { cues?: unknown; boundaries?: unknown };
  try {
    model = JSON.parse(raw);
  } catch (e) {
    throw new Error(`quote cue model ${path} is not valid JSON (${(e as Error).message})`);
  }
  const pairs = (x: unknown, what: string): [string, [number, number]][] => {
    if (typeof x !== 'object' || x === null) throw new Error(`quote cue model ${path} has no "${what}" object`);
    const out = Object.entries(x as Record<string, unknown>);
    for (const [k, v] of out)
      if (!Array.isArray(v) || v.length !== 2 || !v.every((n) => typeof n === 'number'))
        throw new Error(`quote cue model ${path}: ${what}["${k}"] is not a pair of numbers`);
    return out as [string, [number, number]][];
  };
  const cues = new Map<string, CueInfo>();
  for (const [w, [ratio, after]] of pairs(model.cues, 'cues')) cues.set(w, { ratio, after });
  const boundaries = new Map<string, number>();
  for (const [k, [share]] of pairs(model.boundaries, 'boundaries')) boundaries.set(k, share);
  return { cues, boundaries };
}

const MODEL = loadCueModel(DEFAULT_CUE_MODEL);

/** Learnt cue words (lower case). */
export const LEARNT_CUES = MODEL.cues;

/** Learnt ends of reported content (content.ts). */
export const LEARNT_BOUNDARIES = MODEL.boundaries;

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
export const FILLERS = set(`also later then again previously earlier recently has had have would will already further
once repeatedly publicly separately reportedly has since often still first last once just never privately
formally openly flatly quickly immediately initially subsequently specifically directly has been`);

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
