// The extractor is built from explicit model files: a missing or corrupt one stops the build with the
// file's name, its version follows the models and the code, and what it extracts is what the shipped
// models give. The files changed here are temporary copies, never data/models itself.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { analyseArticle } from '../../src/analysis/analyse-article.js';
import { codeDigest, sourceDigest } from '../../src/extract/code-digest.js';
import { createExtractor, DEFAULT_MODELS_DIR, loadDefaultExtractor, MODEL_FILES } from '../../src/extract/extractor.js';
import { packageRoot } from '../../src/paths.js';
import { extractor } from '../extractor.js';

const scratch = mkdtempSync(join(tmpdir(), 'extractor-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let copies = 0;

/** A copy of the shipped models folder, with `change` applied to it. */
function modelsCopy(change: (dir: string) => void = () => {}): string {
  const dir = join(scratch, `models-${copies++}`);
  cpSync(DEFAULT_MODELS_DIR, dir, { recursive: true });
  change(dir);
  return dir;
}

const TEXT = [
  'Port talks resume in Velmora',
  'Harbour workers and the Marrowick Shipping Company met on Monday.',
  '“We are close to a deal,” said Anna Berg, the union’s negotiator.',
  'The company said it would answer by Friday.',
].join('\n');

describe('building an extractor', () => {
  it.each(Object.entries(MODEL_FILES))('fails naming %s when its file is missing', (_model, file) => {
    const dir = modelsCopy((d) => rmSync(join(d, file)));
    expect(() => loadDefaultExtractor(dir)).toThrow(join(dir, file));
    expect(() => loadDefaultExtractor(dir)).toThrow(/cannot be read/);
  });

  it.each(Object.entries(MODEL_FILES))('fails naming %s when its file is corrupt', (_model, file) => {
    const dir = modelsCopy((d) => writeFileSync(join(d, file), file.endsWith('.json') ? '{"cues": [' : 'not gzip'));
    expect(() => loadDefaultExtractor(dir)).toThrow(join(dir, file));
  });
});

describe('the extractor version', () => {
  it('is the same for the same code and models, and changes when any model file changes', () => {
    expect(loadDefaultExtractor(modelsCopy()).version).toBe(extractor.version);
    const changed = [
      modelsCopy((d) => {
        const p = join(d, MODEL_FILES.speakers);
        const m = JSON.parse(readFileSync(p, 'utf8'));
        writeFileSync(p, JSON.stringify({ ...m, minP: m.minP / 2 }));
      }),
      modelsCopy((d) => {
        const p = join(d, MODEL_FILES.cues);
        writeFileSync(p, `${readFileSync(p, 'utf8').trim()}\n\n`);
      }),
      modelsCopy((d) => {
        const p = join(d, MODEL_FILES.tagger);
        // the same weights compressed again: other bytes, which the version follows (it cannot know
        // two files mean the same model)
        writeFileSync(p, gzipSync(gunzipSync(readFileSync(p)), { level: 1 }));
      }),
    ].map((dir) => loadDefaultExtractor(dir).version);
    expect(new Set([extractor.version, ...changed]).size).toBe(4);
  });

  it('starts with the digest of the extraction sources, which changes with them', () => {
    expect(extractor.version.startsWith(`${codeDigest()}-`)).toBe(true);
    expect(codeDigest()).toBe(sourceDigest(join(packageRoot, 'src')));
    const src = join(scratch, 'src');
    cpSync(join(packageRoot, 'src/extract'), join(src, 'extract'), { recursive: true });
    cpSync(join(packageRoot, 'src/analysis'), join(src, 'analysis'), { recursive: true });
    const before = sourceDigest(src);
    const file = join(src, 'extract/quotes/lexicon.ts');
    writeFileSync(file, readFileSync(file, 'utf8').replace('he she they it we i you', 'he she they it we i'));
    expect(sourceDigest(src)).not.toBe(before);
  });

  it('says "unsaved" for models made in memory rather than claim the files', () => {
    const { tagger, cues, speakers } = extractor.models;
    const inMemory = createExtractor({ tagger, cues, speakers: { weights: speakers.weights, minP: speakers.minP } });
    expect(inMemory.version).toBe(`${codeDigest()}-unsaved`);
    expect(inMemory.modelsDir).toBeNull();
  });
});

describe('what it extracts', () => {
  it('is the same from every extractor of the same models', () => {
    const again = loadDefaultExtractor(modelsCopy());
    expect(analyseArticle(TEXT, {}, again)).toEqual(analyseArticle(TEXT, {}, extractor));
    const { entities, quotes } = analyseArticle(TEXT, {}, extractor);
    expect(entities.map((e) => e.name)).toEqual(expect.arrayContaining(['Anna Berg']));
    expect(quotes.map((q) => q.text)).toContain('We are close to a deal,');
  });

  it('follows the models it was given: no speaker model threshold, no speaker', () => {
    const { tagger, cues, speakers } = extractor.models;
    const strict = createExtractor({ tagger, cues, speakers: { ...speakers, minP: 1.01 } });
    const speakerOf = (x: typeof extractor, q: string) =>
      analyseArticle(TEXT, {}, x).quotes.find((d) => d.text.startsWith(q))?.speaker;
    // "it" is resolved by the ranker: above any probability, nobody
    expect(speakerOf(extractor, 'it would answer')).not.toBeNull();
    expect(speakerOf(strict, 'it would answer')).toBeNull();
  });
});
