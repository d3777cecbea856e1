// A digest of the code that decides what is extracted, one half of the extractor's version
// (extractor.ts): it changes whenever that code changes, with no constant to remember to bump.
//
// What is hashed: the TypeScript sources of src/extract, src/analysis (article parsing, ids, offsets)
// and src/text (shared text utilities), file name and bytes, in name order. Comments count too: a
// comment-only change makes `npm run reprocess` redo work that was not needed, never skip work that was.
//
// Where: run from source (tsx, vitest) the sources are hashed at start. Built, the code in dist/ is
// JavaScript and the runtime image has no src/ (Dockerfile), so `npm run build` hashes the same
// sources with the same function (src/cli/code-digest.ts) into dist/extract/code-digest.json, which
// is read at start. One value for one source tree whether it runs under tsx or from dist/, so an
// article ingested by a CLI under tsx is current for the built server.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Folders of src/ whose code decides what is extracted from a text. */
export const EXTRACTION_SOURCES = ['extract', 'analysis', 'text'];

/** Where a build keeps the digest, beside this module in dist/extract/. */
export const CODE_DIGEST_FILE = 'code-digest.json';

/** The digest of the extraction sources under srcDir (a folder laid out as src/). */
export function sourceDigest(srcDir: string): string {
  const hash = createHash('sha256');
  for (const folder of EXTRACTION_SOURCES) {
    const root = join(srcDir, folder);
    if (!existsSync(root)) continue;
    const files = (readdirSync(root, { recursive: true }) as string[])
      .filter((f) => f.endsWith('.ts'))
      // the same order and names on every platform
      .map((f) => f.split(sep).join('/'))
      .sort();
    for (const f of files)
      hash
        .update(`${folder}/${f}\0`)
        .update(readFileSync(join(root, f)))
        .update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

/** The digest of the extraction code this process runs (see the header for where it comes from). */
export function codeDigest(): string {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.ts')) return sourceDigest(join(dirname(here), '..'));
  const file = join(dirname(here), CODE_DIGEST_FILE);
  let digest: unknown;
  try {
    digest = JSON.parse(readFileSync(file, 'utf8')).digest;
  } catch (e) {
    throw new Error(`${file} cannot be read (${(e as Error).message}); npm run build writes it`);
  }
  if (typeof digest !== 'string' || !/^[0-9a-f]{16}$/.test(digest)) throw new Error(`${file} holds no digest`);
  return digest;
}
