// Which stored entity an extracted entity is: engine-independent policy, so every engine links the
// same way. An engine implements EntityLookup and calls resolveEntity inside its save transaction.
import type { ArticleDraft, DraftEntity } from '../analysis/article-draft.js';
import { fold } from '../text/fold.js';
import { GIVEN_NAME_HONOURS, GIVEN_NAME_TITLES, isTitleWord } from '../text/titles.js';

/** A stored entity as linking sees it: its engine row key and its canonical (first stored) name. */
export interface StoredEntity {
  seq: number;
  name: string;
}

/** What linking asks of an engine; every call happens inside the transaction saving the article. */
export interface EntityLookup {
  /**
   * Up to two stored people, other than the one of key `exceptKey`, whose name has more than one word
   * and has `term` (a folded surname) among its search terms. Two are enough to tell "exactly one".
   */
  personsWithSurname(term: string, exceptKey: string): StoredEntity[];
  /**
   * The entity of the draft's type and key, created when new; either way its mention count grows by
   * the draft's mentions and its article count by one, in one step so two writers cannot both create it.
   */
  upsertByKey(e: DraftEntity): StoredEntity;
  /** Adds to a stored entity's mention and article counts. */
  addCounts(seq: number, mentions: number, articles: number): void;
}

/**
 * The surname of a name that is a surname alone, after any honorifics and title words before it ("Blair",
 * "Mr Blair", "Prime Minister Blair"), or null ("Tony Blair"; "Dean Blair", whose "Dean" may be a given
 * name; "Sir Tony", whose "Tony" is one).
 */
export function loneSurname(name: string): string | null {
  const words = name.trim().split(/\s+/);
  const surname = words.pop();
  if (!surname) return null;
  const titleWord = (w: string) => isTitleWord(w) && !GIVEN_NAME_TITLES.has(w) && !GIVEN_NAME_HONOURS.has(w);
  return words.every((w) => /^\p{Lu}/u.test(w) || w === 'of') && words.map((w) => w.toLowerCase()).every(titleWord)
    ? surname
    : null;
}

/**
 * Whether the article itself names a person with this surname in full: then extraction left the
 * surname alone on purpose (it could be either), and the store does not second-guess it.
 */
export function surnameOfAnother(e: DraftEntity, surname: string, draft: ArticleDraft): boolean {
  const tail = ` ${fold(surname)}`;
  return draft.entities.some((o) => o !== e && o.type === 'person' && fold(o.name).endsWith(tail));
}

/**
 * The known person a lone surname ("Merkel", "Mrs Merkel", "Chancellor Merkel") joins: the one stored
 * person whose name ends with it, when exactly one does (two known Merkels: neither). Null when the
 * draft entity is not such a surname, or joins no one: it is then the entity of its own type and key.
 */
export function knownPersonFor(e: DraftEntity, draft: ArticleDraft, lookup: EntityLookup): StoredEntity | null {
  const surname = e.type === 'person' ? loneSurname(e.name) : null;
  if (!surname || surnameOfAnother(e, surname, draft)) return null;
  const candidates = lookup.personsWithSurname(fold(surname), e.key);
  return candidates.length === 1 ? (candidates[0] ?? null) : null;
}

/**
 * The stored entity a draft entity is, with this article's mentions counted on it and the article
 * counted once per stored entity. `seen`: the stored entities this article has counted already (two
 * draft entities can be one stored entity: a lone surname and the full name).
 */
export function resolveEntity(
  e: DraftEntity,
  draft: ArticleDraft,
  seen: ReadonlySet<number>,
  lookup: EntityLookup,
): StoredEntity {
  const known = knownPersonFor(e, draft, lookup);
  if (known) {
    lookup.addCounts(known.seq, e.mentions.length, seen.has(known.seq) ? 0 : 1);
    return known;
  }
  const row = lookup.upsertByKey(e);
  // The upsert counted the article once more; take that back when it was counted already.
  if (seen.has(row.seq)) lookup.addCounts(row.seq, 0, -1);
  return row;
}
