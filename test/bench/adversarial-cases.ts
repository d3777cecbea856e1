// The hostile texts of the adversarial bench (adversarial-bench.ts), each made at a given size in
// bytes; the extraction digest (extract-digest.ts) runs the same texts.
/** `unit` repeated to exactly `bytes` characters (every unit here is ASCII). */
const repeat = (unit: string, bytes: number) => unit.repeat(Math.ceil(bytes / unit.length)).slice(0, bytes);
const NAMES = ['John Smith', 'Maria Lopez', 'Acme Corp', 'Paris', 'Ahmed Khan', 'Tokyo', 'Li Wei', 'Bank of Nowhere'];

export const CASES: Record<string, (bytes: number) => string> = {
  // One line: the parser takes it all as the headline.
  'repeated quotes': (n) => repeat('"Hello," said John Smith. ', n),
  // The same in a body paragraph under a headline, where quotes are attributed.
  'repeated quotes, body': (n) => `Headline\n\n${repeat('"Hello," said John Smith. ', n)}`,
  'quote paragraphs': (n) => `Headline\n\n${repeat('"Hello," said John Smith.\n\n', n)}`,
  'short lines': (n) => repeat('Short line here.\n', n),
  'one paragraph, no punctuation': (n) => `Headline\n\n${repeat('word and more words ', n)}`,
  'capitalised words': (n) => `Headline\n\n${repeat('Alpha Beta Gamma Delta Epsilon ', n)}`,
  'many names': (n) => `Headline\n\n${repeat(`${NAMES.join(' met ')}. `, n)}`,
  'unbalanced quotes': (n) => `Headline\n\n${repeat('He said "yes and then ', n)}`,
  'quote marks only': (n) => `Headline\n\n${repeat('" \u201c \u2018 ', n)}`,
};
