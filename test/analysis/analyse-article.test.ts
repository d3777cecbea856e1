// End to end from text to draft: publisher furniture copied with a story from a web page gives no entity, quote or
// dateline, and the story around it is still read.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyseArticle } from '../../src/analysis/analyse-article.js';
import { parseArticle } from '../../src/analysis/parse-article.js';
import { extractor } from '../extractor.js';

const WEB_PAGE = readFileSync(new URL('../fixtures/articles/web-page-copy.txt', import.meta.url), 'utf8');

describe('analyseArticle on a story copied from a web page', () => {
  const draft = analyseArticle(WEB_PAGE, {}, extractor);
  const names = draft.entities.map((e) => e.name);

  it('takes no entity from a byline, a caption, a photo credit or a link to another story', () => {
    for (const name of [
      'Tomasz Wielgosz', // the byline, split over two lines
      'Harald Ruud', // named in the caption
      'Ines Marchetti', // the caption's photographer
      'Getty Images', // the caption's agency
      'Lena Osei', // a photo credit between paragraphs
      'Reuters', // its agency
      'Nordvik Shipping', // the subject of a "Read more" link
    ]) {
      expect(names).not.toContain(name);
    }
  });

  it('has no entity mention or quote inside a furniture line', () => {
    // The fixture's characters are all in the BMP, so code-point offsets equal the parser's UTF-16 offsets.
    expect([...WEB_PAGE].length).toBe(WEB_PAGE.length);
    const { furniture } = parseArticle(WEB_PAGE);
    const inFurniture = (start: number, end: number) => furniture.some((f) => start < f.end && end > f.start);
    const mentions = draft.entities.flatMap((e) => e.mentions);
    expect(mentions.filter((m) => inFurniture(m.start, m.end))).toEqual([]);
    expect(draft.quotes.filter((q) => inFurniture(q.start, q.end))).toEqual([]);
  });

  it('still reads the story: headline, standfirst, dateline, paragraphs, publisher and its people', () => {
    expect(draft).toMatchObject({
      headline: 'Lakeside town votes to rebuild its flooded marina',
      standfirst: 'Harbour board backs a plan to raise the quay by a metre',
      dateline: { text: 'KELLBURN, Norway', city: 'Kellburn', country: 'Norway' },
      source: { name: 'Kellburn Courier' },
    });
    expect(draft.paragraphs).toHaveLength(4);
    // the story's own names, each with its type (the tagger also reads the capitalised first words of
    // the headline and standfirst as names; that is the tagger's error, not the parser's, and left out)
    const story = draft.entities
      .filter((e) => !['Lakeside', 'Harbour'].includes(e.name))
      .map((e) => [e.type, e.name, e.mentions.map((m) => m.text)]);
    expect(story).toEqual([
      ['place', 'Kellburn', ['KELLBURN', 'Kellburn']],
      ['place', 'Norway', ['Norway']],
      ['person', 'Ingrid Solheim', ['Ingrid Solheim', 'Solheim']],
    ]);
  });

  it('reads no dateline from a caption where a dateline would stand', () => {
    const text =
      'Harbour wall repaired\n\nFILE PHOTO: Waves break over the old harbour wall on Jan. 4, 2024. Ines Marchetti / AFP\nRepairs to the harbour wall were finished on Friday.';
    const d = analyseArticle(text, {}, extractor);
    expect(d.dateline).toBeNull();
    expect(d.paragraphs).toEqual(['Repairs to the harbour wall were finished on Friday.']);
    expect(d.entities.map((e) => e.name)).not.toContain('Ines Marchetti');
  });
});
