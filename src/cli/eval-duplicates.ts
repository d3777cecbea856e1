// Measures the story grouping (src/store/stories.ts) on a JSONL of articles ({ id, text, entities? }):
// each article against lightly edited copies of itself, which should be grouped with it, and against
// the other articles of the same day that name the same entities, which should not. Prints recall and
// precision at the configured THRESHOLD and at the thresholds around it, each pair counted as grouped
// only when the LSH bands would have found it as a candidate (as a save does), then the cost of
// signing an article:
//   npm run eval:duplicates -- [file.jsonl] [--limit N] [--errors N]
// The default file is ../shared/eval/conll2003-dev.jsonl (CoNLL-2003 dev: 216 Reuters articles of
// 1996-08-29 to 09-01, sport and business).
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { ArticleDraft } from '../analysis/article-draft.js';
import { articleId } from '../analysis/ids.js';
import { parseArticle } from '../analysis/parse-article.js';
import type { NewsStore } from '../store/news-store.js';
import { createStoryWrites } from '../store/sqlite/story-writes.js';
import { createSqliteStore, openDatabase } from '../store/sqlite-store.js';
import { buckets, SHINGLE, signature, similarity, THRESHOLD } from '../store/stories.js';
import { runCli } from './run.js';

interface Doc {
  id: string;
  text: string;
  entities?: { text: string }[];
}

interface Parsed {
  id: string;
  headline: string;
  dateline: string;
  paragraphs: string[];
  day: string | null;
  entities: Set<string>;
}

/** A deterministic generator (mulberry32), so that every run makes the same copies. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function parse(doc: Doc): Parsed {
  const p = parseArticle(doc.text);
  const slice = (s: { start: number; end: number }) => doc.text.slice(s.start, s.end);
  return {
    id: doc.id,
    headline: slice(p.headline),
    dateline: p.dateline ? slice(p.dateline) : '',
    paragraphs: p.paragraphs.map(slice),
    day: /\b(\d{4}-\d{2}-\d{2})\b/.exec(doc.text.slice(0, 400))?.[1] ?? null,
    entities: new Set((doc.entities ?? []).map((e) => e.text.toLowerCase())),
  };
}

/** The body the store would sign for an article written as headline, dateline and paragraphs. */
function bodyOf(headline: string, dateline: string, paragraphs: string[]): string[] {
  const text = [headline, dateline, ...paragraphs].filter((l) => l !== '').join('\n');
  const p = parseArticle(text);
  return p.paragraphs.map((s) => text.slice(s.start, s.end));
}

type Edit = (d: Parsed, rnd: () => number, other: Parsed) => string[];

/** A sentence of eight words or more from another article, or a stock one. */
const sentenceOf = (d: Parsed) =>
  d.paragraphs.flatMap((p) => p.split(/(?<=[.!?])\s+/)).find((s) => s.split(' ').length >= 8) ??
  'Officials said more details would follow later on Friday.';

/** Cuts the end of a body: its last quarter of paragraphs, or of the words of a one-paragraph body. */
function trimEnding(paragraphs: string[]): string[] {
  if (paragraphs.length >= 2) return paragraphs.slice(0, Math.max(1, Math.ceil(paragraphs.length * 0.75)));
  const words = (paragraphs[0] ?? '').split(' ');
  return [words.slice(0, Math.ceil(words.length * 0.75)).join(' ')];
}

