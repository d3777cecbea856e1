// Direct quotes: the parts of one quote and where one quote ends and the next begins (invented texts,
// hand-given entities).
import { describe, expect, it } from 'vitest';
import { type EntityDef, quoteRecords as quotes } from '../helpers.js';

const DOE: EntityDef = ['person', 'Jane Doe', ['Doe'], ['director']];
const ROE: EntityDef = ['person', 'Richard Roe', ['Roe']];

describe('one quote in several parts', () => {
  it('joins the parts around an attribution whose apposition is long, each part as written', () => {
    const t =
      '"The plan is sound," Jane Doe, director of the Northfield Budget Institute and a lecturer at the Eastlake School of Public Policy, said of the proposal. "It does not add to the debt."';
    expect(quotes(t, [DOE])).toMatchObject([
      {
        kind: 'direct',
        span: t,
        parts: ['The plan is sound,', 'It does not add to the debt.'],
        text: 'The plan is sound, It does not add to the debt.',
        cue: 'said',
        speaker: 'Jane Doe',
      },
    ]);
  });

  it('joins "A," she said, but "B."', () => {
    const t = 'Jane Doe spoke. "I like the mayor," she said, but "on taxes he is wrong."';
    expect(quotes(t, [DOE])).toMatchObject([
      { parts: ['I like the mayor,', 'on taxes he is wrong.'], speaker: 'Jane Doe' },
    ]);
  });

  it('joins across an attribution whose adjunct holds a cue word of its own', () => {
    const t =
      '"We remain open to talks," Doe said, referring to the offer that the council called final. "Sadly, they chose another path."';
    expect(quotes(t, [DOE]).map((q) => q.parts)).toEqual([
      ['We remain open to talks,', 'Sadly, they chose another path.'],
    ]);
  });

  it('joins across an attribution that names a programme in quotation marks', () => {
    const t =
      '"He is right. There is a disconnect," Jane Doe, a former general, said on Channel Nine\'s "Morning Hour." "I mean, there is a lot of frustration."';
    expect(quotes(t, [DOE])).toMatchObject([
      { parts: ['He is right. There is a disconnect,', 'I mean, there is a lot of frustration.'], speaker: 'Jane Doe' },
    ]);
  });

  it('reads an abbreviation in the attribution as no sentence end', () => {
    const t = '"It is sound," Jane Doe said of Mrs. Roe\'s plan. "It does not add to the debt."';
    expect(quotes(t, [DOE, ROE])[0]?.parts).toEqual(['It is sound,', 'It does not add to the debt.']);
  });

  it('does not take a quoted fragment that the next sentence goes on from as a further part', () => {
    const t = '"This is not right," Doe said. "You squeezed workers to the breaking point" to drive up the price.';
    expect(quotes(t, [DOE])[0]?.parts).toEqual(['This is not right,']);
  });

  it('does not continue into a paragraph whose marks do not match (a straight open, a curly close)', () => {
    const t = '“Here he is,” Doe said. “He is here.”\n"Roe walked onto the stage, chanting “Go! Go!”';
    expect(quotes(t, [DOE, ROE])[0]?.parts).toEqual(['Here he is,', 'He is here.']);
  });

  it('reads "in Salem, Ore., recently" as one sentence of attribution', () => {
    const t = '"Bad things will happen," Roe warned in Salem, Ore., recently. "This could be the worst of all."';
    expect(quotes(t, [ROE])[0]?.parts).toEqual(['Bad things will happen,', 'This could be the worst of all.']);
  });

  it('gives "To which she said," to the quote it introduces, not to the one before', () => {
    const t =
      'Roe had to change his answer: "Of course I believe it. I was just kidding." To which she said, "Thank God you still do."';
    const q = quotes(t, [ROE]);
    expect(q.map((x) => [x.parts, x.speakerMention])).toEqual([
      [['Of course I believe it. I was just kidding.'], 'Roe'],
      [['Thank God you still do.'], 'she'],
    ]);
  });

  it('does not join a fragment after "but" and more narrative', () => {
    const t =
      '"You winning?" Jane Doe said, but Roe was drifting off as the speaker went on about "our own citizens," again.';
    expect(quotes(t, [DOE, ROE])[0]?.parts).toEqual(['You winning?']);
  });

  it('does not join across a sentence of narrative', () => {
    const t =
      '"Why did he not pay?" a narrator asks. The advert ends with footage of Roe saying, "That makes me smart."';
    const q = quotes(t, [ROE]);
    expect(q.map((x) => x.parts)).toEqual([['Why did he not pay?'], ['That makes me smart.']]);
  });

  it('goes on into the next paragraph when that paragraph is only a quote', () => {
    const t = '"We will rebuild," Jane Doe said.\n"Every school will reopen by spring."\nThe council meets on Friday.';
    expect(quotes(t, [DOE])).toMatchObject([
      { parts: ['We will rebuild,', 'Every school will reopen by spring.'], speaker: 'Jane Doe' },
    ]);
  });

  it('keeps the next paragraph apart when it has its own attribution or narrative', () => {
    const own = '"We will rebuild," Jane Doe said.\n"It will take years," Roe said.';
    expect(quotes(own, [DOE, ROE]).map((q) => [q.parts, q.speaker])).toEqual([
      [['We will rebuild,'], 'Jane Doe'],
      [['It will take years,'], 'Richard Roe'],
    ]);
    const narrative = '"We will rebuild," Jane Doe said.\n"Every school will reopen," the plan says in its first line.';
    expect(quotes(narrative, [DOE])[0]?.parts).toEqual(['We will rebuild,']);
  });

  it('does not carry an unclosed quote over a paragraph without marks', () => {
    const t =
      'Jane Doe spoke first.\n"The first thing is true.\n"The second thing is true as well.\nThe council then adjourned.\n"The vote must wait," Richard Roe said.';
    expect(quotes(t, [DOE, ROE]).map((q) => [q.parts, q.speaker])).toEqual([
      [['The first thing is true.', 'The second thing is true as well.'], null],
      [['The vote must wait,'], 'Richard Roe'],
    ]);
  });

  it('does not run a paragraph opened by a straight mark into a curly-quoted one', () => {
    const t = 'The diary records the night:\n"Tom was asleep.\n“Here he is,” she said. “He is here.”';
    const q = quotes(t);
    expect(q.find((x) => x.parts.includes('Here he is,'))?.parts).toEqual(['Here he is,', 'He is here.']);
  });
});

