// The signature of a webhook delivery, as Stripe signs its events: `X-Signature: t=<unix seconds>,v1=<hex>`
// where the hex is HMAC-SHA256, keyed with the search's secret, of `<t>.<the request body>`. Signing the
// time with the body lets a receiver refuse an old request replayed (docs/api.md, "Saved searches").
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-signature';

export function signatureOf(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
}

/** The X-Signature value for a body sent at `at`. */
export function signatureHeader(secret: string, body: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  return `t=${t},v1=${signatureOf(secret, t, body)}`;
}

/**
 * What a receiver does: true when `header` signs `body` with `secret` (any of its v1 values, so a
 * sender may sign with two secrets while one is replaced) at a time no further than `toleranceSeconds`
 * from `now`.
 */
export function verifySignature(
  secret: string,
  header: string,
  body: string,
  { now = new Date(), toleranceSeconds = 300 }: { now?: Date; toleranceSeconds?: number } = {},
): boolean {
  const parts = header.split(',').map((p) => p.trim().split('='));
  const t = Number(parts.find(([k]) => k === 't')?.[1]);
  if (!Number.isSafeInteger(t) || Math.abs(now.getTime() / 1000 - t) > toleranceSeconds) return false;
  const expected = Buffer.from(signatureOf(secret, t, body), 'hex');
  return parts.some(([k, v]) => {
    if (k !== 'v1' || v === undefined || !/^[0-9a-f]{64}$/.test(v)) return false;
    return timingSafeEqual(Buffer.from(v, 'hex'), expected);
  });
}
