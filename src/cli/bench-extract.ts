// Benchmarks extraction speed: npm run bench:extract -- [file.jsonl] [--model path] [--runs N]
// Runs the NER tagger (tokenising + tagging) over the texts of a JSONL file (default: the CoNLL-2003
// dev split in ../shared/eval) on one core and prints the median chars/s of several runs, the model
// load time and the memory the model adds.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readJsonl } from '../extract/ner/corpus.js';
import { DEFAULT_MODEL_PATH, loadTagger } from '../extract/ner/tagger.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function main(): void {
  const args = process.argv.slice(2);
  const opt: Record<string, string> = {};
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a.startsWith('--')) opt[a.slice(2)] = args[++i] ?? '';
    else files.push(a);
  }
  const file = files[0] ?? join(root, '../shared/eval/conll2003-dev.jsonl');
  if (!existsSync(file)) {
    console.error(
      `bench:extract: ${file} not found. Pass a JSONL file whose lines have a "text" field: npm run bench:extract -- <file.jsonl>`,
    );
    process.exit(2);
  }
  const modelPath = opt.model ?? DEFAULT_MODEL_PATH;
  if (!existsSync(modelPath)) {
    console.error(`bench:extract: no model at ${modelPath}; train one with npm run train -- <train.jsonl>`);
    process.exit(2);
  }
  const texts = readJsonl(file).map((d) => d.text);
  const chars = texts.reduce((a, t) => a + t.length, 0);
  globalThis.gc?.();
  const heap0 = process.memoryUsage();
  const t0 = performance.now();
  const tagger = loadTagger(modelPath);
  const loadMs = performance.now() - t0;
  globalThis.gc?.();
  const heap1 = process.memoryUsage();
  const runs = Number(opt.runs ?? 7);
  for (const t of texts.slice(0, 50)) tagger.tag(t); // warm up
  const rates: number[] = [];
  let mentions = 0;
  for (let r = 0; r < runs; r++) {
    const s = performance.now();
    mentions = 0;
    for (const t of texts) mentions += tagger.tag(t).length;
    rates.push(chars / ((performance.now() - s) / 1000));
  }
  rates.sort((a, b) => a - b);
  const median = rates[Math.floor(rates.length / 2)] as number;
  const mb = (x: number) => (x / 1e6).toFixed(1);
  console.log(`bench:extract: ${texts.length} texts, ${chars} chars, ${mentions} mentions per run, ${runs} runs`);
  console.log(`model load: ${loadMs.toFixed(0)} ms`);
  console.log(
    `memory added by the model: heap ${mb(heap1.heapUsed - heap0.heapUsed)} MB + buffers ${mb(heap1.arrayBuffers - heap0.arrayBuffers)} MB (rss +${mb(heap1.rss - heap0.rss)} MB)`,
  );
  console.log(
    `throughput: median ${Math.round(median)} chars/s (min ${Math.round(rates[0] as number)}, max ${Math.round(rates[rates.length - 1] as number)}), one core`,
  );
}

main();
