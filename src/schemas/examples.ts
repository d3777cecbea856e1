// The examples the OpenAPI document shows: one invented wire story, as the API answers for it. The
// article, entity and quote ids, offsets and names are what ingesting EXAMPLE_TEXT produces; counts
// and cursors are what a larger store might hold. test/http/openapi-examples.test.ts checks every
// example against the schema it illustrates.
import type { Article, ArticleInput, ArticleListItem, ArticleSummary, Extraction } from './article.js';
import type { Problem } from './common.js';
import type { Entity, RelatedEntity } from './entity.js';
import type { Ninjs } from './ninjs.js';
import type { Quote } from './quote.js';

/** A page of results: `next` is the cursor a further page would take. */
export interface Page<T> {
  data: T[];
  next: string | null;
}

export const EXAMPLE_TEXT = [
  'EU to simplify reporting rules for small firms',
  'Small and medium-sized companies would file a quarter fewer reports under the plan',
  '',
  'BRUSSELS, Belgium',
  'European Commission President Ursula von der Leyen said on Wednesday that the European Union would simplify reporting rules for small and medium-sized companies.',
  '"We will cut the paperwork by a quarter, and we will do it this year," she told reporters in Brussels.',
  'The European Parliament must still approve the package, which business groups in Germany welcomed.',
].join('\n');

export const EXAMPLE_IDS = {
  article: 'c19beae005afd26d',
  person: 'aca9467a0138d5fc',
  organization: 'f758ca8a679ca260',
  union: 'd702653c25155184',
  place: 'c5265f1eb8712544',
  directQuote: '92beb5a06262b8b3',
  indirectQuote: '0c0a2df5ab238502',
} as const;

/**
 * Opaque cursors, as the API hands them out: the store's keyset cursor sealed (AES-256-GCM) and bound
 * to the list and filters that produced it (src/http/cursors.ts). These examples are of that shape;
 * no server accepts them.
 */
export const EXAMPLE_CURSORS = {
  articles: 'eNm4GzerWZ7SofshiJ0Zt13kyEk98zKnbc4hOisZO_iHBgHKZ0zvQz_sG3kNw1BRV5c',
  entities: 'QysFg1HAvgNoQtVBJY8NjMoeXq2s9b86xYkSNdYosn20JyNs6oJxp-jl1Qq7KMYvQDc',
  related: 'j0GwoKhU4i-aK5BoX1rdLb0bZoPLuHF6xor3CQciIF6Xl5Gmh9ZQBZFwT7aVf0O2e7U',
  quotes: 'yddbTd3w7lwPPeAZHk6heJapIdf4C_QKJqACYcIDS-dRaccbYL_SrMht1K6dfsF2lSA',
  ingestJobs: 'cQHMf8W5QFV2SlSpCTtm_hy5h9BnGZdvsDEr5Emx6yn_aKqs0YqbzEQ7GahVWXMG6Pk',
  searches: 'Xw2Lr0bT9Jq4ZkVd7NcaP1sYfUo6gHtE3mWiRyBlKx8nQjCzv5uDpAeIs-F_hMOG2Tw',
  /** An event id of GET /articles/stream: a storage position, sealed the same way. */
  streamEvent: 'WGzQm9pc7YgxsoUuTAfJuP4Us_DMJYl_NxbzS-4DBIsOSDOP',
} as const;

export const EXAMPLE_SOURCE = 'Continental News Agency';
const PUBLISHED_AT = '2025-03-12T09:30:00Z';
const INGESTED_AT = '2025-03-12T09:41:07.512Z';
const URL = 'https://news.example.com/2025/03/12/eu-reporting-rules';

const PARAGRAPHS = EXAMPLE_TEXT.split('\n').slice(4);

export const EXAMPLE_ARTICLE_INPUT: ArticleInput = {
  text: EXAMPLE_TEXT,
  source: EXAMPLE_SOURCE,
  url: URL,
  publishedAt: PUBLISHED_AT,
  language: 'en',
};

const PERSON_REF = { id: EXAMPLE_IDS.person, type: 'person', name: 'Ursula von der Leyen' } as const;

