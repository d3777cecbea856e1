// Reported speech (issue 12): constructions the matchers missed and readings that are not speech.
// Invented texts with entities given by hand.
import { describe, expect, it } from 'vitest';
import { type EntityDef, quoteRecords } from '../helpers.js';

/** Span, cue and the speaker phrase as written. */
const quotes = (text: string, defs: EntityDef[] = []) =>
  quoteRecords(text, defs).map((q) => ({ span: q.span, cue: q.cue, speaker: q.speakerMention }));

const ODOM: EntityDef = ['person', 'Petra Odom', ['Odom'], ['senator']];
const VALE: EntityDef = ['person', 'Amos Vale', ['Vale'], ['mayor']];

describe('reported speech: where the content starts', () => {
  it('reads a bare clause whose words include a determiner "that"', () => {
    expect(quotes('Odom said she was not ready to accept that offer.', [ODOM])).toEqual([
      { span: 'she was not ready to accept that offer', cue: 'said', speaker: 'Odom' },
    ]);
  });

  it('skips a time and a place adjunct before "that"', () => {
    expect(quotes('Odom said Monday in Dover, Delaware, that the ferry would run again.', [ODOM])).toEqual([
      { span: 'the ferry would run again', cue: 'said', speaker: 'Odom' },
    ]);
  });

  it('reads "X said in a statement (that) ..."', () => {
    expect(quotes('Vale said in a statement that it was too early to judge the plan.', [VALE])).toEqual([
      { span: 'it was too early to judge the plan', cue: 'said', speaker: 'Vale' },
    ]);
    expect(quotes('Vale said in a statement it was too early to judge the plan.', [VALE])).toEqual([
      { span: 'it was too early to judge the plan', cue: 'said', speaker: 'Vale' },
    ]);
  });

  it('reads content after an adverbial opener and "X said he ..."', () => {
    expect(quotes('Later, in her closing remarks, Odom said she would vote for the bill.', [ODOM])).toEqual([
      { span: 'she would vote for the bill', cue: 'said', speaker: 'Odom' },
    ]);
    expect(quotes('Asked whether the port would close, Vale said he had no plans to close it.', [VALE])).toEqual([
      { span: 'whether the port would close', cue: 'Asked', speaker: null },
      { span: 'he had no plans to close it', cue: 'said', speaker: 'Vale' },
    ]);
  });
});

describe('reported speech: where the content ends (learnt boundaries)', () => {
  it('ends the content at a learnt comma boundary', () => {
    expect(quotes('Odom said the budget was balanced, although auditors disagreed.', [ODOM])).toEqual([
      { span: 'the budget was balanced', cue: 'said', speaker: 'Odom' },
    ]);
    expect(quotes('Vale said the harbour fees were fair, compared with other ports.', [VALE])).toEqual([
      { span: 'the harbour fees were fair', cue: 'said', speaker: 'Vale' },
    ]);
  });

  it('decides a comma and conjunction by what follows: a new subject ends the content', () => {
    expect(quotes('Vale said the fares would rise, but he left the meeting early.', [VALE])).toEqual([
      { span: 'the fares would rise', cue: 'said', speaker: 'Vale' },
    ]);
  });
});

const GUILD: EntityDef = ['organization', 'Harbour Pilots Guild', [], []];
const ROTH: EntityDef = ['person', 'Ida Roth', ['Roth'], []];

describe('reported speech: more constructions', () => {
  it('reads "..., the <long organisation> said" after the content', () => {
    expect(quotes('The ferry service will stop in March, the Harbour Pilots Guild said.', [GUILD])).toEqual([
      { span: 'The ferry service will stop in March', cue: 'said', speaker: 'the Harbour Pilots Guild' },
    ]);
  });

  it('reads "The spokesperson declined to comment and said that ..."', () => {
    expect(quotes('The spokesperson declined to comment and said that the talks would resume next week.')).toEqual([
      { span: 'the talks would resume next week', cue: 'said', speaker: 'The spokesperson' },
    ]);
  });

  it('reads a participle with a bare noun phrase as what was cited, by the subject', () => {
    expect(quotes('Vale raised the fares, citing higher fuel costs.', [VALE])).toEqual([
      { span: 'higher fuel costs', cue: 'citing', speaker: 'Vale' },
    ]);
  });
});

describe('reported speech: not speech', () => {
  it('does not read "added" with a noun-phrase object (a goal, not a statement)', () => {
    expect(quotes('Roth added a third goal in stoppage time.', [ROTH])).toEqual([]);
  });

  it('does not read a bare condition after "warns if"', () => {
    expect(quotes('The agency warns if the server may be at risk.')).toEqual([]);
  });

  it('does not read a headline label as a transcript turn', () => {
    expect(quotes('Exclusive: Vale plans to sell the harbour', [VALE])).toEqual([]);
  });
});

