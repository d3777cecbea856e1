// What an article says about an entity besides mentioning it (aliases, titles, name search terms),
// and the bookkeeping that keeps each label exactly as long as some article gives it: each label is
// counted by the articles that give it, and each article records what it gave so that replacing or
// deleting it takes back exactly that. Engine-independent; an engine implements LabelCounts.
import type { DraftEntity } from '../analysis/article-draft.js';
import { fold } from '../text/fold.js';

/** What an article said about an entity besides mentioning it. */
export interface Labels<T> {
  aliases: T;
  titles: T;
  terms: T;
}

/**
 * What a name prefix search matches: each name folded, and its suffixes that start a word, so
 * "mul" finds "Thomas Müller" and "Muller".
 */
export function searchTerms(names: string[]): string[] {
  const terms = new Set<string>();
  for (const name of names) {
    const folded = fold(name);
    terms.add(folded);
    for (const m of folded.matchAll(/[\s\-–/]+(?=[\p{L}\p{N}])/gu))
      terms.add(folded.slice((m.index ?? 0) + m[0].length));
  }
  terms.delete('');
  return [...terms];
}

/** What one article gives one stored entity: the first position it appears at, mentions and labels. */
export interface Given extends Labels<Set<string>> {
  position: number;
  type: DraftEntity['type'];
  mentions: number;
}

/**
 * Adds what draft entity `e` gives the stored entity `seq` (canonical name `name`) to `given`, one
 * entry per stored entity: two draft entities can be one stored entity (a lone surname and the full
 * name), which then gets both's mentions and labels.
 */
export function give(
  given: Map<number, Given>,
  stored: { seq: number; name: string },
  e: DraftEntity,
  position: number,
): void {
  let g = given.get(stored.seq);
  if (!g) {
    g = { position, type: e.type, mentions: 0, aliases: new Set(), titles: new Set(), terms: new Set() };
    given.set(stored.seq, g);
  }
  g.mentions += e.mentions.length;
  // The first name stored stays canonical; names other articles use become aliases.
  for (const alias of [e.name, ...e.aliases]) if (alias !== stored.name) g.aliases.add(alias);
  for (const term of searchTerms([e.name, ...e.aliases])) g.terms.add(term);
  for (const title of e.titles) g.titles.add(title);
}

/** The labels an article gave, as recorded with it (JSON), so that they can be taken back later. */
export function encodeLabels(g: Labels<Iterable<string>>): string {
  const labels: Labels<string[]> = { aliases: [...g.aliases], titles: [...g.titles], terms: [...g.terms] };
  return JSON.stringify(labels);
}

/** The reference counts of labels, kept by an engine per stored entity. */
export interface LabelCounts {
  addAlias(seq: number, alias: string): void;
  addTitle(seq: number, title: string): void;
  addTerm(seq: number, term: string, type: DraftEntity['type']): void;
  dropAlias(seq: number, alias: string): void;
  dropTitle(seq: number, title: string): void;
  dropTerm(seq: number, term: string): void;
  /** Forgets the entity's labels that no article gives any more. */
  sweep(seq: number): void;
}

/** Counts what one article gives one stored entity. */
export function countLabels(counts: LabelCounts, seq: number, g: Given): void {
  for (const alias of g.aliases) counts.addAlias(seq, alias);
  for (const title of g.titles) counts.addTitle(seq, title);
  for (const term of g.terms) counts.addTerm(seq, term, g.type);
}

/**
 * Takes back what an article gave a stored entity (`recorded`: its encodeLabels JSON, null for rows
 * stored before labels were counted: nothing to take back). `name`: the entity's canonical name.
 */
export function uncountLabels(counts: LabelCounts, seq: number, name: string, recorded: string | null): void {
  if (recorded === null) return;
  const labels = JSON.parse(recorded) as Labels<string[]>;
  for (const alias of labels.aliases) counts.dropAlias(seq, alias);
  for (const title of labels.titles) counts.dropTitle(seq, title);
  // The canonical name's own terms stay while the entity does: it must stay findable by its name.
  const own = new Set(searchTerms([name]));
  for (const term of labels.terms) if (!own.has(term)) counts.dropTerm(seq, term);
  counts.sweep(seq);
}
