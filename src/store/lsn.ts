// PostgreSQL WAL positions (log sequence numbers) as text: 'X/Y', two hexadecimal numbers of up to
// 32 bits each, the high and the low half of one 64-bit byte position. They compare as that number:
// '1/0' is after '0/FFFFFFFF', and neither a string comparison nor a float comparison gets that right
// in general (the halves have no leading zeros; 2^64 does not fit a double), so a bigint does it.

const LSN = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/;

/** Whether the text is a WAL position as PostgreSQL prints it (pg_lsn's text form). */
export function isLsn(text: string): boolean {
  return LSN.test(text);
}

/** The 64-bit byte position of 'X/Y'; throws on anything else. */
export function lsnToBigInt(lsn: string): bigint {
  const m = LSN.exec(lsn);
  if (!m) throw new TypeError(`not a WAL position: ${JSON.stringify(lsn)}`);
  return (BigInt(`0x${m[1]}`) << 32n) | BigInt(`0x${m[2]}`);
}

/** Negative, zero or positive as a is before, at or after b. */
export function compareLsn(a: string, b: string): number {
  const x = lsnToBigInt(a);
  const y = lsnToBigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The later of the positions given; undefined ones are ignored (all undefined: undefined). */
export function maxLsn(...positions: (string | undefined)[]): string | undefined {
  let best: string | undefined;
  for (const p of positions) if (p !== undefined && (best === undefined || compareLsn(p, best) > 0)) best = p;
  return best;
}
