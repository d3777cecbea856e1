// Learns the weights of the quote speaker ranker (src/extract/quotes/ranker.ts) from a PolNeAR-style
// training file and writes them as compact JSON (data/models/quote-speakers.json).
//   npx tsx src/cli/train-speakers.ts <polnear-train.jsonl> [--out data/models/quote-speakers.json]
//
// How it learns. PolNeAR marks the words at each attribution site but has no coreference, so what
// a pronoun refers to is never annotated. The supervision is taken where the text itself says who
// speaks: attribution sites whose gold source span holds a name the tagger found (entity E). Each
// such site is treated as if the writer had used a pronoun there instead: the candidates are the
// entities of E's type (and not of the other gender) mentioned before the site, outside the quote,
// each at its latest mention, exactly as speakers.ts gathers them; E is the right one. Sites where
// E was not mentioned before, or where E is the only candidate, teach nothing and are skipped. The
// model is a conditional logit (softmax over a site's candidates) fitted by full-batch gradient
// descent from zero weights with a small L2 penalty: no randomness, a fixed number of steps, weights
// rounded, so the same input gives a byte-identical file.
// The bias this leaves: a writer repeats a name where a pronoun would be unclear, so these sites have
// the speaker further back than a pronoun's referent usually is; the nearness features are learnt
// weaker than they would be on real pronouns. minP, the confidence below which speakers.ts returns
// null, is the lowest probability at which the top candidate is right 80% of the time on a held-out
// fifth of the articles (the model being fitted on the other four fifths for that measure only).
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseArticle } from '../analysis/parse-article.js';
import { buildEntities } from '../extract/entities.js';
import { loadTagger, type Tagger } from '../extract/ner/tagger.js';
import { sentenceStarts } from '../extract/quotes/context.js';
import { quotePairs } from '../extract/quotes/marks.js';
import { type Candidate, DEFAULT_SPEAKER_MODEL, FEATURES, features, probabilities } from '../extract/quotes/ranker.js';
import { SpeakerIndex } from '../extract/quotes/speakers.js';
import { tokenize } from '../extract/tokenize.js';
import type { Span, TextRange } from '../extract/types.js';

interface Gold {
  start: number;
  end: number;
  speaker_start: number | null;
  speaker_end: number | null;
}

/** One site: its candidates' features, the right candidate first. */
type Group = number[][];

const STEPS = 400;
const RATE = 0.5;
const L2 = 1e-3;
const TARGET_PRECISION = 0.8;
/** Sentences back a pronoun's referent is looked for in training sites. */
const PRONOUN_REACH = 2;

function sites(line: string, tagger: Tagger): Group[] {
  const d = JSON.parse(line) as { text: string; quotes: Gold[] };
  const parsed = parseArticle(d.text);
  const regions: TextRange[] = [parsed.headline, parsed.standfirst, parsed.dateline, ...parsed.paragraphs].filter(
    (r): r is Span => r !== null,
  );
  // the entities as extract() finds them (the quote finder itself is not needed, nor run)
  const clean = regions.filter((r) => r.end > r.start).sort((a, b) => a.start - b.start);
  const regionTokens = clean.map((r) => tokenize(d.text, r.start, r.end));
  const { entities } = buildEntities(d.text, clean, tagger.tag(d.text, clean, regionTokens));
  const index = new SpeakerIndex(d.text, entities, sentenceStarts(d.text, clean, regionTokens));
  // as findQuotes does with the direct quotes it finds: names inside quoted words are no candidates
  index.markQuoted(
    clean.flatMap((r) => quotePairs(d.text, r).map((p) => ({ start: p.open, end: p.close + p.closeLen }))),
  );
  const out: Group[] = [];
  for (const q of d.quotes) {
    if (q.speaker_start == null || q.speaker_end == null) continue;
    const ss = q.speaker_start;
    const se = q.speaker_end;
    // the name at the site: the last mention inside the gold source span (its head)
    let e = -1;
    for (const m of index.mentions) if (m.start >= ss && m.end <= se) e = m.entity;
    if (e < 0) continue;
    const type = entities[e]?.type;
    if (type === 'place') continue;
    const g = index.gender[e];
    const fits = (x: number) =>
      entities[x]?.type === type && !(type === 'person' && g && index.gender[x] && index.gender[x] !== g);
    const cands = index.candidates(ss, [{ start: q.start, end: q.end }], fits);
    const right = cands.findIndex((c) => c.entity === e);
    if (right < 0 || cands.length < 2) continue;
    // only where a pronoun could have stood: the speaker mentioned within the last few sentences
    if (index.sentenceOf(ss) - index.sentenceOf((cands[right] as Candidate).mention.start) > PRONOUN_REACH) continue;
    const f = features(index, cands, ss, index.firstFrom(ss));
    out.push([f[right] as number[], ...f.filter((_, i) => i !== right)]);
  }
  return out;
}

