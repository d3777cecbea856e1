// Entity and quote extraction from the regions of an article (headline, standfirst, dateline, body
// paragraphs). Pure and synchronous: the statistical tagger (src/extract/ner/) finds the mentions,
// buildEntities() turns them into entities, findQuotes() finds the quotes. The tagger's model loads
// once, on first use (or up front with defaultTagger()).
import { buildEntities } from './entities.js';
import { defaultTagger, type Tagger } from './ner/tagger.js';
import { findQuotes } from './quotes/index.js';
import { tokenize } from './tokenize.js';
import type { Extraction, TextRange } from './types.js';

export interface ExtractOptions {
  /** The mention tagger (default: the shipped model, data/models/ner.bin). */
  tagger?: Tagger;
  /** Where the body starts: the regions before it are the headline and standfirst (default: after the first region). */
  bodyStart?: number;
}

export function extract(text: string, regions: TextRange[], options: ExtractOptions = {}): Extraction {
  const clean = regions
    .map((r) => ({ start: Math.max(0, r.start), end: Math.min(text.length, r.end) }))
    .filter((r) => r.end > r.start)
    .sort((a, b) => a.start - b.start);
  // tokenized once, for the tagger and the quote finder alike
  const regionTokens = clean.map((r) => tokenize(text, r.start, r.end));
  const mentions = (options.tagger ?? defaultTagger()).tag(text, clean, regionTokens);
  const { entities } = buildEntities(text, clean, mentions);
  const quotes = findQuotes(text, clean, { entities, regionTokens, bodyStart: options.bodyStart });
  return { entities, quotes };
}
