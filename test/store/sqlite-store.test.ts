import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrationsDir } from '../../src/paths.js';
import { articleQuery } from '../../src/store/article-query.js';
import { MigrationError, migrate, readMigrations } from '../../src/store/migrate.js';
import { DUE_SQL } from '../../src/store/sqlite/saved-searches.js';
import { CANDIDATES_SQL } from '../../src/store/sqlite/story-writes.js';
import { histogramQuery, TIMELINE_SQL } from '../../src/store/sqlite/timeline.js';
import { createSqliteStore, LIST_SQL, openDatabase } from '../../src/store/sqlite-store.js';
import { BANDS } from '../../src/store/stories.js';
import { storeContract } from './contract.js';
import { COPY, WIRE } from './drafts.js';

describe('migrations', () => {
  it('bring a new database to the latest version, and running them again does nothing', () => {
    const db = openDatabase(':memory:');
    const latest = readMigrations(migrationsDir).length;
    expect(db.pragma('user_version', { simple: true })).toBe(latest);
    expect(migrate(db, readMigrations(migrationsDir))).toEqual([]);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it('upgrade a version 1 database in place: its labels count as given once, its articles gave nothing to take back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'upgrade-'));
    const file = join(dir, 'news.db');
    const old = new Database(file);
    migrate(old, readMigrations(migrationsDir).slice(0, 1));
    old.exec(`INSERT INTO entities (id, type, key, name, sort_name, mention_count, article_count)
      VALUES ('e1', 'person', 'ann lee', 'Ann Lee', 'ann lee', 1, 1);
      INSERT INTO entity_aliases (entity_seq, alias) VALUES (1, 'A. Lee');`);
    old.close();
    const store = createSqliteStore(openDatabase(file));
    expect(await store.getEntity('e1')).toMatchObject({ aliases: ['A. Lee'] });
    const db = openDatabase(file);
    expect(db.prepare('SELECT article_count FROM entity_aliases').get()).toEqual({ article_count: 1 });
    db.close();
    await store.close();
  });

  it('upgrade a version 4 database in place: each article a story of its own until grouped, then grouped', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'stories-')), 'news.db');
    const old = new Database(file);
    migrate(old, readMigrations(migrationsDir).slice(0, 4));
    const insert = old.prepare(`INSERT INTO articles (id, headline, paragraphs, text, extractor_version, client_meta,
      ingested_at, sort_date) VALUES (?, ?, ?, '', '4-old', '{}', ?, ?)`);
    const day = (d: number) => `2026-03-0${d}T10:00:00.000Z`;
    insert.run('00000000000000a1', 'Wire', JSON.stringify(WIRE), day(1), day(1));
    insert.run('00000000000000a2', 'Copy', JSON.stringify(COPY), day(2), day(2));
    old.close();
    const store = createSqliteStore(openDatabase(file));
    expect((await store.getArticle('00000000000000a2'))?.storyId).toBe('00000000000000a2');
    expect(await store.groupEarlierArticles(10)).toBe(2);
    expect(await store.getArticle('00000000000000a2')).toMatchObject({
      storyId: '00000000000000a1',
      duplicates: [{ id: '00000000000000a1', headline: 'Wire', source: null }],
    });
    await store.close();
  });

  it('refuse a database newer than the code', () => {
    const db = openDatabase(':memory:');
    db.pragma('user_version = 99');
    expect(() => migrate(db, readMigrations(migrationsDir))).toThrow(MigrationError);
  });

  it('refuse a gap in the numbering', () => {
    const dir = mkdtempSync(join(tmpdir(), 'migrations-'));
    writeFileSync(join(dir, '0001_a.sql'), 'CREATE TABLE a (x INTEGER) STRICT;');
    writeFileSync(join(dir, '0003_c.sql'), 'CREATE TABLE c (x INTEGER) STRICT;');
    expect(() => readMigrations(dir)).toThrow(/should be number 2/);
  });

  it('use WAL on a database file', () => {
    const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'db-')), 'sub', 'news.db'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
  });
});