export const EXAMPLE_ARTICLE_SUMMARY: ArticleSummary = {
  id: EXAMPLE_IDS.article,
  headline: 'EU to simplify reporting rules for small firms',
  standfirst: 'Small and medium-sized companies would file a quarter fewer reports under the plan',
  dateline: { text: 'BRUSSELS, Belgium', city: 'Brussels', country: 'Belgium' },
  source: { name: EXAMPLE_SOURCE },
  publishedAt: PUBLISHED_AT,
  ingestedAt: INGESTED_AT,
  // The first article of its story: a later copy (EXAMPLE_DUPLICATE) joined it.
  storyId: EXAMPLE_IDS.article,
};

/** Another outlet's lightly edited copy of the example article, in its story. */
const EXAMPLE_DUPLICATE = {
  id: '3e9d0b6a52c4f817',
  headline: 'Brussels plans to cut paperwork for small businesses',
  source: { name: 'Example Daily' },
};

/** A hit of GET /articles?q=paperwork&collapse=story. */
export const EXAMPLE_ARTICLE_HIT: ArticleListItem = {
  ...EXAMPLE_ARTICLE_SUMMARY,
  duplicateCount: 1,
  snippet: {
    text: '…rules for small and medium-sized companies.\n"We will cut the paperwork by a quarter, and we will do it this year," she told…',
    highlights: [{ start: 62, end: 71 }],
  },
};

const INDIRECT_WORDS = 'the European Union would simplify reporting rules for small and medium-sized companies';
const DIRECT_WORDS = 'We will cut the paperwork by a quarter, and we will do it this year,';

const ARTICLE_QUOTES: Article['quotes'] = [
  {
    id: EXAMPLE_IDS.indirectQuote,
    kind: 'indirect',
    text: INDIRECT_WORDS,
    parts: [{ start: 223, end: 309, text: INDIRECT_WORDS }],
    start: 223,
    end: 309,
    cue: { start: 200, end: 204, text: 'said' },
    speaker: PERSON_REF,
    speakerMention: { start: 179, end: 199, text: 'Ursula von der Leyen' },
    occurrences: [{ start: 223, end: 309 }],
  },
  {
    id: EXAMPLE_IDS.directQuote,
    kind: 'direct',
    text: DIRECT_WORDS,
    // between the quotation marks at 311 and 380
    parts: [{ start: 312, end: 380, text: DIRECT_WORDS }],
    start: 311,
    end: 381,
    cue: { start: 386, end: 390, text: 'told' },
    speaker: PERSON_REF,
    speakerMention: { start: 382, end: 385, text: 'she' },
    occurrences: [{ start: 311, end: 381 }],
  },
];

export const EXAMPLE_ARTICLE: Article = {
  ...EXAMPLE_ARTICLE_SUMMARY,
  url: URL,
  language: 'en',
  extractorVersion: '3-8302b536',
  body: PARAGRAPHS.join('\n'),
  paragraphs: PARAGRAPHS,
  text: EXAMPLE_TEXT,
  duplicates: [EXAMPLE_DUPLICATE],
  entities: [
    {
      id: EXAMPLE_IDS.union,
      type: 'organization',
      name: 'European Union',
      aliases: ['EU'],
      titles: [],
      countryCode: null,
      mentions: [
        { start: 0, end: 2, text: 'EU' },
        { start: 227, end: 241, text: 'European Union' },
      ],
    },
    {
      id: EXAMPLE_IDS.place,
      type: 'place',
      name: 'Brussels',
      aliases: ['BRUSSELS'],
      titles: [],
      countryCode: null,
      mentions: [
        { start: 131, end: 139, text: 'BRUSSELS' },
        { start: 404, end: 412, text: 'Brussels' },
      ],
    },
    {
      id: '131902889dfee4f8',
      type: 'place',
      name: 'Belgium',
      aliases: [],
      titles: [],
      countryCode: 'BE',
      mentions: [{ start: 141, end: 148, text: 'Belgium' }],
    },
    {
      id: EXAMPLE_IDS.organization,
      type: 'organization',
      name: 'European Commission',
      aliases: [],
      titles: [],
      countryCode: null,
      mentions: [{ start: 149, end: 168, text: 'European Commission' }],
    },
    {
      id: EXAMPLE_IDS.person,
      type: 'person',
      name: 'Ursula von der Leyen',
      aliases: [],
      titles: ['European Commission President'],
      countryCode: null,
      mentions: [{ start: 179, end: 199, text: 'Ursula von der Leyen' }],
    },
    {
      id: '7ac83041855f040e',
      type: 'organization',
      name: 'European Parliament',
      aliases: [],
      titles: [],
      countryCode: null,
      mentions: [{ start: 418, end: 437, text: 'European Parliament' }],
    },
    {
      id: '6a75e6939a65fda4',
      type: 'place',
      name: 'Germany',
      aliases: [],
      titles: [],
      countryCode: 'DE',
      mentions: [{ start: 495, end: 502, text: 'Germany' }],
    },
  ],
  quotes: ARTICLE_QUOTES,
};

