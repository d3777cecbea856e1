// Whole articles in both quotation styles, through the real pipeline (parser, tagger, quote finder):
// a reader's answer for every quote's words and speaker. Invented articles.
import { describe, expect, it } from 'vitest';
import { analyseArticle } from '../../../src/analysis/analyse-article.js';
import { extractor } from '../../extractor.js';

function read(text: string) {
  const a = analyseArticle(text, {}, extractor);
  return a.quotes.map((q) => ({
    kind: q.kind,
    parts: q.parts.map((p) => p.text),
    speaker: q.speaker === null ? null : (a.entities[q.speaker]?.name ?? '?'),
  }));
}

const BRITISH = `Hackers could take over home routers, expert warns

Millions of home routers could be hijacked by criminals, a leading security expert has warned.

Professor Daniel Hughes, of the University of Eastfield, told the Daily Courier: 'The attack is simple. Any teenager with a laptop could do it.

'The makers knew about the flaw in the players' forums for months and did nothing.

'It is the same mistake we saw with the recent ‘heartbleed’ bug, and it will happen again.'

The company behind the routers, Norvale Systems, said it was working on a fix.

'We take the security of our customers very seriously,' a spokesman said. 'An update will be released next week.'

Mr Hughes added that owners should change their passwords at once.
`;

const AMERICAN = `Council approves harbour plan

PORTVILLE, Maine (AP) — The city council approved a $40 million plan to rebuild the harbour on Tuesday.

"This is the day we have waited for," Mayor Laura Bennett said. "The fishermen will finally get the pier they deserve."

"It will take two years and most of the budget."

Council member Robert Kline, who voted against the plan, said the cost was too high.

"We are mortgaging the future," Kline said, adding that taxes would rise.
`;

describe('quotes in whole articles', () => {
  it('reads British single quotes: a quote over three paragraphs after "told X:", apostrophes, a nested quote', () => {
    const q = read(BRITISH);
    expect(q.find((x) => x.kind === 'direct' && x.parts.length === 3)).toEqual({
      kind: 'direct',
      parts: [
        'The attack is simple. Any teenager with a laptop could do it.',
        "The makers knew about the flaw in the players' forums for months and did nothing.",
        'It is the same mistake we saw with the recent ‘heartbleed’ bug, and it will happen again.',
      ],
      speaker: 'Daniel Hughes',
    });
    expect(q).toContainEqual({
      kind: 'direct',
      parts: ['We take the security of our customers very seriously,', 'An update will be released next week.'],
      speaker: null, // "a spokesman" names nobody
    });
    expect(q).toContainEqual({
      kind: 'indirect',
      parts: ['owners should change their passwords at once'],
      speaker: 'Daniel Hughes',
    });
  });

  it('reads American double quotes: a quote continued in the next paragraph, a relative clause, "adding that"', () => {
    expect(read(AMERICAN)).toEqual([
      {
        kind: 'direct',
        parts: [
          'This is the day we have waited for,',
          'The fishermen will finally get the pier they deserve.',
          'It will take two years and most of the budget.',
        ],
        speaker: 'Laura Bennett',
      },
      { kind: 'indirect', parts: ['the cost was too high'], speaker: 'Robert Kline' },
      { kind: 'direct', parts: ['We are mortgaging the future,'], speaker: 'Robert Kline' },
      { kind: 'indirect', parts: ['taxes would rise'], speaker: 'Robert Kline' },
    ]);
  });
});
