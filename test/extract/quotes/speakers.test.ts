// Speakers of quotes (issue 12): speaker phrases with their parenthesis and apposition, the head of
// a phrase after the cue, quotes that continue the speaker before them, descriptions that name an
// organisation, the learnt ranker for pronouns, and the ranker's model file. Invented texts and
// hand-given entities throughout.
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { QuoteDoc } from '../../../src/extract/quotes/context.js';
import { loadSpeakerModel } from '../../../src/extract/quotes/ranker.js';
import { speakerAfter } from '../../../src/extract/quotes/speaker-after.js';
import { type EntityDef, handEntities, lineRegions, quoteRecords as speakers } from '../helpers.js';

const BRENNICK: EntityDef = ['person', 'Ada Brennick', ['Brennick'], ['Rep.']];
const VARGA: EntityDef = ['person', 'Tomas Varga', ['Varga']];
const LOPEZ: EntityDef = ['person', 'Maria Lopez', ['Lopez'], ['mayor']];
const ORTEGA: EntityDef = ['person', 'Carlos Ortega', ['Ortega']];

describe('speaker phrases', () => {
  it('keeps the parenthesis of "X (D-Ore.) said", whose full stop does not end the attribution', () => {
    const text = '“The levee will hold,” Rep. Ada Brennick (D-Ore.) said Friday. “We checked it twice.”';
    expect(speakers(text, [BRENNICK])).toMatchObject([
      {
        text: 'The levee will hold, We checked it twice.',
        speakerMention: 'Rep. Ada Brennick (D-Ore.)',
        speaker: 'Ada Brennick',
      },
    ]);
  });

  it('takes the parenthesis and the apposition after "said X"', () => {
    const text = '“The levee will hold,” said Rep. Ada Brennick (D-Ore.), head of the flood caucus.';
    expect(speakers(text, [BRENNICK])[0]).toMatchObject({
      speakerMention: 'Rep. Ada Brennick (D-Ore.), head of the flood caucus',
      speaker: 'Ada Brennick',
    });
  });

  it('takes a parenthesis and an apposition before the cue: "X (D-Ore.), head of ..., said"', () => {
    const text = '“The levee will hold,” Rep. Ada Brennick (D-Ore.), head of the flood caucus, said.';
    expect(speakers(text, [BRENNICK])[0]).toMatchObject({
      speakerMention: 'Rep. Ada Brennick (D-Ore.), head of the flood caucus',
      speaker: 'Ada Brennick',
    });
  });

  it('takes an apposition without a determiner, up to the next comma', () => {
    const text = '“Rates will fall,” said Tomas Varga, chief economist at Pellwright Bank, in a note on Monday.';
    expect(speakers(text, [VARGA])[0]).toMatchObject({
      speakerMention: 'Tomas Varga, chief economist at Pellwright Bank',
      speaker: 'Tomas Varga',
    });
  });

  it('keeps "of Place" after the name before the apposition: "said Rep. X of Oregon, the ..."', () => {
    const text = '“The levee will hold,” said Rep. Ada Brennick of Oregon, the panel’s ranking member.';
    expect(speakers(text, [BRENNICK, ['place', 'Oregon']])[0]).toMatchObject({
      speakerMention: 'Rep. Ada Brennick of Oregon, the panel’s ranking member',
      speaker: 'Ada Brennick',
    });
  });

  it('reads no speaker after "said" when a verb follows the noun phrase: "..., said the cost was too high"', () => {
    const text = 'Council member Ada Brennick, who voted against the plan, said the cost was too high.';
    expect(speakers(text, [BRENNICK])).toMatchObject([
      {
        span: 'the cost was too high',
        speakerMention: 'Ada Brennick, who voted against the plan',
        speaker: 'Ada Brennick',
      },
    ]);
  });

  it('reads no day as the speaker after a cue: "..., called Friday for ..."', () => {
    const text = 'The mayor, a former judge, called Friday for an inquiry.';
    const doc = new QuoteDoc(text, lineRegions(text), handEntities(text, []));
    const toks = doc.regionTokens[0] ?? [];
    const friday = toks.findIndex((t) => t.text === 'Friday');
    expect(speakerAfter(doc, toks, friday, toks.length)).toBeNull();
  });

  it('reads "X of the Y University told" as the person, not the university', () => {
    const text = '"It was a simple attack," Professor Ada Brennick of the University of Eastfield told a newspaper.';
    const defs: EntityDef[] = [BRENNICK, ['organization', 'University of Eastfield']];
    expect(speakers(text, defs)[0]).toMatchObject({ speaker: 'Ada Brennick' });
    expect(speakers('Ada Brennick of the University of Eastfield said the attack was simple.', defs)[0]?.speaker).toBe(
      'Ada Brennick',
    );
  });

  it('names a description after the cue by its apposition: "said the company\'s spokesman, Jane Doe"', () => {
    const text = '"We will win," said the company\'s spokesman, Ada Brennick.';
    expect(speakers(text, [BRENNICK])[0]).toMatchObject({
      speakerMention: "the company's spokesman, Ada Brennick",
      speaker: 'Ada Brennick',
    });
  });

  it('reads the last name of "said Network host Jane Doe" as the speaker, the first as a modifier', () => {
    const text = '“The debate went well for him,” said Newsline host Marta Quillby.';
    const defs: EntityDef[] = [
      ['organization', 'Newsline'],
      ['person', 'Marta Quillby'],
    ];
    expect(speakers(text, defs)[0]).toMatchObject({
      speakerMention: 'Newsline host Marta Quillby',
      speaker: 'Marta Quillby',
    });
  });
});

