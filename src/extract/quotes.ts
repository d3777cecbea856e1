// Direct quotes (in quotation marks) and reported speech, with cue, speaker span and speaker entity.
import {
  BARE_CLAUSE_VERBS,
  DETERMINERS,
  FUNCTION_WORDS,
  PERSON_PRONOUNS,
  PREPOSITIONS,
  SPEAKER_PRONOUNS,
  SPEAKER_VERB_FILLERS,
  SPEECH_VERBS,
  TOLD_OBJECTS,
} from './lexicon.js';
import { fold } from './text-utils.js';
import { sentences, type Token, tokenize } from './tokenize.js';
import type { ExtractedEntity, ExtractedQuote, Span, TextRange } from './types.js';

export interface QuoteContext {
  entities: ExtractedEntity[];
  /** Entity index by mention start. */
  entityAt: Map<number, number>;
}

interface MentionRef {
  start: number;
  end: number;
  entity: number;
}

interface Draft {
  kind: 'direct' | 'indirect';
  pieces: TextRange[];
  start: number;
  end: number;
  text: string;
  cue: Span | null;
  speakerMention: Span | null;
  speaker: number | null;
  region: number;
}

type Family = 'double' | 'single' | 'guillemet';
const OPEN_MARKS: Record<string, Family> = {
  '"': 'double',
  '“': 'double',
  '«': 'guillemet',
  "'": 'single',
  '‘': 'single',
};
const CLOSE_MARKS: Record<string, Family> = {
  '"': 'double',
  '”': 'double',
  '»': 'guillemet',
  "'": 'single',
  '’': 'single',
};
const QUOTE_CHARS = new Set(['"', '“', '”', '«', '»', "'", '‘', '’']);
const isSpace = (c: string | undefined) => c === undefined || /\s/u.test(c);
const isLetter = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);
const wordCount = (s: string) => (s.match(/[\p{L}\p{N}]+/gu) ?? []).length;
const END_PUNCT = new Set(['.', '!', '?', ';']);

