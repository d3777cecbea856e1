// Learns the quote finder's cue lexicon from a PolNeAR-style training file and writes it as compact
// JSON (data/models/quote-cues.json): for every word that the annotators chose as (part of) an
// attribution cue often enough, how often it is a cue where it occurs (precision of the word as a
// trigger) and how often the content follows it. Deterministic: same input, same output.
//   npm run eval:quotes uses the written file through src/extract/quote-lexicon.ts.
//   npx tsx src/cli/train-quotes.ts <polnear-train.jsonl> [--out data/models/quote-cues.json]
//                                   [--min-count 6] [--min-ratio 0.45]
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DEFAULT_CUE_MODEL } from '../extract/quotes/lexicon.js';

interface Gold {
  start: number;
  end: number;
  cue_start: number | null;
  cue_end: number | null;
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
    }
    for (const m of d.text.matchAll(/\p{L}+/gu)) {
      const w = m[0].toLowerCase();
      inc(total, w);
      const at = m.index ?? 0;
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
  const model = {
    about:
      'Attribution cue words learnt from the PolNeAR training split by src/cli/train-quotes.ts: word -> [share of its occurrences that are annotated cues, share of those whose content follows the cue].',
    minCount,
    minRatio,
    cues,
  };
  writeFileSync(out, `${JSON.stringify(model)}\n`);
  console.log(`train-quotes: ${lines.length} docs, ${Object.keys(cues).length} cue words -> ${out}`);
}

main();
