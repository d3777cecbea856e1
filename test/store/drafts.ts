// Hand-written article drafts for store tests: storage is tested apart from extraction.
import type { ArticleDraft, DraftEntity } from '../../src/analysis/article-draft.js';
import { articleId, entityId } from '../../src/analysis/ids.js';

export function entity(
  type: DraftEntity['type'],
  name: string,
  mentions: [number, number][],
  more: Partial<DraftEntity> = {},
): DraftEntity {
  const key = more.key ?? name.toLowerCase();
  return {
    id: entityId(type, key),
    type,
    key,
    name,
    aliases: [],
    titles: [],
    countryCode: null,
    mentions: mentions.map(([start, end]) => ({ start, end, text: name.slice(0, end - start) })),
    ...more,
  };
}

export function draft(text: string, more: Partial<ArticleDraft> = {}): ArticleDraft {
  return {
    id: articleId(text),
    text,
    headline: text.split('\n')[0] ?? text,
    standfirst: null,
    dateline: null,
    source: null,
    url: null,
    paragraphs: text.split('\n').slice(1),
    language: null,
    publishedAt: null,
    entities: [],
    quotes: [],
    extractorVersion: 'test-1',
    clientMeta: {},
    ...more,
  };
}
