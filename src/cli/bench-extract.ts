// Benchmarks the whole extraction: npm run bench:extract -- [file.jsonl] [--model path] [--runs N]
// Runs extract() (tokens, tagger mentions, entities, quotes) over the texts of a JSONL file (default:
// the CoNLL-2003 dev split in ../shared/eval) on one core, each text split into regions by the article
// parser first (as POST /extract does; the parse itself is timed on its own line), and prints the
// median chars/s of several runs, the model load time and the memory the model adds.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseArticle } from '../analysis/parse-article.js';
import { createExtractor, defaultModels } from '../extract/extractor.js';
import { readJsonl } from '../extract/ner/corpus.js';
import { DEFAULT_MODEL_PATH, loadTagger } from '../extract/ner/tagger.js';
import type { Span, TextRange } from '../extract/types.js';
import { packageRoot } from '../paths.js';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

/**
 * chars/s of each of `runs` passes of fn over the texts, by the wall clock and by the CPU time of this
 * process (the same on an idle machine; on a shared one the CPU figure is what one core does).
 */
function measure(runs: number, chars: number, fn: () => void): { wall: number[]; cpu: number[] } {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < runs; r++) {
    const s = performance.now();
    const c = process.cpuUsage();
    fn();
    const used = process.cpuUsage(c);
    wall.push(chars / ((performance.now() - s) / 1000));
    cpu.push(chars / ((used.user + used.system) / 1e6));
  }
  return { wall, cpu };
}

function main(): void {
  const { values: opt, positionals: files } = parseArgs({
    options: { model: { type: 'string' }, runs: { type: 'string' } },
    allowPositionals: true,
  });
  const file = files[0] ?? join(packageRoot, '../shared/eval/conll2003-dev.jsonl');
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
  const regionsOf = (text: string): TextRange[] => {
    const p = parseArticle(text);
    return [p.headline, p.standfirst, p.dateline, ...p.paragraphs].filter((r): r is Span => r !== null);
  };
  const docs = texts.map((text) => ({ text, regions: regionsOf(text) }));

  globalThis.gc?.();
  const mem0 = process.memoryUsage();
  const t0 = performance.now();
  const tagger = loadTagger(modelPath);
  const loadMs = performance.now() - t0;
  // the shipped quote models, with the tagger measured above (--model)
  const extractor = createExtractor(defaultModels(undefined, { tagger }));
  globalThis.gc?.();
  const mem1 = process.memoryUsage();

  const runs = Number(opt.runs ?? 7);
  let mentions = 0;
  let entities = 0;
  let quotes = 0;
  for (const d of docs.slice(0, 50)) extractor.extract(d.text, d.regions); // warm up
  const whole = measure(runs, chars, () => {
    mentions = 0;
    entities = 0;
    quotes = 0;
    for (const d of docs) {
      const x = extractor.extract(d.text, d.regions);
      entities += x.entities.length;
      quotes += x.quotes.length;
      for (const e of x.entities) mentions += e.mentions.length;
    }
  });
  const tagOnly = measure(runs, chars, () => {
    for (const d of docs) tagger.tag(d.text, d.regions);
  });
  const parse = measure(runs, chars, () => {
    for (const t of texts) regionsOf(t);
  });
  globalThis.gc?.();
  const mem2 = process.memoryUsage();

  const mb = (x: number) => (x / 1e6).toFixed(1);
  const rate = (m: { wall: number[]; cpu: number[] }) =>
    `median ${Math.round(median(m.wall))} chars/s (min ${Math.round(Math.min(...m.wall))}, max ${Math.round(Math.max(...m.wall))}); by CPU time ${Math.round(median(m.cpu))} chars/s`;
  console.log(
    `bench:extract: ${texts.length} texts, ${chars} chars; ${mentions} mentions, ${entities} entities, ${quotes} quotes per run; ${runs} runs, one core`,
  );
  console.log(`model load: ${loadMs.toFixed(0)} ms`);
  console.log(
    `memory added: by the model rss +${mb(mem1.rss - mem0.rss)} MB (heap ${mb(mem1.heapUsed - mem0.heapUsed)} MB, buffers ${mb(mem1.arrayBuffers - mem0.arrayBuffers)} MB); after the runs rss +${mb(mem2.rss - mem0.rss)} MB`,
  );
  console.log(`whole extraction (tokens, mentions, entities, quotes): ${rate(whole)}`);
  console.log(`  the tagger alone: ${rate(tagOnly)}`);
  console.log(`  article parsing (before extraction, not included above): ${rate(parse)}`);
}

main();
