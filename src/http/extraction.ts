// The answer of POST /extract for a draft: what GET /articles/:id would return once it is stored,
// bounded in spans, as the JSON the route sends. Built where the draft is (an analysis thread), so that
// the event loop only passes a string on; the serialiser is the one the routes' schemas compile to.
import type { ArticleDraft } from '../analysis/article-draft.js';
import { assembleArticle, type Extraction, ExtractionSchema } from '../schemas/article.js';
import { serializerCompiler } from './serializer.js';

/**
 * The first items of each list, `max` items in all over the lists, but at least one of each list kept:
 * the lists kept, in order, and whether anything was left out.
 */
function firstItems<T>(lists: T[][], max: number): { kept: T[][]; cut: boolean } {
  const kept: T[][] = [];
  let left = max;
  for (const list of lists) {
    if (left <= 0) break;
    const take = list.slice(0, Math.max(1, left));
    left -= take.length;
    kept.push(take);
  }
  const cut = kept.length < lists.length || kept.some((k, i) => k.length < (lists[i] as T[]).length);
  return { kept, cut };
}

/**
 * The API shape of a draft: what GET /articles/:id would return once it is stored, with at most
 * `maxSpans` entity mentions and `maxSpans` quote occurrences (`truncated` says when some were left out).
 */
export function draftToExtraction(d: ArticleDraft, maxSpans = Number.POSITIVE_INFINITY): Extraction {
  const mentions = firstItems(
    d.entities.map((e) => e.mentions),
    maxSpans,
  );
  const occurrences = firstItems(
    d.quotes.map((q) => q.occurrences),
    maxSpans,
  );
  const all = d.entities.map((e) => ({
    id: e.id,
    type: e.type,
    name: e.name,
    aliases: e.aliases,
    titles: e.titles,
    countryCode: e.countryCode,
    mentions: e.mentions,
  }));
  const entities = all.slice(0, mentions.kept.length).map((e, i) => ({ ...e, mentions: mentions.kept[i] ?? [] }));
  const article = assembleArticle({
    id: d.id,
    headline: d.headline,
    standfirst: d.standfirst,
    dateline: d.dateline,
    source: d.source,
    publishedAt: d.publishedAt,
    ingestedAt: null,
    url: d.url,
    language: d.language,
    extractorVersion: d.extractorVersion,
    paragraphs: d.paragraphs,
    text: d.text,
    entities,
    quotes: d.quotes.slice(0, occurrences.kept.length).map((q, i) => {
      // A speaker whose entity was cut is still named: the reference carries its name.
      const speaker = q.speaker === null ? undefined : all[q.speaker];
      return {
        id: q.id,
        kind: q.kind,
        text: q.text,
        parts: q.parts,
        start: q.start,
        end: q.end,
        cue: q.cue,
        speaker: speaker ? { id: speaker.id, type: speaker.type, name: speaker.name } : null,
        speakerMention: q.speakerMention,
        occurrences: occurrences.kept[i] ?? [],
      };
    }),
  });
  return { ...article, truncated: mentions.cut || occurrences.cut };
}

const serialize = serializerCompiler({
  schema: ExtractionSchema,
  method: 'POST',
  url: '/extract',
  httpStatus: '200',
}) as (e: Extraction) => string;

/** POST /extract's answer to the text `d` was drafted from, as JSON: at most `maxSpans` mentions and occurrences. */
export const extractionJson = (d: ArticleDraft, maxSpans: number): string => serialize(draftToExtraction(d, maxSpans));
