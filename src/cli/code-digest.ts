// Run by `npm run build` after the compiler, from dist/: writes the digest of the extraction sources
// (src/extract/code-digest.ts says why) to dist/extract/code-digest.json, where the built code reads it.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CODE_DIGEST_FILE, sourceDigest } from '../extract/code-digest.js';
import { packageRoot } from '../paths.js';

const here = fileURLToPath(import.meta.url);
if (here.endsWith('.ts')) {
  // under tsx the digest is computed from the sources at start; a file in src/ would only go stale
  console.error('code-digest: run the built script (node dist/cli/code-digest.js), as npm run build does');
  process.exit(2);
}
const out = fileURLToPath(new URL(`../extract/${CODE_DIGEST_FILE}`, import.meta.url));
const digest = sourceDigest(join(packageRoot, 'src'));
writeFileSync(out, `${JSON.stringify({ digest })}\n`);
