// The engines store the same things: articles of the bench corpus (src/cli/bench/corpus.ts, people who
// share surnames, entities many articles name), extracted once, saved into SQLite and PostgreSQL (some
// one at a time, the rest in batches; then one deleted and one re-extracted), give the same entities:
// names, counts, countries, aliases, titles, co-occurrences and each article's entities and quotes,
// and the same timelines of the most mentioned entities and histograms of some searches.
import { describe, expect, it } from 'vitest';
import { analyseArticle } from '../../src/analysis/analyse-article.js';
import { createCorpus } from '../../src/cli/bench/corpus.js';
import type { NewsStore } from '../../src/store/news-store.js';
import { extractor } from '../extractor.js';
import { storeEngines } from './postgres.js';

const ARTICLES = 160;
const corpus = createCorpus({ articles: ARTICLES, seed: 11 });
const drafts = Array.from({ length: ARTICLES }, (_, i) => {
  const a = corpus.article(i);
  return analyseArticle(a.text, a.meta, extractor);
});
const at = new Date('2025-01-01T00:00:00Z');

/** Everything the store says about its entities and articles, in the order it lists them. */
async function contents(store: NewsStore) {
  const entities: { id: string }[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.listEntities({ limit: 100, cursor });
    entities.push(...page.data);
    cursor = page.next ?? undefined;
  } while (cursor);
  const details = [];
  for (const e of entities) {
    const full = await store.getEntity(e.id);
    const related = await store.listRelated(e.id, { limit: 100 });
    details.push({
      ...full,
      aliases: [...(full?.aliases ?? [])].sort(),
      titles: [...(full?.titles ?? [])].sort(),
      related: related?.data.map((r) => [r.id, r.sharedArticles]),
    });
  }
  const articles = [];
  for (const d of drafts) {
    const a = await store.getArticle(d.id);
    articles.push(a && { entities: a.entities, quotes: a.quotes.map((q) => [q.id, q.speaker?.id ?? null]) });
  }
  const timelines = [];
  for (const e of entities.slice(0, 20)) {
    for (const interval of ['day', 'week', 'month'] as const)
      timelines.push(await store.entityTimeline(e.id, { interval, from: '2023-03-01' }));
  }
  const histograms = [];
  for (const filter of [
    {},
    { q: 'budget' },
    { q: 'the' },
    { q: 'said', source: 'Calder Wire' },
    { entity: entities.slice(0, 1).map((e) => e.id) },
  ]) {
    for (const interval of ['day', 'week', 'month'] as const)
      histograms.push(await store.articleHistogram({ ...filter, interval }));
  }
  return { entities: entities.map((e) => e.id), details, articles, timelines, histograms };
}

async function fill(store: NewsStore) {
  for (const d of drafts.slice(0, 40)) await store.saveArticle(d, at);
  for (let from = 40; from < ARTICLES; from += 32) await store.saveArticles(drafts.slice(from, from + 32), at);
  await store.deleteArticle(drafts[3]?.id ?? '', at);
  const again = drafts[50];
  if (again) await store.replaceArticle({ ...again, entities: again.entities.slice(1) });
}

const engines = await storeEngines();

describe.skipIf(engines.length < 2)('SQLite and PostgreSQL', () => {
  it('store the same entities, counts, labels and links for the same articles', async () => {
    const [sqlite, postgres] = await Promise.all(engines.map((e) => e.fresh()));
    if (!sqlite || !postgres) throw new Error('two engines expected');
    try {
      await fill(sqlite);
      await fill(postgres);
      const expected = await contents(sqlite);
      // The corpus exercises what it is meant to: many entities, shared by many articles.
      expect(expected.details.length).toBeGreaterThan(300);
      expect(Math.max(...expected.details.map((d) => d.articleCount ?? 0))).toBeGreaterThan(10);
      expect(await contents(postgres)).toEqual(expected);
    } finally {
      await sqlite.close();
    }
  }, 120_000);
});
