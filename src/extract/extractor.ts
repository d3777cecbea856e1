// Entity and quote extraction from the regions of an article (headline, standfirst, dateline, body
// paragraphs), with every learnt model given explicitly: the statistical tagger (src/extract/ner/)
// finds the mentions, buildEntities() turns them into entities, findQuotes() finds the quotes with the
// learnt cue and speaker models. Nothing is read on import: a process builds its extractor once at
// start (loadDefaultExtractor()), where a missing or corrupt model file stops it with the file's name,
// and hands it to whatever extracts (analyseArticle() and the services and tools around it).
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { packageRoot } from '../paths.js';
import { codeDigest } from './code-digest.js';
import { buildEntities } from './entities.js';
import { loadTagger, type Tagger } from './ner/tagger.js';
import { type CueModel, loadCueModel } from './quotes/cue-model.js';
import { findQuotes } from './quotes/index.js';
import { loadSpeakerModel, type SpeakerModel } from './quotes/ranker.js';
import { tokenize } from './tokenize.js';
import type { Extraction, TextRange } from './types.js';

/** The shipped models' folder, whatever the working directory (src/ under tsx or dist/ built). */
export const DEFAULT_MODELS_DIR = join(packageRoot, 'data/models');

/** The model files of a models folder (the NER model's training inputs, clusters and recipe, are not read). */
export const MODEL_FILES = { tagger: 'ner.bin', cues: 'quote-cues.json', speakers: 'quote-speakers.json' } as const;

export interface ExtractorModels {
  tagger: Tagger;
  cues: CueModel;
  speakers: SpeakerModel;
}

export interface ExtractOptions {
  /** Where the body starts: the regions before it are the headline and standfirst (default: after the first region). */
  bodyStart?: number;
}

export interface Extractor {
  /**
   * What produced an extraction: `<code digest>-<models digest>`, changing whenever the extraction
   * code (code-digest.ts) or a model file does. Stored with each article; `npm run reprocess` redoes
   * the articles whose version differs.
   */
  readonly version: string;
  /** The folder the models were read from, so worker threads can read the same; null for models given in memory. */
  readonly modelsDir: string | null;
  readonly models: Readonly<ExtractorModels>;
  extract(text: string, regions: TextRange[], options?: ExtractOptions): Extraction;
}

/**
 * The models' half of the version: a digest of the digests of the files they were read from. A model
 * made in memory (training, tests) has none, and the extractor says so ("unsaved") rather than
 * claiming the version of files it does not run.
 */
function modelsDigest({ tagger, cues, speakers }: ExtractorModels): string {
  const parts = [tagger.digest, cues.digest, speakers.digest];
  if (parts.some((d) => d === undefined)) return 'unsaved';
  return createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 16);
}

export function createExtractor(models: ExtractorModels, modelsDir: string | null = null): Extractor {
  const { tagger, cues, speakers } = models;
  const version = `${codeDigest()}-${modelsDigest(models)}`;
  return {
    version,
    modelsDir,
    models: Object.freeze({ ...models }),
    extract(text, regions, options = {}) {
      const clean = regions
        .map((r) => ({ start: Math.max(0, r.start), end: Math.min(text.length, r.end) }))
        .filter((r) => r.end > r.start)
        .sort((a, b) => a.start - b.start);
      // tokenized once, for the tagger and the quote finder alike
      const regionTokens = clean.map((r) => tokenize(text, r.start, r.end));
      const mentions = tagger.tag(text, clean, regionTokens);
      const { entities } = buildEntities(text, clean, mentions);
      const quotes = findQuotes(text, clean, { entities, regionTokens, bodyStart: options.bodyStart, cues, speakers });
      return { entities, quotes };
    },
  };
}

/**
 * Reads the model files of a models folder (default: the shipped data/models), each once; throws
 * naming a missing or corrupt one. Models in `given` are used as they are and their files not read
 * (the eval and bench tools' --model).
 */
export function defaultModels(dir: string = DEFAULT_MODELS_DIR, given: Partial<ExtractorModels> = {}): ExtractorModels {
  return {
    tagger: given.tagger ?? loadTagger(join(dir, MODEL_FILES.tagger)),
    cues: given.cues ?? loadCueModel(join(dir, MODEL_FILES.cues)),
    speakers: given.speakers ?? loadSpeakerModel(join(dir, MODEL_FILES.speakers)),
  };
}

/** The extractor of a models folder (default: the shipped data/models): what the server and the tools build at start. */
export function loadDefaultExtractor(dir: string = DEFAULT_MODELS_DIR): Extractor {
  return createExtractor(defaultModels(dir), dir);
}
