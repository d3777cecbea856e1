// What ingesting one text produces, before it is stored: the parsed article with its entities and
// quotes, ids assigned, offsets in Unicode code points. The store saves it whole, in one operation.
import type { EntityType } from '../extract/types.js';
import type { ArticleMeta } from './analyse-article.js';

export interface DraftSpan {
  start: number;
  end: number;
  text: string;
}

export interface DraftEntity {
  id: string;
  type: EntityType;
  key: string;
  name: string;
  aliases: string[];
  titles: string[];
  countryCode: string | null;
  mentions: DraftSpan[];
}

export interface DraftQuote {
  id: string;
  kind: 'direct' | 'indirect';
  /** The parts' texts joined by one space. */
  text: string;
  /** The words as written, in order: several when an attribution interrupts the quote (see ExtractedQuote). */
  parts: DraftSpan[];
  start: number;
  end: number;
  cue: DraftSpan | null;
  speakerMention: DraftSpan | null;
  /** Index into ArticleDraft.entities, or null when the speaker is unresolved. */
  speaker: number | null;
  occurrences: { start: number; end: number }[];
}

export interface ArticleDraft {
  id: string;
  text: string;
  headline: string;
  standfirst: string | null;
  dateline: { text: string; city: string | null; country: string | null } | null;
  source: { name: string } | null;
  url: string | null;
  paragraphs: string[];
  language: string | null;
  publishedAt: string | null;
  entities: DraftEntity[];
  quotes: DraftQuote[];
  /** The extraction that produced entities and quotes. */
  extractorVersion: string;
  /** What the client stated about the article at ingest, kept so a re-extraction honours it. */
  clientMeta: ArticleMeta;
}
