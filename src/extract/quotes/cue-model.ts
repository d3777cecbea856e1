// The learnt cue model's file (src/cli/train-quotes.ts writes it, the extractor reads it: extractor.ts) and the keys
// of its content boundaries, shared by the trainer and the finder so both read a boundary alike.
// The trainer imports this file before any model exists: nothing here reads a file on import.
import { join } from 'node:path';
import { packageRoot } from '../../paths.js';
import { bytesDigest, readModelFile } from '../model-file.js';

export const DEFAULT_CUE_MODEL = join(packageRoot, 'data/models/quote-cues.json');

export interface CueInfo {
  /** Share of the word's occurrences that are annotated attribution cues. */
  ratio: number;
  /** Share of its cue uses whose content follows it. */
  after: number;
}

export interface CueModel {
  cues: Map<string, CueInfo>;
  /** Boundary key (", which", "because") -> share of reported contents reaching it that end there. */
  boundaries: Map<string, number>;
  /** "word frame" (cueFrame) -> share of the word's uses in that frame that are annotated cues. */
  frames: Map<string, number>;
  /** Digest of the file it was read from (model-file.ts); absent for a model made in memory. */
  digest?: string;
}

/**
 * The learnt cue model. A missing or malformed file is an error, not an empty lexicon: without it
 * the finder would quietly lose most cues and every learnt boundary.
 */
export function loadCueModel(path: string): CueModel {
  const bytes = readModelFile(path, 'quote cue model', 'run src/cli/train-quotes.ts to make it');
  const raw = new TextDecoder().decode(bytes);
  let model: { cues?: unknown; boundaries?: unknown; frames?: unknown };
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
  const frames = new Map<string, number>();
  for (const [k, [share]] of pairs(model.frames, 'frames')) frames.set(k, share);
  return { cues, boundaries, frames, digest: bytesDigest(bytes) };
}

/** Pronouns that open a clause (closed class). */
const SUBJECT_PRONOUNS = new Set('i you he she it we they there'.split(' '));
/** Determiners and quantifiers that open a noun phrase (closed class). */
const NP_OPENERS = new Set(
  'the a an this that these those his her its their our my your some many most all'.split(' '),
);

/** Class of the word after a boundary word: what kind of phrase follows ", and" or "but". */
function nextClass(next: string): string {
  const w = next.toLowerCase();
  if (SUBJECT_PRONOUNS.has(w)) return '<Pron>';
  if (NP_OPENERS.has(w)) return '<Det>';
  if (/^\p{Lu}/u.test(next)) return '<Cap>';
  if (/^\p{N}/u.test(next)) return '<Num>';
  return '<w>';
}

/**
 * The keys of a boundary candidate, most specific first: a comma (or none) and the word after it,
 * then the same with the class of the word after that (", and <Pron>" opens a new clause, ", and
 * <w>" mostly a second verb of the same one). A capitalised word after a comma is one class (a name
 * or title: "..., Smith said"), not a list of names.
 */
export function boundaryKeys(comma: boolean, word: string, next: string | undefined): string[] {
  const w = word.toLowerCase();
  const head = comma ? `, ${/^\p{Lu}/u.test(word) && !BOUNDARY_WORDS.has(w) ? '<Cap>' : w}` : w;
  return next === undefined ? [head] : [`${head} ${nextClass(next)}`, head];
}

/** Words that can open a clause joined to the reported one without a comma (closed class). */
export const BOUNDARY_WORDS = new Set(
  `and but or nor so yet while whereas as because since although though which who when where after before if
unless until than whether once`.split(/\s+/),
);

/**
 * The frame a word stands in, from the text right after it: "said that" (that), "said:" (colon),
 * "..., X said." (end: content before or a direct quote), "said he" (pron), "said the" (det), "said
 * Smith" (cap), anything else (other: "said on", "called for"). The trainer learns how often a cue
 * word is a cue in each frame; the matchers ask the same of the word in front of them.
 */
export function cueFrame(after: string): string {
  const m = /^\s*(:|[,.;!?"“”'‘’)]|\p{L}+|\p{N}+)/u.exec(after);
  const t = m?.[1];
  if (t === undefined) return 'end';
  if (t === ':') return 'colon';
  if (!/^[\p{L}\p{N}]/u.test(t)) return 'end';
  const w = t.toLowerCase();
  if (w === 'that') return 'that';
  if (SUBJECT_PRONOUNS.has(w)) return 'pron';
  if (NP_OPENERS.has(w)) return 'det';
  if (/^\p{Lu}/u.test(t)) return 'cap';
  return 'other';
}