describe('speakers a reader would name', () => {
  it('gives "X did this and said ..." the subject of the clause, not the words before "and"', () => {
    const text = 'Maria Lopez toured the flooded harbour on Monday and said the pier would be rebuilt by spring.';
    expect(speakers(text, [LOPEZ])).toMatchObject([
      { text: 'the pier would be rebuilt by spring', speakerMention: 'Maria Lopez', speaker: 'Maria Lopez' },
    ]);
  });

  it('gives a quote that opens the next paragraph after "she said." the same speaker', () => {
    const text = [
      'Maria Lopez opened the harbour hearing on Monday.',
      '“We will rebuild the old pier,” she said.',
      '“It will take two years and most of the budget.”',
      'The council will vote on the plan next month, after a long debate about its cost to the town.',
      '“Nobody asked the fishermen what they think of any of it.”',
    ].join('\n');
    // the paragraph that is only a quote goes on with the quote before it, as a second part
    expect(speakers(text, [LOPEZ]).map((q) => [q.speakerMention, q.speaker])).toEqual([
      ['she', 'Maria Lopez'],
      // after a paragraph of narration, a quote continues nobody
      [null, null],
    ]);
  });

  it('gives a quote that runs over two paragraphs after "X said ..." that speaker too', () => {
    const text = 'Maria Lopez said the plan would fail.\n"It will not work.\n"Nobody wants it."';
    expect(speakers(text, [LOPEZ]).map((q) => [q.parts, q.speaker])).toEqual([
      [['the plan would fail'], 'Maria Lopez'],
      [['It will not work.', 'Nobody wants it.'], 'Maria Lopez'],
    ]);
  });

  it('resolves "the company said" to the organisation when one is named before, and "the source" to nobody', () => {
    const text = [
      'Dravo Mills cut 200 jobs at its river plant on Monday.',
      '“The cuts were painful but needed,” the company said.',
      '“Nobody at the plant saw this coming,” the source said.',
    ].join('\n');
    expect(speakers(text, [['organization', 'Dravo Mills']]).map((q) => [q.speakerMention, q.speaker])).toEqual([
      ['the company', 'Dravo Mills'],
      ['the source', null],
    ]);
  });

  it('never resolves "he said" to a name that stands only inside the quote', () => {
    const text = 'Mr. Tomas Varga spoke at the hall on Monday.\n"Carlos Ortega has failed this town," he said.';
    expect(speakers(text, [VARGA, ORTEGA])[0]).toMatchObject({ speakerMention: 'he', speaker: 'Tomas Varga' });
  });

  it('does not take a name from an earlier quote as whom "he said" means', () => {
    const text =
      'Mr. Tomas Varga spoke on Monday.\n"I met Carlos Ortega last week," Varga said.\nThe hall was full.\n"We agreed on nothing," he said.';
    expect(speakers(text, [VARGA, ORTEGA])[1]).toMatchObject({ speakerMention: 'he', speaker: 'Tomas Varga' });
  });

  it('ranks the subject of the sentence before a later object for "he said"', () => {
    const text = ['Tomas Varga met Carlos Ortega in the old town hall.', '“The budget is sound,” he said.'].join('\n');
    expect(speakers(text, [VARGA, ORTEGA])[0]).toMatchObject({ speakerMention: 'he', speaker: 'Tomas Varga' });
  });
});

describe('the speaker model file', () => {
  it('fails loudly when the file is missing or does not fit the features', () => {
    expect(() => loadSpeakerModel(join(tmpdir(), 'no-such-speaker-model.json'))).toThrow(/cannot be read/);
    const bad = join(tmpdir(), `speaker-model-${process.pid}.json`);
    writeFileSync(bad, '{"features":["nearest"],"weights":[1],"minP":0.5}');
    expect(() => loadSpeakerModel(bad)).toThrow(/does not match/);
  });
});
