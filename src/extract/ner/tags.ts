// BILOU tags over the four CoNLL entity types, span <-> tag conversion and the valid transitions.

export const TYPES = ['PER', 'ORG', 'LOC', 'MISC'] as const;
export type NerType = (typeof TYPES)[number];

/** Tag k: 0 = O; else type TYPES[(k - 1) >> 2] with part 'BILU'[(k - 1) & 3]. */
export const TAGS: string[] = ['O', ...TYPES.flatMap((t) => ['B', 'I', 'L', 'U'].map((p) => `${p}-${t}`))];
export const N_TAGS = TAGS.length;
export const O = 0;
export const B = 0;
export const I = 1;
export const L = 2;
export const U = 3;

export const tagOf = (type: number, part: number): number => 1 + type * 4 + part;
export const typeOfTag = (tag: number): number => (tag - 1) >> 2;
export const partOfTag = (tag: number): number => (tag - 1) & 3;

/** A span of tokens [start, end) of a type (index into TYPES). */
export interface TokenSpan {
  start: number;
  end: number;
  type: number;
}

/** Writes the BILOU tags of spans (non-overlapping, token indices) into tags (filled with O first). */
export function encode(spans: TokenSpan[], length: number, tags = new Uint8Array(length)): Uint8Array {
  tags.fill(O, 0, length);
  for (const s of spans) writeSpan(tags, s);
  return tags;
}

/** Writes the BILOU tags of one span over whatever tags[span.start, span.end) held. */
export function writeSpan(tags: Uint8Array, s: TokenSpan): void {
  if (s.end - s.start === 1) tags[s.start] = tagOf(s.type, U);
  else {
    tags[s.start] = tagOf(s.type, B);
    for (let i = s.start + 1; i < s.end - 1; i++) tags[i] = tagOf(s.type, I);
    tags[s.end - 1] = tagOf(s.type, L);
  }
}

/**
 * Spans of a tag sequence. Lenient with invalid sequences: a B or I not followed by I or L of the
 * same type closes its span where the type changes; an I or L without a B opens one.
 */
export function decode(tags: ArrayLike<number>, from = 0, to = tags.length): TokenSpan[] {
  const out: TokenSpan[] = [];
  let open = -1;
  let openType = -1;
  for (let i = from; i < to; i++) {
    const t = tags[i] as number;
    if (t === O) {
      if (open >= 0) out.push({ start: open, end: i, type: openType });
      open = -1;
      continue;
    }
    const type = typeOfTag(t);
    const part = partOfTag(t);
    if (open >= 0 && (type !== openType || part === B || part === U)) {
      out.push({ start: open, end: i, type: openType });
      open = -1;
    }
    if (open < 0) {
      open = i;
      openType = type;
    }
    if (part === L || part === U) {
      out.push({ start: open, end: i + 1, type: openType });
      open = -1;
    }
  }
  if (open >= 0) out.push({ start: open, end: to, type: openType });
  return out;
}

/** VALID[prev * N_TAGS + cur]: 1 when cur may follow prev (prev = O at a sentence start). */
export const VALID: Uint8Array = (() => {
  const v = new Uint8Array(N_TAGS * N_TAGS);
  for (let p = 0; p < N_TAGS; p++) {
    for (let c = 0; c < N_TAGS; c++) {
      const inside = p !== O && (partOfTag(p) === B || partOfTag(p) === I);
      let ok: boolean;
      if (inside) ok = c !== O && typeOfTag(c) === typeOfTag(p) && (partOfTag(c) === I || partOfTag(c) === L);
      else ok = c === O || partOfTag(c) === B || partOfTag(c) === U;
      v[p * N_TAGS + c] = ok ? 1 : 0;
    }
  }
  return v;
})();
