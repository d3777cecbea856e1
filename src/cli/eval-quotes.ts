// Scores quote extraction on a PolNeAR-style JSONL file, in process, through the same path as the
// server (analyseArticle: parse, extract, code-point offsets), with the matching rules of
// ../shared/eval/score.mjs `quotes` mode, and prints its summary line:
//   npm run eval:quotes -- <file.jsonl> [--all] [--limit N] [--errors N] [--kind fp|fn|spk]
// --errors N prints up to N mistakes (false positives, misses, wrong speakers) for error analysis,
// to the terminal only.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { analyseArticle } from '../analysis/analyse-article.js';
import { loadDefaultExtractor } from '../extract/extractor.js';
import { fold } from '../text/fold.js';

interface GoldQuote {
  quote: string;
  start: number;
  end: number;
  speaker: string | null;
  speaker_start: number | null;
  speaker_end: number | null;
  cue: string | null;
  direct: boolean;
}

interface Doc {
  id: string;
  text: string;
  quotes: GoldQuote[];
}

const words = (s: unknown) => fold(String(s ?? '')).match(/[\p{L}\p{N}]+/gu) ?? [];
const STOP = new Set(
  'the a an of and or to in on at for by with from as is was he she they it his her its their said says'.split(' '),
);
const over = (a0: number, a1: number, b0: number, b1: number) => Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));

// The scorer's cue words of speech and writing (score.mjs, SPEECH).
const SPEECH = new Set(
  `say says said saying tell tells told telling add adds added adding note notes noted noting
write writes wrote written writing announce announces announced announcing report reports reported reporting
state states stated stating claim claims claimed claiming warn warns warned warning ask asks asked asking
argue argues argued arguing explain explains explained explaining insist insists insisted insisting declare
declares declared declaring tweet tweets tweeted tweeting respond responds responded responding reply replies
replied replying comment comments commented commenting remark remarks remarked acknowledge acknowledges
acknowledged acknowledging admit admits admitted admitting deny denies denied denying confirm confirms confirmed
confirming suggest suggests suggested suggesting predict predicts predicted accuse accuses accused accusing urge
urges urged urging according quote quotes quoted quoting cite cites cited citing recall recalls recalled
testify testifies testified testifying speak speaks spoke spoken speaking mention mentions mentioned describe
describes described describing call calls called calling promise promises promised promising vow vows
vowed vowing pledge pledges pledged pledging continue continued conclude concluded concludes emphasize emphasized
stress stressed stresses assert asserted asserts contend contended maintain maintained recount recounted
joke joked quip quipped shout shouted yell yelled email emailed texted posted post posts`.split(/\s+/),
);
const isSpeech = (q: GoldQuote) =>
  q.direct || /^[\s:―—–-]*$/.test(q.cue ?? '') || words(q.cue).some((w) => SPEECH.has(w));

