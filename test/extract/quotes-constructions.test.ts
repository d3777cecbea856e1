// Constructions added to the quote finder in the second round (invented texts, hand-given entities).
import { describe, expect, it } from 'vitest';
import { quotePairs } from '../../src/extract/quotes/marks.js';
import { type EntityDef, quoteRecords } from './helpers.js';

type Def = EntityDef;

/** The fields these specs pin. */
const quotes = (text: string, defs: Def[] = []) =>
  quoteRecords(text, defs).map(({ kind, span, cue, speakerMention, speaker }) => ({
    kind,
    span,
    cue,
    speakerMention,
    speaker,
  }));

const LOPEZ: Def = ['person', 'Maria Lopez', ['Lopez'], ['mayor']];
const ORTEGA: Def = ['person', 'Carlos Ortega', ['Ortega'], ['governor']];

describe('reported speech: more constructions', () => {
  it('reads a progressive cue: "X is telling reporters that ..."', () => {
    expect(quotes('Maria Lopez is telling reporters that the bridge toll will double.', [LOPEZ])).toEqual([
      {
        kind: 'indirect',
        span: 'the bridge toll will double',
        cue: 'telling',
        speakerMention: 'Maria Lopez',
        speaker: 'Maria Lopez',
      },
    ]);
  });

  it('reads "X called for ..." with the content after the particle', () => {
    expect(quotes('Lopez called for a new vote on the bridge budget.', [LOPEZ])).toEqual([
      {
        kind: 'indirect',
        span: 'a new vote on the bridge budget',
        cue: 'called',
        speakerMention: 'Lopez',
        speaker: 'Maria Lopez',
      },
    ]);
  });

  it('reads a learnt cue with an object content when the speaker is named', () => {
    expect(quotes('Lopez cited the rising cost of steel.', [LOPEZ])).toEqual([
      {
        kind: 'indirect',
        span: 'the rising cost of steel',
        cue: 'cited',
        speakerMention: 'Lopez',
        speaker: 'Maria Lopez',
      },
    ]);
  });

  it('still ignores a common-noun subject with a doubtful object cue', () => {
    expect(quotes("The bloc's leaders rejected Smith's plan.")).toEqual([]);
  });

  it('ends the content at a coordinated clause with its own attribution and reads that one too', () => {
    expect(
      quotes('Lopez said the bridge would reopen in June, but Ortega said the money had run out.', [LOPEZ, ORTEGA]),
    ).toEqual([
      {
        kind: 'indirect',
        span: 'the bridge would reopen in June',
        cue: 'said',
        speakerMention: 'Lopez',
        speaker: 'Maria Lopez',
      },
      {
        kind: 'indirect',
        span: 'the money had run out',
        cue: 'said',
        speakerMention: 'Ortega',
        speaker: 'Carlos Ortega',
      },
    ]);
  });

  it('ends the content at a semicolon and at ", which"', () => {
    expect(quotes('Lopez said the bridge would reopen; the tunnel stays shut.', [LOPEZ])[0]?.span).toBe(
      'the bridge would reopen',
    );
    expect(quotes('Lopez said she expects the bridge to reopen, which surprised the council.', [LOPEZ])[0]?.span).toBe(
      'she expects the bridge to reopen',
    );
  });

  it('keeps ", which" inside content that precedes its attribution', () => {
    expect(quotes('The bridge, which opened in 1990, needs repairs, Lopez said.', [LOPEZ])[0]?.span).toBe(
      'The bridge, which opened in 1990, needs repairs',
    );
  });

  it('reads "Speaking in X, Y said ..." as content after the cue, not the adverbial', () => {
    expect(quotes('Speaking at a rally in Valencia, Lopez said the bridge would reopen.', [LOPEZ])).toEqual([
      {
        kind: 'indirect',
        span: 'the bridge would reopen',
        cue: 'said',
        speakerMention: 'Lopez',
        speaker: 'Maria Lopez',
      },
    ]);
  });

  it("reads a transcript turn in quotation marks as the named speaker's", () => {
    const t = 'The interview went on.\n\n"LOPEZ: We will rebuild the bridge before the winter comes.';
    expect(quotes(t, [LOPEZ])).toEqual([
      {
        kind: 'indirect',
        span: 'We will rebuild the bridge before the winter comes',
        cue: ':',
        speakerMention: 'LOPEZ',
        speaker: null,
      },
    ]);
  });
});

describe('direct quotes: more constructions', () => {
  it('joins an interrupted quote across a long attribution', () => {
    const t =
      '"The bridge is safe," Lopez said on Monday at the council meeting in the old town hall, where the governor also spoke. "We checked every cable."';
    expect(quotes(t, [LOPEZ])).toEqual([
      { kind: 'direct', span: t, cue: 'said', speakerMention: 'Lopez', speaker: 'Maria Lopez' },
    ]);
  });

  it('does not join a quote that a second cue attributes anew', () => {
    const t = '"The bridge is safe," Lopez said, adding later, "The tunnel is not."';
    const q = quotes(t, [LOPEZ]).filter((x) => x.kind === 'direct');
    expect(q.map((x) => x.span)).toEqual(['"The bridge is safe,"', '"The tunnel is not."']);
  });

  it('reads curly quotes nested in curly quotes as one quote', () => {
    const t = '“I would rather live in what he calls “hell” than live with his plan,” Lopez said.';
    expect(quotePairs(t, { start: 0, end: t.length }).map((p) => t.slice(p.open, p.close + p.closeLen))).toEqual([
      '“I would rather live in what he calls “hell” than live with his plan,”',
    ]);
    expect(quotes(t, [LOPEZ])[0]).toMatchObject({ kind: 'direct', cue: 'said', speaker: 'Maria Lopez' });
  });

  it('reads a paragraph opened with a closing mark and signed with a dash', () => {
    const t = 'Readers wrote in.\n\n”The bridge matters more than the tunnel to all of us.” ― Maria Lopez';
    expect(quotes(t, [LOPEZ])).toEqual([
      {
        kind: 'direct',
        span: '”The bridge matters more than the tunnel to all of us.”',
        cue: '―',
        speakerMention: 'Maria Lopez',
        speaker: 'Maria Lopez',
      },
    ]);
  });
});
