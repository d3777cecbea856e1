// Small string helpers shared by the extraction modules.

const folded = new Map<string, string>();

/**
 * A key for a long-lived cache. A substring of 13 or more characters is, in V8, a view that keeps its
 * whole parent text alive; cached as is, every article it came from would stay in memory. A copy keeps
 * only itself.
 */
export function cacheKey(s: string): string {
  return s.length < 13 ? s : Buffer.from(s, 'utf16le').toString('utf16le');
}

/** Accent- and case-folded form of a name: "Müller" -> "muller", "Türkiye" -> "turkiye". */
export function fold(s: string): string {
  let f = folded.get(s);
  if (f === undefined) {
    f = s.normalize('NFKD').replace(/\p{M}/gu, '').replace(/[’‘`]/g, "'").replace(/\s+/g, ' ').trim().toLowerCase();
    // names repeat across texts: remember the recent ones (bounded)
    if (folded.size >= 50_000) folded.clear();
    folded.set(cacheKey(s), f);
  }
  return f;
}

/** A key-safe slug of a name: folded, runs of other characters turned into single hyphens. */
export function slug(s: string): string {
  return fold(s)
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
}

/** Starts with an upper-case letter. */
export const isCapitalized = (w: string): boolean => /^\p{Lu}/u.test(w);

/** Two or more letters, all upper case (dots allowed): "OPEC", "U.S.", "UNHCR". */
export const isAllCaps = (w: string): boolean => /^\p{Lu}[\p{Lu}.&]*$/u.test(w) && /\p{Lu}.*\p{Lu}/u.test(w);

// Lower-case words inside names ("RIO DE JANEIRO" -> "Rio de Janeiro", "PORT-AU-PRINCE" -> "Port-au-Prince").
const NAME_PARTICLES = new Set(
  'of the and de da do dos das del della di du des la le les au aux sur upon on am an der den im y es'.split(' '),
);

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
    else if (!first && NAME_PARTICLES.has(lower)) out = lower;
    else {
      out = lower.charAt(0).toUpperCase() + lower.slice(1);
      if (/^Mc\p{L}/u.test(out) && out.length > 3) out = `Mc${out.charAt(2).toUpperCase()}${out.slice(3)}`;
    }
    first = false;
    return out;
  });
}
