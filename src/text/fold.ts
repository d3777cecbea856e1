// Case- and accent-folding: the one normalisation every layer compares text with. Entity keys, sort
// names and name-search terms stored in the database are fold()ed, so changing it changes stored data.
//
// Why NFKD and not NFD: NFKD also takes compatibility forms apart ("ﬁ" -> "fi", "²" -> "2", full-width
// letters, no-break spaces), so a name typed one way finds the name stored the other way. For every
// letter with a canonical decomposition (the accents a news text carries) the two agree, so callers that
// once used NFD (place names in datelines) lose nothing.

/**
 * A key for a long-lived cache. A substring of 13 or more characters is, in V8, a view that keeps its
 * whole parent text alive; cached as is, every article it came from would stay in memory. A copy keeps
 * only itself.
 */
export function cacheKey(s: string): string {
  return s.length < 13 ? s : Buffer.from(s, 'utf16le').toString('utf16le');
}

/**
 * `fn` remembering its recent answers: names repeat across texts. At most `max` are kept (then all
 * forgotten at once), and keys and answers are kept as cacheKey copies: an answer can be its input
 * unchanged, a slice of a whole text like it.
 */
export function remembered(fn: (s: string) => string, max = 50_000): (s: string) => string {
  const cache = new Map<string, string>();
  return (s) => {
    let out = cache.get(s);
    if (out === undefined) {
      out = cacheKey(fn(s));
      if (cache.size >= max) cache.clear();
      cache.set(cacheKey(s), out);
    }
    return out;
  };
}

/** Accent- and case-folded form of a name: "Müller" -> "muller", "Türkiye" -> "turkiye". */
export const fold = remembered((s) =>
  s.normalize('NFKD').replace(/\p{M}/gu, '').replace(/[’‘`]/g, "'").replace(/\s+/g, ' ').trim().toLowerCase(),
);

/** A key-safe slug of a name: folded, runs of other characters turned into single hyphens. */
export function slug(s: string): string {
  return fold(s)
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
}

const unitFolds = new Map<string, string>();
/** One UTF-16 unit folded as fold() would, when that gives one unit; else lower-cased, or left alone. */
function foldUnit(ch: string): string {
  let f = unitFolds.get(ch);
  if (f === undefined) {
    const one = ch.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
    f = one.length === 1 ? one : ch.toLowerCase().length === 1 ? ch.toLowerCase() : ch;
    unitFolds.set(ch, f);
  }
  return f;
}

/**
 * fold() unit by unit, keeping the length, so that an offset into the result is an offset into `s`
 * (a snippet highlights what it found in the folded text). A combining mark that stands alone (text
 * in NFD) stays: matchers skip marks rather than rely on their being gone.
 */
export function foldSameLength(s: string): string {
  const lower = s.toLowerCase();
  // Lower case can lengthen a few letters ("İ"): then fold unit by unit.
  if (lower.length !== s.length) return s.replace(/[A-Z\u0080-\uffff]/g, foldUnit);
  return /[\u0080-\uffff]/.test(lower) ? lower.replace(/[\u0080-\uffff]/g, foldUnit) : lower;
}
