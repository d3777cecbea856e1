// The article as IPTC ninjs 2.2, and the content negotiation that picks it.
import type { Article } from '../schemas/article.js';
import { NINJS_MEDIA_TYPE, NINJS_SCHEMA_URI, type Ninjs } from '../schemas/ninjs.js';

/**
 * Countries get the URI of their ISO 3166-1 entry on the ISO Online Browsing Platform. Codes ISO
 * leaves to users (AA, QM-QZ, XA-XZ, ZZ; XK is a common one) have no entry there, so no URI.
 */
export function countryUri(code: string | null): string | undefined {
  if (code === null || !/^[A-Z]{2}$/.test(code)) return undefined;
  if (code === 'AA' || code === 'ZZ' || code.startsWith('X') || (code[0] === 'Q' && code >= 'QM')) return undefined;
  return `https://www.iso.org/obp/ui/#iso:code:3166:${code}`;
}

/** A date-time with a zone, as ninjs's `date-time` format wants; a bare date is not one. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

export function toNinjs(article: Article): Ninjs {
  const things = (type: Article['entities'][number]['type']) =>
    article.entities
      .filter((e) => e.type === type)
      .map((e) => {
        const uri = countryUri(e.countryCode);
        return { name: e.name, rel: 'mentions' as const, ...(uri ? { uri } : {}), literal: e.id };
      });
  const d = article.dateline;
  const located = d ? [d.city, d.country].filter(Boolean).join(', ') || d.text : '';
  return {
    uri: `urn:newswire:article:${article.id}`,
    type: 'text',
    representationtype: 'full',
    standard: { name: 'ninjs', version: '2.2', schema: NINJS_SCHEMA_URI },
    versioncreated: article.ingestedAt,
    ...(article.publishedAt && DATE_TIME.test(article.publishedAt) ? { firstcreated: article.publishedAt } : {}),
    language: article.language ?? 'en',
    headlines: [{ role: 'main', contenttype: 'text/plain', value: article.headline }],
    ...(article.standfirst
      ? { descriptions: [{ role: 'summary', contenttype: 'text/plain' as const, value: article.standfirst }] }
      : {}),
    bodies: [
      {
        role: 'main',
        contenttype: 'text/plain',
        charcount: Array.from(article.body).length,
        value: article.body,
      },
    ],
    ...(located ? { located } : {}),
    people: things('person'),
    organisations: things('organization'),
    places: things('place'),
    ...(article.source ? { infosources: [{ name: article.source.name }] } : {}),
  };
}

interface Match {
  q: number;
  /** 2: named exactly, 1: `application/*`, 0: `*\/*`, -1: not acceptable. */
  specificity: number;
  order: number;
}

function match(ranges: { type: string; q: number }[], mediaType: string): Match {
  let best: Match = { q: 0, specificity: -1, order: Number.POSITIVE_INFINITY };
  const [major] = mediaType.split('/');
  ranges.forEach(({ type, q }, order) => {
    const specificity = type === mediaType ? 2 : type === `${major}/*` ? 1 : type === '*/*' ? 0 : -1;
    if (specificity > best.specificity) best = { q, specificity, order };
  });
  return best;
}

/**
 * Whether an Accept header asks for ninjs over JSON: ninjs must be acceptable and preferred (a higher
 * q, or the same q and named explicitly before JSON or instead of it). Anything else gets JSON, as
 * before: no Accept, `*\/*`, `application/json`, or types this resource does not have.
 */
export function prefersNinjs(accept: string | undefined): boolean {
  if (!accept) return false;
  const ranges = accept.split(',').map((part) => {
    const [type = '', ...params] = part.split(';');
    const qParam = params.map((p) => p.trim().toLowerCase()).find((p) => p.startsWith('q='));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    return { type: type.trim().toLowerCase(), q: Number.isFinite(q) ? Math.min(Math.max(q, 0), 1) : 0 };
  });
  const ninjs = match(ranges, NINJS_MEDIA_TYPE);
  const json = match(ranges, 'application/json');
  if (ninjs.specificity < 0 || ninjs.q <= 0) return false;
  if (json.specificity < 0 || ninjs.q > json.q) return true;
  if (ninjs.q < json.q) return false;
  return ninjs.specificity === 2 && (json.specificity < 2 || ninjs.order < json.order);
}
