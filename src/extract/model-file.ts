// Reading a shipped model file: one error naming the file and how to make it, and a digest of the very
// bytes that were parsed, so an extractor's version (extractor.ts) names the models it really runs.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** The bytes of a model file; a missing or unreadable file throws naming it, with `hint` to make it. */
export function readModelFile(path: string, what: string, hint: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    throw new Error(`${what} ${path} cannot be read (${(e as Error).message}); ${hint}`);
  }
}

/** A short digest of a model file's bytes. */
export function bytesDigest(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 16);
}
