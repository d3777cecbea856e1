// One text in, one ArticleDraft out: parse the article's parts, extract entities and quotes from the
// parts that are the publisher's story (never the boilerplate), assign ids, convert offsets to code points.
// The extractor (models and version) is the caller's, built once at its start.
import type { Extractor } from '../extract/extractor.js';
import type { Span, TextRange } from '../extract/types.js';
import { codePointIndex } from '../text/code-points.js';
import type { ArticleDraft, DraftSpan } from './article-draft.js';
import { articleId, entityId, quoteId } from './ids.js';
import { parseArticle } from './parse-article.js';
import { publishedDate } from './published-date.js';

/** What a client may state about an article besides its text; each overrides what the text says. */
export interface ArticleMeta {
  source?: string | null | undefined;
  url?: string | null | undefined;
  publishedAt?: string | null | undefined;
  language?: string | null | undefined;
}

export function analyseArticle(text: string, meta: ArticleMeta, extractor: Extractor): ArticleDraft {
  const parsed = parseArticle(text);
  const regions: TextRange[] = [parsed.headline, parsed.standfirst, parsed.dateline, ...parsed.paragraphs].filter(
    (r): r is Span => r !== null,
  );
  const extraction = extractor.extract(text, regions, { bodyStart: parsed.paragraphs[0]?.start ?? text.length });
  const cp = codePointIndex(text);
  const toCp = (s: Span): DraftSpan => ({ start: cp(s.start), end: cp(s.end), text: s.text });
  const id = articleId(text);
  const entities = extraction.entities.map((e) => ({
    id: entityId(e.type, e.key),
    type: e.type,
    key: e.key,
    name: e.name,
    aliases: e.aliases,
    titles: e.titles,
    countryCode: e.countryCode,
    mentions: e.mentions.map(toCp),
  }));
  const quotes = extraction.quotes.map((q) => ({
    id: quoteId(id, cp(q.start), cp(q.end)),
    kind: q.kind,
    text: q.text,
    parts: q.parts.map(toCp),
    start: cp(q.start),
    end: cp(q.end),
    cue: q.cue && toCp(q.cue),
    speakerMention: q.speakerMention && toCp(q.speakerMention),
    speaker: q.speaker,
    occurrences: q.occurrences.map((o) => ({ start: cp(o.start), end: cp(o.end) })),
  }));
  return {
    id,
    text,
    headline: parsed.headline.text,
    standfirst: parsed.standfirst?.text ?? null,
    dateline: parsed.dateline && {
      text: parsed.dateline.text,
      city: parsed.dateline.city,
      country: parsed.dateline.country,
    },
    source: meta.source ? { name: meta.source } : parsed.source,
    url: meta.url ?? null,
    paragraphs: parsed.paragraphs.map((p) => p.text),
    language: meta.language ?? null,
    publishedAt: meta.publishedAt ?? publishedDate(text, parsed),
    entities,
    quotes,
    extractorVersion: extractor.version,
    clientMeta: meta,
  };
}
