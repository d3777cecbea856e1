// The search language (src/search/query.ts) as each engine receives it: the FTS5 MATCH expression and
// the tsquery literal of what a person typed. The store tests (test/store/contract.ts) check what they
// find; these pin the reading, and that nothing typed reaches an engine as its own syntax.
import { describe, expect, it } from 'vitest';
import { parseSearch } from '../../src/search/query.js';
import { tsQuery } from '../../src/store/postgres/search.js';
import { ftsQuery } from '../../src/store/sqlite/list-sql.js';

describe('the search language, compiled for each engine', () => {
  it.each([
    ['words: all of them, the last a prefix', 'nato summ', `"nato" "summ"*`, `(('nato') & ('summ':*))`],
    ['a phrase, never a prefix', '"prime minister"', `"prime minister"`, `('prime' <-> 'minister')`],
    ['a word the index cuts in two, a phrase', "O'Bri", `"O Bri"*`, `('o' <-> 'bri':*)`],
    ['OR, tighter than AND', 'a OR b c', `("a" OR "b") AND "c"*`, `((('a') | ('b')) & ('c':*))`],
    ['| for OR', 'a | b', `("a" OR "b"*)`, `(('a') | ('b':*))`],
    ['an exclusion, no prefix on it', 'warning -storm', `("warning") NOT "storm"`, `(('warning') & !('storm'))`],
    [
      'an excluded phrase',
      'minister -"prime minister"',
      `("minister") NOT "prime minister"`,
      `(('minister') & !('prime' <-> 'minister'))`,
    ],
    ['an excluded group', '-(a OR b) c', `("c"*) NOT ("a" OR "b")`, `(('c':*) & !(('a') | ('b')))`],
    ['an exclusion inside an excluded group', 'c -(a -b)', `("c") NOT (("a") NOT "b")`, `(('c') & !(('a') & !('b')))`],
    ['a group with only exclusions: theirs', 'a (-b)', `("a") NOT "b"`, `(('a') & !('b'))`],
    [
      'the last word of an excluded group: no prefix',
      'nato -(russia ukr)',
      `("nato") NOT ("russia" "ukr")`,
      `(('nato') & !(('russia') & ('ukr')))`,
    ],
    ['an unclosed quote, closed at the end', '"unclosed words', `"unclosed words"`, `('unclosed' <-> 'words')`],
    ['an unclosed group', '(a OR b', `("a" OR "b"*)`, `(('a') | ('b':*))`],
    ['an OR missing a side', 'OR a OR', `"a"*`, `('a':*)`],
    ['an OR before an exclusion', 'a OR -b', `("a") NOT "b"`, `(('a') & !('b'))`],
    ['lower-case or: a word', 'a or b', `"a" "or" "b"*`, `(('a') & ('or') & ('b':*))`],
    [
      'FTS5 syntax: words and separators',
      'title:x NEAR(y) z* ^w {a b}:c',
      `"title" "x" "NEAR" "y" "z" "w" "a" "b" "c"*`,
      `(('title') & ('x') & ('near') & ('y') & ('z') & ('w') & ('a') & ('b') & ('c':*))`,
    ],
    ['tsquery syntax: words and separators', "a & !b <-> 'c':*", `"a" "b" "c"*`, `(('a') & ('b') & ('c':*))`],
    ['a minus inside a word: a separator', 'well-known', `"well" "known"*`, `(('well') & ('known':*))`],
    ['curly quotes', '“prime minister”', `"prime minister"`, `('prime' <-> 'minister')`],
    ['a decomposed letter kept in its word', 'Mu\u0308ller x', `"Müller" "x"*`, `(('muller') & ('x':*))`],
    ['apostrophes joining parts', "O’Brien, don't!", `"O Brien" "don t"*`, `(('o' <-> 'brien') & ('don' <-> 't':*))`],
    ['letters outside the BMP', '-𠀀𠀁 𝐀b', `("𝐀b"*) NOT "𠀀𠀁"`, `(('ab':*) & !('𠀀𠀁'))`],
    ['a backslash and an apostrophe, quoted for tsquery', "l'\\a", `"l" "a"*`, `(('l') & ('a':*))`],
  ])('%s: %s', (_, q, fts, ts) => {
    expect(ftsQuery(q)).toBe(fts);
    expect(tsQuery(q)).toBe(ts);
  });

  it.each(['', '   ', '!!!', '"', '()', '*) | (', '\u200b', '\u0301'])('finds nothing in %j', (q) => {
    expect(parseSearch(q)).toEqual({ node: null, onlyExclusions: false });
    expect(ftsQuery(q)).toBeNull();
    expect(tsQuery(q)).toBeNull();
  });

  it.each(['-storm', '-"prime minister" -poll', '-(a OR b)', '(-a)'])('knows %j has only exclusions', (q) => {
    expect(parseSearch(q)).toEqual({ node: null, onlyExclusions: true });
  });

  it('keeps parentheses shallow: deeper than 16 they are text', () => {
    const deep = `${'(a OR '.repeat(40)}b`;
    const depth = (s: string) =>
      Math.max(
        ...Array.from(s).map((_, i) => s.slice(0, i + 1).split('(').length - s.slice(0, i + 1).split(')').length),
      );
    expect(depth(ftsQuery(deep) ?? '')).toBeLessThanOrEqual(17);
  });
});
