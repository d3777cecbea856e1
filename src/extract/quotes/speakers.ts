// Speakers of quotes: entity mentions indexed by start and end, and the resolution of the speaker
// phrase at an attribution site to the entity it refers to. How the speaker is decided:
// 1. A phrase that is (or ends in) a name is that name's entity ("Rep. Jane Doe (D-Ore.), head of
//    the caucus" is Jane Doe); phrases.ts reads the phrase, with its parenthesis and apposition.
// 2. "he"/"she" may refer to a person mentioned before the site, never inside quoted words, and
//    not of the other gender when an honorific tells it ("Mr.", "Ms."); "it" to an organisation. A
//    description whose head word is one of a person's titles ("the senator") to such a person; one
//    whose head is a kind of organisation ("the company", "the ministry") to an organisation.
//    "they", "we", "I", "you" and other descriptions ("the source", "a spokesman") name nobody.
// 3. Among those candidates (each entity once, at its latest mention), the learnt ranker
//    (ranker.ts) picks the likeliest: recency, the subject of its sentence, having spoken before,
//    frequency in the article. Below the model's learnt confidence, no speaker: null rather than
//    a guess when the text does not say.
// 4. A participle clause ("..., adding that ...") has the speaker of its main clause
//    (reported/participle.ts reads the subject), and a quote with no attribution right after one
//    continues that speaker (carry.ts).
import { lowerBound } from '../../text/lower-bound.js';
import type { ExtractedEntity, Span, TextRange } from '../types.js';
import { type Candidate, features, probabilities, type SpeakerModel } from './ranker.js';

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
  /** 1 for a mention inside quoted words (markQuoted): someone named in a quote is not who "he" is. */
  private quoted: Uint8Array;

  constructor(
    readonly text: string,
    readonly entities: ExtractedEntity[],
    /** Where each sentence starts, ascending (sentenceStarts in context.ts). */
    private readonly sentences: number[],
  ) {
    entities.forEach((e, idx) => {
      for (const m of e.mentions) this.mentions.push({ start: m.start, end: m.end, entity: idx });
    });
    this.mentions.sort((a, b) => a.start - b.start);
    for (const m of this.mentions) {
      this.byStart.set(m.start, m);
      this.byEnd.set(m.end, m);
    }
    this.quoted = new Uint8Array(this.mentions.length);
    this.gender = entities.map(() => null);
    for (const m of this.mentions) {
      if (entities[m.entity]?.type !== 'person') continue;
      const before = text.slice(Math.max(0, m.start - 6), m.start);
      const g: Gender = /\bMr\.? $/.test(before) ? 'm' : /\bM(?:r)?s\.? $|\bMiss $/.test(before) ? 'f' : null;
      if (g && this.gender[m.entity] === null) this.gender[m.entity] = g;
    }
  }

  /** Index of the sentence that holds pos. */
  sentenceOf(pos: number): number {
    return Math.max(0, upperBound(this.sentences, pos) - 1);
  }

  sentenceStart(i: number): number {
    return this.sentences[i] ?? 0;
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
    return lowerBound(this.mentions.length, (i) => (this.mentions[i] as MentionRef).start < pos);
  }

  private names: Set<string> | null = null;

  /** Every word of every entity's name and aliases, made once on first use. */
  nameWords(): Set<string> {
    if (!this.names) {
      this.names = new Set();
      for (const e of this.entities)
        for (const name of [e.name, ...e.aliases]) for (const w of name.split(/\s+/)) this.names.add(w);
    }
    return this.names;
  }

  /** Marks the mentions inside the given ranges (direct quotes, sorted by start) as quoted. */
  markQuoted(ranges: TextRange[]): void {
    let r = 0;
    this.mentions.forEach((m, k) => {
      while (r < ranges.length && (ranges[r] as TextRange).end <= m.start) r++;
      const q = ranges[r];
      this.quoted[k] = q && q.start <= m.start && m.end <= q.end ? 1 : 0;
    });
  }

  /**
   * The entities `accept` allows, each at its latest mention that ends before pos and lies outside
   * `exclude` (the quote itself) and outside every quote (markQuoted): a name inside quoted words is
   * not who speaks them, nor whom a later "he said" means. Latest first.
   */
  candidates(pos: number, exclude: TextRange[], accept: (entity: number) => boolean): Candidate[] {
    const out: Candidate[] = [];
    const seen = new Set<number>();
    const from = this.firstFrom(pos) - 1;
    for (let k = from, n = 0; k >= 0 && n < LOOK_BACK; k--, n++) {
      const m = this.mentions[k] as MentionRef;
      if (m.end > pos || seen.has(m.entity) || this.quoted[k]) continue;
      if (exclude.some((r) => m.start >= r.start && m.end <= r.end) || !accept(m.entity)) continue;
      seen.add(m.entity);
      out.push({ entity: m.entity, mention: m, k });
    }
    return out;
  }

  /** The candidate the learnt ranker (model) prefers, or null when none is likely enough. */
  best(cands: Candidate[], pos: number, model: SpeakerModel): number | null {
    if (cands.length === 0) return null;
    const p = probabilities(model.weights, features(this, cands, pos, this.firstFrom(pos)));
    let top = 0;
    for (let i = 1; i < p.length; i++) if ((p[i] as number) > (p[top] as number)) top = i;
    return (p[top] as number) >= model.minP ? (cands[top] as Candidate).entity : null;
  }
}

