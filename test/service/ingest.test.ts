import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { analyseArticle } from '../../src/analysis/analyse-article.js';
import { articleId } from '../../src/analysis/ids.js';
import { DEFAULT_MODELS_DIR, loadDefaultExtractor } from '../../src/extract/extractor.js';
import { ingestFiles, ingestText, loadArticles, reprocessArticles } from '../../src/service/ingest.js';
import type { NewsStore } from '../../src/store/news-store.js';
import { createSqliteStore, openDatabase } from '../../src/store/sqlite-store.js';
import { analyser, extractor } from '../extractor.js';

const ONE = 'Talks open in Geneva\nDiplomats from France and Japan met on Monday.\n';
const TWO = 'Storm hits coast\nThe storm reached Portugal overnight.\n';
const THREE = 'Markets steady\nShares in Tokyo closed flat.\n';

function folder() {
  const dir = mkdtempSync(join(tmpdir(), 'articles-'));
  mkdirSync(join(dir, 'nested'));
  writeFileSync(join(dir, 'one.txt'), ONE);
  writeFileSync(join(dir, 'two.txt'), TWO);
  writeFileSync(join(dir, 'nested', 'three.txt'), THREE);
  writeFileSync(join(dir, 'notes.md'), 'not an article');
  writeFileSync(join(dir, 'empty.txt'), '  \n');
  writeFileSync(join(dir, 'latin1.txt'), Buffer.from([0x43, 0x61, 0x66, 0xe9, 0x0a]));
  writeFileSync(join(dir, 'nul.txt'), 'Headline\nA body with a \u0000 in it.\n');
  return dir;
}

describe('loadArticles', () => {
  it('stores every .txt file below the folder once, and reports the ones it cannot read', async () => {
    const dir = folder();
    const store = createSqliteStore(openDatabase(':memory:'));
    const first = await loadArticles(store, dir, extractor);
    expect(first).toEqual({
      stored: 3,
      unchanged: 0,
      deleted: 0,
      failed: [
        { file: join(dir, 'empty.txt'), reason: 'the file is empty' },
        { file: join(dir, 'latin1.txt'), reason: 'the file is not valid UTF-8' },
        { file: join(dir, 'nul.txt'), reason: 'the text contains U+0000 (NUL), which is not text: remove it' },
      ],
    });
    expect(await loadArticles(store, dir, extractor)).toMatchObject({ stored: 0, unchanged: 3, deleted: 0 });
    expect((await store.listArticles({ limit: 10 })).data).toHaveLength(3);
  });

  it('gives the same text the same id, and does not bring back an article deleted since', async () => {
    const dir = folder();
    const store = createSqliteStore(openDatabase(':memory:'));
    await loadArticles(store, dir, extractor);
    expect(await store.getArticle(articleId(ONE))).toMatchObject({ headline: 'Talks open in Geneva' });
    await store.deleteArticle(articleId(ONE));
    expect(await loadArticles(store, dir, extractor)).toMatchObject({ stored: 0, unchanged: 2, deleted: 1 });
    expect(await store.getArticle(articleId(ONE))).toBeNull();
  });
});

