// Quote finder specifications on invented texts. Entities are given by hand (every occurrence of each
// listed name is a mention), so these tests pin the quote logic, not the entity tagger.
import { describe, expect, it } from 'vitest';
import { quotePairs } from '../../src/extract/quotes/marks.js';
import type { EntityType } from '../../src/extract/types.js';
import { quoteRecords } from './helpers.js';

const quotes = quoteRecords;

const LOPEZ: [EntityType, string, string[]?, string[]?] = ['person', 'Maria Lopez', ['Lopez'], ['mayor']];

describe('direct quotes', () => {
  it('attributes ", X said" after the quote', () => {
    const t = '"We will not give up on this town," Lopez said.';
    expect(quotes(t, [LOPEZ])).toEqual([
      {
        kind: 'direct',
        span: '"We will not give up on this town,"',
        text: 'We will not give up on this town,',
        parts: ['We will not give up on this town,'],
        cue: 'said',
        speakerMention: 'Lopez',
        speaker: 'Maria Lopez',
        occurrences: ['"We will not give up on this town,"'],
      },
    ]);
  });

  it('takes the apposition of a speaker after the cue into the speaker span', () => {
    const t = '"The bridge will reopen in June," said Maria Lopez, the mayor of Valencia.';
    const [q] = quotes(t, [LOPEZ]);
    expect(q?.speakerMention).toBe('Maria Lopez, the mayor of Valencia');
    expect(q?.speaker).toBe('Maria Lopez');
    expect(q?.cue).toBe('said');
  });

  it('joins a quote its attribution interrupts into one record covering the whole', () => {
    const t = '"We are ready to work," Maria Lopez said. "The bridge will reopen in June."';
    expect(quotes(t, [LOPEZ])).toEqual([
      {
        kind: 'direct',
        span: t,
        // each part keeps its own punctuation: the words are never run into a different sentence
        text: 'We are ready to work, The bridge will reopen in June.',
        parts: ['We are ready to work,', 'The bridge will reopen in June.'],
        cue: 'said',
        speakerMention: 'Maria Lopez',
        speaker: 'Maria Lopez',
        occurrences: [t],
      },
    ]);
  });

  it('continues a quote a paragraph opens and does not close into the next paragraph', () => {
    const t =
      'Maria Lopez spoke on Monday.\n“We are ready. The bridge will reopen.\n“It will be safer than before,” she said.';
    const [q] = quotes(t, [LOPEZ]);
    expect(q?.span).toBe('“We are ready. The bridge will reopen.\n“It will be safer than before,”');
    expect(q?.text).toBe('We are ready. The bridge will reopen. It will be safer than before,');
    expect(q?.parts).toEqual(['We are ready. The bridge will reopen.', 'It will be safer than before,']);
    expect(q?.speakerMention).toBe('she');
    expect(q?.speaker).toBe('Maria Lopez');
  });

  it('reads curly single quotes and guillemets', () => {
    expect(quotes('‘We are ready to talk to everyone,’ said Maria Lopez.', [LOPEZ])[0]).toMatchObject({
      span: '‘We are ready to talk to everyone,’',
      cue: 'said',
      speaker: 'Maria Lopez',
    });
    expect(quotes('« Nous sommes prêts à travailler ensemble », a dit Maria Lopez.', [LOPEZ])[0]).toMatchObject({
      kind: 'direct',
      span: '« Nous sommes prêts à travailler ensemble »',
      text: 'Nous sommes prêts à travailler ensemble',
    });
  });

  it('attributes a quote that a colon introduces', () => {
    const [q] = quotes('Maria Lopez said: “The bridge will reopen in June.”', [LOPEZ]);
    expect(q).toMatchObject({
      kind: 'direct',
      span: '“The bridge will reopen in June.”',
      cue: 'said',
      speaker: 'Maria Lopez',
    });
  });

  it('attributes a quote signed with a dash', () => {
    const [q] = quotes('“Maybe we can build a bridge instead.” ― Maria Lopez.', [LOPEZ]);
    expect(q).toMatchObject({ kind: 'direct', cue: '―', speakerMention: 'Maria Lopez', speaker: 'Maria Lopez' });
  });

  it('does not take scare quotes for quotes', () => {
    expect(quotes('The so-called "peace plan" was published on Monday.')).toEqual([]);
  });

  it('reads nested quotes as one quote', () => {
    const t = '"She told me \'the bridge is safe\' and I believed her," Lopez said.';
    const q = quotes(t, [LOPEZ]);
    expect(q).toHaveLength(1);
    expect(q[0]?.span).toBe('"She told me \'the bridge is safe\' and I believed her,"');
  });

  it('records a repeated quote once, with every occurrence, the fullest form first', () => {
    const t =
      "'We are ready to meet the council next week,' says Maria Lopez\n" +
      '"We are ready to meet the council next week. Nothing is decided yet," Lopez said.';
    const q = quotes(t, [LOPEZ]);
    expect(q).toHaveLength(1);
    expect(q[0]?.occurrences).toEqual([
      '"We are ready to meet the council next week. Nothing is decided yet,"',
      "'We are ready to meet the council next week,'",
    ]);
    expect(q[0]?.speaker).toBe('Maria Lopez');
  });
});