let contractDb: Database.Database | undefined;
storeContract(
  'SQLite',
  async () => {
    contractDb = openDatabase(':memory:');
    return createSqliteStore(contractDb);
  },
  async (sql) => {
    contractDb?.exec(sql);
  },
);

describe('article list query plans', () => {
  const db = openDatabase(':memory:');
  const base = { entities: [], sort: 'newest' as const, limit: 21 };
  // What each query must search on first; every filter and sort reads an index in order.
  it.each([
    ['default: newest', {}, 'SEARCH a USING INDEX articles_by_date (sort_date<?)'],
    ['oldest', { sort: 'oldest' as const }, 'SEARCH a USING INDEX articles_by_date (sort_date>?)'],
    ['after a cursor', { after: ['2024-01-01', 5] as [string, number] }, 'articles_by_date (sort_date<?)'],
    ['one entity', { entities: [1] }, 'article_entities_by_date (entity_seq=? AND (sort_date,article_seq)<(?,?))'],
    ['two entities', { entities: [1, 2] }, 'article_entities_by_date (entity_seq=? AND (sort_date,article_seq)<(?,?))'],
    ['source', { source: 'x' }, 'articles_by_source (source_name=? AND sort_date<?)'],
    ['from', { from: '2024-01-01' }, 'articles_by_date (sort_date>? AND sort_date<?)'],
    ['to', { to: '2024-01-01' }, 'articles_by_date (sort_date<?)'],
    // A story's other articles come from its index: a handful of rows per listed article.
    ['collapsed to stories', { collapse: true }, 'SEARCH a USING INDEX articles_by_date (sort_date<?)'],
    [
      'collapsed, with a source and dates',
      { collapse: true, source: 'x', from: '2024-01-01', to: '2025-01-01' },
      'articles_by_source (source_name=? AND sort_date>? AND sort_date<?)',
    ],
    [
      'collapsed, with two entities',
      { collapse: true, entities: [1, 2] },
      'article_entities_by_date (entity_seq=? AND (sort_date,article_seq)<(?,?))',
    ],
    // One story's articles come from its index, whatever else narrows them.
    ['story', { story: 'x' }, 'articles_by_story (story_id=? AND sort_date<?)'],
    ['story, oldest', { story: 'x', sort: 'oldest' as const }, 'articles_by_story (story_id=? AND sort_date>?)'],
    ['story with an entity', { story: 'x', entities: [1] }, 'articles_by_story (story_id=?'],
    ['story with a source and dates', { story: 'x', source: 'x', from: '2024-01-01' }, 'articles_by_story (story_id=?'],
    ['story collapsed', { story: 'x', collapse: true }, 'articles_by_story (story_id=?'],
  ])('%s', (_, input, first) => {
    const { sql, params } = articleQuery({ ...base, ...input });
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as { detail: string }[]).map((r) => r.detail);
    expect(plan[0]).toContain(first);
    const rest = plan.join('\n').replace(/SCAN \w+ VIRTUAL TABLE INDEX/, 'FTS');
    expect(rest).not.toMatch(/\bSCAN\b/);
    expect(rest).not.toMatch(/TEMP B-TREE/);
  });

  // Words: a first pass sorts the matches and keeps the page; only the page's rows are then read from
  // articles (their snippets are made from the stored text, not by the full-text index).
  const planOf = (input: Partial<Parameters<typeof articleQuery>[0]>) => {
    const { sql, params } = articleQuery({ ...base, match: '"x"*', ...input });
    return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as { detail: string }[]).map((r) => r.detail);
  };
  const pageRows = ['SCAN t', 'SEARCH a USING INTEGER PRIMARY KEY (rowid=?)'];

  it('ranks words by relevance from the full-text index alone, then reads the page rows only', () => {
    const plan = planOf({ sort: 'relevance' });
    expect(plan.slice(0, 3)).toEqual([
      'CO-ROUTINE t',
      expect.stringMatching(/^SCAN f VIRTUAL TABLE INDEX 0:M/),
      'USE TEMP B-TREE FOR ORDER BY',
    ]);
    expect(plan.slice(3, 5).map((d, i) => d.startsWith(pageRows[i] as string))).toEqual([true, true]);
    expect(plan).toHaveLength(5);
  });

  it.each([
    ['newest', { sort: 'newest' as const }],
    ['newest, collapsed to stories', { sort: 'newest' as const, collapse: true }],
    ['relevance, collapsed to stories', { sort: 'relevance' as const, collapse: true }],
    ['relevance with a source', { sort: 'relevance' as const, source: 'x' }],
    ['relevance with an entity', { sort: 'relevance' as const, entities: [1] }],
  ])('with words sorted by %s, the full-text index drives', (_, input) => {
    const plan = planOf(input);
    expect(plan[1]).toMatch(/^SCAN f VIRTUAL TABLE INDEX 0:M/);
    const rest = plan
      .join('\n')
      // A story's other article is checked for the words by its rowid (=M): a lookup, not a scan.
      .replace(/SCAN (?:f|articles_fts EXISTS) VIRTUAL TABLE INDEX 0:=?M\d*/g, 'FTS')
      .replace('SCAN t', 'PAGE');
    expect(rest).not.toMatch(/\bSCAN\b/);
    for (const step of pageRows.slice(1)) expect(plan).toContain(step);
  });
});

