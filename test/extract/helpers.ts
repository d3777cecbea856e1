import type { TextRange } from '../../src/extract/types.js';

/** One region per non-empty line. */
export function lineRegions(text: string): TextRange[] {
  const out: TextRange[] = [];
  let p = 0;
  for (const line of text.split('\n')) {
    if (line.trim()) out.push({ start: p, end: p + line.length });
    p += line.length + 1;
  }
  return out;
}
