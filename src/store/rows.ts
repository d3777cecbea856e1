// The rows of the store's tables and their translation to the API's camelCase shapes. Both engines'
// tables have the same columns (src/store/sqlite/, src/store/postgres/), so they share these.
import {
  type Article,
  type ArticleEntity,
  type ArticleListItem,
  type ArticleSummary,
  assembleArticle,
} from '../schemas/article.js';
import type { Entity } from '../schemas/entity.js';
import type { Quote } from '../schemas/quote.js';
import { encodeCursor } from './cursor.js';
import type { Page } from './news-store.js';
import { snippetMatcher } from './snippet.js';

/** The cursor of a first page, for the queries that walk a key downwards. */
export const MAX = Number.MAX_SAFE_INTEGER;

export interface ArticleRow {
  seq: number;
  id: string;
  headline: string;
  standfirst: string | null;
  dateline_text: string | null;
  dateline_city: string | null;
  dateline_country: string | null;
  source_name: string | null;
  url: string | null;
  paragraphs: string;
  text: string;
  language: string | null;
  published_at: string | null;
  extractor_version: string;
  client_meta: string;
  ingested_at: string;
  sort_date: string;
  story_id: string;
}

/** Another article of a story, as an article's answer lists it. */
export interface DuplicateRow {
  id: string;
  headline: string;
  source_name: string | null;
}

export interface EntityRow {
  seq: number;
  id: string;
  type: Entity['type'];
  name: string;
  sort_name: string;
  country_code: string | null;
  mention_count: number;
  article_count: number;
}

export interface QuoteRow {
  seq: number;
  article_seq: number;
  position: number;
  id: string;
  article_id: string;
  kind: Quote['kind'];
  text: string;
  parts: string;
  start: number;
  end: number;
  cue_text: string | null;
  cue_start: number | null;
  cue_end: number | null;
  speaker_text: string | null;
  speaker_start: number | null;
  speaker_end: number | null;
  occurrences: string;
  speaker_id: string | null;
  speaker_type: Entity['type'] | null;
  speaker_name: string | null;
}

export const QUOTE_COLUMNS = `q.seq, q.article_seq, q.position, q.id, a.id AS article_id, q.kind, q.text, q.parts,
  q.start, q.end, q.cue_text, q.cue_start, q.cue_end, q.speaker_text, q.speaker_start, q.speaker_end, q.occurrences,
  e.id AS speaker_id, e.type AS speaker_type, e.name AS speaker_name`;

export function toSummary(r: Omit<ArticleRow, 'paragraphs' | 'text' | 'language'>): ArticleSummary {
  return {
    id: r.id,
    headline: r.headline,
    standfirst: r.standfirst,
    dateline:
      r.dateline_text === null ? null : { text: r.dateline_text, city: r.dateline_city, country: r.dateline_country },
    source: r.source_name === null ? null : { name: r.source_name },
    publishedAt: r.published_at,
    ingestedAt: r.ingested_at,
    storyId: r.story_id,
  };
}

export function span(text: string | null, start: number | null, end: number | null) {
  return text === null || start === null || end === null ? null : { text, start, end };
}

export function toQuote(r: QuoteRow): Quote {
  return {
    id: r.id,
    articleId: r.article_id,
    kind: r.kind,
    text: r.text,
    parts: (JSON.parse(r.parts) as [number, number, string][]).map(([start, end, text]) => ({ start, end, text })),
    start: r.start,
    end: r.end,
    cue: span(r.cue_text, r.cue_start, r.cue_end),
    speaker:
      r.speaker_id === null || r.speaker_type === null || r.speaker_name === null
        ? null
        : { id: r.speaker_id, type: r.speaker_type, name: r.speaker_name },
    speakerMention: span(r.speaker_text, r.speaker_start, r.speaker_end),
    occurrences: (JSON.parse(r.occurrences) as [number, number][]).map(([start, end]) => ({ start, end })),
  };
}

export function page<R, T>(rows: R[], limit: number, map: (r: R) => T, key: (r: R) => (string | number)[]): Page<T> {
  const more = rows.length > limit;
  const kept = more ? rows.slice(0, limit) : rows;
  const last = kept[kept.length - 1];
  return { data: kept.map(map), next: more && last !== undefined ? encodeCursor(key(last)) : null };
}

/** A row of an article list: the summary's columns, the rank of a word search, and the text to snip. */
export type ArticleListRow = Omit<ArticleRow, 'paragraphs' | 'text' | 'language'> & {
  rank?: number;
  paragraphs?: string;
  /** With collapse=story. */
  duplicate_count?: number;
};

/**
 * A page of an article list, either engine's: summaries, each with a snippet when the list was a word
 * search (`q`), made from the page's rows only; keyed for the cursor by rank or date, then seq.
 */
export function articleListPage(
  rows: ArticleListRow[],
  { limit, q }: { limit: number; q?: string | undefined },
  byRank: boolean,
): Page<ArticleListItem> {
  const snippet = q === undefined ? null : snippetMatcher(q);
  return page(
    rows,
    limit,
    (r) => ({
      ...toSummary(r),
      ...(snippet === null || r.paragraphs === undefined
        ? {}
        : {
            snippet: snippet([r.headline, r.standfirst ?? '', (JSON.parse(r.paragraphs) as string[]).join('\n')]),
          }),
      ...(r.duplicate_count === undefined ? {} : { duplicateCount: r.duplicate_count }),
    }),
    (r) => [byRank ? (r.rank ?? 0) : r.sort_date, r.seq],
  );
}

/**
 * A stored article from its row, its entities, its quotes and the other articles of its story, either
 * engine's: the quotes lose the articleId they carry in the quote lists, which the article answer does
 * not repeat.
 */
export function toArticle(
  a: ArticleRow,
  entities: ArticleEntity[],
  quotes: Quote[],
  duplicates: DuplicateRow[],
): Article {
  const { storyId, ...summary } = toSummary(a);
  const article = assembleArticle({
    ...summary,
    url: a.url,
    language: a.language,
    extractorVersion: a.extractor_version,
    paragraphs: JSON.parse(a.paragraphs) as string[],
    text: a.text,
    entities,
    quotes: quotes.map(({ articleId: _, ...rest }) => rest),
  });
  return {
    ...article,
    storyId,
    duplicates: duplicates.map((d) => ({
      id: d.id,
      headline: d.headline,
      source: d.source_name === null ? null : { name: d.source_name },
    })),
  };
}

/**
 * The cursor key of an entity row in the order an entity list asks for, either engine's: its seq in
 * name order (with `q` or sort=name: the name is looked up again), else its count and seq.
 */
export function entityKey(
  req: { q?: string | undefined; sort?: 'mentions' | 'articles' | 'name' | undefined },
  r: EntityRow,
): number[] {
  if (req.q !== undefined || req.sort === 'name') return [r.seq];
  return [req.sort === 'articles' ? r.article_count : r.mention_count, r.seq];
}

/** What every entity answer carries, either engine's: who it is and what it is called. */
export function namedEntity(
  r: Pick<EntityRow, 'id' | 'type' | 'name' | 'country_code'>,
  aliases: string[],
  titles: string[],
) {
  return {
    id: r.id,
    type: r.type,
    name: r.name,
    aliases,
    titles,
    countryCode: r.country_code,
  };
}
