// The publication date an article states, when it states one: in its dateline or at the start of its
// body ("LONDON 1996-08-30", "PARIS, June 3, 2024 (AFP) -", "Monday 3 June 2024"). Dates without a
// year are not guessed.
import type { ParsedArticle } from './parse-article.js';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH =
  '(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\\.?';

const ISO = /\b(\d{4})-(\d{2})-(\d{2})\b/;
const MONTH_DAY_YEAR = new RegExp(`\\b${MONTH}\\s+(\\d{1,2}),?\\s+(\\d{4})\\b`, 'i');
const DAY_MONTH_YEAR = new RegExp(`\\b(\\d{1,2})\\s+${MONTH}\\s+(\\d{4})\\b`, 'i');

function isoDate(year: number, month: number, day: number): string | null {
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  if (year < 1900 || year > 2200) return null;
  return d.toISOString().slice(0, 10);
}

const monthNumber = (name: string) => MONTHS.indexOf(name.slice(0, 3).toLowerCase()) + 1;

/** A date in `s`, as YYYY-MM-DD, or null. */
export function findDate(s: string): string | null {
  let m = ISO.exec(s);
  if (m) return isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
  m = MONTH_DAY_YEAR.exec(s);
  if (m) return isoDate(Number(m[3]), monthNumber(m[1] ?? ''), Number(m[2]));
  m = DAY_MONTH_YEAR.exec(s);
  if (m) return isoDate(Number(m[3]), monthNumber(m[2] ?? ''), Number(m[1]));
  return null;
}

/** The date the dateline states, or failing that the first 200 characters of the body. */
export function publishedDate(text: string, parsed: ParsedArticle): string | null {
  const first = parsed.paragraphs[0];
  const lead = first ? text.slice(first.start, Math.min(first.end, first.start + 200)) : '';
  return (parsed.dateline && findDate(parsed.dateline.text)) ?? findDate(lead);
}
