// A quote's parts (its words as written, several when an attribution interrupts it) through the store,
// and the stand-in part migration 0003 gives the quotes of a database written before parts existed.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { DraftQuote } from '../../src/analysis/article-draft.js';
import { articleId } from '../../src/analysis/ids.js';
import { migrationsDir } from '../../src/paths.js';
import { reprocessArticles } from '../../src/service/ingest.js';
import { migrate, readMigrations } from '../../src/store/migrate.js';
import { createSqliteStore, openDatabase } from '../../src/store/sqlite-store.js';
import { extractor } from '../extractor.js';
import { draft } from './drafts.js';
import { storeEngines } from './postgres.js';

// An emoji (two UTF-16 units, one code point) before the quotes, so UTF-16 offsets would be off by one.
const TEXT = [
  'Harbour 🚢 reopens',
  '"The quay is safe," the harbour master said. "Boats return on Monday."',
  'She said the work cost less than planned.',
  '"We are ready," said Ola Brenn.',
].join('\n');

/** The code-point span of the nth occurrence of `needle` in TEXT. */
function at(needle: string, nth = 0): { start: number; end: number; text: string } {
  let i = -1;
  for (let k = 0; k <= nth; k++) i = TEXT.indexOf(needle, i + 1);
  if (i < 0) throw new Error(`no ${needle}`);
  const start = Array.from(TEXT.slice(0, i)).length;
  return { start, end: start + Array.from(needle).length, text: needle };
}

const first = at('The quay is safe,');
const second = at('Boats return on Monday.');
const whole = { start: at('"The quay').start, end: second.end + 1 };

const interrupted: DraftQuote = {
  id: '00000000000000d1',
  kind: 'direct',
  text: `${first.text} ${second.text}`,
  parts: [first, second],
  ...whole,
  cue: at('said'),
  speakerMention: at('the harbour master'),
  speaker: null,
  occurrences: [whole],
};

const engines = await storeEngines();

describe.each(engines.map((e) => [e.name, e] as const))('quote parts in the %s store', (_, engine) => {
  it('stores a quote an attribution interrupts with each of its parts, read back in order by article and list', async () => {
    const store = await engine.fresh();
    const d = draft(TEXT, { quotes: [interrupted] });
    await store.saveArticle(d);
    const parts = [
      { start: first.start, end: first.end, text: 'The quay is safe,' },
      { start: second.start, end: second.end, text: 'Boats return on Monday.' },
    ];
    expect((await store.getArticle(d.id))?.quotes[0]?.parts).toEqual(parts);
    expect((await store.listQuotes({ limit: 10 })).data[0]?.parts).toEqual(parts);
    // Extracted again with one part fewer: the stored parts are replaced, not added to.
    await store.replaceArticle({ ...d, quotes: [{ ...interrupted, text: first.text, parts: [first] }] });
    expect((await store.getArticle(d.id))?.quotes[0]?.parts).toEqual([first]);
    await store.close();
  });
});

describe('migration 0003 on a database from before quote parts', () => {
  const ID = articleId(TEXT);

  /** A version 2 database file holding TEXT and three quotes as the code of that time stored them. */
  function oldDatabase(): string {
    const file = join(mkdtempSync(join(tmpdir(), 'parts-')), 'news.db');
    const db = new Database(file);
    migrate(db, readMigrations(migrationsDir).slice(0, 2));
    db.prepare(`INSERT INTO articles (id, headline, paragraphs, text, extractor_version, client_meta, ingested_at,
      sort_date) VALUES (?, 'Harbour 🚢 reopens', '[]', ?, '2-old', '{}', '2026-01-01T00:00:00Z',
      '2026-01-01T00:00:00Z')`).run(ID, TEXT);
    const insert = db.prepare(`INSERT INTO quotes (id, article_seq, position, kind, text, start, end, occurrences)
      VALUES (?, 1, ?, ?, ?, ?, ?, '[]')`);
    // Its text joins the two pieces: it stands nowhere in the article as one piece.
    insert.run('q1', 0, 'direct', 'The quay is safe Boats return on Monday.', whole.start, whole.end);
    const ready = at('"We are ready,"');
    insert.run('q2', 1, 'direct', 'We are ready', ready.start, ready.end);
    const reported = at('the work cost less than planned');
    insert.run('q3', 2, 'indirect', reported.text, reported.start, reported.end);
    db.close();
    return file;
  }

  it('gives each old quote one part, its stored text, where that text stands in its span, and serves them', async () => {
    const file = oldDatabase();
    const store = createSqliteStore(openDatabase(file));
    const quotes = (await store.getArticle(ID))?.quotes ?? [];
    expect(quotes.map((q) => [q.id, q.text, q.parts])).toEqual([
      // Not one piece of the text: the whole span, which holds the marks and the attribution too.
      [
        'q1',
        'The quay is safe Boats return on Monday.',
        [{ ...whole, text: 'The quay is safe Boats return on Monday.' }],
      ],
      // Inside its quotation marks, without the comma the old extraction dropped.
      ['q2', 'We are ready', [at('We are ready')]],
      ['q3', 'the work cost less than planned', [at('the work cost less than planned')]],
    ]);
    expect((await store.listQuotes({ limit: 10 })).data.map((q) => q.parts.length)).toEqual([1, 1, 1]);
    await store.close();
    const db = openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(readMigrations(migrationsDir).length);
    db.close();
  });

  it('leaves `npm run reprocess` to give the old quotes their real parts', async () => {
    const store = createSqliteStore(openDatabase(oldDatabase()));
    expect(await reprocessArticles(store, { extractor })).toMatchObject({ reprocessed: 1, failed: [] });
    const quotes = (await store.getArticle(ID))?.quotes ?? [];
    const chars = Array.from(TEXT);
    for (const q of quotes) {
      for (const p of q.parts) expect(chars.slice(p.start, p.end).join('')).toBe(p.text);
      expect(q.text).toBe(q.parts.map((p) => p.text).join(' '));
    }
    expect(quotes.find((q) => q.start === whole.start)?.parts).toEqual([first, second]);
    await store.close();
  });
});
