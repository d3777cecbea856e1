import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MODELS_DIR, loadDefaultExtractor } from '../../src/extract/extractor.js';
import { createAnalysisPool, createInlineAnalyser } from '../../src/service/analysis-pool.js';
import { extractor } from '../extractor.js';

const crashing = new URL('../fixtures/workers/crashing-analysis-worker.ts', import.meta.url);
const text = async (p: Promise<{ text: string }>) => (await p).text;

describe('the analysis pool', () => {
  it('analyses in a worker thread what analysis on this thread would', async () => {
    const pool = createAnalysisPool(1, extractor);
    try {
      const draft = await pool.analyse('Talks in Lisbon\nPortugal and Spain met on Monday.\n');
      expect(draft.headline).toBe('Talks in Lisbon');
      expect(draft.entities.map((e) => e.name)).toEqual(expect.arrayContaining(['Portugal', 'Spain']));
    } finally {
      await pool.close();
    }
  });

  it("answers POST /extract's JSON from the worker thread, as analysis on this thread would, spans bounded", async () => {
    const pool = createAnalysisPool(1, extractor);
    const article = 'Talks in Lisbon\nPortugal and Spain met on Monday. Portugal said "we agree," Spain said.\n';
    try {
      for (const maxSpans of [1, 100]) {
        const json = await pool.extract(article, { maxSpans, priority: 'public' });
        expect(json).toBe(await createInlineAnalyser(extractor).extract(article, { maxSpans }));
        const answer = JSON.parse(json) as { truncated: boolean; entities: { name: string; mentions: unknown[] }[] };
        const counts = answer.entities.map((e) => [e.name, e.mentions.length]);
        expect(counts).toEqual(
          maxSpans === 1
            ? [['Lisbon', 1]]
            : [
                ['Lisbon', 1],
                ['Portugal', 2],
                ['Spain', 2],
              ],
        );
        expect(answer.truncated).toBe(maxSpans === 1);
      }
    } finally {
      await pool.close();
    }
  });

  it('fails only the task that failed, and replaces a worker that died', async () => {
    const pool = createAnalysisPool(1, extractor, crashing);
    try {
      expect(await text(pool.analyse('first') as never)).toBe('first');
      await expect(pool.analyse('throw')).rejects.toThrow('cannot analyse this');
      await expect(pool.analyse('crash')).rejects.toThrow(/exited with code 3/);
      // A new worker took its place.
      expect(await text(pool.analyse('after') as never)).toBe('after');
    } finally {
      await pool.close();
    }
    await expect(pool.analyse('closed')).rejects.toThrow(/closed/);
  });

  it('runs a public text after the write texts sent meanwhile, on a thread holding nothing else', async () => {
    const pool = createAnalysisPool(1, extractor, crashing);
    try {
      const order: string[] = [];
      const done = (p: Promise<unknown>) => text(p as never).then((t) => order.push(t));
      await Promise.all([
        done(pool.analyse('busy')),
        done(pool.analyse('public', {}, { priority: 'public' })),
        done(pool.analyse('write')),
      ]);
      expect(order).toEqual(['busy', 'write', 'public']);
    } finally {
      await pool.close();
    }
  });

  it('drops a waiting text whose signal is aborted: it is never analysed', async () => {
    const pool = createAnalysisPool(1, extractor, crashing);
    try {
      const busy = pool.analyse('busy');
      const gone = new AbortController();
      const dropped = pool.analyse('dropped', {}, { priority: 'public', signal: gone.signal });
      gone.abort(new Error('the client went away'));
      await expect(dropped).rejects.toThrow('the client went away');
      await busy;
      expect(await text(pool.analyse('seen') as never)).toBe('busy');
    } finally {
      await pool.close();
    }
  });

  it('stops a text being analysed alone when its signal is aborted, and goes on with a new thread', async () => {
    const pool = createAnalysisPool(1, extractor, crashing);
    try {
      const gone = new AbortController();
      const endless = pool.analyse('hang', {}, { priority: 'public', signal: gone.signal });
      gone.abort(new Error('the client went away'));
      await expect(endless).rejects.toThrow('the client went away');
      expect(await text(pool.analyse('after') as never)).toBe('after');
    } finally {
      await pool.close();
    }
  });

  it('gives up, failing every task, when its workers cannot start', async () => {
    const pool = createAnalysisPool(2, extractor, new URL('../fixtures/workers/no-such-worker.ts', import.meta.url));
    try {
      await expect(pool.analyse('one')).rejects.toThrow(/analysis worker/);
      await expect(pool.analyse('two')).rejects.toThrow(/analysis worker/);
    } finally {
      await pool.close();
    }
  });

  it('refuses to analyse when the model files changed since the extractor was built', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pool-models-'));
    cpSync(DEFAULT_MODELS_DIR, dir, { recursive: true });
    const built = loadDefaultExtractor(dir);
    const file = join(dir, 'quote-speakers.json');
    const m = JSON.parse(readFileSync(file, 'utf8'));
    writeFileSync(file, JSON.stringify({ ...m, minP: m.minP / 2 }));
    // the worker's twin would carry another version than the one this process started with
    const pool = createAnalysisPool(1, built);
    try {
      await expect(pool.analyse('Talks in Lisbon\nPortugal and Spain met.\n')).rejects.toThrow(/analysis worker/);
    } finally {
      await pool.close();
    }
  });
});
