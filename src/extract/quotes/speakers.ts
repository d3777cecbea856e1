// Speakers of quotes: entity mentions indexed by start and end, and the resolution of a pronoun or a
// description at an attribution site to the entity it refers to.
import type { ExtractedEntity, Span, TextRange } from '../types.js';

export interface MentionRef {
  start: number;
  end: number;
  entity: number;
}

/** Grammatical gender from honorifics before a person's mentions ("Mr. Smith", "Ms. Jones"). */
type Gender = 'm' | 'f' | null;

export class SpeakerIndex {
  readonly mentions: MentionRef[] = [];
  private readonly byStart = new Map<number, MentionRef>();
  private readonly byEnd = new Map<number, MentionRef>();
  readonly gender: Gender[];

  constructor(
    readonly text: string,
    readonly entities: ExtractedEntity[],
  ) {
    entities.forEach((e, idx) => {
      for (const m of e.mentions) this.mentions.push({ start: m.start, end: m.end, entity: idx });
    });
    this.mentions.sort((a, b) => a.start - b.start);
    for (const m of this.mentions) {
      this.byStart.set(m.start, m);
      this.byEnd.set(m.end, m);
    }
    this.gender = entities.map(() => null);
    for (const m of this.mentions) {
      if (entities[m.entity]?.type !== 'person') continue;
      const before = text.slice(Math.max(0, m.start - 6), m.start);
      const g: Gender = /\bMr\.? $/.test(before) ? 'm' : /\bM(?:r)?s\.? $|\bMiss $/.test(before) ? 'f' : null;
      if (g && this.gender[m.entity] === null) this.gender[m.entity] = g;
    }
  }

  mentionStartingAt(pos: number): MentionRef | undefined {
    return this.byStart.get(pos);
  }

  mentionEndingAt(pos: number): MentionRef | undefined {
    return this.byEnd.get(pos);
  }

  /** The entity a phrase names: a mention that ends where the phrase ends ("Republican nominee Donald Trump"). */
  headEntity(start: number, end: number): number | null {
    const m = this.byEnd.get(end);
    return m && m.start >= start ? m.entity : null;
  }

  /** Index of the first mention starting at or after pos. */
  firstFrom(pos: number): number {
    let lo = 0;
    let hi = this.mentions.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.mentions[mid] as MentionRef).start < pos) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** How far back (in mentions) a pronoun or a description looks for its referent. */
const LOOK_BACK = 60;

/**
 * The entity a speaker phrase refers to: its own mention; for "he"/"she" the last person mentioned
 * before `pos` (outside the quote itself, of a compatible gender when known); for "it" the last
 * organisation; for a description ("the minister") the last person whose titles hold its head word.
 * Anything else stays null.
 */
export function resolveSpeaker(
  index: SpeakerIndex,
  sp: { span: Span; entity: number | null; pronoun: string | null },
  pos: number,
  exclude: TextRange[],
  personPronouns: Set<string>,
): number | null {
  if (sp.entity !== null) return sp.entity;
  const pronoun = sp.pronoun;
  if (pronoun && !personPronouns.has(pronoun) && pronoun !== 'it') return null;
  const words = sp.span.text.toLowerCase().split(/\s+/);
  const head = pronoun ? '' : (words[words.length - 1] ?? '').replace(/[^\p{L}-]/gu, '');
  if (!pronoun && (head.length < 3 || !/^(the|this|that)$/.test(words[0] ?? ''))) return null;
  const want: Gender = pronoun === 'he' ? 'm' : pronoun === 'she' ? 'f' : null;
  const inside = (m: MentionRef) => exclude.some((r) => m.start >= r.start && m.end <= r.end);
  const from = index.firstFrom(pos) - 1;
  for (let k = from, seen = 0; k >= 0 && seen < LOOK_BACK; k--, seen++) {
    const m = index.mentions[k] as MentionRef;
    if (m.end > pos || inside(m)) continue;
    const e = index.entities[m.entity] as ExtractedEntity;
    if (pronoun === 'it') {
      if (e.type === 'organization') return m.entity;
      continue;
    }
    if (e.type !== 'person') continue;
    if (pronoun) {
      const g = index.gender[m.entity];
      if (want && g && g !== want) continue;
      return m.entity;
    }
    if (e.titles.some((t) => t.toLowerCase().split(/\s+/).includes(head))) return m.entity;
  }
  return null;
}
