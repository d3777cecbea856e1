// The search language of `q` (articles and quotes), read once into a tree that each engine compiles
// to its own syntax (FTS5 MATCH in src/store/sqlite/list-sql.ts, a tsquery in src/store/postgres/search.ts)
// and the snippet matcher reads (src/store/snippet.ts). Nothing a person types reaches an engine as
// syntax: every word becomes a quoted phrase of index tokens, and the operators are the ones below.
//
//   nato summit        both words (AND)
//   "prime minister"   the words next to each other, in this order (a phrase)
//   nato OR otan       either (also `|`); binds tighter than AND: `a b OR c` is a AND (b OR c)
//   -word  -"a phrase" not in the article
//   (a OR b) c         a group; `-(a OR b)` excludes both
//   merk               the last word, unquoted and not excluded, is a prefix ("merk" finds "Merkel")
//
// Everything else is text: FTS5 or tsquery operators (NEAR, *, ^, `title:`, &, !, <->) are read as the
// words they contain, or as separators. An unclosed quote or parenthesis ends with the query; a stray
// `)` and an OR with nothing to join on one side are ignored. A query needs a word to find: one with
// only exclusions is refused (onlyExclusions); one with no word at all matches nothing.
import { SEARCH_WORD, TOKEN_CHARS, wordTokens } from '../text/words.js';

export type SearchNode =
  /** Index tokens next to each other in order: a typed word ("O'Brien" is two tokens) or a quoted phrase. */
  | { kind: 'phrase'; tokens: string[]; prefix: boolean }
  /** At least one of `of` (two or more). */
  | { kind: 'or'; of: SearchNode[] }
  /** Every node of `of` (one or more) and none of `not`. */
  | { kind: 'and'; of: SearchNode[]; not: SearchNode[] };

export interface ParsedSearch {
  /** The query, or null when it has no word to find. */
  node: SearchNode | null;
  /** True when the query excludes words but has none to find: a 400 over HTTP. */
  onlyExclusions: boolean;
}

export const ONLY_EXCLUSIONS_MESSAGE =
  'has only exclusions (-word or -"phrase"): add a word or phrase to find, e.g. `election -poll`';

/** Parentheses deeper than this are read as text, which keeps every engine's expression depth small. */
const MAX_DEPTH = 16;
/** Quote marks: straight, and the curly ones phones type. Any of them closes a phrase any opened. */
const QUOTES = new Set(['"', '“', '”', '„']);
const TOKEN_CHAR = new RegExp(`[${TOKEN_CHARS}]`, 'u');
const WORD_AT = new RegExp(SEARCH_WORD.source, 'uy');

type Lexeme =
  | { t: 'phrase'; tokens: string[]; negated: boolean; bare: boolean }
  | { t: 'open'; negated: boolean }
  | { t: 'close' }
  | { t: 'or' };

/** Whether a token folds to nothing (a lone combining mark): neither engine can search for it. */
const empty = (token: string) => token.normalize('NFKD').replace(/\p{M}/gu, '') === '';