/** The edits an outlet makes to wire copy, each giving the copy's body. */
const EDITS: Record<string, Edit> = {
  'inserted sentence': (d, rnd, other) => {
    const at = Math.floor(rnd() * (d.paragraphs.length + 1));
    return bodyOf(d.headline, d.dateline, [...d.paragraphs.slice(0, at), sentenceOf(other), ...d.paragraphs.slice(at)]);
  },
  'trimmed ending': (d) => bodyOf(d.headline, d.dateline, trimEnding(d.paragraphs)),
  'new headline': (d) => bodyOf(`${d.headline.toLowerCase()} - update`, d.dateline, d.paragraphs),
  'reordered and dropped paragraph': (d, rnd) => {
    const ps = [...d.paragraphs];
    if (ps.length >= 3) {
      const i = 1 + Math.floor(rnd() * (ps.length - 2));
      [ps[i], ps[i + 1]] = [ps[i + 1] as string, ps[i] as string];
      ps.splice(1 + Math.floor(rnd() * (ps.length - 1)), 1);
    }
    return bodyOf(d.headline, d.dateline, ps);
  },
  'changed dateline': (d) => bodyOf(d.headline, 'PARIS, Aug 31 (Reuters) -', d.paragraphs),
  'all of these': (d, rnd, other) => {
    const ps = trimEnding(d.paragraphs);
    const at = Math.floor(rnd() * (ps.length + 1));
    const inserted = [...ps.slice(0, at), sentenceOf(other), ...ps.slice(at)];
    return bodyOf(`${d.headline.toLowerCase()} - update`, 'PARIS, Aug 31 (Reuters) -', inserted);
  },
};

interface Scored {
  kind: string;
  a: string;
  b: string;
  score: number;
  /** Whether the two share an LSH bucket: a save would compare them at all. */
  candidate: boolean;
}

function score(kind: string, a: string, b: string, x: string[], y: string[]): Scored | null {
  const sx = signature(x);
  const sy = signature(y);
  if (!sx || !sy) return null;
  const bx = new Set(buckets(sx));
  return { kind, a, b, score: similarity(sx, sy), candidate: buckets(sy).some((k) => bx.has(k)) };
}

async function main(args: string[]) {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { limit: { type: 'string' }, errors: { type: 'string', default: '0' } },
  });
  const file = positionals[0] ?? '../shared/eval/conll2003-dev.jsonl';
  const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  const docs = lines.slice(0, values.limit ? Number(values.limit) : undefined).map((l) => parse(JSON.parse(l) as Doc));
  const rnd = random(15);

  const positives: Scored[] = [];
  let tooShort = 0;
  docs.forEach((d, i) => {
    const other = docs[(i + 1) % docs.length] as Parsed;
    for (const [kind, edit] of Object.entries(EDITS)) {
      const s = score(kind, d.id, `${d.id} (${kind})`, d.paragraphs, edit(d, rnd, other));
      if (s) positives.push(s);
      else if (kind === 'inserted sentence') tooShort++;
    }
  });

  // Different articles about the same event or topic: the same day, and at least two entity names in common.
  const negatives: Scored[] = [];
  for (let i = 0; i < docs.length; i++) {
    for (let j = i + 1; j < docs.length; j++) {
      const a = docs[i] as Parsed;
      const b = docs[j] as Parsed;
      if (a.day === null || a.day !== b.day) continue;
      let shared = 0;
      for (const e of a.entities) if (b.entities.has(e)) shared++;
      if (shared < 2) continue;
      const s = score('same day and entities', a.id, b.id, a.paragraphs, b.paragraphs);
      if (s) negatives.push(s);
    }
  }

  const grouped = (s: Scored, t: number) => s.candidate && s.score >= t;
  const line = (t: number) => {
    const tp = positives.filter((s) => grouped(s, t)).length;
    const fp = negatives.filter((s) => grouped(s, t)).length;
    const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
    const recall = tp / positives.length;
    return `${t.toFixed(2)}  precision ${precision.toFixed(3)} (${fp} wrongly grouped)  recall ${recall.toFixed(3)} (${positives.length - tp} copies missed)`;
  };

  console.log(
    `${file}: ${docs.length} articles (${tooShort} under ${SHINGLE} body words, left out), ${positives.length} edited copies, ${negatives.length} pairs of different articles of one day sharing two entities`,
  );
  for (const t of [0.3, 0.4, 0.5, 0.6, 0.7, 0.8]) console.log(`${t === THRESHOLD ? '*' : ' '} ${line(t)}`);
  console.log('recall by edit at the threshold:');
  for (const kind of Object.keys(EDITS)) {
    const of = positives.filter((s) => s.kind === kind);
    const scores = of.map((s) => s.score).sort((x, y) => x - y);
    const median = scores[Math.floor(scores.length / 2)] ?? 0;
    const found = of.filter((s) => grouped(s, THRESHOLD)).length;
    console.log(`  ${kind}: ${found}/${of.length}, median similarity ${median.toFixed(2)}`);
  }
  const worst = [...negatives].sort((x, y) => y.score - x.score);
  console.log(
    `highest similarities of two different articles: ${worst
      .slice(0, 5)
      .map((s) => s.score.toFixed(2))
      .join(', ')}`,
  );

  const errors = Number(values.errors);
  if (errors > 0) {
    const missed = positives.filter((s) => !grouped(s, THRESHOLD)).sort((x, y) => x.score - y.score);
    for (const s of missed.slice(0, errors)) console.log(`  missed ${s.b}: ${s.score.toFixed(2)}`);
    for (const s of worst.filter((s) => grouped(s, THRESHOLD)).slice(0, errors))
      console.log(`  wrongly grouped ${s.a} ${s.b}: ${s.score.toFixed(2)}`);
  }

  // The signing cost of a save (the band lookup and the writes are the store's, measured apart).
  const bodies = docs.map((d) => d.paragraphs);
  const rounds = 5;
  const start = process.hrtime.bigint();
  for (let r = 0; r < rounds; r++) for (const b of bodies) signature(b);
  const micros = Number(process.hrtime.bigint() - start) / 1000 / (rounds * bodies.length);
  const words = bodies.reduce((n, b) => n + b.join(' ').split(/\s+/).length, 0) / bodies.length;
  console.log(`signing: ${micros.toFixed(0)} µs per article (mean ${words.toFixed(0)} words)`);
  await throughStore(docs, rnd);
  return 0;
}

