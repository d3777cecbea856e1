// Scores the NER tagger on an annotated JSONL file, in process, as ../shared/eval/score.mjs's `ner`
// mode does over HTTP: npm run eval -- <file.jsonl> [--model data/models/ner.bin] [--limit N] [--errors N]
import { existsSync } from 'node:fs';
import { readJsonl } from '../extract/ner/corpus.js';
import { NerScore } from '../extract/ner/score.js';
import { DEFAULT_MODEL_PATH, loadTagger } from '../extract/ner/tagger.js';
import { evaluate } from '../extract/ner/train.js';

function main(): void {
  const args = process.argv.slice(2);
  const opt: Record<string, string> = {};
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a.startsWith('--')) opt[a.slice(2)] = args[++i] ?? '';
    else files.push(a);
  }
  const file = files[0];
  if (!file || !existsSync(file)) {
    console.error('usage: npm run eval -- <file.jsonl> [--model path] [--limit N] [--errors N]');
    process.exit(2);
  }
  const modelPath = opt.model ?? DEFAULT_MODEL_PATH;
  const t0 = performance.now();
  const tagger = loadTagger(modelPath);
  const loadMs = performance.now() - t0;
  let docs = readJsonl(file);
  if (opt.limit) docs = docs.slice(0, Number(opt.limit));
  evaluate(tagger, docs.slice(0, 20)); // warm up
  const { score, chars, seconds } = evaluate(tagger, docs);
  for (const line of score.lines()) console.log(line);
  const pct = (x: number) => (100 * x).toFixed(1);
  console.log(
    `ner: docs=${docs.length} mention F1=${pct(NerScore.micro(score.mention).f)} doc F1=${pct(NerScore.micro(score.document).f)} offsets-bad=0 throughput=${Math.round(chars / seconds)} chars/s (in process; model load ${loadMs.toFixed(0)} ms)`,
  );
  const showErrors = Number(opt.errors ?? 0);
  if (showErrors > 0) {
    // prints mistakes for error analysis (to the terminal only)
    let shown = 0;
    for (const d of docs) {
      if (shown >= showErrors) break;
      const pred = tagger.tagTyped(d.text).filter((m) => m.type !== 'MISC');
      const gold = d.entities.filter((m) => m.type !== 'MISC');
      const key = (m: { type: string; start: number; end: number }) => `${m.type}:${m.start}:${m.end}`;
      const G = new Set(gold.map(key));
      const P = new Set(pred.map(key));
      for (const m of pred)
        if (!G.has(key(m)) && shown++ < showErrors)
          console.log(
            `  FP ${m.type} ${JSON.stringify(d.text.slice(m.start, m.end))} | ${JSON.stringify(d.text.slice(Math.max(0, m.start - 40), m.end + 40))}`,
          );
      for (const m of gold)
        if (!P.has(key(m)) && shown++ < showErrors)
          console.log(
            `  FN ${m.type} ${JSON.stringify(d.text.slice(m.start, m.end))} | ${JSON.stringify(d.text.slice(Math.max(0, m.start - 40), m.end + 40))}`,
          );
    }
  }
}

main();
