// Marks spans of an article's text (entity mentions, quotes) inside one passage of it, as valid,
// properly nested HTML. Offsets are Unicode code points into the article's `text`.
//
// Spans can overlap in any way. The passage is cut at every span boundary; in each piece the quotes
// that cover it nest outermost first (the longer outside), and the one mention that covers it
// (the shortest, when mentions overlap: links cannot nest) goes innermost. Where a span has to
// close before one it overlaps, it is closed and opened again: split, never mis-nested.
import { lowerBound } from '../../text/lower-bound.js';
import { type Html, html, join } from './html.js';

export interface Mark {
  start: number;
  end: number;
  /** Quotes nest around mentions; only one mention is ever open (they are links). */
  layer: 'quote' | 'mention';
  open: Html;
  /** Opens the piece that begins where the span begins, instead of `open` (to carry an id once). */
  openFirst?: Html;
  close: Html;
  /** Written right after the span ends (a quote's speaker), outside every mention. */
  after?: Html;
}

/** Code-point view of a text, with lookups from UTF-16 indexes (what String methods use). */
export class CodePoints {
  readonly chars: string[];
  private readonly fromUnit: Int32Array;
  private readonly toUnit: Int32Array;

  constructor(readonly text: string) {
    this.chars = Array.from(text);
    this.fromUnit = new Int32Array(text.length + 1);
    this.toUnit = new Int32Array(this.chars.length + 1);
    let unit = 0;
    this.chars.forEach((c, i) => {
      this.toUnit[i] = unit;
      for (let k = 0; k < c.length; k++) this.fromUnit[unit + k] = i;
      unit += c.length;
    });
    this.fromUnit[text.length] = this.chars.length;
    this.toUnit[this.chars.length] = text.length;
  }

  slice(start: number, end: number): string {
    return this.chars.slice(start, end).join('');
  }

  /**
   * Where `part` is in the text, at or after code point `from` (else anywhere): [start, end) in code
   * points, or null when it is not a substring.
   */
  locate(part: string, from = 0): { start: number; end: number } | null {
    if (part === '') return null;
    const fromUnit = this.toUnit[Math.min(Math.max(from, 0), this.chars.length)] ?? 0;
    let unit = this.text.indexOf(part, fromUnit);
    if (unit < 0) unit = this.text.indexOf(part);
    if (unit < 0) return null;
    const start = this.fromUnit[unit] ?? 0;
    return { start, end: start + Array.from(part).length };
  }
}

function byNesting(a: Mark, b: Mark): number {
  return a.start - b.start || b.end - a.end;
}

/** The passage [from, to) of the text with the marks that touch it. */
export function annotate(text: CodePoints, from: number, to: number, marks: readonly Mark[]): Html {
  const inside = marks.filter((m) => m.start < to && m.end > from && m.start < m.end);
  const cuts = new Set<number>([from, to]);
  for (const m of inside) {
    cuts.add(Math.max(m.start, from));
    cuts.add(Math.min(m.end, to));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const out: (Html | string)[] = [];
  let open: Mark[] = [];

  const closeTo = (keep: number, at: number) => {
    for (let i = open.length - 1; i >= keep; i--) {
      const m = open[i] as Mark;
      out.push(m.close);
      if (m.end === at && m.after) out.push(m.after);
    }
    open = open.slice(0, keep);
  };

  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i] as number;
    const b = points[i + 1] as number;
    const covering = inside.filter((m) => m.start <= a && m.end >= b);
    const quotes = covering.filter((m) => m.layer === 'quote').sort(byNesting);
    const mention = covering
      .filter((m) => m.layer === 'mention')
      .sort((x, y) => x.end - x.start - (y.end - y.start) || y.start - x.start)[0];
    const wanted = mention ? [...quotes, mention] : quotes;
    let keep = 0;
    while (keep < open.length && keep < wanted.length && open[keep] === wanted[keep]) keep++;
    closeTo(keep, a);
    for (const m of wanted.slice(keep)) out.push(a === m.start && m.openFirst ? m.openFirst : m.open);
    open = wanted;
    out.push(text.slice(a, b));
  }
  closeTo(0, to);
  return join(out);
}

/**
 * Several passages of one text, in order and not overlapping (an article's headline, standfirst,
 * paragraphs): each gets only the marks that touch it, found by binary search, so a long article
 * with many mentions costs about as much as its marks, not marks times paragraphs.
 */
export function annotateAll(
  text: CodePoints,
  passages: readonly ({ start: number; end: number } | null)[],
  marks: readonly Mark[],
): (Html | null)[] {
  const placed = passages
    .map((p, i) => ({ p, i }))
    .filter((x): x is { p: { start: number; end: number }; i: number } => x.p !== null)
    .sort((a, b) => a.p.start - b.p.start);
  // Parts found out of order may overlap: then every passage looks at every mark (annotate clips).
  const disjoint = placed.every((x, k) => k === 0 || (placed[k - 1] as (typeof placed)[number]).p.end <= x.p.start);
  const touching: Mark[][] = placed.map(() => (disjoint ? [] : [...marks]));
  for (const m of disjoint ? marks : []) {
    // The first passage that ends after the mark starts, then on while they start before it ends.
    const lo = lowerBound(placed.length, (k) => (placed[k] as (typeof placed)[number]).p.end <= m.start);
    for (let k = lo; k < placed.length && (placed[k] as (typeof placed)[number]).p.start < m.end; k++) {
      touching[k]?.push(m);
    }
  }
  const out: (Html | null)[] = passages.map(() => null);
  placed.forEach(({ p, i }, k) => {
    out[i] = annotate(text, p.start, p.end, touching[k] ?? []);
  });
  return out;
}

/** A mark that is a link around the span: the same open and close for every piece of it. */
export function linkMark(start: number, end: number, href: string, attrs: Record<string, string>): Mark {
  const attributes = join(Object.entries(attrs).map(([k, v]) => html` ${k}="${v}"`));
  return { start, end, layer: 'mention', open: html`<a href="${href}"${attributes}>`, close: html`</a>` };
}
