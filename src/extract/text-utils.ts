// Small string helpers shared by the extraction modules.

/** Accent- and case-folded form of a name: "Đoković" -> "dokovic", "Türkiye" -> "turkiye". */
export function fold(s: string): string {
  return s.normalize('NFKD').replace(/\p{M}/gu, '').replace(/[’‘`]/g, "'").replace(/\s+/g, ' ').trim().toLowerCase();
}

/** A key-safe slug of a name: folded, runs of other characters turned into single hyphens. */
export function slug(s: string): string {
  return fold(s)
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
}

/** Starts with an upper-case letter. */
export const isCapitalized = (w: string): boolean => /^\p{Lu}/u.test(w);

/** Two or more letters, all upper case (dots allowed): "NATO", "U.S.", "UNMIK". */
export const isAllCaps = (w: string): boolean => /^\p{Lu}[\p{Lu}.&]*$/u.test(w) && /\p{Lu}.*\p{Lu}/u.test(w);
