// A digest of everything extraction outputs over many texts, to show that a change meant only to make
// extraction faster changes no output: run it before and after, and the digests must be equal.
//
//   npx tsx test/bench/extract-digest.ts [--sizes 1,16,256] [--list out.tsv] <file.jsonl>...
//
// Each text of the given JSONL files (any file with a `text` field per line, e.g. the evaluation
// corpora; none is kept in the repository) and each hostile text of the adversarial bench
// (adversarial-cases.ts) at each of --sizes KiB goes through analyseArticle (the path of POST
// /extract: entities with their mentions' offsets, quotes with their parts, cues, speakers and
// occurrences, paragraphs, dateline, date) and through the bare tagger (every typed span, MISC
// included, as the NER evaluation and training see it). The extractor version is left out: it holds
// a digest of the extraction sources, which any change to them changes. Prints a SHA-256 per source
// and over all; --list writes one line per text (source, index, digest) to find the first that differs.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { analyseArticle } from '../../src/analysis/analyse-article.js';
import { loadDefaultExtractor } from '../../src/extract/extractor.js';
import { CASES } from './adversarial-cases.js';

const { values: opt, positionals: files } = parseArgs({
  options: { sizes: { type: 'string', default: '1,16,256' }, list: { type: 'string' } },
  allowPositionals: true,
});

const extractor = loadDefaultExtractor();
const all = createHash('sha256');
const lines: string[] = [];

function digestOf(text: string): string {
  const { extractorVersion: _version, ...draft } = analyseArticle(text, {}, extractor);
  const typed = extractor.models.tagger.tagTyped(text);
  return createHash('sha256').update(JSON.stringify({ draft, typed })).digest('hex');
}

function run(source: string, texts: Iterable<string>): void {
  const hash = createHash('sha256');
  let n = 0;
  let chars = 0;
  const t0 = performance.now();
  for (const text of texts) {
    const d = digestOf(text);
    hash.update(d);
    all.update(d);
    lines.push(`${source}\t${n}\t${d}`);
    n++;
    chars += text.length;
  }
  const seconds = ((performance.now() - t0) / 1000).toFixed(1);
  console.log(`${hash.digest('hex').slice(0, 16)}\t${n} texts\t${chars} chars\t${seconds} s\t${source}`);
}

for (const file of files) {
  const texts = readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => String((JSON.parse(l) as { text: unknown }).text));
  run(file, texts);
}
const sizes = (opt.sizes ?? '').split(',').filter(Boolean).map(Number);
for (const [name, make] of Object.entries(CASES))
  run(
    `adversarial: ${name} @ ${sizes.join(',')} KiB`,
    sizes.map((k) => make(k * 1024)),
  );
console.log(`${all.digest('hex')}\tall`);
if (opt.list) writeFileSync(opt.list, `${lines.join('\n')}\n`);
