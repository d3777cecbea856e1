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

/** A wire story's body paragraphs. */
export const WIRE = [
  'The European Commission on Tuesday proposed cutting the reporting rules for small and medium-sized companies by a quarter, in a package it said would save businesses billions of euros a year.',
  'Commission President Ursula von der Leyen said the plan would remove overlapping requirements that firms had complained about for years.',
  'Under the proposal, companies with fewer than 250 employees would no longer have to file separate sustainability and supply-chain reports.',
  'Business groups welcomed the package, while several environmental organisations warned that it would weaken hard-won protections.',
  'The proposal now goes to the European Parliament and member states, which must approve it before it can take effect.',
  'Officials said they hoped the rules would be agreed before the end of the year.',
];
/** Another outlet's copy of WIRE: a sentence added, the last paragraph cut. */
export const COPY = [
  ...WIRE.slice(0, 3),
  'The plan is the first of several simplification packages promised for this year.',
  ...WIRE.slice(3, 5),
];
/** Another report of the event of WIRE, in other words. */
export const OTHER = [
  'Small businesses across Europe reacted with cautious relief on Tuesday to a Commission plan to simplify reporting.',
  'Ursula von der Leyen has made cutting red tape a priority of her second term, and the package is its first test.',
  'Lawmakers in the European Parliament are expected to debate the proposal in the autumn, when the Greens intend to oppose it.',
  'Several member states have asked for the rules to go further and cover larger companies too.',
];