/** POST /extract of EXAMPLE_TEXT as text/plain: nothing stored, and nothing known beyond the text. */
const { storyId: _story, duplicates: _duplicates, ...EXAMPLE_ARTICLE_ALONE } = EXAMPLE_ARTICLE;

export const EXAMPLE_EXTRACTION: Extraction = {
  ...EXAMPLE_ARTICLE_ALONE,
  source: null,
  publishedAt: null,
  ingestedAt: null,
  url: null,
  language: null,
  truncated: false,
};

export const EXAMPLE_NINJS: Ninjs = {
  uri: `urn:newswire:article:${EXAMPLE_IDS.article}`,
  type: 'text',
  representationtype: 'full',
  standard: { name: 'ninjs', version: '2.2', schema: 'http://www.iptc.org/std/ninjs/ninjs-schema_2.2.json' },
  versioncreated: INGESTED_AT,
  firstcreated: PUBLISHED_AT,
  language: 'en',
  headlines: [{ role: 'main', contenttype: 'text/plain', value: EXAMPLE_ARTICLE.headline }],
  descriptions: [{ role: 'summary', contenttype: 'text/plain', value: EXAMPLE_ARTICLE_SUMMARY.standfirst ?? '' }],
  bodies: [
    {
      role: 'main',
      contenttype: 'text/plain',
      value: EXAMPLE_ARTICLE.body,
      charcount: Array.from(EXAMPLE_ARTICLE.body).length,
    },
  ],
  located: 'Brussels, Belgium',
  people: [{ name: 'Ursula von der Leyen', rel: 'mentions', literal: EXAMPLE_IDS.person }],
  organisations: [
    { name: 'European Union', rel: 'mentions', literal: EXAMPLE_IDS.union },
    { name: 'European Commission', rel: 'mentions', literal: EXAMPLE_IDS.organization },
    { name: 'European Parliament', rel: 'mentions', literal: '7ac83041855f040e' },
  ],
  places: [
    { name: 'Brussels', rel: 'mentions', literal: EXAMPLE_IDS.place },
    {
      name: 'Belgium',
      rel: 'mentions',
      uri: 'https://www.iso.org/obp/ui/#iso:code:3166:BE',
      literal: '131902889dfee4f8',
    },
    {
      name: 'Germany',
      rel: 'mentions',
      uri: 'https://www.iso.org/obp/ui/#iso:code:3166:DE',
      literal: '6a75e6939a65fda4',
    },
  ],
  infosources: [{ name: EXAMPLE_SOURCE }],
};

export const EXAMPLE_PERSON: Entity = {
  id: EXAMPLE_IDS.person,
  type: 'person',
  name: 'Ursula von der Leyen',
  aliases: ['von der Leyen'],
  titles: ['European Commission President', 'Commission President'],
  countryCode: null,
  mentionCount: 37,
  articleCount: 12,
};

