// The API counts offsets in Unicode code points; JavaScript strings index UTF-16 units. This maps
// one to the other for a given text, in O(1) per offset after one pass, and costs nothing when the
// text has no character outside the Basic Multilingual Plane (the usual case).

export function codePointIndex(text: string): (utf16: number) => number {
  let firstAstral = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      firstAstral = i;
      break;
    }
  }
  if (firstAstral < 0) return (i) => i;
  const table = new Uint32Array(text.length + 1);
  let cp = 0;
  for (let i = 0; i <= text.length; i++) {
    table[i] = cp;
    const c = text.charCodeAt(i);
    // The low half of a pair does not start a code point of its own.
    const next = text.charCodeAt(i + 1);
    if (!(c >= 0xd800 && c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff)) cp++;
  }
  return (i) => table[i] as number;
}

/** Code points in s[from, to): a surrogate pair counts once. */
export function codePoints(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    // A high surrogate followed by its low one is one code point.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < to) i++;
    n++;
  }
  return n;
}