/** The first index of sorted xs whose value exceeds v. */
function upperBound(xs: number[], v: number): number {
  return lowerBound(xs.length, (i) => (xs[i] as number) <= v);
}

/** How far back (in mentions) a pronoun or a description looks for its referent. */
export const LOOK_BACK = 60;

/**
 * Kinds of organisation a description can name ("the company said"): general English nouns for
 * bodies that speak, not names; a description with another head names nobody.
 */
const ORGANISATION_NOUNS = new Set(
  `company firm corporation ministry department agency government administration party campaign committee
union council commission court board bank group organisation organization association office authority
authorities institute university school hospital police military army newspaper network station league
federation foundation coalition team club regulator`.split(/\s+/),
);

/** The entity a speaker phrase refers to (see the header for how it is decided). */
export function resolveSpeaker(
  index: SpeakerIndex,
  model: SpeakerModel,
  sp: { span: Span; entity: number | null; pronoun: string | null },
  pos: number,
  exclude: TextRange[],
  personPronouns: Set<string>,
): number | null {
  if (sp.entity !== null) return sp.entity;
  const pronoun = sp.pronoun;
  const type = (e: number) => (index.entities[e] as ExtractedEntity).type;
  if (pronoun === 'it')
    return index.best(
      index.candidates(pos, exclude, (e) => type(e) === 'organization'),
      pos,
      model,
    );
  if (pronoun) {
    if (!personPronouns.has(pronoun)) return null;
    const want: Gender = pronoun === 'he' ? 'm' : pronoun === 'she' ? 'f' : null;
    const fits = (e: number) => type(e) === 'person' && !(want && index.gender[e] && index.gender[e] !== want);
    return index.best(index.candidates(pos, exclude, fits), pos, model);
  }
  const words = sp.span.text.toLowerCase().split(/\s+/);
  const head = (words[words.length - 1] ?? '').replace(/[^\p{L}-]/gu, '');
  if (head.length < 3 || !/^(the|this|that)$/.test(words[0] ?? '')) return null;
  const titled = (e: number) =>
    type(e) === 'person' &&
    (index.entities[e] as ExtractedEntity).titles.some((t) => t.toLowerCase().split(/\s+/).includes(head));
  const people = index.candidates(pos, exclude, titled);
  if (people.length > 0) return index.best(people, pos, model);
  if (!ORGANISATION_NOUNS.has(head)) return null;
  return index.best(
    index.candidates(pos, exclude, (e) => type(e) === 'organization'),
    pos,
    model,
  );
}