/**
 * The same through a SQLite store in memory, end to end: every article, then every edited copy, saved
 * one transaction each; how many copies joined their original's story, and the cost of a save with its
 * band lookup, against the same saves with no stored article to find.
 */
async function throughStore(docs: Parsed[], rnd: () => number) {
  const asDraft = (id: string, headline: string, paragraphs: string[]): ArticleDraft => ({
    id: articleId(`${id}\n${paragraphs.join('\n')}`),
    text: [headline, ...paragraphs].join('\n'),
    headline,
    standfirst: null,
    dateline: null,
    source: null,
    url: null,
    paragraphs,
    language: null,
    publishedAt: null,
    entities: [],
    quotes: [],
    extractorVersion: 'eval',
    clientMeta: {},
  });
  const originals = docs.map((d) => asDraft(d.id, d.headline, d.paragraphs));
  const copies = docs.flatMap((d, i) =>
    Object.entries(EDITS).map(([kind, edit]) => ({
      of: originals[i] as ArticleDraft,
      draft: asDraft(`${d.id} ${kind}`, d.headline, edit(d, rnd, docs[(i + 1) % docs.length] as Parsed)),
    })),
  );
  const timed = async (store: NewsStore, drafts: ArticleDraft[]) => {
    const start = process.hrtime.bigint();
    for (const d of drafts) await store.saveArticle(d);
    return Number(process.hrtime.bigint() - start) / 1e6 / drafts.length;
  };
  const db = openDatabase(':memory:');
  const store = createSqliteStore(db);
  const first = await timed(store, originals);
  const then = await timed(
    store,
    copies.map((c) => c.draft),
  );
  let joined = 0;
  for (const c of copies) if ((await store.getArticle(c.draft.id))?.storyId === c.of.id) joined++;
  // The band lookup and comparison of a save alone, each article looked up again among all of them.
  const stories = createStoryWrites(db);
  const signatures = originals.map((d) => signature(d.paragraphs));
  const start = process.hrtime.bigint();
  for (const sig of signatures) stories.storyOf(sig);
  const lookup = Number(process.hrtime.bigint() - start) / 1e3 / signatures.length;
  await store.close();
  console.log(
    `through the store (SQLite in memory): ${joined}/${copies.length} copies joined their original's story; ` +
      `a save took ${first.toFixed(2)} ms among the first ${originals.length} articles, ` +
      `${then.toFixed(2)} ms among up to ${originals.length + copies.length}, ` +
      `of which the band lookup and comparisons ${lookup.toFixed(0)} µs`,
  );
}

runCli(main);
