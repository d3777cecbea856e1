// Opaque keyset cursors: the sort key of the last row of a page, as base64url JSON. Clients pass
// them back unchanged; anything that does not decode to the expected shape is refused.
import { InvalidCursorError } from './news-store.js';

type KeyPart = 'number' | 'float' | 'string';

export function encodeCursor(key: (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor<const T extends KeyPart[]>(
  cursor: string,
  shape: T,
): { [K in keyof T]: T[K] extends 'string' ? string : number } {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  const ok =
    Array.isArray(key) &&
    key.length === shape.length &&
    key.every((v, i) =>
      shape[i] === 'number'
        ? Number.isSafeInteger(v)
        : shape[i] === 'float'
          ? typeof v === 'number' && Number.isFinite(v)
          : typeof v === 'string',
    );
  if (!ok) throw new InvalidCursorError();
  return key as { [K in keyof T]: T[K] extends 'string' ? string : number };
}
