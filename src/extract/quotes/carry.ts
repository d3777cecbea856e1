// A direct quote that no attribution of its own names continues the speaker of the attribution right
// before it (its cue stays null: no word of speech introduces it): `"A," she said.` followed by a new
// sentence or paragraph `"B."` is read by anyone as more of her words, and news writing relies on
// that (a quote paragraph after "he said." is his).
// Only when the quote opens a sentence and next to nothing stands between: a scare quote inside
// someone else's sentence, or a quote after a paragraph of narration, keeps no speaker.
import type { Span } from '../types.js';
import { type Draft, type QuoteDoc, wordCount } from './context.js';

/** Words that may stand between the attribution and the quote ("she said at a news conference."). */
const MAX_GAP_WORDS = 12;

export function carrySpeakers(doc: QuoteDoc, directs: Draft[], indirects: Draft[]): void {
  /** Attributed quotes by where their attribution (quote, cue and speaker phrase) ends. */
  const sites = [...directs, ...indirects]
    .filter((d) => d.cue && d.speakerMention)
    .map((d) => ({ d, end: Math.max(d.end, (d.cue as Span).end, (d.speakerMention as Span).end) }))
    .sort((a, b) => a.end - b.end);
  let k = -1;
  for (const d of directs) {
    while (k + 1 < sites.length && (sites[k + 1] as (typeof sites)[number]).end <= d.start) k++;
    if (d.cue || d.speakerMention || k < 0) continue;
    const site = sites[k] as (typeof sites)[number];
    // (the paragraph the quote opens in: d.region is its last when it runs on over several)
    if (doc.regionAt(d.start) - site.d.region > 1) continue;
    const gap = doc.text.slice(site.end, d.start);
    // the quote opens a sentence or a paragraph, and the gap holds no other quotation
    if (!/[.!?:]\s*$/.test(gap) || /["“”«»„]/.test(gap) || wordCount(gap) > MAX_GAP_WORDS) continue;
    d.speakerMention = site.d.speakerMention;
    d.speaker = site.d.speaker;
  }
}