describe('reported speech', () => {
  it('reads "X said (on Monday) that ..." with an apposition in the speaker span', () => {
    const t = 'Maria Lopez, the mayor of Valencia, said on Monday that the bridge would reopen in June.';
    expect(quotes(t, [LOPEZ])).toEqual([
      {
        kind: 'indirect',
        span: 'the bridge would reopen in June',
        text: 'the bridge would reopen in June',
        parts: ['the bridge would reopen in June'],
        cue: 'said',
        speakerMention: 'Maria Lopez, the mayor of Valencia',
        speaker: 'Maria Lopez',
        occurrences: ['the bridge would reopen in June'],
      },
    ]);
  });

  it('reads "..., X added"', () => {
    const [q] = quotes('The bridge will reopen in June, Lopez added.', [LOPEZ]);
    expect(q).toMatchObject({
      kind: 'indirect',
      span: 'The bridge will reopen in June',
      cue: 'added',
      speaker: 'Maria Lopez',
    });
  });

  it('reads "according to X" before and after the content', () => {
    const ec: [EntityType, string] = ['organization', 'European Commission'];
    expect(quotes('According to the European Commission, the deficit will shrink next year.', [ec])[0]).toMatchObject({
      span: 'the deficit will shrink next year',
      cue: 'According to',
      speakerMention: 'European Commission',
      speaker: 'European Commission',
    });
    expect(quotes('The deficit will shrink next year, according to the European Commission.', [ec])[0]).toMatchObject({
      span: 'The deficit will shrink next year',
      cue: 'according to',
      speaker: 'European Commission',
    });
  });

  it('reads "X told reporters ..." without the addressee in the content', () => {
    const [q] = quotes('Maria Lopez told reporters the bridge would reopen in June.', [LOPEZ]);
    expect(q).toMatchObject({ span: 'the bridge would reopen in June', cue: 'told', speaker: 'Maria Lopez' });
  });

  it('keeps quoted words inside reported speech in the reported-speech record', () => {
    const t = 'Maria Lopez said the plan was "dead on arrival" and would be withdrawn.';
    expect(quotes(t, [LOPEZ])).toEqual([
      {
        kind: 'indirect',
        span: 'the plan was "dead on arrival" and would be withdrawn',
        text: 'the plan was "dead on arrival" and would be withdrawn',
        parts: ['the plan was "dead on arrival" and would be withdrawn'],
        cue: 'said',
        speakerMention: 'Maria Lopez',
        speaker: 'Maria Lopez',
        occurrences: ['the plan was "dead on arrival" and would be withdrawn'],
      },
    ]);
  });

  it('lets organisations speak', () => {
    const [q] = quotes('The European Commission said it would open an inquiry into the merger.', [
      ['organization', 'European Commission'],
    ]);
    expect(q).toMatchObject({ span: 'it would open an inquiry into the merger', speaker: 'European Commission' });
  });

  it('does not read a plural noun as a cue ("member states")', () => {
    const t = 'Most member states recognised the new government within a week.';
    expect(quotes(t)).toEqual([]);
  });
});

describe('speakers', () => {
  it('resolves a pronoun to the last compatible person, skipping organisations', () => {
    const t = 'Maria Lopez met the European Commission on Monday. She said the bridge would reopen in June.';
    const [q] = quotes(t, [LOPEZ, ['organization', 'European Commission']]);
    expect(q).toMatchObject({ speakerMention: 'She', speaker: 'Maria Lopez' });
  });

  it('uses honorifics to keep "she" off a man', () => {
    const t = 'Ms. Lopez met Mr. Alvarez on Monday. She said the bridge would reopen in June.';
    const [q] = quotes(t, [LOPEZ, ['person', 'Pedro Alvarez', ['Alvarez']]]);
    expect(q).toMatchObject({ speakerMention: 'She', speaker: 'Maria Lopez' });
  });

  it('resolves "it" to the last organisation', () => {
    const t = 'The European Commission met on Monday. It said the inquiry would take a year.';
    const [q] = quotes(t, [['organization', 'European Commission']]);
    expect(q).toMatchObject({ speakerMention: 'It', speaker: 'European Commission' });
  });

  it('resolves a description to the person whose titles hold its head word', () => {
    const t = 'Maria Lopez visited the site. The mayor said the bridge would reopen in June.';
    const [q] = quotes(t, [LOPEZ]);
    expect(q).toMatchObject({ speakerMention: 'The mayor', speaker: 'Maria Lopez' });
  });

  it('leaves a speaker nobody in the text can be null', () => {
    const [q] = quotes('A spokesman said the bridge would reopen in June.');
    expect(q).toMatchObject({ speakerMention: 'A spokesman', speaker: null });
    const [r] = quotes('"The bridge is closed," she said.');
    expect(r).toMatchObject({ speakerMention: 'she', speaker: null });
  });
});

describe('quotation marks', () => {
  it('tells apostrophes from single quotes', () => {
    const t = "The bloc’s parents' group said 'we are ready' on Monday.";
    expect(quotePairs(t, { start: 0, end: t.length }).map((p) => t.slice(p.open, p.close + p.closeLen))).toEqual([
      "'we are ready'",
    ]);
  });

  it("reads '' as a double quotation mark", () => {
    const t = "''This is not reform,'' he said.";
    expect(quotePairs(t, { start: 0, end: t.length }).map((p) => t.slice(p.open, p.close + p.closeLen))).toEqual([
      "''This is not reform,''",
    ]);
  });
});

describe('speed', () => {
  it('stays linear on a long text with many quotes and mentions', () => {
    const para = '"We are ready to work with everyone," Lopez said. She added that the bridge would reopen in June.';
    const t = Array.from({ length: 3000 }, () => para).join('\n');
    const t0 = performance.now();
    const q = quotes(t, [LOPEZ]);
    const ms = performance.now() - t0;
    expect(q.length).toBe(2);
    expect(q[0]?.occurrences).toHaveLength(3000);
    expect(ms).toBeLessThan(3000);
  });
});
