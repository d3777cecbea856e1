// The layers of src/ and the arrows between them that must not exist. Every relative import of every
// source file is read (a regular expression over `from '…'`, `import '…'` and `import('…')` is enough
// for this code base's style) and checked against the rules below; a failure names the file and the
// import, so the fix is obvious.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = join(dirname(fileURLToPath(import.meta.url)), '..', 'src');

/**
 * Layers (the first folder under src/; files directly in src/ are '.') that a layer must not import.
 * '*' is every layer but the importer's own: src/text is a leaf every layer may build on.
 */
const FORBIDDEN: Record<string, string[]> = {
  extract: ['store', 'http'],
  store: ['http', 'extract'],
  analysis: ['http'],
  schemas: ['store'],
  // The search language is read apart from any engine, so that both compile one tree.
  search: ['store', 'http', 'extract', 'analysis', 'schemas', 'service', 'cli'],
  text: ['*'],
};

const IMPORT = /(?:\bfrom\s*|\bimport\s*\(?\s*)'([^']+)'/g;

/** The layer of a path relative to src/, in POSIX form. */
const layerOf = (path: string): string => (path.includes('/') ? (path.split('/')[0] as string) : '.');

/** Every forbidden import in `files` (paths relative to src/, POSIX form), as readable lines. */
function layerViolations(files: Map<string, string>): string[] {
  const out: string[] = [];
  for (const [file, source] of files) {
    const from = layerOf(file);
    const rules = FORBIDDEN[from] ?? [];
    for (const m of source.matchAll(IMPORT)) {
      const spec = m[1] as string;
      if (!spec.startsWith('.')) continue; // a package or node: builtin, not a layer
      const target = posix.normalize(posix.join(posix.dirname(file), spec));
      if (target.startsWith('../')) continue; // outside src/ (package.json, migrations)
      const to = layerOf(target);
      if (to === from) continue;
      if (rules.includes(to) || rules.includes('*'))
        out.push(`src/${file} imports '${spec}': ${from} -> ${to} is a forbidden arrow`);
    }
  }
  return out;
}

function sourcesUnder(dir: string, files = new Map<string, string>()): Map<string, string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) sourcesUnder(path, files);
    else if (/\.(ts|mts|js|mjs)$/.test(entry.name))
      files.set(relative(SRC, path).split(sep).join('/'), readFileSync(path, 'utf8'));
  }
  return files;
}

describe('layers', () => {
  it('src/ has no import across a forbidden arrow', () => {
    const files = sourcesUnder(SRC);
    expect(files.size).toBeGreaterThan(50);
    expect(layerViolations(files)).toEqual([]);
  });

  it('the check finds each kind of forbidden import, and names the file and the import', () => {
    const files = new Map([
      ['store/a.ts', "import { fold } from '../extract/text-utils.js';"],
      ['extract/b.ts', "import type { NewsStore } from '../store/news-store.js';"],
      ['extract/quotes/c.ts', "const h = await import('../../http/problems.js');"],
      ['analysis/d.ts', "import '../http/app.js';"],
      ['schemas/e.ts', "export { x } from '../store/cursor.js';"],
      ['text/f.ts', "import { packageRoot } from '../paths.js';"],
      // Allowed: within a layer, down to src/text, extract -> analysis-free folders, packages.
      ['text/g.ts', "import { fold } from './fold.js';"],
      ['store/h.ts', "import { fold } from '../text/fold.js';\nimport Database from 'better-sqlite3';"],
      ['analysis/i.ts', "import { extract } from '../extract/extract.js';"],
    ]);
    expect(layerViolations(files)).toEqual([
      "src/store/a.ts imports '../extract/text-utils.js': store -> extract is a forbidden arrow",
      "src/extract/b.ts imports '../store/news-store.js': extract -> store is a forbidden arrow",
      "src/extract/quotes/c.ts imports '../../http/problems.js': extract -> http is a forbidden arrow",
      "src/analysis/d.ts imports '../http/app.js': analysis -> http is a forbidden arrow",
      "src/schemas/e.ts imports '../store/cursor.js': schemas -> store is a forbidden arrow",
      "src/text/f.ts imports '../paths.js': text -> . is a forbidden arrow",
    ]);
  });
});
