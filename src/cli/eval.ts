// Scores the whole extraction on an annotated JSONL file, in process, exactly as
// ../shared/eval/score.mjs's `ner` mode does over HTTP: each text goes through analyseArticle() (the
// parse + extract path behind POST /extract), its entities' mentions (code points) are compared with
// the gold PER/ORG/LOC spans (converted to code points), and the scorer's table is printed.
//
//   npm run eval -- <file.jsonl> [--model data/models/ner.bin] [--limit N] [--errors N] [--tagger-only]
//
// --tagger-only scores the bare tagger's spans instead (to tell tagger errors from assembly errors);
// --errors N prints up to N false positives and negatives with their context.
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { analyseArticle } from '../analysis/analyse-article.js';
import { createExtractor, defaultModels, type Extractor } from '../extract/extractor.js';
import { type AnnotatedDoc, readJsonl } from '../extract/ner/corpus.js';
import { type Mention, NerScore } from '../extract/ner/score.js';
import { DEFAULT_MODEL_PATH, loadTagger } from '../extract/ner/tagger.js';
import { codePointIndex } from '../text/code-points.js';

const TYPE: Record<string, string> = { person: 'PER', organization: 'ORG', place: 'LOC' };

/** Predicted and gold mentions of one document, in code points, as the scorer sees them. */
function mentionsOf(d: AnnotatedDoc, extractor: Extractor, taggerOnly: boolean): { gold: Mention[]; pred: Mention[] } {
  const cp = codePointIndex(d.text);
  const cps = Array.from(d.text);
  const gold = d.entities
    .filter((e) => e.type !== 'MISC')
    .map((e) => ({ type: e.type, start: cp(e.start), end: cp(e.end), text: d.text.slice(e.start, e.end) }));
  const pred: Mention[] = [];
  if (taggerOnly) {
    for (const m of extractor.models.tagger.tagTyped(d.text))
      if (m.type !== 'MISC')
        pred.push({ type: m.type, start: cp(m.start), end: cp(m.end), text: d.text.slice(m.start, m.end) });
  } else {
    for (const e of analyseArticle(d.text, {}, extractor).entities) {
      const type = TYPE[e.type];
      if (!type) continue;
      for (const m of e.mentions) {
        if (cps.slice(m.start, m.end).join('') !== m.text)
          throw new Error(`${d.id}: mention ${JSON.stringify(m)} does not slice the text`);
        pred.push({ type, start: m.start, end: m.end, text: m.text });
      }
    }
  }
  return { gold, pred };
}

function main(): void {
  const { values: opt, positionals: files } = parseArgs({
    options: {
      model: { type: 'string' },
      limit: { type: 'string' },
      errors: { type: 'string' },
      'tagger-only': { type: 'boolean' },
    },
    allowPositionals: true,
  });
  const file = files[0];
  if (!file || !existsSync(file)) {
    console.error('usage: npm run eval -- <file.jsonl> [--model path] [--limit N] [--errors N] [--tagger-only]');
    process.exit(2);
  }
  const t0 = performance.now();
  const tagger = loadTagger(opt.model ?? DEFAULT_MODEL_PATH);
  const loadMs = performance.now() - t0;
  // the shipped quote models, with the tagger of --model
  const extractor = createExtractor(defaultModels(undefined, { tagger }));
  let docs = readJsonl(file);
  if (opt.limit) docs = docs.slice(0, Number(opt.limit));
  const taggerOnly = opt['tagger-only'] === true;
  const score = new NerScore();
  const showErrors = Number(opt.errors ?? 0);
  const errors: string[] = [];
  let chars = 0;
  const t1 = performance.now();
  for (const d of docs) {
    const { gold, pred } = mentionsOf(d, extractor, taggerOnly);
    chars += d.text.length;
    score.add(d.text, gold, pred);
    if (errors.length < showErrors) {
      // error analysis, printed to the terminal only
      const key = (m: Mention) => `${m.type}:${m.start}:${m.end}`;
      const G = new Set(gold.map(key));
      const P = new Set(pred.map(key));
      const cps = Array.from(d.text);
      const ctx = (m: Mention) => JSON.stringify(cps.slice(Math.max(0, m.start - 40), m.end + 40).join(''));
      for (const m of pred) if (!G.has(key(m))) errors.push(`  FP ${m.type} ${JSON.stringify(m.text)} | ${ctx(m)}`);
      for (const m of gold) if (!P.has(key(m))) errors.push(`  FN ${m.type} ${JSON.stringify(m.text)} | ${ctx(m)}`);
    }
  }
  const seconds = (performance.now() - t1) / 1000;
  for (const line of score.lines()) console.log(line);
  const pct = (x: number) => (100 * x).toFixed(1);
  console.log(
    `ner: docs=${docs.length} mention F1=${pct(NerScore.micro(score.mention).f)} doc F1=${pct(NerScore.micro(score.document).f)} offsets-bad=0 throughput=${Math.round(chars / seconds)} chars/s (in process, ${taggerOnly ? 'tagger only' : 'parse + whole extraction'}; model load ${loadMs.toFixed(0)} ms)`,
  );
  for (const e of errors.slice(0, showErrors)) console.log(e);
}

main();