describe('reported speech: relative clauses and content before "according to"', () => {
  it('reads "X, who said ..." with "who" as the speaker phrase, standing for X', () => {
    const text = 'The plan was opposed by Vale, who has repeatedly said the harbour should stay public.';
    expect(quoteRecords(text, [VALE])).toMatchObject([
      { span: 'the harbour should stay public', speakerMention: 'who', speaker: 'Amos Vale' },
    ]);
  });

  it('reads content that opens with a preposition before ", according to X"', () => {
    expect(quotes('In 2019, the ferry carried a million passengers, according to the port authority.')).toEqual([
      {
        span: 'In 2019, the ferry carried a million passengers',
        cue: 'according to',
        speaker: 'the port authority',
      },
    ]);
  });
});

describe('reported speech: learnt cue frames', () => {
  it('reads a cue in a frame where PolNeAR train mostly annotates it ("asked NAME how ...")', () => {
    expect(quotes('A reporter asked Vale how the ferry repairs were going.', [VALE])).toEqual([
      { span: 'how the ferry repairs were going', cue: 'asked', speaker: 'A reporter' },
    ]);
  });
});

describe('reported speech: questions put to someone', () => {
  it('reads "Asked whether ..., X said ..." as two reports', () => {
    expect(quotes('Asked whether the ferry would return, Vale said it would run by June.', [VALE])).toEqual([
      { span: 'whether the ferry would return', cue: 'Asked', speaker: null },
      { span: 'it would run by June', cue: 'said', speaker: 'Vale' },
    ]);
  });

  it('reads "When asked about ...," and a passive "X was asked if ..."', () => {
    expect(quotes('When asked about the harbour fees, Vale declined to answer.', [VALE])).toEqual([
      { span: 'the harbour fees', cue: 'asked', speaker: null },
    ]);
    expect(quotes('Odom was asked if the ferry would return.', [ODOM])).toEqual([
      { span: 'if the ferry would return', cue: 'asked', speaker: null },
    ]);
  });
});

describe('reported speech: headline turns', () => {
  it('keeps a one-word headline speaker that is a word of a known name', () => {
    const text = 'Vale: Harbour must stay public\nAmos Vale spoke to the council on Monday.';
    expect(quotes(text, [['person', 'Amos Vale', [], []]])).toEqual([
      { span: 'Harbour must stay public', cue: ':', speaker: 'Vale' },
    ]);
  });
});

describe('reported speech: content with inner commas', () => {
  it('keeps a content that opens with its own subordinate clause', () => {
    expect(quotes('Odom said if elected, she would reopen the ferry line.', [ODOM])).toEqual([
      { span: 'if elected, she would reopen the ferry line', cue: 'said', speaker: 'Odom' },
    ]);
  });

  it('reads "A, according to X, B" as the whole sentence', () => {
    expect(quotes('The port earns, according to one audit, $4 million a year.')).toEqual([
      {
        span: 'The port earns, according to one audit, $4 million a year',
        cue: 'according to',
        speaker: 'one audit',
      },
    ]);
  });
});

describe('reported speech: clause openings', () => {
  it('reads a content after "that" whatever word opens it', () => {
    expect(quotes('Odom said that this was the last ferry of the year.', [ODOM])).toEqual([
      { span: 'this was the last ferry of the year', cue: 'said', speaker: 'Odom' },
    ]);
  });

  it('leaves a sentence-opening conjunction out of the subject', () => {
    expect(quotes('But aides said the ferry would return in June.')).toEqual([
      { span: 'the ferry would return in June', cue: 'said', speaker: 'aides' },
    ]);
  });
});

describe('reported speech: coordinated cues', () => {
  it('finds the subject after an opening adverbial: "In ..., X did this and said ..."', () => {
    expect(
      quotes('In a long interview, Vale criticised the budget and said the ferry must stay public.', [VALE]),
    ).toEqual([{ span: 'the ferry must stay public', cue: 'said', speaker: 'Vale' }]);
  });
});

describe('reported speech: sentences', () => {
  it('does not split a sentence after an abbreviation in parentheses', () => {
    expect(quotes('Sen. Petra Odom (D-Del.) said the ferry would return.', [ODOM])).toEqual([
      { span: 'the ferry would return', cue: 'said', speaker: 'Petra Odom (D-Del.)' },
    ]);
  });
});

describe('reported speech: asides between speaker and cue', () => {
  it('reads "X, however, said ..." and "X — an apposition — says ..."', () => {
    expect(quotes('The pilots, however, said the ferry would return.')).toEqual([
      { span: 'the ferry would return', cue: 'said', speaker: 'The pilots' },
    ]);
    expect(quotes('Amos Vale — a pilot from the harbour — says he will vote against the plan.', [VALE])).toEqual([
      { span: 'he will vote against the plan', cue: 'says', speaker: 'Amos Vale — a pilot from the harbour' },
    ]);
  });
});

describe('reported speech: participles after an attribution', () => {
  it('gives "..., adding that ..." the speaker of the attribution before it', () => {
    const text = '“The ferry is safe,” Vale said, adding that the repairs would end in June.';
    expect(quotes(text, [VALE])).toContainEqual({
      span: 'the repairs would end in June',
      cue: 'adding',
      speaker: 'Vale',
    });
  });
});

