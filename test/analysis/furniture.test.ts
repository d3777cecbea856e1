import { describe, expect, it } from 'vitest';
import { type FurnitureKind, furnitureKind, markFurniture } from '../../src/analysis/furniture.js';

// Invented examples of what web pages put around a story, one table per kind.
const FURNITURE: Record<FurnitureKind, string[]> = {
  widget: [
    'Listen 6 min · Gift this article · Share',
    'Comment on this article Save Share',
    'Share on Facebook',
    'Share this story',
    'Facebook | X | LinkedIn | Email',
    'Copy link',
    'Save',
    'Listen to this article',
    '7 min read',
    '12 Comments',
    'Advertisement',
    'Story continues below advertisement',
    'Skip to main content',
    'Sign up for our weekly politics newsletter',
  ],
  byline: [
    'By Maren Iversen',
    'BY MAREN IVERSEN',
    'By Maren Iversen and Kofi Mensah, Reuters',
    'By Maren Iversen, Senior Correspondent',
    'By Ursula van der Berg in Rotterdam',
    'Written by Kofi Mensah',
    'By AFP',
    'Maren Iversen | Published 3 hours ago',
    'By Kofi Mensah · 4 min read',
  ],
  timestamp: [
    'Published: 09:14 BST, 12 June 2019 | Updated: 16:40 BST, 12 June 2019',
    'Updated 2 hours ago',
    'Last updated on 4 February 2023 at 18:05 GMT',
    'Posted 8:15 a.m. ET',
    'Mon 3 Jun 2024 10.02 BST',
    '06/14/2022 03:20 PM',
    '2024-06-03T10:02:00Z',
    '9:40 p.m.:',
  ],
  caption: [
    'FILE PHOTO: Workers walk past the shipyard gates in Leeds, Britain, May 4, 2021. REUTERS/Tomas Berg',
    'FILE - Cranes stand idle at the container port on Jan. 8, 2020.',
    'File photo: A tram crosses the old bridge.',
    '(Photo by Marta Lindqvist/Getty Images)',
    'Photograph: Marta Lindqvist/Reuters',
    'Image: Marta Lindqvist',
    'Credit: Harbour Trust archive',
    'Marta Lindqvist / AFP via Getty Images',
    'Reuters/Marta Lindqvist',
    'Rescue teams search the rubble on Sunday. Marta Lindqvist / AP',
    'Rescue teams search the rubble on Sunday. Photograph: Marta Lindqvist/EPA',
    'A supporter waves a flag outside the stadium. (AP Photo/Marta Lindqvist)',
  ],
  link: [
    'Read more: Ferry operator posts record summer',
    'READ MORE: Ferry operator posts record summer',
    'Related: How the flood barrier works',
    'See also: Harbour fees rise again',
    'Related stories',
  ],
};

describe('furnitureKind', () => {
  it.each(Object.entries(FURNITURE).flatMap(([kind, lines]) => lines.map((line) => ({ kind, line }))))(
    '$kind: $line',
    ({ kind, line }) => {
      expect(furnitureKind(line)).toBe(kind);
    },
  );

  it.each([
    // Sentences that start like a byline.
    'By the end of the year, the plant will employ 400 people.',
    'By March, prices had doubled.',
    'By Thursday, Parliament had voted.',
    'By-election candidates gathered in the town hall.',
    // Sentences with a widget's word in them.
    'Share prices fell 4% after the announcement.',
    'Shareholders will vote on the merger next week.',
    'Readers shared the video more than a million times.',
    'The company said it would save 200 million euros a year.',
    'Comment was not immediately available from the ministry.',
    'Sign up rates for the scheme were lower than expected.',
    'Listen to the voters, she told party members.',
    'Read more than 40 pages of the report and you will find it.',
    'Related party transactions rose by a third.',
    // Dates and times inside sentences; a bare date, which is where published-date.ts looks for one.
    'Updated figures showed unemployment rose to 5.1%.',
    'The vote is at 10:30 on Tuesday.',
    'Monday 3 June 2024',
    // A statistics table row is numbers, not a clock.
    '1998 6.59 12.2 3.10',
    // Photographs and slashes in story text; a slash between names that are not a photo agency.
    'Photographs by the agency showed damage to the roof.',
    'Pictures of the flooded square spread online.',
    'Turnout was 61%, according to a Reuters/Ipsos poll.',
    'Madrid/Barcelona',
    // A capitalised place that starts like an agency caption.
    'FILEY, England - Lifeboat crews rescued two swimmers on Sunday.',
    // A name alone is a byline only after "By" (see markFurniture); alone it may be a headline.
    'Maren Iversen',
  ])('leaves story text alone: %j', (line) => {
    expect(furnitureKind(line)).toBeNull();
  });
});

describe('markFurniture', () => {
  it.each([
    { lines: ['By', 'Maren Iversen', 'The port reopened.'], kinds: ['byline', 'byline', null] },
    { lines: ['BY:', 'Maren Iversen and Kofi Mensah', 'The port reopened.'], kinds: ['byline', 'byline', null] },
    { lines: ['By', 'Maren Iversen, Reuters'], kinds: ['byline', 'byline'] },
    // What follows a lone "By" is a byline only when it is names.
    { lines: ['By', 'The port reopened on Monday.'], kinds: ['byline', null] },
    { lines: ['Maren Iversen', 'The port reopened.'], kinds: [null, null] },
  ])('$lines', ({ lines, kinds }) => {
    expect(markFurniture(lines)).toEqual(kinds);
  });
});
