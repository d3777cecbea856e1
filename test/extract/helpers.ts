import { findQuotes, type QuoteContext } from '../../src/extract/quotes/index.js';
import type { EntityType, ExtractedEntity, TextRange } from '../../src/extract/types.js';
import { extractor } from '../extractor.js';

/** One region per non-empty line. */
export function lineRegions(text: string): TextRange[] {
  const out: TextRange[] = [];
  let p = 0;
  for (const line of text.split('\n')) {
    if (line.trim()) out.push({ start: p, end: p + line.length });
    p += line.length + 1;
  }
  return out;
}

/** An entity given by hand: type, name, other names, titles. */
export type EntityDef = [EntityType, string, string[]?, string[]?];

/**
 * Entities given by hand, for tests of the quote finder apart from the tagger: every whole-word
 * occurrence of a name or alias is a mention (longest first, no overlaps).
 */
export function handEntities(text: string, defs: EntityDef[]): QuoteContext {
  const entities: ExtractedEntity[] = defs.map(([type, name, aliases = [], titles = []]) => {
    const mentions = [];
    const taken = new Set<number>();
    for (const form of [name, ...aliases].sort((a, b) => b.length - a.length)) {
      for (let at = text.indexOf(form); at >= 0; at = text.indexOf(form, at + 1)) {
        const end = at + form.length;
        if (/\w/.test(text[end] ?? '') || /\w/.test(text[at - 1] ?? '') || taken.has(at)) continue;
        for (let k = at; k < end; k++) taken.add(k);
        mentions.push({ start: at, end, text: form });
      }
    }
    mentions.sort((a, b) => a.start - b.start);
    return { type, name, key: name.toLowerCase(), aliases, titles, countryCode: null, mentions };
  });
  // the shipped cue and speaker models, as the extractor passes them
  return { entities, cues: extractor.models.cues, speakers: extractor.models.speakers };
}

/** The quotes findQuotes reads in text (one region per line), as strings a spec can compare. */
export function quoteRecords(text: string, defs: EntityDef[] = []) {
  const ctx = handEntities(text, defs);
  return findQuotes(text, lineRegions(text), ctx).map((q) => ({
    kind: q.kind,
    span: text.slice(q.start, q.end),
    text: q.text,
    parts: q.parts.map((p) => text.slice(p.start, p.end)),
    cue: q.cue?.text ?? null,
    speakerMention: q.speakerMention?.text ?? null,
    speaker: q.speaker === null ? null : (ctx.entities[q.speaker]?.name ?? '?'),
    occurrences: q.occurrences.map((o) => text.slice(o.start, o.end)),
  }));
}