function headName(span: string | null): string {
  const toks = String(span ?? '')
    .replace(/['’]s\b/g, '')
    .split(/\s+/)
    .filter(Boolean);
  let end = toks.length - 1;
  while (end >= 0 && !/^\p{Lu}/u.test(toks[end] as string)) end--;
  let start = end;
  while (start > 0 && /^\p{Lu}/u.test(toks[start - 1] as string)) start--;
  return end < 0 ? '' : toks.slice(start, end + 1).join(' ');
}

function main(): void {
  const { values: opt, positionals: files } = parseArgs({
    options: {
      limit: { type: 'string' },
      errors: { type: 'string' },
      kind: { type: 'string' },
      all: { type: 'boolean' },
    },
    allowPositionals: true,
  });
  const file = files[0];
  if (!file) {
    console.error('usage: npm run eval:quotes -- <file.jsonl> [--all] [--limit N] [--errors N] [--kind fp|fn|spk]');
    process.exit(2);
  }
  const extractor = loadDefaultExtractor();
  let docs = readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Doc);
  if (opt.limit) docs = docs.slice(0, Number(opt.limit));
  const everything = opt.all === true;
  const showErrors = Number(opt.errors ?? 0);
  const kinds = new Set((opt.kind ?? 'fp,fn,spk').split(','));
  let shown = 0;
  const show = (kind: string, msg: string) => {
    if (kinds.has(kind) && shown < showErrors) {
      shown++;
      console.log(`  ${kind.toUpperCase()} ${msg}`);
    }
  };
  const all = { tp: 0, fp: 0, fn: 0 };
  const direct = { found: 0, total: 0 };
  let spkTotal = 0;
  let spkOk = 0;
  let goldSpeech = 0;
  let goldOther = 0;
  let chars = 0;
  let ms = 0;
  for (const doc of docs) {
    const t0 = performance.now();
    const out = analyseArticle(doc.text, {}, extractor);
    ms += performance.now() - t0;
    chars += doc.text.length;
    const cps = Array.from(doc.text);
    const cpAt = new Int32Array(doc.text.length + 1);
    {
      let c = 0;
      for (let i = 0; i < doc.text.length; i++) {
        cpAt[i] = c;
        const code = doc.text.charCodeAt(i);
        if (!(code >= 0xd800 && code <= 0xdbff)) c++;
      }
      cpAt[doc.text.length] = c;
    }
    const toCp = (i: number) => cpAt[i] as number;
    const gold = doc.quotes.map((q) => ({
      ...q,
      s: toCp(q.start),
      e: toCp(q.end),
      scored: everything || isSpeech(q),
      ss: q.speaker_start == null ? null : toCp(q.speaker_start),
      se: q.speaker_end == null ? null : toCp(q.speaker_end),
    }));
    for (const g of gold) g.scored ? goldSpeech++ : goldOther++;
    const used = new Set<number>();
    const ctx = (s: number, e: number) => JSON.stringify(cps.slice(s, e).join('').slice(0, 160));
    for (const q of out.quotes) {
      const i = gold.findIndex(
        (g, j) => !used.has(j) && over(q.start, q.end, g.s, g.e) >= 0.5 * Math.max(q.end - q.start, g.e - g.s),
      );
      if (i < 0) {
        all.fp++;
        const near = gold.find((g) => over(q.start, q.end, g.s, g.e) > 0);
        show(
          'fp',
          `${q.kind} ${ctx(q.start, q.end)} cue=${q.cue?.text}${near ? ` | gold: ${ctx(near.s, near.e)} cue=${near.cue}` : ''}`,
        );
        continue;
      }
      used.add(i);
      const g = gold[i] as (typeof gold)[number];
      if (!g.scored) continue;
      all.tp++;
      if (g.ss == null || g.se == null) continue;
      spkTotal++;
      const m = q.speakerMention;
      const byspan = !!m && over(m.start, m.end, g.ss, g.se) >= 0.5 * Math.max(m.end - m.start, g.se - g.ss);
      const gw = new Set(words(headName(g.speaker)).filter((w) => !STOP.has(w)));
      const name = q.speaker === null ? undefined : out.entities[q.speaker]?.name;
      const byname = words(name).some((w) => !STOP.has(w) && gw.has(w));
      if (byspan || byname) spkOk++;
      else
        show(
          'spk',
          `gold=${JSON.stringify(g.speaker)} mention=${JSON.stringify(m?.text)} entity=${JSON.stringify(name)} | ${ctx(
            Math.min(g.ss, q.start),
            Math.max(g.se, q.start) + 40,
          )}`,
        );
    }
    for (const [j, g] of gold.entries()) {
      if (g.scored && !used.has(j)) {
        all.fn++;
        show(
          'fn',
          `${g.direct ? 'direct' : 'indirect'} cue=${JSON.stringify(g.cue)} spk=${g.speaker} ${ctx(g.s, g.e)}`,
        );
      }
      if (g.direct) {
        direct.total++;
        if (used.has(j)) direct.found++;
      }
    }
  }
  const p = all.tp + all.fp ? all.tp / (all.tp + all.fp) : 1;
  const r = all.tp + all.fn ? all.tp / (all.tp + all.fn) : 1;
  const f = p + r ? (2 * p * r) / (p + r) : 0;
  const pct = (x: number) => (100 * x).toFixed(1);
  const spk = spkTotal ? spkOk / spkTotal : 0;
  const dr = direct.total ? direct.found / direct.total : 0;
  console.log(
    `  scored ${goldSpeech} gold attributions${everything ? '' : ` that are direct or have a speech cue; ${goldOther} others neither rewarded nor penalised`}`,
  );
  console.log(
    `quotes: docs=${docs.length} P=${pct(p)} R=${pct(r)} F1=${pct(f)} direct-recall=${pct(dr)} speaker-accuracy=${pct(spk)} (of matched quotes that have a source)${everything ? ' [all attributions]' : ''}`,
  );
  console.log(`  in process: ${Math.round(chars / (ms / 1000))} chars/s through analyseArticle (one core)`);
}

main();
