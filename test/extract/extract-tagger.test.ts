// extract() with the statistical tagger wired in: invented sentences (no name in them is in any
// gazetteer or, as far as a test can tell, in the training data), and the shipped models found from
// compiled code as well as from the sources, with the same extractor version.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_MODEL_PATH } from '../../src/extract/ner/tagger.js';
import { packageRoot } from '../../src/paths.js';
import { extractor } from '../extractor.js';
import { lineRegions } from './helpers.js';

const run = (text: string) => extractor.extract(text, lineRegions(text));
const mentions = (text: string) =>
  run(text)
    .entities.flatMap((e) => e.mentions.map((m) => ({ type: e.type, text: m.text, start: m.start })))
    .sort((a, b) => a.start - b.start)
    .map((m) => [m.type, m.text]);

describe('extract() finds mentions with the tagger', () => {
  it('tags a sports club, a person and a town no list knows', () => {
    expect(mentions('On Saturday, Dravenport United beat Kilbarrow 2-1 after Tomas Vellinger scored twice.')).toEqual([
      ['organization', 'Dravenport United'],
      ['organization', 'Kilbarrow'],
      ['person', 'Tomas Vellinger'],
    ]);
  });

  it('tags a company and its chief executive, the title kept apart', () => {
    const r = run('Shares in Velmora Holdings Inc fell 4 percent after chief executive Arden Pask resigned.');
    expect(r.entities.map((e) => [e.type, e.name, e.titles])).toEqual([
      ['organization', 'Velmora Holdings Inc', []],
      ['person', 'Arden Pask', ['chief executive']],
    ]);
  });

  it('tags a city that is in no gazetteer, and "City, Country" as two places', () => {
    expect(mentions('Floods hit the town of Marrowick, Ireland, on Tuesday, officials said.')).toEqual([
      ['place', 'Marrowick'],
      ['place', 'Ireland'],
    ]);
  });

  it('reads a headline and a dateline in capitals', () => {
    const text =
      'VELMORA HOLDINGS TO CUT 500 JOBS AT MARROWICK PLANT.\nMARROWICK, Ireland 1996-08-30\nVelmora Holdings Inc said on Monday it would cut 500 jobs at its plant in Marrowick.';
    expect(mentions(text)).toEqual([
      ['organization', 'VELMORA HOLDINGS'],
      ['place', 'MARROWICK'],
      ['place', 'MARROWICK'],
      ['place', 'Ireland'],
      ['organization', 'Velmora Holdings Inc'],
      ['place', 'Marrowick'],
    ]);
  });

  it('leaves nationality words and a leading "the" out', () => {
    expect(mentions('The Norwegian delegation met the Baltic Shipping Council in Oslo.')).toEqual([
      ['organization', 'Baltic Shipping Council'],
      ['place', 'Oslo'],
    ]);
  });
});

describe('the shipped model', () => {
  it('is data/models/ner.bin under the package root, and loads', () => {
    expect(DEFAULT_MODEL_PATH).toBe(join(packageRoot, 'data/models/ner.bin'));
    expect(existsSync(DEFAULT_MODEL_PATH)).toBe(true);
    expect(extractor.models.tagger.tag('Anna Berg flew to Oslo.').length).toBeGreaterThan(0);
  });

  // The sources compiled to JavaScript one file each, in the layout of dist/ (src/x.ts -> dist/x.js), in
  // a scratch folder of the package (test-output/ is git-ignored), and the build's code digest written
  // there as `npm run build` writes it: the compiled extractor must still find the models, and carry
  // the version the sources give (an article ingested under tsx is current for the built server).
  const out = join(packageRoot, 'test-output/ner-dist-check/dist');
  afterAll(() => rmSync(dirname(out), { recursive: true, force: true }));

  it('is found from compiled code in dist/ as well', { timeout: 60_000 }, () => {
    const src = join(packageRoot, 'src');
    const walk = (dir: string): string[] =>
      readdirSync(dir).flatMap((f) => {
        const p = join(dir, f);
        return statSync(p).isDirectory() ? walk(p) : p.endsWith('.ts') ? [p] : [];
      });
    for (const file of walk(src)) {
      const js = ts.transpileModule(readFileSync(file, 'utf8'), {
        compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
      }).outputText;
      const target = join(out, relative(src, file)).replace(/\.ts$/, '.js');
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, js);
    }
    execFileSync(process.execPath, [join(out, 'cli/code-digest.js')]);
    const script = `Promise.all([${JSON.stringify(join(out, 'extract/ner/tagger.js'))}, ${JSON.stringify(join(out, 'extract/extractor.js'))}].map((f) => import(f))).then(([t, x]) => {
      const text = 'Anna Berg flew to Oslo.';
      const e = x.loadDefaultExtractor();
      console.log(JSON.stringify({ path: t.DEFAULT_MODEL_PATH, version: e.version, found: e.models.tagger.tag(text).map((s) => text.slice(s.start, s.end)) }));
    })`;
    const res = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }));
    expect(res).toEqual({
      path: join(packageRoot, 'data/models/ner.bin'),
      version: extractor.version,
      found: ['Anna Berg', 'Oslo'],
    });
  });
});
