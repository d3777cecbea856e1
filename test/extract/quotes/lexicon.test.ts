// The learnt cue model must load or fail loudly: a silently empty lexicon loses most reported speech.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CUE_MODEL, loadCueModel } from '../../../src/extract/quotes/lexicon.js';

describe('quote cue model', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cue-model-'));

  it('loads the shipped model with cues and boundaries', () => {
    const m = loadCueModel(DEFAULT_CUE_MODEL);
    expect(m.cues.size).toBeGreaterThan(50);
    expect(m.boundaries.size).toBeGreaterThan(10);
  });

  it('throws a clear error for a missing file', () => {
    expect(() => loadCueModel(join(dir, 'nope.json'))).toThrow(/cannot be read.*train-quotes/);
  });

  it('throws a clear error for a corrupt file', () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"cues": {"said": [0.9');
    expect(() => loadCueModel(bad)).toThrow(/not valid JSON/);
    writeFileSync(bad, '{"cues": {"said": "often"}, "boundaries": {}}');
    expect(() => loadCueModel(bad)).toThrow(/cues\["said"\] is not a pair/);
    writeFileSync(bad, '{"cues": {}}');
    expect(() => loadCueModel(bad)).toThrow(/no "boundaries"/);
  });
});
