// Interim rule-based mention detection: capitalised runs, gazetteers, titles and a few context cues.
// The statistical tagger (src/extract/ner/) will replace detectMentions() with the same output shape.
import { type GazetteerEntry, longestMatch } from './gazetteer/index.js';
import {
  EVENT_SUFFIXES,
  FUNCTION_WORDS,
  HONORIFICS,
  MONTHS_AND_DAYS,
  NAME_CONNECTORS,
  ORG_SUFFIXES,
  SPEECH_VERBS,
  TITLE_HEADS,
  TITLE_MODIFIERS,
} from './lexicon.js';
import { fold, isAllCaps, isCapitalized } from './text-utils.js';
import { sentences, type Token, tokenize } from './tokenize.js';
import type { EntityType, TextRange } from './types.js';

export interface Mention {
  type: EntityType;
  start: number;
  end: number;
}

/** Words after which a lone capitalised word is a place ("in Tallinn"). */
const PLACE_PREPOSITIONS = new Set('in at near from across outside inside towards toward via into'.split(' '));
/** Connectors that end one name and start another ("Spain and Portugal"; "Bank of England" is one org). */
const PARTICLES = new Set('de du da das dos van von der den la le del della di al el bin ibn y'.split(' '));
const OPENERS = new Set(['"', "'", '“', '‘', '«', '(', '[', ':', '-', '–', '—']);
const ROMAN = /^(I|II|III|IV|V|VI|VII|VIII|IX|X|XI|XII)$/;

type Style = 'normal' | 'title';

/** The word after each undecided chunk, for the second pass. */
const contexts = new WeakMap<object, { next: string }>();

interface Chunk {
  from: number;
  to: number;
  tokens: Token[];
  /** Resolved type, or null while undecided. */
  type: EntityType | null;
  sentenceInitial: boolean;
  style: Style;
}

const lower = (t: Token | undefined) => (t ? t.text.toLowerCase() : '');
const isNameToken = (t: Token | undefined) => !!t && isCapitalized(t.text);
const isTitleWord = (w: string) => TITLE_HEADS.has(w) || TITLE_MODIFIERS.has(w);

/** Headlines in Title Case or ALL CAPS: capitalisation says nothing there. */
function regionStyle(tokens: Token[]): Style {
  let words = 0;
  let caps = 0;
  for (const t of tokens) {
    if (!/^\p{L}/u.test(t.text) || FUNCTION_WORDS.has(t.text.toLowerCase())) continue;
    words++;
    if (isCapitalized(t.text)) caps++;
  }
  return words >= 4 && caps / words >= 0.8 ? 'title' : 'normal';
}

function entityEntry(entries: GazetteerEntry[]): GazetteerEntry | null {
  return entries.find((e) => e.kind === 'country') ?? entries.find((e) => e.type !== null) ?? null;
}