describe('story candidates', () => {
  it('are found from the band index, reading no table whole', () => {
    const db = openDatabase(':memory:');
    const buckets = Array.from({ length: BANDS }, (_, i) => i * 2 ** 40 + 7);
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${CANDIDATES_SQL}`).all(...buckets) as { detail: string }[])
      .map((r) => r.detail)
      .join('\n');
    expect(plan).toContain('SEARCH article_bands USING PRIMARY KEY (bucket=?)');
    // The SCANs left are of the candidates found (c), at most MAX_CANDIDATES rows.
    expect(plan.replace(/SCAN c\b/g, '')).not.toMatch(/\bSCAN\b/);
  });
});

describe('list query plans', () => {
  const db = openDatabase(':memory:');
  // What the first step of each plan must search on: every filter and the sort key come from an index.
  const searches: Record<keyof typeof LIST_SQL, string> = {
    entities: 'mention_count<?',
    entitiesByType: 'type=? AND mention_count<?',
    entitiesByArticles: 'article_count<?',
    entitiesByTypeArticles: 'type=? AND article_count<?',
    entitiesBySortName: 'sort_name>?',
    entitiesByTypeSortName: 'type=? AND sort_name>?',
    entitiesByName: 'term>? AND term<?',
    entitiesByTypeName: 'type=? AND term>? AND term<?',
    related: 'entity_seq=? AND (article_count,other_seq)<(?,?)',
    quotes: '(article_seq,position)<(?,?)',
    quotesBySpeaker: 'speaker_seq=? AND (article_seq,position)<(?,?)',
    quotesByKind: 'kind=? AND (article_seq,position)<(?,?)',
    quotesByText: 'VIRTUAL TABLE INDEX',
  };

  it.each(Object.entries(LIST_SQL))('%s searches an index, with no table scan and no temporary B-tree', (name, sql) => {
    const named = [...sql.matchAll(/@(\w+)/g)].map((m) => m[1] as string);
    const params = named.length
      ? [Object.fromEntries(named.map((n) => [n, 1]))]
      : Array((sql.match(/\?/g) ?? []).length).fill(1);
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail);
    // A full-text match reads the FTS5 index, which SQLite reports as a virtual-table "SCAN"; its
    // matches are then sorted (the one sort allowed: bounded by the matches, not the table).
    const rest = plan.join('\n').replace(/SCAN \w+ VIRTUAL TABLE INDEX/, 'FTS');
    expect(rest).not.toMatch(/\bSCAN\b/);
    if (name !== 'quotesByText') expect(rest).not.toMatch(/TEMP B-TREE/);
    expect(plan[0]).toMatch(/^SEARCH|VIRTUAL TABLE INDEX/);
    expect(plan[0]).toContain(searches[name as keyof typeof LIST_SQL]);
  });
});

describe('webhook claim query plan', () => {
  it("finds whether a search has an older pending delivery in the pending index, not the search's history", () => {
    const db = openDatabase(':memory:');
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${DUE_SQL}`).all({ now: '', limit: 8 }) as { detail: string }[]).map(
      (r) => r.detail,
    );
    expect(plan[0]).toBe('SEARCH d USING INDEX webhook_deliveries_due (next_attempt_at<?)');
    expect(plan).toContain(
      'SEARCH e USING COVERING INDEX webhook_deliveries_pending_by_search (search_seq=? AND seq<?)',
    );
    expect(plan.join('\n')).not.toMatch(/\bSCAN\b|TEMP B-TREE/);
    db.close();
  });
});

