// The last pass: quoted words inside reported speech belong to the reported-speech record, and the
// same quote repeated (a standfirst quoting part of a body quote) is one record in its fullest form.
import { fold } from '../../text/fold.js';
import type { ExtractedQuote, TextRange } from '../types.js';
import { type Draft, type QuoteDoc, wordCount } from './context.js';

/** A direct quote inside reported speech stays a record of its own from this many words, when attributed. */
const MIN_INNER_DIRECT_WORDS = 4;
/** A quote shorter than this is a repeat of another only when their words are the same. */
const MIN_PART_REPEAT_WORDS = 8;
/** Quotes that contain a quote's opening words and are compared with it, at most. */
const MAX_CANDIDATES = 16;
/** Quotes are compared by windows of this many words. */
const WINDOW = 4;

export function mergeQuotes(doc: QuoteDoc, directs: Draft[], indirects: Draft[]): ExtractedQuote[] {
  const all: Draft[] = [];
  let j = 0;
  for (const d of directs) {
    while (j < indirects.length && (indirects[j] as Draft).end + 2 < d.end) j++;
    // any indirect that contains d starts before d; indirects do not nest, so check a few around j
    let inside = false;
    for (let k = Math.max(0, j - 2); k < Math.min(indirects.length, j + 2); k++) {
      const q = indirects[k] as Draft;
      if (q.start <= d.start && d.end <= q.end + 2) inside = true;
    }
    if (!inside || (d.cue && wordCount(doc.textOf(d)) >= MIN_INNER_DIRECT_WORDS)) all.push(d);
  }
  // reported speech that is mostly a direct quote kept above ("“A,” X said, referring to Y, “B.”" read
  // as "A, X said, B") says nothing the direct quote does not
  const kept = all.length;
  let from = 0;
  for (const q of indirects) {
    // both lists are sorted and directs do not overlap: one forward sweep
    while (from < kept && (all[from] as Draft).start < q.start) from++;
    let quoted = 0;
    for (let i = from; i < kept && (all[i] as Draft).start < q.end; i++) {
      const d = all[i] as Draft;
      if (d.end <= q.end) quoted += d.end - d.start;
    }
    if (2 * quoted < q.end - q.start) all.push(q);
  }
  all.sort((a, b) => a.start - b.start);
  return dedupe(doc, all);
}

function dedupe(doc: QuoteDoc, all: Draft[]): ExtractedQuote[] {
  const wordsOf = all.map((d) => fold(doc.textOf(d)).match(/[\p{L}\p{N}]+/gu) ?? []);
  const norm = wordsOf.map((ws) => ` ${ws.join(' ')} `);
  // every window of every quote, to find the quotes that may contain a given one
  const windows = new Map<string, number[]>();
  const keyAt = (ws: string[], i: number) => ws.slice(i, i + WINDOW).join(' ');
  wordsOf.forEach((ws, i) => {
    for (let k = 0; k + WINDOW <= ws.length; k++) {
      const key = keyAt(ws, k);
      const list = windows.get(key);
      if (!list) windows.set(key, [i]);
      else if (list[list.length - 1] !== i) list.push(i);
    }
  });
  const mergedInto = new Array<number>(all.length).fill(-1);
  const order = all.map((_, i) => i).sort((x, y) => (norm[y] as string).length - (norm[x] as string).length || x - y);
  const extra = all.map(() => [] as TextRange[]);
  for (const j of order) {
    const b = all[j] as Draft;
    const ws = wordsOf[j] as string[];
    if (ws.length < WINDOW || mergedInto[j] !== -1) continue;
    // (a bounded number of candidates: a thousand quotes opening alike must not compare pairwise)
    for (const i of (windows.get(keyAt(ws, 0)) ?? []).slice(0, MAX_CANDIDATES)) {
      if (i === j || mergedInto[i] !== -1) continue;
      const a = all[i] as Draft;
      const na = norm[i] as string;
      const nb = norm[j] as string;
      if (a.kind !== b.kind || nb.length > na.length || (nb.length === na.length && i > j) || !na.includes(nb))
        continue;
      // in the body, a short quote inside a longer one is a repeat only when it is all of it: "And
      // they're terrifying" said of one chart is not "..., and they're terrifying" said of another;
      // a headline or standfirst quotes a part of the body's quote
      if (ws.length < MIN_PART_REPEAT_WORDS && nb !== na && b.start >= doc.bodyStart) continue;
      mergedInto[j] = i;
      const into = extra[i] as TextRange[];
      into.push({ start: b.start, end: b.end });
      for (const o of extra[j] as TextRange[]) into.push(o);
      a.speaker ??= b.speaker;
      a.cue ??= b.cue;
      a.speakerMention ??= b.speakerMention;
      break;
    }
  }
  const out: ExtractedQuote[] = [];
  all.forEach((d, i) => {
    if (mergedInto[i] !== -1) return;
    const others = (extra[i] as TextRange[]).sort((x, y) => x.start - y.start);
    const parts = d.parts.map((p) => doc.slice(p.start, p.end));
    out.push({
      kind: d.kind,
      text: doc.textOf(d),
      parts,
      start: d.start,
      end: d.end,
      cue: d.cue,
      speakerMention: d.speakerMention,
      speaker: d.speaker,
      occurrences: [{ start: d.start, end: d.end }, ...others],
    });
  });
  return out;
}
