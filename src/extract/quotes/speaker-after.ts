// The speaker written right after a cue: "says Jane Doe", "said the minister, a lawyer for the
// group", "according to the WHO".
import type { Token } from '../tokenize.js';
import { TIME_WORDS } from './clause.js';
import { isCue, isWordTok, lower, QUOTE_TOKENS, type QuoteDoc, type Speaker } from './context.js';
import { BAD_CONTENT_START, DETERMINERS, PRONOUNS, SPEAKER_STOPS } from './lexicon.js';
import { CLAUSE_LINKS, parenEnd, RELATIVES } from './phrases.js';

/** Verbs that end a noun phrase after the cue ("said the cost was too high"); a possessive 's does not. */
const VERBS = new Set(
  'is are was were be been will would can could should must may might has have had do does did'.split(' '),
);

/** Longest apposition after a speaker, in tokens. */
const MAX_APPOSITION = 40;

/** The speaker written right after the cue: "says Jane Doe", "said the minister, a ...". */
export function speakerAfter(doc: QuoteDoc, toks: Token[], i: number, hi: number, apposition = true): Speaker | null {
  const t = toks[i];
  if (!t || i >= hi) return null;
  const w = t.text.toLowerCase();
  let sp: Speaker | null = null;
  let end = i;
  if (PRONOUNS.has(w)) return { span: doc.span(t), entity: null, pronoun: w };
  // a name, possibly after a title: "said French President Emmanuel Macron"
  for (let k = i; k < Math.min(hi, i + 6); k++) {
    const m = doc.index.mentionStartingAt((toks[k] as Token).start);
    if (m) {
      while (end < hi && (toks[end] as Token).end <= m.end) end++;
      // a name the tagger cut short: "Douglas" of "Douglas Holtz-Eakin"
      while (
        end < hi &&
        end - i < 8 &&
        /^\p{Lu}/u.test((toks[end] as Token).text) &&
        !doc.index.mentionStartingAt((toks[end] as Token).start)
      )
        end++;
      // "said Network host Jane Doe": a noun phrase's head is its last name, the first a modifier
      let entity = m.entity;
      for (let j = end; j < Math.min(hi, end + 3); j++) {
        const x = toks[j] as Token;
        if (!isWordTok(x) || SPEAKER_STOPS.has(lower(x)) || isCue(doc.cues, lower(x))) break;
        const m2 = doc.index.mentionStartingAt(x.start);
        if (m2 && doc.index.entities[m2.entity]?.type === 'person') {
          entity = m2.entity;
          while (end < hi && (toks[end] as Token).end <= m2.end) end++;
          break;
        }
      }
      // "according to the WHO": the determiner stays out of the speaker span
      const from = k === i + 1 && DETERMINERS.has(w) ? m.start : t.start;
      sp = { span: doc.slice(from, (toks[end - 1] as Token).end), entity, pronoun: null };
      break;
    }
    if (!isWordTok(toks[k]) && (toks[k] as Token).text !== '.') break;
  }
  if (!sp) {
    // ("..., called Friday for ...": a day is when, not who)
    if (!isWordTok(t) || SPEAKER_STOPS.has(w) || BAD_CONTENT_START.has(w) || TIME_WORDS.test(w)) return null;
    let e = i;
    while (e < hi && e - i < 8 && (isWordTok(toks[e]) || /^['’]s$/.test((toks[e] as Token).text))) {
      const x = lower(toks[e]);
      // "..., said the cost was too high": a verb ends the noun phrase (the words are no speaker)
      if (e > i && (SPEAKER_STOPS.has(x) || BAD_CONTENT_START.has(x) || VERBS.has(x))) break;
      e++;
    }
    if (e === i) return null;
    sp = {
      span: doc.span(t, toks[e - 1] as Token),
      entity: doc.index.headEntity(t.start, (toks[e - 1] as Token).end),
      pronoun: null,
    };
    end = e;
  }
  // "said Rep. Jane Doe of Oregon, ...": where the person is from belongs to how they are named
  if (end < hi && lower(toks[end]) === 'of' && /^\p{Lu}/u.test(toks[end + 1]?.text ?? '') && sp.entity !== null) {
    let e = end + 1;
    while (e < hi && e - end < 5 && /^\p{Lu}/u.test((toks[e] as Token).text)) e++;
    if (toks[e]?.text === ',' || e >= hi) {
      sp = { ...sp, span: doc.slice(sp.span.start, (toks[e - 1] as Token).end) };
      end = e;
    }
  }
  // "said Rep. Jane Doe (D-Ore.)": the parenthesis belongs to the name
  const close = parenEnd(toks, end, hi);
  if (close > 0) {
    end = close + 1;
    sp = { ...sp, span: doc.slice(sp.span.start, (toks[close] as Token).end) };
  }
  // an apposition up to the next comma: ", a lawyer for the group", ", head of the caucus", ", who
  // runs the clinic". Not a clause of its own: ", adding ...", ", in a statement", ", which ...".
  const first = toks[end + 1];
  const fw = lower(first);
  if (
    apposition &&
    toks[end]?.text === ',' &&
    isWordTok(first) &&
    !isCue(doc.cues, fw) &&
    !/ing$/.test(fw) &&
    !(BAD_CONTENT_START.has(fw) && fw !== 'of') &&
    !CLAUSE_LINKS.has(fw)
  ) {
    let e = end + 1;
    for (; e < hi && e - end < MAX_APPOSITION && !QUOTE_TOKENS.has((toks[e] as Token).text); ) {
      const x = (toks[e] as Token).text;
      // a relative clause after the apposition still describes the person: ", a lawyer, who ..."
      if (x === ',' && RELATIVES.has(lower(toks[e + 1]))) {
        e++;
        continue;
      }
      if (/^[.,;:!?]$/.test(x)) break;
      const close2 = parenEnd(toks, e, hi);
      e = close2 > 0 ? close2 + 1 : e + 1;
    }
    if (e > end + 1 && e - end < MAX_APPOSITION) {
      // "said the company's spokesman, Jane Doe": a description named by its apposition is that name
      const named = sp.entity ?? doc.index.headEntity((first as Token).start, (toks[e - 1] as Token).end);
      sp = { ...sp, entity: named, span: doc.slice(sp.span.start, (toks[e - 1] as Token).end) };
    }
  }
  return sp;
}
