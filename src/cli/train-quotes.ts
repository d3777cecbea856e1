// Learns the quote finder's cue lexicon from a PolNeAR-style training file and writes it as compact
// JSON (data/models/quote-cues.json): for every word that the annotators chose as (part of) an
// attribution cue often enough, how often it is a cue where it occurs (precision of the word as a
// trigger) and how often the content follows it; and where reported content that follows its cue
// ends (boundaries): for a comma and the word after it (", which", ", however") and for a bare
// conjunction or subordinator ("while", "as", "because"), also keyed by the class of the word after
// that (", and <Pron>"), the share of the times the content reached that point and stopped there;
// and in which frames each cue word is a cue (cueFrame: "said that", "said he", "said the",
// "..., X said.", ...). Deterministic: same input, same output.
//   npm run eval:quotes uses the written file through src/extract/quotes/lexicon.ts.
//   npx tsx src/cli/train-quotes.ts <polnear-train.jsonl> [--out data/models/quote-cues.json]
//                                   [--min-count 6] [--min-ratio 0.45]
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { BOUNDARY_WORDS, boundaryKeys, cueFrame, DEFAULT_CUE_MODEL } from '../extract/quotes/cue-model.js';

interface Gold {
  start: number;
  end: number;
  cue_start: number | null;
  cue_end: number | null;
  direct: boolean;
}

/** A boundary learnt from fewer uses than this is left out. */
const MIN_BOUNDARY = 8;

/**
 * Counts, at every boundary candidate inside or at the end of one reported content that follows
 * its cue, whether the content stopped there: key -> [ends, seen].
 */
function countBoundaries(text: string, q: Gold, stats: Map<string, [number, number]>): void {
  // the candidates run from the content's start to its end, or to its sentence's end when longer
  const tail = text.slice(q.start, Math.min(text.length, q.end + 200));
  for (const m of tail.matchAll(/(,\s*)?(\p{L}+)(?=\s*(\p{L}+|\p{N}+)?)/gu)) {
    const at = q.start + (m.index ?? 0);
    if (at <= q.start + 1) continue;
    const word = m[2] as string;
    if (!m[1] && !BOUNDARY_WORDS.has(word.toLowerCase())) continue;
    // the content ends at this candidate when it stops at the comma (or just after it) or only
    // spaces lie between its end and the word
    const wordAt = at + (m[1]?.length ?? 0);
    const ends = q.end >= at && q.end <= wordAt ? true : q.end < at && text.slice(q.end, at).trim() === '';
    if (at > q.end && !ends) break;
    for (const key of boundaryKeys(!!m[1], word, m[3])) {
      const st = stats.get(key) ?? [0, 0];
      st[1]++;
      if (ends) st[0]++;
      stats.set(key, st);
    }
    if (ends || /[.!?;]/.test(text.slice(q.start, at).slice(-3))) break;
  }
}

function main(): void {
  const { values: opt, positionals: files } = parseArgs({
    options: { out: { type: 'string' }, 'min-count': { type: 'string' }, 'min-ratio': { type: 'string' } },
    allowPositionals: true,
  });
  const file = files[0];
  if (!file) {
    console.error('usage: npx tsx src/cli/train-quotes.ts <train.jsonl> [--out path] [--min-count N] [--min-ratio X]');
    process.exit(2);
  }
  const out = opt.out ?? DEFAULT_CUE_MODEL;
  const minCount = Number(opt['min-count'] ?? 6);
  const minRatio = Number(opt['min-ratio'] ?? 0.45);
  const total = new Map<string, number>();
  const asCue = new Map<string, number>();
  const after = new Map<string, number>();
  const inc = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  const bounds = new Map<string, [number, number]>();
  /** "word frame" -> [uses, cue uses] */
  const frameStats = new Map<string, [number, number]>();
  const lines = readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim());
  for (const line of lines) {
    const d = JSON.parse(line) as { text: string; quotes: Gold[] };
    const cueAt = new Map<number, boolean>(); // word start -> content follows the cue
    for (const q of d.quotes) {
      if (q.cue_start == null || q.cue_end == null) continue;
      const s = d.text.slice(q.cue_start, q.cue_end);
      for (const m of s.matchAll(/\p{L}+/gu)) cueAt.set(q.cue_start + (m.index ?? 0), q.start >= q.cue_end);
      if (!q.direct && q.start >= q.cue_end) countBoundaries(d.text, q, bounds);
    }
    for (const m of d.text.matchAll(/\p{L}+/gu)) {
      const w = m[0].toLowerCase();
      inc(total, w);
      const at = m.index ?? 0;
      const fk = `${w} ${cueFrame(d.text.slice(at + m[0].length, at + m[0].length + 40))}`;
      const fs = frameStats.get(fk) ?? [0, 0];
      fs[0]++;
      if (cueAt.has(at)) fs[1]++;
      frameStats.set(fk, fs);
      if (cueAt.has(at)) {
        inc(asCue, w);
        if (cueAt.get(at)) inc(after, w);
      }
    }
  }
  const cues: Record<string, [number, number]> = {};
  for (const [w, c] of [...asCue.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const ratio = c / (total.get(w) ?? c);
    if (c < minCount || ratio < minRatio) continue;
    cues[w] = [Math.round(ratio * 100) / 100, Math.round(((after.get(w) ?? 0) / c) * 100) / 100];
  }
  const boundaries: Record<string, [number, number]> = {};
  for (const [k, [ends, seen]] of [...bounds.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    if (seen >= MIN_BOUNDARY) boundaries[k] = [Math.round((ends / seen) * 100) / 100, seen];
  }
  const frames: Record<string, [number, number]> = {};
  for (const [k, [uses, asCueUses]] of [...frameStats.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    if (!((k.split(' ')[0] as string) in cues) || uses < minCount) continue;
    frames[k] = [Math.round((asCueUses / uses) * 100) / 100, uses];
  }
  const model = {
    about:
      'Attribution cue words learnt from the PolNeAR training split by src/cli/train-quotes.ts: word -> [share of its occurrences that are annotated cues, share of those whose content follows the cue]; boundaries: a comma and the next word, or a bare conjunction, inside or at the end of a reported content that follows its cue -> [share of those where the content ends, count]; frames: "word frame" (cueFrame: that, colon, end, pron, det, cap, other) -> [share of the word\'s uses in that frame that are annotated cues, count].',
    minCount,
    minRatio,
    cues,
    boundaries,
    frames,
  };
  writeFileSync(out, `${JSON.stringify(model)}\n`);
  console.log(
    `train-quotes: ${lines.length} docs, ${Object.keys(cues).length} cue words, ${Object.keys(boundaries).length} boundaries, ${Object.keys(frames).length} frames -> ${out}`,
  );
}

main();