describe('attributions before a quote', () => {
  it.each([
    [
      'a cue several words back',
      'Jane Doe told her radio audience on Monday, "The vote is rigged."',
      'told',
      'Jane Doe',
    ],
    ['a participle after the cue', 'Jane Doe said, adding later, "The vote is rigged."', 'adding', 'Jane Doe'],
    [
      'a participle whose speaker is the subject',
      'Jane Doe defended the remark, saying, "It is a fair idea."',
      'saying',
      'Jane Doe',
    ],
    ['a coordinated cue', 'Jane Doe laughed and said, "I do not believe in luck."', 'said', 'Jane Doe'],
  ])('reads %s', (_, t, cue, speaker) => {
    expect(quotes(t, [DOE]).find((q) => q.kind === 'direct')).toMatchObject({ cue, speaker });
  });

  it('reads a sentence that opens with "And" and a cue without looping', () => {
    expect(quotes('And said, "The vote is rigged."')).toMatchObject([{ kind: 'direct', speaker: null }]);
  });

  it('reads a verb of any kind after the quote when an adjunct follows it', () => {
    const t = '"Did you see him? He better be safe," Jane Doe yells while moving along the street.';
    expect(quotes(t, [DOE])).toMatchObject([{ cue: 'yells', speaker: 'Jane Doe' }]);
  });
});

describe('colon introductions', () => {
  it('gives a quote after a colon to the person the sentence is about', () => {
    const t = 'Richard Roe had a message for the voters: "Turn out on Tuesday."\nShe had one too: "Stay home."';
    expect(quotes(t, [ROE]).map((q) => [q.cue, q.speakerMention])).toEqual([
      [':', 'Richard Roe'],
      [':', 'She'],
    ]);
    expect(quotes(t, [ROE])[0]?.speaker).toBe('Richard Roe');
  });

  it('does not give a quote after a colon to a sentence whose subject is not a person', () => {
    expect(quotes('The report had one conclusion: "Nothing will change soon."')[0]?.cue).toBeNull();
  });
});

describe('quotations and fragments', () => {
  it('takes whole sentences in marks as a quotation even when the sentence goes on after them', () => {
    const t = 'Jane Doe was blunt. "I would not call it reform. It is a tax increase" for the richest, she said.';
    expect(
      quotes(t, [DOE]).some(
        (q) => q.kind === 'direct' && q.parts[0] === 'I would not call it reform. It is a tax increase',
      ),
    ).toBe(true);
  });

  it('drops reported speech that only repeats a direct quote with its attribution', () => {
    const t = '"Every time you say that," Doe said, referring to the excuse, "you help the other side."';
    const q = quotes(t, [DOE]);
    expect(q).toHaveLength(1);
    expect(q[0]).toMatchObject({ kind: 'direct', parts: ['Every time you say that,', 'you help the other side.'] });
  });
});
