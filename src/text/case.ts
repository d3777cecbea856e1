// Letter case of words and names.
import { RECASED_PARTICLES } from './particles.js';

/** Starts with an upper-case letter. */
export const isCapitalized = (w: string): boolean => /^\p{Lu}/u.test(w);

/** Two or more letters, all upper case (dots allowed): "OPEC", "U.S.", "UNHCR". */
export const isAllCaps = (w: string): boolean => /^\p{Lu}[\p{Lu}.&]*$/u.test(w) && /\p{Lu}.*\p{Lu}/u.test(w);

/**
 * A name written in capitals (a dateline, a headline) as it is written in running text:
 * "NEW YORK" -> "New York", "ST. LOUIS" -> "St. Louis", "PORT-AU-PRINCE" -> "Port-au-Prince".
 */
export function titleCaseName(name: string): string {
  let first = true;
  return name.replace(/[\p{L}\p{M}]+/gu, (word, offset: number) => {
    const lower = word.toLowerCase();
    const prev = name[offset - 1];
    const afterApostrophe = prev === "'" || prev === '’';
    let out: string;
    if (afterApostrophe && word.length === 1)
      out = lower; // "'S"
    else if (!first && RECASED_PARTICLES.has(lower)) out = lower;
    else {
      out = lower.charAt(0).toUpperCase() + lower.slice(1);
      if (/^Mc\p{L}/u.test(out) && out.length > 3) out = `Mc${out.charAt(2).toUpperCase()}${out.slice(3)}`;
    }
    first = false;
    return out;
  });
}
