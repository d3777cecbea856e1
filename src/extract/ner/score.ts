// The scoring of ../shared/eval/score.mjs's `ner` mode, in process: PER/ORG/LOC mentions with exact
// spans (mention level) and distinct (type, folded text) pairs per document (document level), micro
// averaged. Offsets compare equal in UTF-16 units exactly when they do in code points. Names compare
// fold()ed, the folding score.mjs does too.
import { fold } from '../../text/fold.js';

export const SCORED = ['PER', 'ORG', 'LOC'] as const;

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

export interface Mention {
  type: string;
  start: number;
  end: number;
  /** The mention's text; when absent, text.slice(start, end). */
  text?: string;
}

export function prf(c: Counts): { p: number; r: number; f: number } {
  const p = c.tp + c.fp ? c.tp / (c.tp + c.fp) : 1;
  const r = c.tp + c.fn ? c.tp / (c.tp + c.fn) : 1;
  return { p, r, f: p + r ? (2 * p * r) / (p + r) : 0 };
}

export class NerScore {
  readonly mention: Record<string, Counts> = Object.fromEntries(SCORED.map((t) => [t, { tp: 0, fp: 0, fn: 0 }]));
  readonly document: Record<string, Counts> = Object.fromEntries(SCORED.map((t) => [t, { tp: 0, fp: 0, fn: 0 }]));

  add(text: string, gold: Mention[], predicted: Mention[]): void {
    const keep = (m: Mention) => (SCORED as readonly string[]).includes(m.type);
    const g = gold.filter(keep);
    const p = predicted.filter(keep);
    const key = (m: Mention) => `${m.type}:${m.start}:${m.end}`;
    const G = new Set(g.map(key));
    const P = new Set(p.map(key));
    for (const k of P) (this.mention[k.split(':')[0] as string] as Counts)[G.has(k) ? 'tp' : 'fp']++;
    for (const k of G) if (!P.has(k)) (this.mention[k.split(':')[0] as string] as Counts).fn++;
    const skey = (m: Mention) => `${m.type}:${fold(m.text ?? text.slice(m.start, m.end))}`;
    const GS = new Set(g.map(skey));
    const PS = new Set(p.map(skey));
    for (const k of PS) (this.document[k.split(':')[0] as string] as Counts)[GS.has(k) ? 'tp' : 'fp']++;
    for (const k of GS) if (!PS.has(k)) (this.document[k.split(':')[0] as string] as Counts).fn++;
  }

  static micro(tab: Record<string, Counts>): { p: number; r: number; f: number } {
    const sum = (k: keyof Counts) => SCORED.reduce((a, t) => a + (tab[t] as Counts)[k], 0);
    return prf({ tp: sum('tp'), fp: sum('fp'), fn: sum('fn') });
  }

  /** The two table lines of score.mjs. */
  lines(): string[] {
    const pct = (x: number) => (100 * x).toFixed(1);
    const row = (name: string, tab: Record<string, Counts>) => {
      const cells = SCORED.map((t) => `${t} ${pct(prf(tab[t] as Counts).f)}`);
      const m = NerScore.micro(tab);
      return `${name}: ${cells.join('  ')}  micro P=${pct(m.p)} R=${pct(m.r)} F1=${pct(m.f)}`;
    };
    return [row('mention-level', this.mention), row('document-level', this.document)];
  }
}
