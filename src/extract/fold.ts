// Case- and accent-folding, for keys that link names across articles and for name search:
// "Vučić", "VUCIC" and "Vucic" fold to the same string.
export function fold(s: string): string {
  return s.normalize('NFKD').replace(/\p{M}/gu, '').replace(/[’‘`]/g, "'").replace(/\s+/g, ' ').trim().toLowerCase();
}
