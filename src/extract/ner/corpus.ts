// Annotated documents in the JSONL form of the evaluation data:
// { id, text, entities: [{ type: PER|ORG|LOC|MISC, text, start, end }] }, UTF-16 offsets.
import { readFileSync } from 'node:fs';
import type { DocContext, FeatureExtractor } from './features.js';
import { encode, type TokenSpan, TYPES } from './tags.js';

export interface AnnotatedDoc {
  id: string;
  text: string;
  entities: { type: string; text?: string; start: number; end: number }[];
}

/**
 * Documents to train on, with how much they count and what their annotation covers. A corpus that
 * never annotates MISC (products, works, events, nationalities) leaves such names untagged: the
 * tagger is then not corrected when it calls one of them MISC, so it does not learn to miss MISC.
 */
export interface TrainCorpus {
  name: string;
  docs: AnnotatedDoc[];
  /** Each mistake on these documents moves the weights by this much (1 = as much as CoNLL). */
  weight: number;
  /** The corpus annotates MISC; when false, MISC predicted on an untagged token is not a mistake. */
  misc: boolean;
  /** Its names go into the training-name list the tagger sees as a feature. */
  names: boolean;
  /** News copy: its documents get the news-only feature copies that the service always uses (see DocContext.news). */
  news: boolean;
}

export function readJsonl(path: string): AnnotatedDoc[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as AnnotatedDoc);
}

export interface GoldDoc {
  doc: DocContext;
  gold: Uint8Array;
  /** Entities whose edges fall inside a token or that cross a sentence: not learnable as such. */
  skipped: number;
}

/** Tokenises an annotated document and encodes its entities as BILOU tags over its tokens. */
export function toGold(fx: FeatureExtractor, d: AnnotatedDoc): GoldDoc {
  const doc = fx.prepare(d.text);
  const startAt = new Map<number, number>();
  const endAt = new Map<number, number>();
  doc.tokens.forEach((t, i) => {
    startAt.set(t.start, i);
    endAt.set(t.end, i + 1);
  });
  const sentenceOf = new Int32Array(doc.tokens.length);
  doc.sentences.forEach((s, k) => {
    for (let i = s.from; i < s.to; i++) sentenceOf[i] = k;
  });
  const spans: TokenSpan[] = [];
  let skipped = 0;
  for (const e of d.entities) {
    const type = (TYPES as readonly string[]).indexOf(e.type);
    const a = startAt.get(e.start);
    const b = endAt.get(e.end);
    if (type < 0 || a === undefined || b === undefined || b <= a || sentenceOf[a] !== sentenceOf[b - 1]) {
      skipped++;
      continue;
    }
    spans.push({ start: a, end: b, type });
  }
  spans.sort((x, y) => x.start - y.start);
  const clean: TokenSpan[] = [];
  for (const s of spans) {
    const last = clean[clean.length - 1];
    if (last && s.start < last.end) skipped++;
    else clean.push(s);
  }
  return { doc, gold: encode(clean, doc.tokens.length), skipped };
}