describe('timeline and histogram query plans', () => {
  const db = openDatabase(':memory:');
  const planOf = (sql: string, params: Record<string, unknown>) =>
    (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as { detail: string }[]).map((r) => r.detail);
  // Counting groups on a prefix of the date, which SQLite sorts in a temporary B-tree: one row per
  // article read from the index, not from the table.
  const rest = (plan: string[]) =>
    plan
      .join('\n')
      .replace(/SCAN f VIRTUAL TABLE INDEX 0:M\d*/g, 'FTS')
      .replace('USE TEMP B-TREE FOR GROUP BY', '');

  it("reads an entity's timeline from one range of its covering date index", () => {
    const plan = planOf(TIMELINE_SQL, { seq: 1, prefix: 10, from: '', to: '\u{10FFFF}' });
    expect(plan[0]).toBe(
      'SEARCH article_entities USING COVERING INDEX article_entities_by_date (entity_seq=? AND sort_date>? AND sort_date<?)',
    );
    expect(rest(plan)).not.toMatch(/\bSCAN\b|TEMP B-TREE FOR ORDER BY/);
  });

  const base = { entities: [], from: '', to: '\u{10FFFF}', prefix: 10 };
  const words = { match: '"x"*' };
  it.each([
    ['no filter', {}, 'SEARCH a USING COVERING INDEX articles_by_date (sort_date>? AND sort_date<?)'],
    [
      'source',
      { source: 'x' },
      'SEARCH a USING COVERING INDEX articles_by_source (source_name=? AND sort_date>? AND sort_date<?)',
    ],
    [
      'one entity',
      { entities: [1] },
      'SEARCH ae USING COVERING INDEX article_entities_by_date (entity_seq=? AND sort_date>? AND sort_date<?)',
    ],
    [
      'two entities',
      { entities: [1, 2] },
      'SEARCH ae USING COVERING INDEX article_entities_by_date (entity_seq=? AND sort_date>? AND sort_date<?)',
    ],
    [
      'an entity and a source',
      { entities: [1], source: 'x' },
      'SEARCH ae USING COVERING INDEX article_entities_by_date (entity_seq=? AND sort_date>? AND sort_date<?)',
    ],
    ['words', words, 'SCAN f VIRTUAL TABLE INDEX 0:M'],
    ['words, a source and an entity', { match: '"x"*', source: 'x', entities: [1] }, 'SCAN f VIRTUAL TABLE INDEX 0:M'],
  ])('counts a histogram with %s from an index', (_, input, first) => {
    const { sql, params } = histogramQuery({ ...base, ...input });
    const plan = planOf(sql, params);
    expect(plan[0]).toContain(first);
    expect(rest(plan)).not.toMatch(/\bSCAN\b|TEMP B-TREE FOR ORDER BY/);
    // Words alone: each match's date from the (seq, date) index, not from its article row.
    if (input === words) expect(plan[1]).toMatch(/^SEARCH a USING COVERING INDEX articles_by_seq_date \(seq=\?/);
  });
});
