// Quotation marks of every style: British single quotes among apostrophes, quotes nested in quotes of
// the other style, and a quote introduced by a colon that runs over several paragraphs.
import { describe, expect, it } from 'vitest';
import { quotePairs } from '../../../src/extract/quotes/marks.js';
import { type EntityDef, quoteRecords as quotes } from '../helpers.js';

const HALE: EntityDef = ['person', 'Tom Hale', ['Hale']];
const WATTS: EntityDef = ['person', 'Ann Watts', ['Watts']];
const GAZETTE: EntityDef = ['organization', 'Daily Gazette'];

const inner = (t: string) =>
  quotePairs(t, { start: 0, end: t.length }).map((p) => t.slice(p.open + p.openLen, p.close));

describe('single quotation marks', () => {
  it('reads a plural possessive inside a single-quoted quote as an apostrophe', () => {
    const t = "'We will honour the players' contracts and pay every wage,' said Tom Hale.";
    expect(inner(t)).toEqual(["We will honour the players' contracts and pay every wage,"]);
    expect(quotes(t, [HALE])).toMatchObject([{ kind: 'direct', speaker: 'Tom Hale' }]);
  });

  it('reads a plural possessive in a long quote paragraph that runs on unclosed as an apostrophe', () => {
    const t = "'The makers knew about the flaw in the players' forums for months and did nothing.";
    expect(quotePairs(t, { start: 0, end: t.length })).toMatchObject([{ closed: false }]);
  });

  it('keeps a possessive that ends a quote as its closing mark when no later mark closes it', () => {
    expect(inner("He called it 'the fans' and left.")).toEqual(['the fans']);
  });

  it('skips a curly quote nested in a straight one, and a straight one nested in a curly one', () => {
    const straight = "'Servers were exposed by the recent ‘heartbleed’ bug, and more will follow,' he said.";
    expect(inner(straight)).toEqual(['Servers were exposed by the recent ‘heartbleed’ bug, and more will follow,']);
    const curly = "‘Servers were exposed by the recent 'heartbleed' bug, and more will follow,’ he said.";
    expect(inner(curly)).toEqual(["Servers were exposed by the recent 'heartbleed' bug, and more will follow,"]);
  });

  it('closes a double quote after a space that follows a nested single close', () => {
    expect(inner('"I was never fond of the term \'voter outreach,\' " he told the group.')).toEqual([
      "I was never fond of the term 'voter outreach,' ",
    ]);
  });

  it('keeps apostrophes inside words of a curly single-quoted quote', () => {
    expect(inner('‘It’s over, we won’t play,’ said Tom Hale.')).toEqual(['It’s over, we won’t play,']);
  });
});

describe('a quote over several paragraphs', () => {
  it('gives every paragraph of a quote introduced by "told X:" to the speaker', () => {
    const t =
      "Ann Watts told the Daily Gazette: 'The attack was simple. Anyone could do it.'\n'They used an old flaw.\n'Nobody patched it.'\nThe firm declined to comment.";
    expect(quotes(t, [WATTS, GAZETTE])).toMatchObject([
      {
        kind: 'direct',
        parts: ['The attack was simple. Anyone could do it.', 'They used an old flaw.', 'Nobody patched it.'],
        cue: 'told',
        speaker: 'Ann Watts',
      },
    ]);
  });
});