describe('reported speech: participles after a dash or a quoted phrase', () => {
  it('reads "... – saying ..." and \', “a phrase,” saying ...\'', () => {
    expect(quotes('Vale changed course on the spot – saying he would back the plan.', [VALE])).toEqual([
      { span: 'he would back the plan', cue: 'saying', speaker: 'Vale' },
    ]);
    expect(
      quotes('Vale defended the “harbour first,” saying the port kept the town alive.', [VALE]).filter(
        (q) => q.cue === 'saying',
      ),
    ).toEqual([{ span: 'the port kept the town alive', cue: 'saying', speaker: 'Vale' }]);
  });
});

describe('reported speech: noun-phrase speakers with prepositions', () => {
  it('reads "a town in which 67 percent of voters say ..."', () => {
    expect(quotes('She faces a town in which 67 percent of voters say the ferry should stay public.')).toEqual([
      { span: 'the ferry should stay public', cue: 'say', speaker: '67 percent of voters' },
    ]);
  });
});

describe('reported speech: more openings', () => {
  it('reads "..., telling reporters in May that ..."', () => {
    expect(
      quotes('Vale backed the plan, telling reporters in May that the ferry would return.', [VALE]).filter(
        (q) => q.cue === 'telling',
      ),
    ).toEqual([{ span: 'the ferry would return', cue: 'telling', speaker: 'Vale' }]);
  });

  it('reads "the site, which reported ..." with "which" as the speaker phrase', () => {
    expect(quotes('The story came from a harbour blog, which reported the ferry had sunk.')).toEqual([
      { span: 'the ferry had sunk', cue: 'reported', speaker: 'which' },
    ]);
  });

  it('reads "said at least ..." as content, not an adjunct', () => {
    expect(quotes('The coast guard said at least six boats had capsized.')).toEqual([
      { span: 'at least six boats had capsized', cue: 'said', speaker: 'The coast guard' },
    ]);
  });
});

describe('reported speech: ", X said" only when nothing of its own follows', () => {
  it('reads "Despite the vote, X said the ferry would close" as content after the cue', () => {
    expect(quotes('Despite the vote, Vale said the ferry would close.', [VALE])).toEqual([
      { span: 'the ferry would close', cue: 'said', speaker: 'Vale' },
    ]);
  });

  it('still reads "..., X said on Tuesday in a statement"', () => {
    expect(quotes('The ferry line will close, Vale said on Tuesday in a statement.', [VALE])).toEqual([
      { span: 'The ferry line will close', cue: 'said', speaker: 'Vale' },
    ]);
  });
});

describe('reported speech: who speaks in a participle clause', () => {
  it('gives "..., adding that ..." the speaker of the main clause, not the first name of the sentence', () => {
    const t =
      "Norland's finance minister, Petra Odom, said the deficit would shrink, adding that taxes would not rise.";
    const defs: EntityDef[] = [['place', 'Norland'], ODOM];
    expect(quoteRecords(t, defs).map((q) => [q.text, q.speaker])).toEqual([
      ['the deficit would shrink', 'Petra Odom'],
      ['taxes would not rise', 'Petra Odom'],
    ]);
  });

  it('gives "..., saying ..." the subject named after "The"', () => {
    const t = 'The Ministry of Ports published its report on Monday, saying waiting times had fallen.';
    expect(quoteRecords(t, [['organization', 'Ministry of Ports']])).toMatchObject([
      { text: 'waiting times had fallen', cue: 'saying', speaker: 'Ministry of Ports' },
    ]);
  });
});

describe('reported speech: what is not content', () => {
  it.each([
    ['a fronted time', 'In July, Amos Vale called on the council to act.'],
    ['a fronted manner', 'Through a spokesman, Amos Vale declined to comment.'],
    ['the subject with a short apposition', 'But Amos Vale, an adviser to the port, said nothing more.'],
    [
      'the subject with an apposition',
      'But Amos Vale, senior associate for harbour planning at the port, said the pier would stay.',
    ],
  ])('does not read %s before ", X <cue>" as what X said', (_, t) => {
    // what stands before the attribution's comma is not a content of its own
    const before = t.slice(0, t.indexOf(', said') >= 0 ? t.indexOf(', said') : t.indexOf(','));
    expect(quotes(t, [VALE]).map((q) => q.span)).not.toContain(before);
  });
});

describe('reported speech: adverbial clauses of the speech act', () => {
  it('does not read "said Friday as he entered the talks" as what was said', () => {
    expect(quotes('The talks opened. Amos Vale said Friday as he entered the talks.', [VALE])).toEqual([]);
  });

  it('still reads "said as" after "that"', () => {
    expect(quotes('Amos Vale said that as prices rose the pier would close.', [VALE])).toMatchObject([
      { span: 'as prices rose the pier would close' },
    ]);
  });
});

describe('reported speech: after the attribution', () => {
  it('reads "A, X said, adding that B" as A and B, both X\'s', () => {
    expect(quotes('Prices will rise next year, Amos Vale said, adding that wages would rise too.', [VALE])).toEqual([
      { span: 'Prices will rise next year', cue: 'said', speaker: 'Amos Vale' },
      { span: 'wages would rise too', cue: 'adding', speaker: 'Amos Vale' },
    ]);
  });
});
