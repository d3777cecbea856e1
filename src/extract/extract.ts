// Entity and quote extraction from the regions of an article (headline, standfirst, dateline, body
// paragraphs). Pure and synchronous; the gazetteers load with the module.
import { buildEntities } from './entities.js';
import { detectMentions } from './mention-rules.js';
import { findQuotes } from './quotes.js';
import type { Extraction, TextRange } from './types.js';

export function extract(text: string, regions: TextRange[]): Extraction {
  const clean = regions
    .map((r) => ({ start: Math.max(0, r.start), end: Math.min(text.length, r.end) }))
    .filter((r) => r.end > r.start)
    .sort((a, b) => a.start - b.start);
  const mentions = detectMentions(text, clean);
  const { entities, entityAt } = buildEntities(text, clean, mentions);
  const quotes = findQuotes(text, clean, { entities, entityAt });
  return { entities, quotes };
}
