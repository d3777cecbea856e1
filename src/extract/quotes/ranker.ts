// The learnt part of speaker resolution: candidate entities for a pronoun or description at an
// attribution site, described by a few features, scored by a conditional logit whose weights are
// learnt from PolNeAR's training split (src/cli/train-speakers.ts -> data/models/quote-speakers.json;
// how it learns is written there). The hard constraints (type, gender, title, never inside the
// quote) are in speakers.ts; this file only orders what is left.
import { join } from 'node:path';
import { packageRoot } from '../../paths.js';
import { wordCount } from '../../text/words.js';
import { bytesDigest, readModelFile } from '../model-file.js';
import { CORE_SPEECH } from './lexicon.js';
import type { MentionRef, SpeakerIndex } from './speakers.js';

export const DEFAULT_SPEAKER_MODEL = join(packageRoot, 'data/models/quote-speakers.json');

/** The features of a candidate, in the order of the model's weights. */
export const FEATURES = [
  'nearest', // the most recent candidate
  'log-rank', // log(1 + candidates between it and the site)
  'log-mentions', // log(1 + mentions of any entity between it and the site)
  'log-sentences', // log(1 + sentence breaks between it and the site)
  'same-paragraph',
  'subject', // the first mention of its sentence, near the sentence start
  'speaker', // next to a word of speech ("X said", "said X"): it has spoken before
  'log-frequency', // log(1 + its mentions in the article)
  'most-frequent', // the most mentioned of the candidates
  'lede', // mentioned in the article's opening
] as const;

export interface SpeakerModel {
  weights: number[];
  /** Below this probability the best candidate is not a reading the text supports: no speaker. */
  minP: number;
  /** Digest of the file it was read from (model-file.ts); absent for a model made in memory. */
  digest?: string;
}

/** A candidate: the entity and its most recent mention before the site. */
export interface Candidate {
  entity: number;
  mention: MentionRef;
  /** Index of that mention in index.mentions. */
  k: number;
}

/** How much of the article counts as its opening, in characters (headline and first paragraph). */
const LEDE_CHARS = 400;

export function features(index: SpeakerIndex, cands: Candidate[], pos: number, posK: number): number[][] {
  const { text } = index;
  let maxFreq = 0;
  for (const c of cands) maxFreq = Math.max(maxFreq, index.entities[c.entity]?.mentions.length ?? 0);
  const posSentence = index.sentenceOf(pos);
  return cands.map((c, rank) => {
    const m = c.mention;
    const freq = index.entities[c.entity]?.mentions.length ?? 0;
    const sentence = index.sentenceOf(m.start);
    const sentStart = index.sentenceStart(sentence);
    const prev = index.mentions[c.k - 1];
    const subject = (!prev || prev.start < sentStart) && wordCount(text.slice(sentStart, m.start)) <= 4;
    const after = text.slice(m.end, m.end + 30).match(/[\p{L}]+/gu) ?? [];
    const before = text.slice(Math.max(0, m.start - 20), m.start).match(/[\p{L}]+/gu) ?? [];
    const spoke =
      after.slice(0, 3).some((w) => CORE_SPEECH.has(w.toLowerCase())) || CORE_SPEECH.has(before.at(-1) ?? '');
    const first = index.entities[c.entity]?.mentions[0]?.start ?? m.start;
    return [
      rank === 0 ? 1 : 0,
      Math.log1p(rank),
      Math.log1p(Math.max(0, posK - c.k - 1)),
      Math.log1p(Math.max(0, posSentence - sentence)),
      text.slice(m.end, pos).includes('\n') ? 0 : 1,
      subject ? 1 : 0,
      spoke ? 1 : 0,
      Math.log1p(freq),
      freq === maxFreq ? 1 : 0,
      first < LEDE_CHARS ? 1 : 0,
    ];
  });
}

/** Probabilities of the candidates (softmax of their scores). */
export function probabilities(weights: number[], feats: number[][]): number[] {
  const scores = feats.map((f) => f.reduce((s, x, i) => s + x * (weights[i] ?? 0), 0));
  const top = Math.max(...scores);
  const exp = scores.map((s) => Math.exp(s - top));
  const sum = exp.reduce((a, b) => a + b, 0);
  return exp.map((e) => e / sum);
}

/** Reads the model; a missing or malformed file is an error of the installation, thrown here. */
export function loadSpeakerModel(path: string = DEFAULT_SPEAKER_MODEL): SpeakerModel {
  const bytes = readModelFile(path, 'speaker model', 'train it: npm run train:quotes');
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder().decode(bytes));
  } catch (err) {
    throw new Error(`speaker model ${path} is not valid JSON (train it: npm run train:quotes): ${err}`);
  }
  const m = raw as { features?: unknown; weights?: unknown; minP?: unknown };
  const ok =
    Array.isArray(m.features) &&
    m.features.join() === FEATURES.join() &&
    Array.isArray(m.weights) &&
    m.weights.length === FEATURES.length &&
    m.weights.every((w) => typeof w === 'number' && Number.isFinite(w)) &&
    typeof m.minP === 'number';
  if (!ok) throw new Error(`speaker model ${path} does not match the features of ranker.ts: retrain it`);
  return { weights: m.weights as number[], minP: m.minP as number, digest: bytesDigest(bytes) };
}