function fitWeights(groups: Group[]): number[] {
  const w = FEATURES.map(() => 0);
  for (let step = 0; step < STEPS; step++) {
    const grad = w.map((x) => L2 * x);
    for (const g of groups) {
      const p = probabilities(w, g);
      g.forEach((f, i) => {
        const err = (p[i] as number) - (i === 0 ? 1 : 0);
        f.forEach((x, j) => {
          grad[j] = (grad[j] as number) + (err * x) / groups.length;
        });
      });
    }
    w.forEach((x, j) => {
      w[j] = x - RATE * (grad[j] as number);
    });
  }
  return w.map((x) => Math.round(x * 1e4) / 1e4);
}

/** Share of groups whose top candidate is the right one, and each group's (top probability, right). */
function judge(w: number[], groups: Group[]): { acc: number; tops: [number, boolean][] } {
  const tops = groups.map((g): [number, boolean] => {
    const p = probabilities(w, g);
    let top = 0;
    for (let i = 1; i < p.length; i++) if ((p[i] as number) > (p[top] as number)) top = i;
    return [p[top] as number, top === 0];
  });
  return { acc: tops.filter((t) => t[1]).length / Math.max(1, tops.length), tops };
}

/** The lowest top probability above which the top candidate is right TARGET_PRECISION of the time. */
function threshold(tops: [number, boolean][]): number {
  const sorted = [...tops].sort((a, b) => b[0] - a[0]);
  let right = 0;
  let best = 1;
  sorted.forEach(([p, ok], i) => {
    if (ok) right++;
    if (right / (i + 1) >= TARGET_PRECISION) best = p;
  });
  return Math.round(best * 1e4) / 1e4;
}

function main(): void {
  const { values: opt, positionals: files } = parseArgs({
    options: { out: { type: 'string' } },
    allowPositionals: true,
  });
  const file = files[0];
  if (!file) {
    console.error('usage: npx tsx src/cli/train-speakers.ts <train.jsonl> [--out path]');
    process.exit(2);
  }
  const lines = readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim());
  // the tagger alone, not the whole extractor: the speaker model is what this makes, and may not exist yet
  const tagger = loadTagger();
  const byDoc = lines.map((line) => sites(line, tagger));
  const all = byDoc.flat();
  const held = byDoc.filter((_, i) => i % 5 === 0).flat();
  const rest = byDoc.filter((_, i) => i % 5 !== 0).flat();
  const wRest = fitWeights(rest);
  const nearest = FEATURES.map((f) => (f === 'nearest' ? 1 : 0));
  const heldJudged = judge(wRest, held);
  const minP = threshold(heldJudged.tops);
  const weights = fitWeights(all);
  const pct = (x: number) => (100 * x).toFixed(1);
  console.log(`sites: ${all.length} (held-out fifth: ${held.length})`);
  console.log(
    `held-out top-1: ranker ${pct(heldJudged.acc)}%, nearest candidate ${pct(judge(nearest, held).acc)}%; minP=${minP} keeps ${pct(
      heldJudged.tops.filter((t) => t[0] >= minP).length / Math.max(1, held.length),
    )}% of sites`,
  );
  console.log(`train top-1: ranker ${pct(judge(weights, all).acc)}%`);
  console.log(FEATURES.map((f, i) => `${f}=${weights[i]}`).join(' '));
  const out = opt.out ?? DEFAULT_SPEAKER_MODEL;
  writeFileSync(out, `${JSON.stringify({ features: FEATURES, weights, minP })}\n`);
  console.log(`wrote ${out}`);
}

main();
