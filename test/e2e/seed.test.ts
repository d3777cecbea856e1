// The seed article end to end: loaded from data/articles/ at start-up, served over HTTP.
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/paths.js';
import type { Article } from '../../src/schemas/article.js';
import { loadArticles } from '../../src/service/ingest.js';
import { createSqliteStore, openDatabase } from '../../src/store/sqlite-store.js';
import { buildTestApp } from '../app.js';
import { extractor } from '../extractor.js';

let app: FastifyInstance;
let article: Article;

beforeAll(async () => {
  const store = createSqliteStore(openDatabase(':memory:'));
  expect(await loadArticles(store, join(packageRoot, 'data/articles'), extractor)).toMatchObject({
    stored: 1,
    failed: [],
  });
  app = await buildTestApp(store);
  app.addHook('onClose', () => store.close());
  const list = (await app.inject({ method: 'GET', url: '/articles' })).json();
  expect(list.data).toHaveLength(1);
  article = (await app.inject({ method: 'GET', url: `/articles/${list.data[0].id}` })).json();
});
afterAll(() => app.close());

describe('the seed article over HTTP', () => {
  it('has its parts, with the publisher boilerplate removed', () => {
    expect(article).toMatchObject({
      headline: 'NATO chief ready to meet with Serbian president to defuse tensions in Kosovo',
      standfirst:
        "'I am in regular contact with President Aleksandar Vucic. I am ready to meet. We are concerned about the increased tensions in Kosovo,' says Jens Stoltenberg",
      dateline: { text: 'BELGRADE, Serbia', city: 'Belgrade', country: 'Serbia' },
      source: { name: 'Anadolu Agency' },
      publishedAt: null,
    });
    expect(article.paragraphs).toHaveLength(11);
    expect(article.body).toBe(article.paragraphs.join('\n'));
    expect(article.body.startsWith('NATO Secretary General Jens Stoltenberg said on Tuesday')).toBe(true);
    expect(article.body.endsWith('but Belgrade continues to regard it as its territory.')).toBe(true);
    expect(article.body).not.toContain('Anadolu Agency website');
  });

  it('has exactly the people, organisations and places an editor would list', () => {
    const byType = (type: string) =>
      article.entities
        .filter((e) => e.type === type)
        .map((e) => e.name)
        .sort();
    expect(byType('person')).toEqual(['Aleksandar Vucic', 'Jens Stoltenberg']);
    expect(byType('organization')).toEqual([
      'European Union',
      'Kosovo Force',
      'NATO',
      'United Nations',
      'United Nations Security Council',
    ]);
    expect(byType('place')).toEqual([
      'Belgrade',
      'France',
      'Germany',
      'Kosovo',
      'Lithuania',
      'Pristina',
      'Serbia',
      'Sweden',
      'Türkiye',
      'Ukraine',
      'United Kingdom',
      'United States',
      'Vilnius',
    ]);
    const stoltenberg = article.entities.find((e) => e.name === 'Jens Stoltenberg');
    expect(stoltenberg).toMatchObject({ aliases: ['Stoltenberg'], titles: ['NATO Secretary General'] });
    expect(stoltenberg?.mentions).toHaveLength(6);
    expect(article.entities.find((e) => e.name === 'Kosovo Force')?.aliases).toEqual(['KFOR']);
    expect(article.entities.find((e) => e.name === 'Türkiye')?.countryCode).toBe('TR');
  });

  it('gives mentions that slice the text exactly and never fall in the boilerplate', () => {
    const cps = Array.from(article.text);
    const boilerplateAt = cps.join('').indexOf('Anadolu Agency website');
    for (const e of article.entities) {
      for (const m of e.mentions) {
        expect(cps.slice(m.start, m.end).join('')).toBe(m.text);
        expect(m.end).toBeLessThanOrEqual(boilerplateAt);
      }
    }
  });

  it('has the one direct quote and the four reported ones, each with its speaker and cue', () => {
    const quotes = article.quotes.map((q) => [q.kind, q.speaker?.name, q.cue?.text, q.text]);
    // In document order of the body (the standfirst only repeats the direct quote).
    expect(quotes).toEqual([
      [
        'indirect',
        'Jens Stoltenberg',
        'said',
        'he is willing to meet with Serbian President Aleksandar Vucic to defuse tensions in Kosovo',
      ],
      [
        'direct',
        'Jens Stoltenberg',
        'said',
        'I am in regular contact with President Aleksandar Vucic. I am ready to meet. We are concerned about the increased tensions in Kosovo. We urge parties to de-escalate and refrain from taking any action that could further increase tensions in the region,',
      ],
      [
        'indirect',
        'Aleksandar Vucic',
        'said',
        'he will request an urgent meeting with Stoltenberg and will urge the UN Security Council to discuss the situation in Kosovo',
      ],
      [
        'indirect',
        'Aleksandar Vucic',
        'added',
        'He wants to inform Stoltenberg about what Serbia can do to de-escalate tensions',
      ],
      [
        'indirect',
        'European Union',
        'said',
        'the low turnout among Serbs did not provide municipalities with long-term political solutions',
      ],
    ]);
    // The standfirst repeats the direct quote: one record, two occurrences.
    const direct = article.quotes.find((q) => q.kind === 'direct');
    expect(direct?.occurrences).toHaveLength(2);
    expect(direct?.occurrences[0]).toEqual({ start: direct?.start, end: direct?.end });
  });

  it('serves the people of the seed at /entities?type=person, most mentioned first', async () => {
    const res = (await app.inject({ method: 'GET', url: '/entities?type=person' })).json();
    expect(res.data.map((e: { name: string; mentionCount: number }) => [e.name, e.mentionCount])).toEqual([
      ['Jens Stoltenberg', 6],
      ['Aleksandar Vucic', 5],
    ]);
  });
});