/** Person, organisation and place mentions inside the regions, in document order. */
export function detectMentions(text: string, regions: TextRange[]): Mention[] {
  const out: Mention[] = [];
  const chunks: Chunk[] = [];

  for (const region of regions) {
    const tokens = tokenize(text, region.start, region.end);
    if (!tokens.length) continue;
    const style = regionStyle(tokens);
    const words = tokens.map((t) => t.text);
    const initial = new Uint8Array(tokens.length);
    let s = 0;
    for (const sent of sentences(text, region.start, region.end, tokens)) {
      while (s < tokens.length && (tokens[s] as Token).start < sent.start) s++;
      if (s < tokens.length) initial[s] = 1;
    }
    for (let k = 1; k < tokens.length; k++) if (OPENERS.has(words[k - 1] as string)) initial[k] = 1;
    initial[0] = 1;
    // Only spaces between two tokens: no punctuation, no line break.
    const adjacent = (a: number, b: number) =>
      /^[ \t\u00a0]+$/.test(text.slice((tokens[a] as Token).end, (tokens[b] as Token).start));

    let i = 0;
    while (i < tokens.length) {
      if (!isNameToken(tokens[i])) {
        i++;
        continue;
      }
      // A run of capitalised units; gazetteer phrases are atomic units and may contain lower-case words.
      type Unit = { from: number; to: number; gaz: GazetteerEntry[] | null; connector: boolean };
      const units: Unit[] = [];
      let j = i;
      for (;;) {
        const m = longestMatch(words, j);
        if (m) {
          units.push({ from: j, to: m.end, gaz: m.entries, connector: false });
          j = m.end;
        } else {
          units.push({ from: j, to: j + 1, gaz: null, connector: false });
          j++;
        }
        if (j >= tokens.length || !adjacent(j - 1, j)) break;
        if (isNameToken(tokens[j])) continue;
        // "of", "von der" between capitalised words
        let k = j;
        while (k < tokens.length && k - j < 2 && NAME_CONNECTORS.has(lower(tokens[k])) && !isNameToken(tokens[k])) {
          if (!adjacent(k, k + 1 < tokens.length ? k + 1 : k)) break;
          k++;
        }
        if (k > j && k < tokens.length && isNameToken(tokens[k]) && adjacent(k - 1, k)) {
          for (let c = j; c < k; c++) units.push({ from: c, to: c + 1, gaz: null, connector: true });
          j = k;
          continue;
        }
        break;
      }
      i = j;
      processRun(units);
    }

    function processRun(units: { from: number; to: number; gaz: GazetteerEntry[] | null; connector: boolean }[]) {
      // Leading sentence-opening words ("When", "The", "On") are not part of a name.
      while (
        units.length &&
        ((units[0]?.gaz === null && FUNCTION_WORDS.has(lower(tokens[units[0].from]))) || units[0]?.connector)
      )
        units.shift();
      while (units.length && units[units.length - 1]?.connector) units.pop();
      if (!units.length) return;
      const first = units[0] as (typeof units)[0];
      const last = units[units.length - 1] as (typeof units)[0];
      const lastWord = last.gaz ? '' : lower(tokens[last.from]);
      const hasTitle = units.some(
        (u, k) => !u.gaz && TITLE_HEADS.has(lower(tokens[u.from])) && k < units.length - 1 && !units[k + 1]?.gaz,
      );
      if (units.length > 1 && EVENT_SUFFIXES.has(lastWord)) return;
      if (units.length > 1 && ORG_SUFFIXES.has(lastWord) && !hasTitle) {
        // "Troops of the Baltic Defence Force": a sentence-opening word before "of" is not part of the
        // name unless it is an organisation head itself ("Bank of England").
        let from = first.from;
        const ci = units.findIndex((u) => u.connector);
        if (ci === 1 && !first.gaz && initial[first.from] && !ORG_SUFFIXES.has(lower(tokens[first.from]))) {
          let k = ci;
          while (units[k]?.connector) k++;
          from = (units[k] as (typeof units)[0]).from;
        }
        emitChunk(from, last.to, 'organization');
        return;
      }
      // Segment: gazetteer entities, demonyms, titles, breakers and unknown word chunks.
      let chunkFrom = -1;
      let chunkTo = -1;
      let titled = false;
      const flush = (type: EntityType | null) => {
        if (chunkFrom >= 0) {
          // trailing connectors belong to nothing
          while (chunkTo > chunkFrom && NAME_CONNECTORS.has(lower(tokens[chunkTo - 1]))) chunkTo--;
          emitChunk(chunkFrom, chunkTo, type ?? (titled ? 'person' : null));
        }
        chunkFrom = -1;
        titled = false;
      };
      for (let k = 0; k < units.length; k++) {
        const u = units[k] as (typeof units)[0];
        if (u.gaz) {
          const entry = entityEntry(u.gaz);
          // A first name before a one-word place name: "Michael Jordan", "Paris Hilton" the other way round.
          if (
            entry &&
            entry.kind !== 'organization' &&
            chunkFrom >= 0 &&
            u.to - u.from === 1 &&
            chunkTo === u.from &&
            chunkTo - chunkFrom <= 2 &&
            !isAllCaps(words[u.from] as string) &&
            k === units.length - 1 &&
            !initial[chunkFrom]
          ) {
            chunkTo = u.to;
            flush('person');
            continue;
          }
          flush(null);
          if (entry?.type) emit(u.from, u.to, entry.type);
          continue;
        }
        const w = lower(tokens[u.from]);
        if (u.connector) {
          if (chunkFrom >= 0 && PARTICLES.has(w)) chunkTo = u.to;
          else flush(null);
          continue;
        }
        if (isTitleWord(w) || HONORIFICS.has(w)) {
          // A title sequence counts only when a name follows it ("President Emmanuel Macron").
          let e = k;
          let head = false;
          while (e < units.length && !units[e]?.gaz && !units[e]?.connector) {
            const x = lower(tokens[(units[e] as (typeof units)[0]).from]);
            if (!isTitleWord(x) && !HONORIFICS.has(x)) break;
            head ||= TITLE_HEADS.has(x) || HONORIFICS.has(x);
            e++;
          }
          const next = units[e];
          if (head && next && !next.gaz && !next.connector) {
            flush(null);
            k = e - 1;
            titled = true;
            continue;
          }
        }
        if (FUNCTION_WORDS.has(w) || MONTHS_AND_DAYS.has(w)) {
          // "Theresa May": a month name right after a name is a name.
          if (chunkFrom >= 0 && MONTHS_AND_DAYS.has(w) && !FUNCTION_WORDS.has(w) && chunkTo === u.from) {
            chunkTo = u.to;
            continue;
          }
          flush(null);
          continue;
        }
        if (chunkFrom < 0) {
          chunkFrom = u.from;
        }
        chunkTo = u.to;
      }
      flush(null);
    }

    function emit(from: number, to: number, type: EntityType) {
      chunks.push({
        from,
        to,
        tokens: tokens.slice(from, to),
        type,
        sentenceInitial: !!initial[from],
        style,
      });
    }

    function emitChunk(from: number, to: number, type: EntityType | null) {
      if (to <= from) return;
      const toks = tokens.slice(from, to);
      let t = type;
      if (!t && toks.length === 1) {
        const w = toks[0]?.text as string;
        if (isAllCaps(w) && w.replace(/\./g, '').length <= 6 && !ROMAN.test(w) && style === 'normal')
          t = 'organization';
      }
      if (!t && toks.length >= 2 && style === 'normal') t = 'person';
      // A lower-case title right before the name: "president Emmanuel Macron", "spokesman Eric Mamer".
      if (!t && from > 0 && TITLE_HEADS.has(lower(tokens[from - 1])) && style === 'normal') t = 'person';
      if (!t && style === 'normal') {
        const next = lower(tokens[to]);
        const prev = from > 0 ? (tokens[from - 1] as Token).text : '';
        if (SPEECH_VERBS.has(next))
          t = null; // decided after the whole text is read (a person, usually)
        else if (!initial[from] && PLACE_PREPOSITIONS.has(prev)) t = 'place';
      }
      chunks.push({ from, to, tokens: toks, type: t, sentenceInitial: !!initial[from], style });
      // remember the context for the second pass
      const c = chunks[chunks.length - 1] as Chunk;
      contexts.set(c, { next: lower(tokens[to]) });
    }
  }

  // Second pass: undecided chunks take the type of a name the text uses elsewhere.
  const known = new Map<string, EntityType>();
  for (const c of chunks) {
    if (!c.type || c.style !== 'normal') continue;
    const full = fold(c.tokens.map((t) => t.text).join(' '));
    if (!known.has(full)) known.set(full, c.type);
    if (c.type === 'person' && c.tokens.length > 1) {
      const lastTok = fold((c.tokens[c.tokens.length - 1] as Token).text);
      if (!known.has(lastTok)) known.set(lastTok, 'person');
    }
  }
  for (const c of chunks) {
    if (!c.type) {
      const full = fold(c.tokens.map((t) => t.text).join(' '));
      const k = known.get(full);
      if (k) c.type = k;
      // "..., Smith said": a name before a speech verb, unless it only opens the sentence ("Officials said").
      else if (c.style === 'normal' && !c.sentenceInitial && SPEECH_VERBS.has(contexts.get(c)?.next ?? ''))
        c.type = 'person';
    }
    if (!c.type) continue;
    const first = c.tokens[0] as Token;
    const last = c.tokens[c.tokens.length - 1] as Token;
    out.push({ type: c.type, start: first.start, end: last.end });
  }
  return out;
}