const EXAMPLE_COMMISSION: Entity = {
  id: EXAMPLE_IDS.organization,
  type: 'organization',
  name: 'European Commission',
  aliases: ['Commission'],
  titles: [],
  countryCode: null,
  mentionCount: 52,
  articleCount: 19,
};

const EXAMPLE_UNION: Entity = {
  id: EXAMPLE_IDS.union,
  type: 'organization',
  name: 'European Union',
  aliases: ['EU'],
  titles: [],
  countryCode: null,
  mentionCount: 128,
  articleCount: 41,
};

/** GET /entities: the most mentioned first. */
export const EXAMPLE_ENTITY_PAGE: Page<Entity> = {
  data: [EXAMPLE_UNION, EXAMPLE_COMMISSION, EXAMPLE_PERSON],
  next: EXAMPLE_CURSORS.entities,
};

/** GET /entities/{id}/related for the person: who appears with her most. */
export const EXAMPLE_RELATED_PAGE: Page<RelatedEntity> = {
  data: [
    { ...EXAMPLE_COMMISSION, sharedArticles: 11 },
    { ...EXAMPLE_UNION, sharedArticles: 9 },
  ],
  next: EXAMPLE_CURSORS.related,
};

/** GET /quotes?speaker=<the person>. */
export const EXAMPLE_QUOTE_PAGE: Page<Quote> = {
  data: ARTICLE_QUOTES.slice()
    .reverse()
    .map((q) => ({ ...q, articleId: EXAMPLE_IDS.article })),
  next: EXAMPLE_CURSORS.quotes,
};

/** GET /articles?q=paperwork: one hit, with where the word was found. */
export const EXAMPLE_SEARCH_PAGE: Page<ArticleListItem> = { data: [EXAMPLE_ARTICLE_HIT], next: null };

/** GET /entities/{id}/articles: the newest first, and a cursor to the next page. */
export const EXAMPLE_ARTICLE_PAGE: Page<ArticleListItem> = {
  data: [EXAMPLE_ARTICLE_SUMMARY],
  next: EXAMPLE_CURSORS.articles,
};

// ---- problem details (RFC 9457), as src/http/problems.ts sends them ----

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
  507: 'Insufficient Storage',
};

/** A problem document as the API sends it; with `errors`, the detail lists them. */
export function exampleProblem(status: number, instance: string, detail: string, errors?: Problem['errors']): Problem {
  return {
    type: 'about:blank',
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    instance,
    ...(errors ? { errors } : {}),
  };
}

/** A 400 for one invalid input, worded as the validation handler words it. */
export function exampleInvalid(instance: string, where: string, path: string, message: string): Problem {
  return exampleProblem(400, instance, `invalid ${where}: ${path || where}: ${message}`, [
    { in: where, path, message },
  ]);
}

/** What an operation's problem answers look like: the request they answer, and what was wrong with it. */
export interface ProblemContext {
  /** The request path the examples answer. */
  instance: string;
  /** The 400 example; a too-large `limit` when not given. */
  invalid?: Problem;
  /** Details that differ from the usual ones, by status ("no article <id>" for 404). */
  details?: Partial<Record<number, string>>;
}

const DETAILS: Record<number, string> = {
  401: 'send an API key as `Authorization: Bearer <key>`',
  404: 'not found',
  413: 'Request body is too large',
  415: 'Unsupported Media Type',
  429: 'more than 100 requests a minute from this client; retry in 1 minute',
  500: 'an unexpected error occurred; it has been logged',
  503: 'the server is overloaded (eventLoopDelay 1204); retry later',
  507: 'the database has no space left (disk full or size limit reached): nothing was stored; retry once space is freed',
};

/** The example problem document of one status for one operation. */
export function problemExample(status: number, ctx: ProblemContext): Problem {
  if (status === 400 && ctx.invalid) return ctx.invalid;
  if (status === 400) {
    return exampleInvalid(`${ctx.instance}?limit=500`, 'querystring', 'limit', 'Too big: expected number to be <=100');
  }
  return exampleProblem(status, ctx.instance, ctx.details?.[status] ?? DETAILS[status] ?? 'Error');
}