function lex(q: string): Lexeme[] {
  const out: Lexeme[] = [];
  let depth = 0;
  let negated = false;
  let i = 0;
  while (i < q.length) {
    // By code point: a letter outside the BMP ("𠀀") is two UTF-16 units.
    const c = String.fromCodePoint(q.codePointAt(i) as number);
    const prev = i === 0 ? ' ' : (q[i - 1] as string);
    if (QUOTES.has(c)) {
      let end = i + 1;
      while (end < q.length && !QUOTES.has(q[end] as string)) end++;
      const tokens = wordTokens(q.slice(i + 1, end)).filter((t) => !empty(t));
      if (tokens.length > 0) out.push({ t: 'phrase', tokens, negated, bare: false });
      i = end + 1;
    } else if (c === '(' && depth < MAX_DEPTH) {
      depth++;
      out.push({ t: 'open', negated });
      i++;
    } else if (c === ')' && depth > 0) {
      depth--;
      out.push({ t: 'close' });
      i++;
    } else if (c === '|') {
      out.push({ t: 'or' });
      i++;
    } else if (c === '-' && /[\s(|]/u.test(prev) && i + 1 < q.length && startsItem(q.codePointAt(i + 1) as number)) {
      // A minus that starts an item excludes it; inside a word ("well-known") it only separates.
      negated = true;
      i++;
      continue;
    } else if (TOKEN_CHAR.test(c)) {
      WORD_AT.lastIndex = i;
      const word = (WORD_AT.exec(q) as RegExpExecArray)[0];
      if (word === 'OR') out.push({ t: 'or' });
      else {
        const tokens = wordTokens(word).filter((t) => !empty(t));
        if (tokens.length > 0) out.push({ t: 'phrase', tokens, negated, bare: true });
      }
      i += word.length;
    } else i += c.length;
    negated = false;
  }
  return out;
}

const startsItem = (codePoint: number) => {
  const c = String.fromCodePoint(codePoint);
  return TOKEN_CHAR.test(c) || QUOTES.has(c) || c === '(';
};

function and(of: SearchNode[], not: SearchNode[]): SearchNode {
  const flat: SearchNode[] = [];
  const nots = [...not];
  for (const n of of) {
    if (n.kind === 'and') {
      flat.push(...n.of);
      nots.push(...n.not);
    } else flat.push(n);
  }
  return flat.length === 1 && nots.length === 0 ? (flat[0] as SearchNode) : { kind: 'and', of: flat, not: nots };
}

function or(a: SearchNode, b: SearchNode): SearchNode {
  const parts = (n: SearchNode) => (n.kind === 'or' ? n.of : [n]);
  return { kind: 'or', of: [...parts(a), ...parts(b)] };
}

/** What a sequence of items (the query, or a group) finds and excludes. */
interface Sequence {
  pos: SearchNode[];
  neg: SearchNode[];
}

function parseSequence(lexemes: Lexeme[], at: { i: number }, inGroup: boolean): Sequence {
  const seq: Sequence = { pos: [], neg: [] };
  let orPending = false;
  let lastPositive = false;
  while (at.i < lexemes.length) {
    const l = lexemes[at.i++] as Lexeme;
    if (l.t === 'close') {
      if (inGroup) break;
      continue;
    }
    if (l.t === 'or') {
      orPending = true;
      continue;
    }
    let node: SearchNode | null;
    if (l.t === 'phrase') node = { kind: 'phrase', tokens: l.tokens, prefix: false };
    else {
      const inner = parseSequence(lexemes, at, true);
      node = inner.pos.length > 0 ? and(inner.pos, inner.neg) : null;
      // A group with only exclusions adds them to its surroundings: `a (-b)` is `a -b`.
      if (node === null && !l.negated) seq.neg.push(...inner.neg);
    }
    if (node === null) continue;
    if (l.negated) {
      seq.neg.push(node);
      lastPositive = false;
    } else if (orPending && lastPositive) {
      seq.pos.push(or(seq.pos.pop() as SearchNode, node));
    } else {
      seq.pos.push(node);
      lastPositive = true;
    }
    orPending = false;
  }
  return seq;
}

/** The tree of what a person typed in `q`. */
export function parseSearch(q: string): ParsedSearch {
  // Composed first: typed or pasted text may come decomposed ("Mu\u0308ller"), and a combining mark
  // must stay in its word, not split it.
  const lexemes = lex(q.normalize('NFC'));
  // As-you-type: the last word is a prefix when it is the last thing typed, bare and not excluded.
  const last = lexemes.findLast((l) => l.t === 'phrase');
  const prefixed = last?.t === 'phrase' && last.bare && !last.negated ? last : undefined;
  const top = parseSequence(lexemes, { i: 0 }, false);
  if (prefixed) markPrefix(top, prefixed.tokens);
  if (top.pos.length === 0) return { node: null, onlyExclusions: top.neg.length > 0 };
  return { node: and(top.pos, top.neg), onlyExclusions: false };
}

/**
 * Sets `prefix` on the phrase node made from the prefixed lexeme (which shares its tokens array), when
 * that node is among what the query finds: under an excluded group (`nato -(russia ukr)`) it stays a
 * whole word, as every excluded word does.
 */
function markPrefix(seq: Sequence, tokens: string[]) {
  const visit = (n: SearchNode): SearchNode | null => {
    if (n.kind === 'phrase') return n.tokens === tokens ? n : null;
    for (const k of n.of) {
      const hit = visit(k);
      if (hit) return hit;
    }
    return null;
  };
  for (const n of seq.pos) {
    const hit = visit(n);
    if (hit && hit.kind === 'phrase') {
      hit.prefix = true;
      return;
    }
  }
}

/** The phrases a match contains: every phrase not under an exclusion (what a snippet highlights). */
export function foundPhrases(node: SearchNode): Extract<SearchNode, { kind: 'phrase' }>[] {
  if (node.kind === 'phrase') return [node];
  return node.of.flatMap(foundPhrases);
}