describe('ingestFiles', () => {
  // More files than one save batch (64), with repeats of the same text across batches.
  function manyFiles() {
    const dir = mkdtempSync(join(tmpdir(), 'bulk-'));
    const files: string[] = [];
    for (let i = 0; i < 150; i++) {
      const body = i % 50 === 7 ? ONE : `Report ${i} from Lisbon\nOfficials in Portugal and Spain spoke on day ${i}.\n`;
      files.push(join(dir, `a${String(i).padStart(3, '0')}.txt`));
      writeFileSync(files[i] as string, body);
    }
    files.push(join(dir, 'a999.txt'));
    writeFileSync(join(dir, 'a999.txt'), Buffer.from([0xff]));
    return { files };
  }

  it('stores the same articles, in the same file order, with worker threads as on this thread', async () => {
    const { files } = manyFiles();
    const inline = createSqliteStore(openDatabase(':memory:'));
    const pooled = createSqliteStore(openDatabase(':memory:'));
    const seen: string[] = [];
    const a = await ingestFiles(inline, files, { extractor, jobs: 0 });
    const b = await ingestFiles(pooled, files, { extractor, jobs: 2, onFile: (file) => seen.push(file) });
    expect(b).toEqual(a);
    expect(b).toMatchObject({ stored: 148, unchanged: 2, deleted: 0 });
    expect(b.failed).toEqual([{ file: files[150], reason: 'the file is not valid UTF-8' }]);
    expect(seen).toEqual(files);
    const list = async (store: NewsStore) => (await store.listArticles({ limit: 100, sort: 'oldest' })).data;
    const [x, y] = [await list(inline), await list(pooled)];
    expect(y.map((r) => r.id)).toEqual(x.map((r) => r.id));
    const id = articleId(ONE);
    const { ingestedAt: _a, ...one } = (await inline.getArticle(id)) ?? {};
    const { ingestedAt: _b, ...two } = (await pooled.getArticle(id)) ?? {};
    expect(two).toEqual(one);
  });

  it('saves one by one when a batch cannot be saved, so only the bad article fails', async () => {
    const { files } = manyFiles();
    const store = createSqliteStore(openDatabase(':memory:'));
    const bad = articleId(`Report 3 from Lisbon\nOfficials in Portugal and Spain spoke on day 3.\n`);
    const flaky: NewsStore = {
      ...store,
      saveArticles: async () => {
        throw new Error('batch refused');
      },
      saveArticle: async (draft) => {
        if (draft.id === bad) throw new Error('this one is bad');
        return store.saveArticle(draft);
      },
    };
    const summary = await ingestFiles(flaky, files, { extractor, jobs: 0 });
    expect(summary).toMatchObject({ stored: 147, unchanged: 2 });
    expect(summary.failed.map((f) => f.reason)).toEqual(['this one is bad', 'the file is not valid UTF-8']);
    expect(await store.articleStatus(bad)).toBe('absent');
  });

  // SQLite's max_page_count fails writes with SQLITE_FULL as a full disk does; query_only with
  // SQLITE_READONLY as a file made read-only does (the tests may run as root, whom file modes do not stop)
  it.each([
    [
      'full',
      (db: Database) => db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true })}`),
      /no space left/,
    ],
    ['read-only', (db: Database) => db.pragma('query_only = ON'), /read-only/],
  ] as const)(
    'stops at the first write a %s database refuses, instead of trying every file',
    async (_, refuse, reason) => {
      const { files } = manyFiles();
      const db = openDatabase(':memory:');
      const store = createSqliteStore(db);
      let writes = 0;
      // the database starts refusing once the first batch is stored
      const failing: NewsStore = {
        ...store,
        saveArticles: async (drafts) => {
          writes++;
          const saved = await store.saveArticles(drafts);
          refuse(db);
          return saved;
        },
        saveArticle: async (draft) => {
          writes++;
          return store.saveArticle(draft);
        },
      };
      const summary = await ingestFiles(failing, files, { extractor, jobs: 0 });
      expect(summary).toMatchObject({
        stored: 63,
        unchanged: 1,
        failed: [],
        stopped: { reason: expect.stringMatching(reason), remaining: files.length - 64 },
      });
      // the first batch, and the second that was refused: no file-by-file retry, nothing after
      expect(writes).toBe(2);
    },
  );
});

describe('reprocessArticles', () => {
  it('stops at the first replacement a read-only database refuses', async () => {
    const db = openDatabase(':memory:');
    const store = createSqliteStore(db);
    for (const text of [ONE, TWO, THREE]) await ingestText(store, text, {}, analyser);
    db.pragma('query_only = ON');
    let replaced = 0;
    const counting: NewsStore = {
      ...store,
      replaceArticle: async (draft) => {
        replaced++;
        return store.replaceArticle(draft);
      },
    };
    expect(await reprocessArticles(counting, { extractor, all: true })).toEqual({
      reprocessed: 0,
      current: 0,
      failed: [],
      stopped: { reason: expect.stringMatching(/read-only/), remaining: 3 },
    });
    expect(replaced).toBe(1);
  });

  it('extracts again the articles an older extractor made, honouring what the client stated', async () => {
    const store = createSqliteStore(openDatabase(':memory:'));
    await ingestText(store, ONE, { source: 'Client Wire' }, analyser);
    await ingestText(store, TWO, {}, analyser);
    // Make the first look as if an older extractor had produced it.
    const stale = analyseArticle(ONE, { source: 'Client Wire' }, extractor);
    await store.replaceArticle({ ...stale, extractorVersion: '0-old', entities: [], quotes: [] });
    expect((await store.getArticle(articleId(ONE)))?.entities).toEqual([]);

    expect(await reprocessArticles(store, { extractor })).toEqual({ reprocessed: 1, current: 1, failed: [] });
    const again = await store.getArticle(articleId(ONE));
    expect(again?.extractorVersion).toBe(extractor.version);
    expect(again?.source).toEqual({ name: 'Client Wire' });
    expect(again?.entities.map((e) => e.name)).toEqual(expect.arrayContaining(['Geneva', 'France', 'Japan']));
    expect(await reprocessArticles(store, { extractor })).toEqual({ reprocessed: 0, current: 2, failed: [] });
    expect(await reprocessArticles(store, { extractor, all: true })).toEqual({
      reprocessed: 2,
      current: 0,
      failed: [],
    });
  });

  it('analyses in worker threads, as ingest does, and gives the same articles', async () => {
    const store = createSqliteStore(openDatabase(':memory:'));
    await ingestText(store, ONE, {}, analyser);
    await ingestText(store, TWO, {}, analyser);
    const before = await store.getArticle(articleId(ONE));
    expect(await reprocessArticles(store, { extractor, all: true, jobs: 2 })).toEqual({
      reprocessed: 2,
      current: 0,
      failed: [],
    });
    const after = await store.getArticle(articleId(ONE));
    expect(after?.entities).toEqual(before?.entities);
    expect(after?.quotes).toEqual(before?.quotes);
  });

  it('extracts again every article once a model file changes (the version follows the models)', async () => {
    const store = createSqliteStore(openDatabase(':memory:'));
    await ingestText(store, ONE, {}, analyser);
    await ingestText(store, TWO, {}, analyser);
    // the shipped models in a temporary folder, the speaker ranker's threshold nudged
    const dir = mkdtempSync(join(tmpdir(), 'models-'));
    cpSync(DEFAULT_MODELS_DIR, dir, { recursive: true });
    const speakers = JSON.parse(readFileSync(join(dir, 'quote-speakers.json'), 'utf8'));
    writeFileSync(join(dir, 'quote-speakers.json'), JSON.stringify({ ...speakers, minP: speakers.minP + 0.01 }));
    const retrained = loadDefaultExtractor(dir);
    expect(retrained.version).not.toBe(extractor.version);
    expect(await reprocessArticles(store, { extractor: retrained })).toEqual({
      reprocessed: 2,
      current: 0,
      failed: [],
    });
    expect((await store.getArticle(articleId(TWO)))?.extractorVersion).toBe(retrained.version);
    expect(await reprocessArticles(store, { extractor: retrained })).toEqual({
      reprocessed: 0,
      current: 2,
      failed: [],
    });
  });
});