/** Quotation-mark pairs of one region: [open, close] positions; an unclosed quote runs to region end. */
function quotePairs(text: string, r: TextRange): { open: number; close: number; family: Family; closed: boolean }[] {
  const out: { open: number; close: number; family: Family; closed: boolean }[] = [];
  let open: { pos: number; family: Family } | null = null;
  for (let p = r.start; p < r.end; p++) {
    const c = text[p] as string;
    if (!QUOTE_CHARS.has(c)) continue;
    const prev = p > r.start ? text[p - 1] : undefined;
    const next = p + 1 < r.end ? text[p + 1] : undefined;
    const closeFam = CLOSE_MARKS[c];
    if (open && closeFam === open.family && !isSpace(prev)) {
      // An apostrophe inside or at the end of a word ("bloc’s", "parents' ") is not a closing mark
      // unless what follows cannot continue a word.
      if (closeFam === 'single' && isLetter(next)) continue;
      out.push({ open: open.pos, close: p, family: open.family, closed: true });
      open = null;
      continue;
    }
    const openFam = OPEN_MARKS[c];
    if (!open && openFam && (prev === undefined || /[\s([—–\-:"“]/u.test(prev)) && !isSpace(next)) {
      if (openFam === 'single' && !isLetter(next) && next !== '"' && next !== '“') continue;
      open = { pos: p, family: openFam };
    }
  }
  if (open) out.push({ open: open.pos, close: r.end, family: open.family, closed: false });
  return out;
}

export function findQuotes(text: string, regions: TextRange[], ctx: QuoteContext): ExtractedQuote[] {
  const mentions: MentionRef[] = [];
  ctx.entities.forEach((e, idx) => {
    for (const m of e.mentions) mentions.push({ start: m.start, end: m.end, entity: idx });
  });
  mentions.sort((a, b) => a.start - b.start);
  const mentionByStart = new Map(mentions.map((m) => [m.start, m]));
  const mentionByEnd = new Map(mentions.map((m) => [m.end, m]));

  const regionTokens = regions.map((r) => tokenize(text, r.start, r.end));
  const span = (a: Token, b: Token = a): Span => ({ start: a.start, end: b.end, text: text.slice(a.start, b.end) });

  // --- Speaker spans -------------------------------------------------------------------------
  type Speaker = { span: Span; entity: number | null; pronoun: string | null };

  /** The speaker written right before tokens[cue] (after `lower`), skipping "also", "has", ... */
  function speakerBefore(toks: Token[], cue: number, lower: number): Speaker | null {
    let p = cue - 1;
    while (
      p >= lower &&
      (SPEAKER_VERB_FILLERS.has((toks[p] as Token).text.toLowerCase()) || /^\p{Ll}+ly$/u.test((toks[p] as Token).text))
    )
      p--;
    if (p < lower) return null;
    const t = toks[p] as Token;
    const m = mentionByEnd.get(t.end);
    if (m && m.start >= (toks[lower] as Token).start) {
      return {
        span: { start: m.start, end: m.end, text: text.slice(m.start, m.end) },
        entity: m.entity,
        pronoun: null,
      };
    }
    const w = t.text.toLowerCase();
    if (SPEAKER_PRONOUNS.has(w)) return { span: span(t), entity: null, pronoun: w };
    // A noun phrase: "a campaign official", "the minister", "Police".
    if (!/^\p{L}/u.test(t.text) || FUNCTION_WORDS.has(w)) return null;
    let q = p;
    while (q - 1 >= lower && p - q < 4) {
      const x = (toks[q - 1] as Token).text;
      const xl = x.toLowerCase();
      if (!/^\p{L}/u.test(x)) break;
      if (DETERMINERS.has(xl)) {
        q--;
        break;
      }
      if (FUNCTION_WORDS.has(xl) || SPEECH_VERBS.has(xl)) break;
      q--;
    }
    const first = toks[q] as Token;
    // The phrase must begin at a boundary: a determiner, the sentence start or punctuation.
    const before = q - 1 >= 0 ? (toks[q - 1] as Token).text : '';
    if (!DETERMINERS.has(first.text.toLowerCase()) && q > lower && /^\p{L}/u.test(before)) return null;
    return { span: span(first, t), entity: null, pronoun: null };
  }

  /** The speaker written right after the cue: "says Angela Merkel", "said the minister". */
  function speakerAfter(toks: Token[], i: number): Speaker | null {
    const t = toks[i];
    if (!t) return null;
    // Skip a title before the name: "said French President Emmanuel Macron".
    for (let k = i; k < Math.min(toks.length, i + 5); k++) {
      const m = mentionByStart.get((toks[k] as Token).start);
      const skippedOnlyArticle = k === i || (k === i + 1 && DETERMINERS.has((toks[i] as Token).text.toLowerCase()));
      if (m && (skippedOnlyArticle || ctx.entities[m.entity]?.type === 'person')) {
        return {
          span: { start: m.start, end: m.end, text: text.slice(m.start, m.end) },
          entity: m.entity,
          pronoun: null,
        };
      }
      if (!/^\p{L}/u.test((toks[k] as Token).text)) break;
    }
    const w = t.text.toLowerCase();
    if (SPEAKER_PRONOUNS.has(w)) return { span: span(t), entity: null, pronoun: w };
    if (DETERMINERS.has(w)) {
      let e = i + 1;
      while (e < toks.length && e - i < 6 && /^\p{L}/u.test((toks[e] as Token).text)) e++;
      if (e > i + 1) return { span: span(t, toks[e - 1] as Token), entity: null, pronoun: null };
    }
    return null;
  }

  /** Resolves a pronoun or a descriptive phrase to an entity mentioned before `pos`. */
  function resolve(sp: Speaker | null, pos: number, exclude: TextRange[]): number | null {
    if (!sp) return null;
    if (sp.entity !== null) return sp.entity;
    const inside = (m: MentionRef) => exclude.some((r) => m.start >= r.start && m.end <= r.end);
    let lastWord = fold(sp.span.text.split(/\s+/).pop() ?? '');
    if (sp.pronoun && !PERSON_PRONOUNS.has(sp.pronoun) && sp.pronoun !== 'it') return null;
    if (!sp.pronoun && lastWord.length < 3) return null;
    if (sp.pronoun) lastWord = '';
    for (let k = mentions.length - 1; k >= 0; k--) {
      const m = mentions[k] as MentionRef;
      if (m.end > pos || inside(m)) continue;
      const e = ctx.entities[m.entity] as ExtractedEntity;
      if (sp.pronoun === 'it') {
        if (e.type === 'organization') return m.entity;
        continue;
      }
      if (e.type !== 'person') continue;
      if (!lastWord || e.titles.some((t) => fold(t).split(' ').includes(lastWord))) return m.entity;
    }
    return null;
  }

  // --- Direct quotes ---------------------------------------------------------------------------
  const drafts: Draft[] = [];
  const usedCues = new Set<number>();
  let carry: { draft: Draft; family: Family } | null = null;
  regions.forEach((r, ri) => {
    const pairs = quotePairs(text, r);
    for (const pair of pairs) {
      const inner = text.slice(pair.open + 1, pair.close).trim();
      // A paragraph that reopens the quote the last one left open continues it.
      if (carry && pair.open === firstNonSpace(text, r) && pair.family === carry.family) {
        carry.draft.pieces.push({ start: pair.open, end: pair.closed ? pair.close + 1 : r.end });
        carry.draft.end = pair.closed ? pair.close + 1 : r.end;
        carry.draft.text += ` ${inner}`;
        carry.draft.region = ri;
        if (pair.closed) carry = null;
        continue;
      }
      carry = null;
      const d: Draft = {
        kind: 'direct',
        pieces: [{ start: pair.open, end: pair.closed ? pair.close + 1 : r.end }],
        start: pair.open,
        end: pair.closed ? pair.close + 1 : r.end,
        text: inner,
        cue: null,
        speakerMention: null,
        speaker: null,
        region: ri,
      };
      drafts.push(d);
      if (!pair.closed) {
        const nr = regions[ri + 1];
        if (nr && OPEN_MARKS[text[firstNonSpace(text, nr)] as string] === pair.family)
          carry = { draft: d, family: pair.family };
        else if (pair.open !== firstNonSpace(text, r)) drafts.pop(); // a stray mark
      }
    }
  });

  // Attribution of direct quotes, and interrupted quotes joined: "A," she said, "B."
  const directs: Draft[] = [];
  for (let k = 0; k < drafts.length; k++) {
    const d = drafts[k] as Draft;
    const toks = regionTokens[d.region] as Token[];
    let i = toks.findIndex((t) => t.start >= d.end);
    let attributed = false;
    if (i >= 0) {
      if ((toks[i] as Token).text === ',') i++;
      let end = i;
      while (
        end < toks.length &&
        end - i < 10 &&
        !END_PUNCT.has((toks[end] as Token).text) &&
        !QUOTE_CHARS.has((toks[end] as Token).text)
      )
        end++;
      for (let c = i; c < end; c++) {
        const w = (toks[c] as Token).text.toLowerCase();
        if (!SPEECH_VERBS.has(w)) continue;
        const sp = c === i ? speakerAfter(toks, c + 1) : speakerBefore(toks, c, i);
        if (!sp || (c > i && sp.span.start !== (toks[i] as Token).start)) break;
        d.cue = span(toks[c] as Token);
        d.speakerMention = sp.span;
        d.speaker = resolve(sp, d.start, d.pieces);
        usedCues.add((toks[c] as Token).start);
        attributed = true;
        // "A," she said, "B." — the next quote opens right after the attribution.
        const afterSpeaker = Math.max(sp.span.end, (toks[c] as Token).end);
        const next = drafts[k + 1];
        if (next && next.region === d.region && /^[\s,:]*$/.test(text.slice(afterSpeaker, next.start))) {
          d.pieces.push(...next.pieces);
          d.end = next.end;
          d.text = `${d.text.replace(/[,\s]+$/, '')} ${next.text}`;
          k++;
        }
        break;
      }
    }
    if (!attributed) {
      // "X said: "...", or a paragraph ending in "X said:" before the quote's paragraph.
      let ri = d.region;
      let t2 = regionTokens[ri] as Token[];
      let j = t2.findIndex((t) => t.start >= d.start) - 1;
      if (j < 0 && d.start === firstNonSpace(text, regions[ri] as TextRange) && ri > 0) {
        ri--;
        t2 = regionTokens[ri] as Token[];
        j = t2.length - 1;
      }
      if (j >= 0 && [':', ','].includes((t2[j] as Token).text)) {
        for (let c = j - 1; c >= Math.max(0, j - 4); c--) {
          const w = (t2[c] as Token).text.toLowerCase();
          if (!SPEECH_VERBS.has(w)) continue;
          let lower = c;
          while (
            lower > 0 &&
            !END_PUNCT.has((t2[lower - 1] as Token).text) &&
            !QUOTE_CHARS.has((t2[lower - 1] as Token).text)
          )
            lower--;
          const sp = speakerBefore(t2, c, lower);
          if (!sp) break;
          d.cue = span(t2[c] as Token);
          d.speakerMention = sp.span;
          d.speaker = resolve(sp, sp.span.start, d.pieces);
          usedCues.add((t2[c] as Token).start);
          attributed = true;
          break;
        }
      }
    }
    // Scare quotes and titles ("so-called 'peace plan'") are not quotes.
    if (attributed || wordCount(d.text) >= 5) directs.push(d);
  }

  // --- Reported speech ------------------------------------------------------------------------
  const indirects: Draft[] = [];
  const inDirect = (pos: number) => directs.some((d) => d.pieces.some((p) => pos >= p.start && pos < p.end));
  regions.forEach((r, ri) => {
    const toks = regionTokens[ri] as Token[];
    let t0 = 0;
    for (const sent of sentences(text, r.start, r.end, toks)) {
      while (t0 < toks.length && (toks[t0] as Token).start < sent.start) t0++;
      let t1 = t0;
      while (t1 < toks.length && (toks[t1] as Token).end <= sent.end) t1++;
      const found = reported(toks, t0, t1, ri);
      if (found) indirects.push(found);
      t0 = t1;
    }
  });

  function contentDraft(toks: Token[], a: number, b: number, ri: number): Draft | null {
    // trim trailing punctuation and closing marks
    while (b > a && /^[.,;:!?"”’'»)\]]$/.test((toks[b - 1] as Token).text)) b--;
    while (a < b && /^[,:—–-]$/.test((toks[a] as Token).text)) a++;
    if (b - a < 3) return null;
    const first = toks[a] as Token;
    const last = toks[b - 1] as Token;
    if (QUOTE_CHARS.has(first.text) || PREPOSITIONS.has(first.text.toLowerCase())) return null;
    // Content that is (or starts inside) a direct quote is the direct quote's.
    const overlapping = directs.filter((d) => d.start < last.end && d.end > first.start);
    if (overlapping.some((d) => d.start < first.start || d.end > last.end)) return null;
    return {
      kind: 'indirect',
      pieces: [{ start: first.start, end: last.end }],
      start: first.start,
      end: last.end,
      text: text.slice(first.start, last.end),
      cue: null,
      speakerMention: null,
      speaker: null,
      region: ri,
    };
  }

  function reported(toks: Token[], s0: number, s1: number, ri: number): Draft | null {
    for (let c = s0; c < s1; c++) {
      const tok = toks[c] as Token;
      const w = tok.text.toLowerCase();
      if (usedCues.has(tok.start) || inDirect(tok.start)) continue;
      // "According to X, ..." and "..., according to X."
      if (w === 'according' && toks[c + 1]?.text.toLowerCase() === 'to') {
        const sp = speakerAfter(toks, c + 2);
        if (!sp) continue;
        let d: Draft | null = null;
        if (c === s0) {
          let k = c + 2;
          while (k < s1 && (toks[k] as Token).text !== ',') k++;
          d = contentDraft(toks, k + 1, s1, ri);
        } else if (toks[c - 1]?.text === ',') d = contentDraft(toks, s0, c - 1, ri);
        if (!d) continue;
        d.cue = span(tok, toks[c + 1] as Token);
        d.speakerMention = sp.span;
        d.speaker = resolve(sp, sp.span.start, d.pieces);
        return d;
      }
      if (!SPEECH_VERBS.has(w)) continue;
      // What follows the cue up to the sentence end.
      let rest = 0;
      let hasThat = false;
      for (let k = c + 1; k < s1; k++) {
        if (/^\p{L}/u.test((toks[k] as Token).text)) rest++;
        if ((toks[k] as Token).text.toLowerCase() === 'that') hasThat = true;
      }
      // "..., X added." / "..., said X."
      if (rest <= 6 && !hasThat) {
        let sp: Speaker | null = null;
        let comma = -1;
        if (toks[c - 1]?.text === ',') {
          sp = speakerAfter(toks, c + 1);
          comma = c - 1;
        } else {
          sp = speakerBefore(toks, c, s0);
          if (sp) {
            // a title may stand between the comma and the name: ", Foreign Minister John Smith told"
            let k = toks.findIndex((t) => t.start === sp?.span.start);
            while (k - 1 > s0 && k > c - 8 && /^\p{Lu}/u.test((toks[k - 1] as Token).text)) k--;
            if (toks[k - 1]?.text === ',') comma = k - 1;
          }
        }
        if (sp && comma > s0) {
          const d = contentDraft(toks, s0, comma, ri);
          if (d) {
            d.cue = span(tok);
            d.speakerMention = sp.span;
            d.speaker = resolve(sp, d.start, d.pieces);
            return d;
          }
        }
      }
      // "X said (on Tuesday) (that) ..."
      const sp = speakerBefore(toks, c, s0);
      if (!sp) continue;
      let a = c + 1;
      if (/^tell|told/.test(w)) {
        const obj = mentionByStart.get(toks[a]?.start ?? -1);
        if (obj) {
          while (a < s1 && (toks[a] as Token).start < obj.end) a++;
        } else if (TOLD_OBJECTS.has(toks[a]?.text.toLowerCase() ?? '')) a++;
      }
      let that = false;
      for (let k = a; k < Math.min(s1, a + 12); k++) {
        const x = (toks[k] as Token).text;
        if (QUOTE_CHARS.has(x) || x === ',') break;
        if (x.toLowerCase() === 'that') {
          a = k + 1;
          that = true;
          break;
        }
      }
      if (!that && !BARE_CLAUSE_VERBS.has(w)) continue;
      const d = contentDraft(toks, a, s1, ri);
      if (!d) continue;
      d.cue = span(tok);
      d.speakerMention = sp.span;
      d.speaker = resolve(sp, sp.span.start, []);
      return d;
    }
    return null;
  }

  // Quoted words inside reported speech belong to the reported-speech record.
  const kept = directs.filter((d) => d.cue || !indirects.some((q) => q.start <= d.start && d.end <= q.end + 2));
  const all = [...kept, ...indirects].sort((a, b) => a.start - b.start);

  // The same quote repeated (a standfirst quoting part of a body quote): one record, the fullest form.
  const norm = all.map(
    (d) =>
      ` ${
        fold(d.text)
          .match(/[\p{L}\p{N}]+/gu)
          ?.join(' ') ?? ''
      } `,
  );
  const mergedInto = new Array<number>(all.length).fill(-1);
  const extra = all.map(() => [] as TextRange[]);
  for (let i = 0; i < all.length; i++) {
    for (let j = 0; j < all.length; j++) {
      if (i === j || mergedInto[j] !== -1 || mergedInto[i] !== -1) continue;
      const a = all[i] as Draft;
      const b = all[j] as Draft;
      if (a.kind !== b.kind || wordCount(b.text) < 4) continue;
      const na = norm[i] as string;
      const nb = norm[j] as string;
      if (nb.length > na.length || (nb.length === na.length && j < i) || !na.includes(nb)) continue;
      mergedInto[j] = i;
      (extra[i] as TextRange[]).push({ start: b.start, end: b.end }, ...(extra[j] as TextRange[]));
      a.speaker ??= b.speaker;
      a.cue ??= b.cue;
      a.speakerMention ??= b.speakerMention;
    }
  }
  const out: ExtractedQuote[] = [];
  all.forEach((d, i) => {
    if (mergedInto[i] !== -1) return;
    const others = (extra[i] as TextRange[]).sort((x, y) => x.start - y.start);
    out.push({
      kind: d.kind,
      text: d.text.replace(/[,;:\s]+$/, ''),
      start: d.start,
      end: d.end,
      cue: d.cue,
      speakerMention: d.speakerMention,
      speaker: d.speaker,
      occurrences: [{ start: d.start, end: d.end }, ...others],
    });
  });
  return out;
}

function firstNonSpace(text: string, r: TextRange): number {
  let p = r.start;
  while (p < r.end && /\s/u.test(text[p] as string)) p++;
  return p;
}
