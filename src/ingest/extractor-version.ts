// The version of the extraction an article went through: a revision number for the code, bumped when
// a change alters what is extracted, and a digest of the shipped model files, which changes with every
// retraining on its own. Stored with each article so `npm run reprocess` knows what is stale.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../paths.js';

/**
 * Bump when a code change alters the entities or quotes extracted from the same text. 3: quotes carry
 * their parts (the words as written), which articles stored before have only as a stand-in.
 */
export const EXTRACTION_CODE_REVISION = 3;

function modelsDigest(dir: string): string {
  const hash = createHash('sha256');
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith('.')) continue;
    hash.update(name).update(readFileSync(join(dir, name)));
  }
  return hash.digest('hex').slice(0, 8);
}

export const EXTRACTOR_VERSION = `${EXTRACTION_CODE_REVISION}-${modelsDigest(join(packageRoot, 'data/models'))}`;
