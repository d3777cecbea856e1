// Shapes shared by the extraction pipeline. Offsets are UTF-16 indices into the article text (plain
// JavaScript string indices); the ingest step converts them to code points once, for storage and the API.

export type EntityType = 'person' | 'organization' | 'place';

export interface TextRange {
  start: number;
  end: number;
}

export interface Span extends TextRange {
  text: string;
}

export interface ExtractedEntity {
  type: EntityType;
  /** Canonical name: no title, no leading "the" ("Angela Merkel", "European Union"). */
  name: string;
  /** Normalised key, unique per type across the whole store: the same key links the entity across articles. */
  key: string;
  /** Other names this text uses for it ("Merkel", "EU"), never the canonical name itself. */
  aliases: string[];
  /** Titles this text gives it ("OPEC Secretary General"). */
  titles: string[];
  /** ISO 3166-1 alpha-2 code when the entity is a country. */
  countryCode: string | null;
  /** Every mention, sorted by start; text.slice(start, end) === mention.text. */
  mentions: Span[];
}

export interface ExtractedQuote {
  kind: 'direct' | 'indirect';
  /**
   * The quoted or reported words exactly as written: the parts' texts joined by one space. A direct
   * quote's text is what stands between its marks, punctuation included.
   */
  text: string;
  /**
   * The pieces of text the quote is made of, in order: one for most quotes, several for a quote that an
   * attribution interrupts ("A," she said. "B.") or that runs across paragraphs. A direct quote's part
   * lies between its quotation marks.
   */
  parts: Span[];
  /** Cover the whole quote, including an attribution that interrupts it ("A," she said, "B."). */
  start: number;
  end: number;
  cue: Span | null;
  /** The words at the attribution site ("Merkel", "she", "the minister"). */
  speakerMention: Span | null;
  /** Index into Extraction.entities of the resolved speaker, or null when unresolved. */
  speaker: number | null;
  /** Every place the same quote appears, this record's own span first. */
  occurrences: TextRange[];
}

export interface Extraction {
  entities: ExtractedEntity[];
  quotes: ExtractedQuote[];
}
