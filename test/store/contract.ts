// The behaviour every NewsStore engine owes, as one suite: test/store/sqlite-store.test.ts runs it
// against SQLite and test/store/postgres-store.test.ts against PostgreSQL. Engine-specific matters
// (migrations, query plans) stay in those files. Where the engines may differ (relevance ranking of
// a word search: bm25 over every match in SQLite, ts_rank over the newest matches in PostgreSQL) the
// tests assert what both guarantee.
import { beforeEach, describe, expect, it } from 'vitest';
import type { ArticleDraft } from '../../src/analysis/article-draft.js';
import { type HistogramRequest, InvalidCursorError, type NewsStore } from '../../src/store/news-store.js';
import { COPY, draft, entity, OTHER, WIRE } from './drafts.js';

/** What the migrations leave of the stories of articles stored before stories were kept. */
export const BEFORE_STORIES_SQL =
  'DELETE FROM article_bands; DELETE FROM article_signatures; UPDATE articles SET story_id = id';

/**
 * Registers the contract for one engine; `openFreshStore` gives an empty store for each test, and
 * `exec` runs SQL on the database of the last one.
 */
export function storeContract(
  engineName: string,
  openFreshStore: () => Promise<NewsStore>,
  exec: (sql: string) => Promise<void>,
): void {
  describe(`${engineName} store`, () => {
    let store: NewsStore;
    beforeEach(async () => {
      store = await openFreshStore();
    });

    const nato = (mentions: [number, number][]) =>
      entity('organization', 'NATO', mentions, { aliases: ['North Atlantic Treaty Organization'] });

    it('stores an article whole and reads it back in the API shape', async () => {
      const text = 'NATO meets\nThe chief of NATO spoke.';
      const d = draft(text, {
        standfirst: null,
        dateline: { text: 'BRUSSELS', city: 'Brussels', country: null },
        source: { name: 'Example Wire' },
        entities: [
          nato([
            [0, 4],
            [24, 28],
          ]),
        ],
        quotes: [
          {
            id: '00000000000000aa',
            kind: 'indirect',
            text: 'the plan works',
            parts: [{ start: 11, end: 25, text: 'the plan works' }],
            start: 11,
            end: 35,
            cue: { start: 29, end: 34, text: 'spoke' },
            speakerMention: { start: 24, end: 28, text: 'NATO' },
            speaker: 0,
            occurrences: [{ start: 11, end: 35 }],
          },
        ],
      });
      expect(await store.saveArticle(d, new Date('2026-01-02T03:04:05Z'))).toEqual({ id: d.id, created: true });
      const got = await store.getArticle(d.id);
      const e = d.entities[0];
      expect(got).toEqual({
        id: d.id,
        headline: 'NATO meets',
        standfirst: null,
        dateline: { text: 'BRUSSELS', city: 'Brussels', country: null },
        source: { name: 'Example Wire' },
        publishedAt: null,
        ingestedAt: '2026-01-02T03:04:05.000Z',
        storyId: d.id,
        duplicates: [],
        url: null,
        language: null,
        extractorVersion: 'test-1',
        body: 'The chief of NATO spoke.',
        paragraphs: ['The chief of NATO spoke.'],
        text,
        entities: [
          {
            id: e?.id,
            type: 'organization',
            name: 'NATO',
            aliases: ['North Atlantic Treaty Organization'],
            titles: [],
            countryCode: null,
            mentions: [
              { start: 0, end: 4, text: 'NATO' },
              { start: 24, end: 28, text: 'NATO' },
            ],
          },
        ],
        quotes: [
          {
            id: '00000000000000aa',
            kind: 'indirect',
            text: 'the plan works',
            parts: [{ start: 11, end: 25, text: 'the plan works' }],
            start: 11,
            end: 35,
            cue: { start: 29, end: 34, text: 'spoke' },
            speaker: { id: e?.id, type: 'organization', name: 'NATO' },
            speakerMention: { start: 24, end: 28, text: 'NATO' },
            occurrences: [{ start: 11, end: 35 }],
          },
        ],
      });
    });

    it('stores the same article once', async () => {
      const d = draft('Same text', { entities: [nato([[0, 4]])] });
      await store.saveArticle(d);
      expect(await store.saveArticle(d)).toEqual({ id: d.id, created: false });
      expect((await store.listArticles({ limit: 10 })).data).toHaveLength(1);
      expect((await store.getEntity(d.entities[0]?.id ?? ''))?.mentionCount).toBe(1);
    });

    it('saves a batch in one transaction: in order, repeats as no-ops, and nothing when one article fails', async () => {
      const a = draft('First of the batch', { entities: [nato([[0, 4]])] });
      const b = draft('Second of the batch', { entities: [nato([[0, 4]])] });
      expect(await store.saveArticles([a, b, a])).toEqual([
        { id: a.id, created: true },
        { id: b.id, created: true },
        { id: a.id, created: false },
      ]);
      expect((await store.getEntity(a.entities[0]?.id ?? ''))?.articleCount).toBe(2);

      const c = draft('Third, fine on its own');
      // An entity type the schema's CHECK refuses: the whole batch is rolled back, c with it.
      const broken = draft('Fourth, broken', { entities: [{ ...nato([[0, 4]]), type: 'planet' as 'place' }] });
      await expect(store.saveArticles([c, broken])).rejects.toThrow(/check/i);
      expect(await store.articleStatus(c.id)).toBe('absent');
      expect((await store.listArticles({ limit: 10 })).data).toHaveLength(2);
    });

    it('takes back the aliases, titles and name-search terms only a deleted or re-extracted article gave', async () => {
      const who = (aliases: string[], titles: string[]) =>
        entity('person', 'Maria Lopes', [[0, 11]], { key: 'maria lopes', aliases, titles });
      const a = draft('Maria Lopes, the minister', { entities: [who(['Mimi Lopes'], ['minister'])] });
      const b = draft('Maria Lopes again', { entities: [who([], ['senator'])] });
      await store.saveArticle(a);
      await store.saveArticle(b);
      const id = a.entities[0]?.id ?? '';
      const found = async (q: string) => (await store.listEntities({ limit: 10, q })).data.map((e) => e.id);
      expect(await store.getEntity(id)).toMatchObject({ aliases: ['Mimi Lopes'], titles: ['minister', 'senator'] });
      expect(await found('mimi')).toEqual([id]);

      await store.deleteArticle(a.id);
      expect(await store.getEntity(id)).toMatchObject({ aliases: [], titles: ['senator'], articleCount: 1 });
      expect(await found('mimi')).toEqual([]);
      // The canonical name stays findable, though the article that first gave it is gone.
      expect(await found('maria')).toEqual([id]);
      expect(await found('lopes')).toEqual([id]);

      // Re-extraction that no longer finds a title takes it back too.
      await store.replaceArticle({ ...b, entities: [who([], [])] });
      expect(await store.getEntity(id)).toMatchObject({ titles: [] });
    });

    it('links an entity across articles: one row, counts over both, the first name canonical', async () => {
      const a = draft('First', {
        entities: [entity('place', 'Türkiye', [[0, 7]], { key: 'country:TR', countryCode: 'TR' })],
      });
      const b = draft('Second', {
        entities: [
          entity(
            'place',
            'Turkey',
            [
              [0, 6],
              [10, 16],
            ],
            { key: 'country:TR', countryCode: 'TR' },
          ),
        ],
      });
      await store.saveArticle(a);
      await store.saveArticle(b);
      const id = a.entities[0]?.id ?? '';
      expect(b.entities[0]?.id).toBe(id);
      expect(await store.getEntity(id)).toEqual({
        id,
        type: 'place',
        name: 'Türkiye',
        aliases: ['Turkey'],
        titles: [],
        countryCode: 'TR',
        mentionCount: 3,
        articleCount: 2,
      });
    });

    it('counts an entity a draft names twice (one type and key) once for the article, with every mention', async () => {
      const turkey = (name: string, m: [number, number][], countryCode: string | null) =>
        entity('place', name, m, { key: 'country:TR', countryCode });
      const a = draft('Known', {
        entities: [turkey('Türkiye', [[0, 7]], null), entity('person', 'Ann Lee', [[8, 15]])],
      });
      const b = draft('Twice', {
        entities: [
          turkey('Turkey', [[0, 6]], null),
          entity('place', 'Lyon', [[7, 11]]),
          turkey(
            'Turkiye',
            [
              [12, 19],
              [20, 27],
            ],
            'TR',
          ),
          entity('place', 'Lyon', [[28, 32]], { countryCode: 'FR' }),
          entity('person', 'Bo Ray', [[33, 39]]),
        ],
      });
      await store.saveArticle(a);
      // In a batch, after an article sharing an entity: each article's counts on their own.
      await store.saveArticles([draft('Before', { entities: [turkey('Turkey', [[0, 6]], null)] }), b]);
      const id = (e: number) => b.entities[e]?.id ?? '';
      const tr = await store.getEntity(id(0));
      expect(tr).toMatchObject({ name: 'Türkiye', countryCode: 'TR', mentionCount: 5, articleCount: 3 });
      expect([...(tr?.aliases ?? [])].sort()).toEqual(['Turkey', 'Turkiye']);
      expect(await store.getEntity(id(1))).toMatchObject({
        name: 'Lyon',
        countryCode: 'FR',
        mentionCount: 2,
        articleCount: 1,
      });
      expect((await store.listRelated(id(0), { limit: 10 }))?.data.map((r) => [r.name, r.sharedArticles])).toEqual(
        expect.arrayContaining([
          ['Ann Lee', 1],
          ['Lyon', 1],
          ['Bo Ray', 1],
        ]),
      );
      const article = await store.getArticle(b.id);
      expect(article?.entities.map((e) => [e.name, e.mentions.length])).toEqual([
        ['Türkiye', 3],
        ['Lyon', 2],
        ['Bo Ray', 1],
      ]);
      // New entities numbered in the order the draft first names them: ties on counts break that way.
      expect(
        (await store.listEntities({ limit: 10, type: 'place' })).data.map((e) => [e.name, e.mentionCount]),
      ).toEqual([
        ['Türkiye', 5],
        ['Lyon', 2],
      ]);
      // Deleting it takes back exactly what it gave.
      expect(await store.deleteArticle(b.id)).toBe(true);
      expect(await store.getEntity(id(0))).toMatchObject({ mentionCount: 2, articleCount: 2, aliases: ['Turkey'] });
      expect(await store.getEntity(id(1))).toBeNull();
    });

    it('deletes an article: its entities go when no other article mentions them, and it stays deleted', async () => {
      const shared = (m: [number, number][]) => entity('place', 'Paris', m);
      const a = draft('A', { entities: [shared([[0, 5]]), entity('person', 'Ann Lee', [[6, 13]])] });
      const b = draft('B', { entities: [shared([[0, 5]])] });
      await store.saveArticle(a);
      await store.saveArticle(b);
      expect(await store.deleteArticle(a.id)).toBe(true);
      expect(await store.deleteArticle(a.id)).toBe(false);
      expect(await store.getArticle(a.id)).toBeNull();
      expect(await store.articleStatus(a.id)).toBe('deleted');
      expect(await store.articleStatus(b.id)).toBe('stored');
      expect(await store.articleStatus('ffffffffffffffff')).toBe('absent');
      expect(await store.getEntity(a.entities[1]?.id ?? '')).toBeNull();
      expect(await store.getEntity(b.entities[0]?.id ?? '')).toMatchObject({ mentionCount: 1, articleCount: 1 });
      expect((await store.listEntities({ limit: 10 })).data.map((e) => e.name)).toEqual(['Paris']);
      // Saving it again on purpose (not a reload) brings it back.
      expect(await store.saveArticle(a)).toEqual({ id: a.id, created: true });
      expect(await store.articleStatus(a.id)).toBe('stored');
    });

    it('links a lone surname to the one known person it can be, and only then', async () => {
      const jens = draft('A', { entities: [entity('person', 'Jens Stoltenberg', [[0, 16]])] });
      const lone = draft('B', { entities: [entity('person', 'Stoltenberg', [[0, 11]], { key: 'stoltenberg' })] });
      await store.saveArticle(jens);
      await store.saveArticle(lone);
      const id = jens.entities[0]?.id ?? '';
      expect(await store.getEntity(id)).toMatchObject({ aliases: ['Stoltenberg'], mentionCount: 2, articleCount: 2 });
      expect(await store.getEntity(lone.entities[0]?.id ?? '')).toBeNull();
      expect((await store.listArticles({ limit: 10, entity: [id] })).data).toHaveLength(2);

      // With two Stoltenbergs known, a lone "Stoltenberg" is neither of them.
      await store.saveArticle(draft('C', { entities: [entity('person', 'Thorvald Stoltenberg', [[0, 20]])] }));
      const again = draft('D', { entities: [entity('person', 'Stoltenberg', [[0, 11]], { key: 'stoltenberg' })] });
      await store.saveArticle(again);
      expect(await store.getEntity(again.entities[0]?.id ?? '')).toMatchObject({
        name: 'Stoltenberg',
        articleCount: 1,
      });
    });

    it('links an honorific or title and a surname to the one known person of that surname, like a lone surname', async () => {
      const chidi = draft('A', { entities: [entity('person', 'Chidi Okafor', [[0, 12]])] });
      await store.saveArticle(chidi);
      const mr = draft('B', { entities: [entity('person', 'Mr Okafor', [[0, 9]])] });
      const coach = draft('C', { entities: [entity('person', 'Head Coach Okafor', [[0, 17]])] });
      await store.saveArticle(mr);
      await store.saveArticle(coach);
      const id = chidi.entities[0]?.id ?? '';
      expect(await store.getEntity(id)).toMatchObject({
        aliases: ['Head Coach Okafor', 'Mr Okafor'],
        mentionCount: 3,
        articleCount: 3,
      });
      expect(await store.getEntity(mr.entities[0]?.id ?? '')).toBeNull();
    });

    it('links neither of two known people of a surname to that surname, with or without an honorific', async () => {
      await store.saveArticle(draft('A', { entities: [entity('person', 'Chidi Okafor', [[0, 12]])] }));
      await store.saveArticle(draft('B', { entities: [entity('person', 'Ngozi Okafor', [[0, 12]])] }));
      const bare = entity('person', 'Okafor', [[0, 6]]);
      const mrs = entity('person', 'Mrs Okafor', [[0, 10]]);
      await store.saveArticle(draft('C', { entities: [bare] }));
      await store.saveArticle(draft('D', { entities: [mrs] }));
      expect(await store.getEntity(bare.id)).toMatchObject({ name: 'Okafor', articleCount: 1 });
      expect(await store.getEntity(mrs.id)).toMatchObject({ name: 'Mrs Okafor', articleCount: 1 });
      for (const name of ['Chidi Okafor', 'Ngozi Okafor'])
        expect(await store.getEntity(entity('person', name, []).id)).toMatchObject({ aliases: [], articleCount: 1 });
    });

    it('does not read a given name that is also a title as a title', async () => {
      await store.saveArticle(draft('A', { entities: [entity('person', 'Chidi Okafor', [[0, 12]])] }));
      const dean = entity('person', 'Dean Okafor', [[0, 11]]);
      await store.saveArticle(draft('B', { entities: [dean] }));
      expect(await store.getEntity(dean.id)).toMatchObject({ name: 'Dean Okafor', articleCount: 1 });
    });

    it.each(['Sir', 'Dame', 'Lord', 'Lady'])('does not read the one name after "%s" as a surname', async (honour) => {
      // "Sir Emeka" calls someone (Sir Emeka Chidi, say) by his given name: not Tobi Emeka, the one known Emeka.
      await store.saveArticle(draft('A', { entities: [entity('person', 'Tobi Emeka', [[0, 10]])] }));
      const titled = entity('person', `${honour} Emeka`, [[0, honour.length + 6]]);
      await store.saveArticle(draft('B', { entities: [titled] }));
      expect(await store.getEntity(titled.id)).toMatchObject({ name: `${honour} Emeka`, articleCount: 1 });
      expect(await store.getEntity(entity('person', 'Tobi Emeka', []).id)).toMatchObject({ aliases: [] });
    });

    it('leaves a lone surname alone when its own article names two people of that name', async () => {
      await store.saveArticle(draft('A', { entities: [entity('person', 'John Smith', [[0, 10]])] }));
      const smith = entity('person', 'Smith', [[20, 25]], { key: 'smith' });
      const jane = entity('person', 'Jane Smith', [[30, 40]]);
      // Whichever order extraction lists them in.
      for (const [text, entities] of [
        ['B', [smith, jane]],
        ['C', [jane, smith]],
      ] as const) {
        await store.saveArticle(draft(text, { entities: [...entities] }));
      }
      expect(await store.getEntity(smith.id)).toMatchObject({ name: 'Smith', articleCount: 2 });
      expect((await store.getEntity(entity('person', 'John Smith', []).id))?.articleCount).toBe(1);
    });

    it('replaces what was extracted from an article, keeping its id, place and ingest time', async () => {
      const text = 'Talks\nBody';
      const older = draft(text, {
        entities: [entity('place', 'Paris', [[0, 5]]), entity('place', 'Rome', [[6, 10]])],
        extractorVersion: 'old',
      });
      await store.saveArticle(older, new Date('2026-01-01T00:00:00Z'));
      await store.saveArticle(draft('Later article'));
      const newer = draft(text, {
        entities: [
          entity('place', 'Paris', [
            [0, 5],
            [11, 16],
          ]),
          entity('person', 'Ann Lee', [[20, 27]]),
        ],
        extractorVersion: 'new',
      });
      expect(await store.replaceArticle(newer)).toBe(true);
      const got = await store.getArticle(older.id);
      expect(got).toMatchObject({ ingestedAt: '2026-01-01T00:00:00.000Z', extractorVersion: 'new' });
      expect(got?.entities.map((e) => [e.name, e.mentions.length])).toEqual([
        ['Paris', 2],
        ['Ann Lee', 1],
      ]);
      expect(await store.getEntity(older.entities[1]?.id ?? '')).toBeNull();
      expect(await store.getEntity(newer.entities[0]?.id ?? '')).toMatchObject({ mentionCount: 2, articleCount: 1 });
      expect((await store.listArticles({ limit: 10 })).data.map((a) => a.headline)).toEqual(['Later article', 'Talks']);
      expect(await store.articleInput(older.id)).toEqual({ text, meta: {}, extractorVersion: 'new' });
      expect(await store.replaceArticle(draft('never stored'))).toBe(false);
    });

    it('counts how often entities appear together, both ways, and forgets deleted articles', async () => {
      const paris = entity('place', 'Paris', [[0, 5]]);
      const rome = entity('place', 'Rome', [[6, 10]]);
      const ann = entity('person', 'Ann Lee', [[11, 18]]);
      const a = draft('A', { entities: [paris, rome, ann] });
      await store.saveArticle(a);
      await store.saveArticle(draft('B', { entities: [paris, rome] }));
      const related = async (id: string, cursor?: string) => {
        const page = await store.listRelated(id, { limit: 1, cursor });
        return { names: page?.data.map((e) => [e.name, e.sharedArticles]), next: page?.next };
      };
      const first = await related(paris.id);
      expect(first.names).toEqual([['Rome', 2]]);
      expect((await related(paris.id, first.next ?? undefined)).names).toEqual([['Ann Lee', 1]]);
      expect((await related(ann.id)).names).toEqual([['Rome', 1]]);
      await store.deleteArticle(a.id);
      expect((await store.listRelated(paris.id, { limit: 10 }))?.data.map((e) => [e.name, e.sharedArticles])).toEqual([
        ['Rome', 1],
      ]);
      expect(await store.listRelated('ffffffffffffffff', { limit: 10 })).toBeNull();
      // Unknown is told apart from known with nothing related, and comes first, whatever the cursor.
      const alone = entity('person', 'Bo Kim', [[0, 6]]);
      await store.saveArticle(draft('C', { entities: [alone] }));
      expect(await store.listRelated(alone.id, { limit: 10 })).toEqual({ data: [], next: null });
      expect(await store.listRelated('ffffffffffffffff', { limit: 10, cursor: 'not-a-cursor' })).toBeNull();
      await expect(store.listRelated(alone.id, { limit: 10, cursor: 'not-a-cursor' })).rejects.toThrow(
        InvalidCursorError,
      );
    });

    it('pages articles newest first with a cursor, without gaps or repeats', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        const d = draft(`Article ${i}`);
        ids.unshift(d.id);
        await store.saveArticle(d);
      }
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.listArticles({ limit: 2, cursor });
        seen.push(...page.data.map((a) => a.id));
        cursor = page.next ?? undefined;
      } while (cursor);
      expect(seen).toEqual(ids);
    });

    it('resumes every list after an item named by id (`after`), in each order, like the cursor of a page ending there', async () => {
      const people = ['Ann Lee', 'Bo Li', 'Cy Ma', 'Di No'];
      const paris = entity('place', 'Paris', [[15, 20]]);
      for (let i = 0; i < 4; i++) {
        await store.saveArticle(
          draft(`Story ${i} about Paris`, {
            publishedAt: i === 2 ? '2020-01-01T00:00:00Z' : null,
            entities: [paris, ...people.slice(0, i + 1).map((name) => entity('person', name, [[0, 5]]))],
            quotes: [0, 1].map((k) => ({
              id: `0000000000000${i}b${k}`,
              kind: k === 0 ? ('direct' as const) : ('indirect' as const),
              text: `words ${i} ${k}`,
              parts: [{ start: k, end: k + 1, text: `words ${i} ${k}` }],
              start: k,
              end: k + 1,
              cue: null,
              speakerMention: null,
              speaker: null,
              occurrences: [{ start: k, end: k + 1 }],
            })),
          }),
        );
      }
      const ids = (page: { data: { id: string }[] }) => page.data.map((x) => x.id);
      const cases: [string, (req: { limit: number; after?: string }) => Promise<{ data: { id: string }[] }>][] = [
        ['articles', (req) => store.listArticles(req)],
        ['articles oldest', (req) => store.listArticles({ ...req, sort: 'oldest' })],
        ['articles with words', (req) => store.listArticles({ ...req, q: 'paris', sort: 'newest' })],
        ['articles of an entity', (req) => store.listArticles({ ...req, entity: [paris.id] })],
        ['entities', (req) => store.listEntities(req)],
        ['entities by articles', (req) => store.listEntities({ ...req, sort: 'articles' })],
        ['entities by name', (req) => store.listEntities({ ...req, sort: 'name' })],
        ['entities by name prefix', (req) => store.listEntities({ ...req, q: 'l' })],
        ['quotes', (req) => store.listQuotes(req)],
        ['quotes by kind', (req) => store.listQuotes({ ...req, kind: 'direct' })],
      ];
      for (const [name, list] of cases) {
        const all = ids(await list({ limit: 100 }));
        expect(all.length, name).toBeGreaterThan(1);
        for (const [i, id] of all.entries()) {
          expect(ids(await list({ limit: 100, after: id })), `${name} after ${i}`).toEqual(all.slice(i + 1));
        }
      }
      for (const list of [
        () => store.listArticles({ limit: 1, after: '0123456789abcdef' }),
        // A relevance rank depends on the words: only the date orders resume by id.
        async () =>
          store.listArticles({ limit: 1, q: 'paris', after: (await store.listArticles({ limit: 1 })).data[0]?.id }),
        () => store.listEntities({ limit: 1, after: '0123456789abcdef' }),
        () => store.listQuotes({ limit: 1, after: '0123456789abcdef' }),
      ]) {
        await expect(list()).rejects.toMatchObject({ constructor: InvalidCursorError, parameter: 'after' });
      }
    });

    it('highlights only the matched words, whatever control characters the text holds', async () => {
      await store.saveArticle(draft('Harbour\nThe \u0002old\u0003 harbour \u0003reopened\u0002 today.'));
      const [hit] = (await store.listArticles({ limit: 1, q: 'reopened' })).data;
      const snippet = hit?.snippet ?? { text: '', highlights: [] };
      expect(snippet.highlights.map((h) => Array.from(snippet.text).slice(h.start, h.end).join(''))).toEqual([
        'reopened',
      ]);
    });

    it('searches articles by words, ranked, with a highlighted snippet, and filters by source and date', async () => {
      const save = (text: string, more: Parameters<typeof draft>[1], at: string) =>
        store.saveArticle(draft(text, more), new Date(at));
      await save(
        'Floods in Valencia\nRain flooded the café district of Valencia.',
        { source: { name: 'Wire A' }, publishedAt: '2024-06-03' },
        '2024-07-01T00:00:00Z',
      );
      await save(
        'Elections\nVoters went to the polls; floods were not an issue.',
        { source: { name: 'Wire B' } },
        '2024-06-10T12:00:00Z',
      );
      await save(
        'Markets\nShares rose.',
        { source: { name: 'Wire A' }, publishedAt: '2024-05-01T09:00:00+02:00' },
        '2024-07-02T00:00:00Z',
      );
      const list = async (req: Parameters<NewsStore['listArticles']>[0]) =>
        (await store.listArticles(req)).data.map((a) => a.headline);

      // Newest by publication date, the ingest date standing in where it is unknown.
      expect(await list({ limit: 10 })).toEqual(['Elections', 'Floods in Valencia', 'Markets']);
      expect(await list({ limit: 10, sort: 'oldest' })).toEqual(['Markets', 'Floods in Valencia', 'Elections']);
      expect(await list({ limit: 10, source: 'Wire A' })).toEqual(['Floods in Valencia', 'Markets']);
      expect(await list({ limit: 10, from: '2024-06-03' })).toEqual(['Elections', 'Floods in Valencia']);
      expect(await list({ limit: 10, to: '2024-06-03' })).toEqual(['Floods in Valencia', 'Markets']);
      expect(await list({ limit: 10, from: '2024-05-01T07:00:00Z', to: '2024-05-01T07:00:00Z' })).toEqual(['Markets']);

      // Words: accent-insensitive, the last one a prefix; the article that says it most comes first.
      expect(await list({ limit: 10, q: 'flood' })).toEqual(['Floods in Valencia', 'Elections']);
      expect(await list({ limit: 10, q: 'CAFE' })).toEqual(['Floods in Valencia']);
      expect(await list({ limit: 10, q: 'flood', sort: 'newest' })).toEqual(['Elections', 'Floods in Valencia']);
      expect(await list({ limit: 10, q: 'flood', source: 'Wire B' })).toEqual(['Elections']);
      expect(await list({ limit: 10, q: 'nothing-like-it' })).toEqual([]);
      const [hit] = (await store.listArticles({ limit: 1, q: 'cafe' })).data;
      const snippet = hit?.snippet;
      expect(snippet?.highlights).toHaveLength(1);
      const h = snippet?.highlights[0] ?? { start: 0, end: 0 };
      expect(
        Array.from(snippet?.text ?? '')
          .slice(h.start, h.end)
          .join(''),
      ).toBe('café');

      const first = await store.listArticles({ limit: 1, q: 'flood' });
      const second = await store.listArticles({ limit: 1, q: 'flood', cursor: first.next ?? '' });
      expect(second.data.map((a) => a.headline)).toEqual(['Elections']);
      expect(second.next).toBeNull();
    });

    describe('the search language (src/search/query.ts): the same matches on every engine', () => {
      // Headlines are the keys; each body says what the search language must tell apart.
      const ARTICLES = [
        ['Prime minister resigns', 'The prime minister resigned on Monday.'],
        ['Contract signed', 'The minister met the prime contractor.'],
        ['Storm warning', 'A storm hit the coast.'],
        ['Flood warning', 'Floods hit the valley.'],
        ['Markets', 'Shares rose; the minister said nothing.'],
      ] as const;
      beforeEach(async () => {
        for (const [i, [headline, body]] of ARTICLES.entries())
          await store.saveArticle(draft(`${headline}\n${body}`), new Date(Date.UTC(2024, 0, 1 + i)));
      });
      /** The headlines a search finds, in a fixed order: the engines rank alike only in part. */
      const found = async (q: string) =>
        (await store.listArticles({ limit: 100, q, sort: 'oldest' })).data.map((a) => a.headline);

      it.each([
        ['words, all of them', 'prime minister', ['Prime minister resigns', 'Contract signed']],
        ['a phrase: the words next to each other, in order', '"prime minister"', ['Prime minister resigns']],
        ['a phrase in the other order', '"minister prime"', []],
        ['OR', 'storm OR flood', ['Storm warning', 'Flood warning']],
        ['| for OR', 'storm | coast', ['Storm warning']],
        ['OR binding tighter than AND', 'warning storm OR valley', ['Storm warning', 'Flood warning']],
        ['an OR of phrases', '"prime minister" OR "said nothing"', ['Prime minister resigns', 'Markets']],
        ['a lower-case or, a word', 'storm or flood', []],
        ['an exclusion', 'warning -storm', ['Flood warning']],
        ['an excluded phrase', 'minister -"prime minister"', ['Contract signed', 'Markets']],
        ['an excluded word of the phrase', 'minister -prime', ['Markets']],
        ['groups', '(storm OR flood) -valley', ['Storm warning']],
        ['an excluded group', 'warning -(coast OR valley)', []],
        ['the last word, a prefix', 'minist', ['Prime minister resigns', 'Contract signed', 'Markets']],
        ['a prefix after OR', 'coast OR vall', ['Storm warning', 'Flood warning']],
        ['no prefix in quotes', '"minist"', []],
        ['no prefix but on the last word', 'minist prime', []],
        ['an unclosed quote, closed at the end', 'resigned "prime minister', ['Prime minister resigns']],
        ['an unclosed group, closed at the end', '(storm OR flood', ['Storm warning', 'Flood warning']],
        ['a stray parenthesis', 'storm) OR (flood', ['Storm warning', 'Flood warning']],
        ['FTS5 operators, as separators', 'prime* minister^ +monday', ['Prime minister resigns']],
        ['FTS5 NEAR, as a word', 'NEAR(prime monday)', []],
        ['an FTS5 column filter, as words', 'headline:storm', []],
        ['tsquery syntax, as words', "prime & !minister <-> 'contractor':*", ['Contract signed']],
        ['operators alone', '"*) OR ( NEAR - ! & <-> :* ^', []],
        ['a minus inside a word, a separator', 'prime-minister', ['Prime minister resigns', 'Contract signed']],
      ] as const)('finds by %s: %s', async (_, q, expected) => {
        expect(await found(q)).toEqual(expected);
      });

      it('highlights the words and phrases looked for, a phrase as one, and not the excluded ones', async () => {
        const highlighted = async (q: string) =>
          (await store.listArticles({ limit: 100, q, sort: 'oldest' })).data.map((a) => {
            const { text, highlights } = a.snippet ?? { text: '', highlights: [] };
            return highlights.map((h) => Array.from(text).slice(h.start, h.end).join(''));
          });
        expect(await highlighted('"prime minister"')).toEqual([['Prime minister']]);
        expect(await highlighted('minister -"prime minister"')).toEqual([['minister'], ['minister']]);
        expect(await highlighted('storm OR flood')).toEqual([['Storm'], ['Flood']]);
      });

      it('searches quotes in the same language', async () => {
        const quote = (i: number, text: string) => ({
          id: `00000000000000c${i}`,
          kind: 'direct' as const,
          text,
          parts: [{ start: i, end: i + 1, text }],
          start: i,
          end: i + 1,
          cue: null,
          speakerMention: null,
          speaker: null,
          occurrences: [{ start: i, end: i + 1 }],
        });
        await store.saveArticle(
          draft('Quotes', { quotes: [quote(0, 'the prime minister will go'), quote(1, 'a prime time for ministers')] }),
        );
        const texts = async (q: string) => (await store.listQuotes({ limit: 10, q })).data.map((x) => x.text);
        expect(await texts('"prime minister"')).toEqual(['the prime minister will go']);
        expect(await texts('prime -"prime minister"')).toEqual(['a prime time for ministers']);
        expect(await texts('go OR time')).toEqual(['a prime time for ministers', 'the prime minister will go']);
        expect(await texts('-prime')).toEqual([]);
      });

      it('matches nothing, without an error, for a query with only exclusions', async () => {
        expect(await found('-storm')).toEqual([]);
        expect(await found('-"prime minister" -(storm)')).toEqual([]);
      });
    });

    it('filters by source in any case of A to Z, in the list, the stream and the histogram', async () => {
      const start = (await store.articlesStoredAfter({ limit: 10 })).position;
      await store.saveArticle(draft('Harbour\nThe harbour reopened.', { source: { name: 'Reuters' } }));
      await store.saveArticle(draft('Budget\nThe budget passed.', { source: { name: 'REUTERS' } }));
      await store.saveArticle(draft('Élysée\nThe palace spoke.', { source: { name: 'Élysée Wire' } }));
      await store.saveArticle(draft('Other\nNothing.', { source: { name: 'Reuters Plus' } }));
      for (const source of ['reuters', 'Reuters', 'rEUTERs']) {
        const listed = (await store.listArticles({ limit: 10, source, sort: 'oldest' })).data;
        expect(listed.map((a) => a.headline)).toEqual(['Harbour', 'Budget']);
        const searched = (await store.listArticles({ limit: 10, source, q: 'harbour' })).data;
        expect(searched.map((a) => a.headline)).toEqual(['Harbour']);
        const streamed = await store.articlesStoredAfter({ limit: 10, after: start, source });
        expect(streamed.data.map((d) => d.article.headline)).toEqual(['Harbour', 'Budget']);
        const histogram = await store.articleHistogram({ interval: 'month', source });
        expect(histogram.reduce((n, p) => n + p.articles, 0)).toBe(2);
      }
      // A to Z only, as both engines fold: an accented capital is not its small letter.
      expect((await store.listArticles({ limit: 10, source: 'élysée wire' })).data).toEqual([]);
      expect((await store.listArticles({ limit: 10, source: 'ÉLYSéE wire' })).data.map((a) => a.headline)).toEqual([
        'Élysée',
      ]);
    });

    it('filters articles by several entities, all of which must be mentioned', async () => {
      const paris = entity('place', 'Paris', [[0, 5]]);
      const rome = entity('place', 'Rome', [[6, 10]]);
      const both = draft('Both', { entities: [paris, rome] });
      await store.saveArticle(both);
      await store.saveArticle(draft('Paris only', { entities: [paris] }));
      const page = await store.listArticles({ limit: 10, entity: [paris.id, rome.id] });
      expect(page.data.map((a) => a.headline)).toEqual(['Both']);
    });

    it('sorts entities by articles or by name', async () => {
      const paris = entity('place', 'Paris', [
        [0, 5],
        [6, 11],
        [12, 17],
      ]);
      const ann = entity('person', 'Ann Lee', [[0, 7]]);
      await store.saveArticle(draft('One', { entities: [paris, ann] }));
      await store.saveArticle(
        draft('Two', { entities: [entity('person', 'Ann Lee', [[0, 7]]), entity('place', 'Zagreb', [[8, 14]])] }),
      );
      const names = async (sort: 'mentions' | 'articles' | 'name') =>
        (await store.listEntities({ limit: 10, sort })).data.map((e) => e.name);
      expect(await names('mentions')).toEqual(['Paris', 'Ann Lee', 'Zagreb']);
      expect(await names('articles')).toEqual(['Ann Lee', 'Zagreb', 'Paris']);
      expect(await names('name')).toEqual(['Ann Lee', 'Paris', 'Zagreb']);
      const first = await store.listEntities({ limit: 2, sort: 'name' });
      expect(
        (await store.listEntities({ limit: 2, sort: 'name', cursor: first.next ?? '' })).data.map((e) => e.name),
      ).toEqual(['Zagreb']);
    });

    it('filters articles by entity', async () => {
      const a = draft('A', { entities: [entity('place', 'Paris', [[0, 5]])] });
      const b = draft('B', { entities: [entity('place', 'Rome', [[0, 4]])] });
      await store.saveArticle(a);
      await store.saveArticle(b);
      const page = await store.listArticles({ limit: 10, entity: [a.entities[0]?.id ?? ''] });
      expect(page).toEqual({ data: [expect.objectContaining({ id: a.id })], next: null });
      expect(await store.listArticles({ limit: 10, entity: ['ffffffffffffffff'] })).toEqual({ data: [], next: null });
    });

    it('lists entities by mentions, by type, and by accent-insensitive name prefix', async () => {
      await store.saveArticle(
        draft('x', {
          entities: [
            entity('person', 'Aleksandar Vučić', [
              [0, 1],
              [2, 3],
              [4, 5],
            ]),
            entity('person', 'Ana Brnabić', [[6, 7]]),
            entity('place', 'Vukovar', [
              [8, 9],
              [10, 11],
            ]),
            entity('organization', 'European Union', [[12, 13]], { aliases: ['EU'] }),
          ],
        }),
      );
      const names = async (req: Parameters<NewsStore['listEntities']>[0]) =>
        (await store.listEntities(req)).data.map((e) => e.name);
      expect(await names({ limit: 10 })).toEqual(['Aleksandar Vučić', 'Vukovar', 'European Union', 'Ana Brnabić']);
      expect(await names({ limit: 10, type: 'person' })).toEqual(['Aleksandar Vučić', 'Ana Brnabić']);
      expect(await names({ limit: 10, q: 'ALEKSANDAR VUC' })).toEqual(['Aleksandar Vučić']);
      expect(await names({ limit: 10, q: 'a' })).toEqual(['Aleksandar Vučić', 'Ana Brnabić']);
      expect(await names({ limit: 10, q: 'v', type: 'place' })).toEqual(['Vukovar']);
      // Any word of the name or an alias: by the matching term ("vucic" < "vukovar").
      expect(await names({ limit: 10, q: 'vu' })).toEqual(['Aleksandar Vučić', 'Vukovar']);
      expect(await names({ limit: 10, q: 'eu' })).toEqual(['European Union']);
      expect(await names({ limit: 10, q: 'union' })).toEqual(['European Union']);
      expect(await names({ limit: 10, q: 'zz' })).toEqual([]);
      const first = await store.listEntities({ limit: 1, q: 'a' });
      expect(first.next).not.toBeNull();
      const second = await store.listEntities({ limit: 1, q: 'a', cursor: first.next ?? '' });
      expect(second.data.map((e) => e.name)).toEqual(['Ana Brnabić']);
    });

    it('keeps name-ordered cursors short, whatever the length of the names', async () => {
      const long = `Vu ${'Longname '.repeat(400)}Vuong`;
      await store.saveArticle(
        draft('z', { entities: [entity('person', long, [[0, 1]]), entity('person', 'Vuk Jeremić', [[2, 3]])] }),
      );
      for (const req of [{ q: 'vu' }, { sort: 'name' as const }]) {
        const first = await store.listEntities({ limit: 1, ...req });
        expect(first.next?.length).toBeLessThan(40);
        const second = await store.listEntities({ limit: 1, ...req, cursor: first.next ?? '' });
        expect(second.data.map((e) => e.name)).toEqual(['Vuk Jeremić']);
      }
    });

    it('lists an entity once when several of its names match the prefix, across pages too', async () => {
      await store.saveArticle(
        draft('y', {
          entities: [
            entity('person', 'Vu Van Vuong', [[0, 1]], { aliases: ['Vuong'] }),
            entity('person', 'Vuk Jeremić', [[2, 3]]),
          ],
        }),
      );
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.listEntities({ limit: 1, q: 'vu', cursor });
        seen.push(...page.data.map((e) => e.name));
        cursor = page.next ?? undefined;
      } while (cursor);
      expect(seen).toEqual(['Vu Van Vuong', 'Vuk Jeremić']);
    });

    it('lists quotes by speaker', async () => {
      const d = draft('Q', {
        entities: [entity('person', 'Ann Lee', [[0, 7]]), entity('person', 'Bo Li', [[8, 13]])],
        quotes: [0, 1, null].map((speaker, i) => ({
          id: `00000000000000a${i}`,
          kind: 'direct' as const,
          text: `quote ${i}`,
          parts: [{ start: i, end: i + 1, text: `quote ${i}` }],
          start: i,
          end: i + 1,
          cue: null,
          speakerMention: null,
          speaker,
          occurrences: [{ start: i, end: i + 1 }],
        })),
      });
      await store.saveArticle(d);
      const all = await store.listQuotes({ limit: 10 });
      expect(all.data.map((q) => q.text)).toEqual(['quote 2', 'quote 1', 'quote 0']);
      expect(all.data[0]).toMatchObject({ articleId: d.id, speaker: null });
      const byAnn = await store.listQuotes({ limit: 10, speaker: d.entities[0]?.id });
      expect(byAnn.data.map((q) => [q.text, q.speaker?.name])).toEqual([['quote 0', 'Ann Lee']]);
    });

    it('keeps the order of quotes when an article is extracted again', async () => {
      const quote = (i: number) => ({
        id: `00000000000000c${i}`,
        kind: 'direct' as const,
        text: `quote ${i}`,
        parts: [{ start: i, end: i + 1, text: `quote ${i}` }],
        start: i,
        end: i + 1,
        cue: null,
        speakerMention: null,
        speaker: null,
        occurrences: [{ start: i, end: i + 1 }],
      });
      const older = draft('Older', { quotes: [quote(1), quote(2)] });
      await store.saveArticle(older);
      await store.saveArticle(draft('Newer', { quotes: [quote(3)] }));
      const texts = async () => (await store.listQuotes({ limit: 10 })).data.map((q) => q.text);
      expect(await texts()).toEqual(['quote 3', 'quote 2', 'quote 1']);
      await store.replaceArticle({ ...older, quotes: [quote(1), quote(2)] });
      expect(await texts()).toEqual(['quote 3', 'quote 2', 'quote 1']);
      const first = await store.listQuotes({ limit: 2 });
      expect((await store.listQuotes({ limit: 2, cursor: first.next ?? '' })).data.map((q) => q.text)).toEqual([
        'quote 1',
      ]);
    });

    it('filters quotes by kind and by words, accent-insensitively, combined with the speaker', async () => {
      const d = draft('Q2', {
        entities: [entity('person', 'Ann Lee', [[0, 7]]), entity('person', 'Bo Li', [[8, 13]])],
        quotes: [
          [0, 'direct', 'We will rebuild the café together'],
          [1, 'indirect', 'the talks on rebuilding failed'],
          [0, 'indirect', 'prices rose sharply'],
        ].map(([speaker, kind, text], i) => ({
          id: `00000000000000b${i}`,
          kind: kind as 'direct' | 'indirect',
          text: text as string,
          parts: [{ start: i, end: i + 1, text: text as string }],
          start: i,
          end: i + 1,
          cue: null,
          speakerMention: null,
          speaker: speaker as number,
          occurrences: [{ start: i, end: i + 1 }],
        })),
      });
      await store.saveArticle(d);
      const texts = async (req: Parameters<NewsStore['listQuotes']>[0]) =>
        (await store.listQuotes(req)).data.map((q) => q.text);
      const ann = d.entities[0]?.id;
      expect(await texts({ limit: 10, kind: 'direct' })).toEqual(['We will rebuild the café together']);
      expect(await texts({ limit: 10, q: 'CAFE' })).toEqual(['We will rebuild the café together']);
      expect(await texts({ limit: 10, q: 'rebuil' })).toEqual([
        'the talks on rebuilding failed',
        'We will rebuild the café together',
      ]);
      expect(await texts({ limit: 10, q: 'rebuild', speaker: ann })).toEqual(['We will rebuild the café together']);
      expect(await texts({ limit: 10, q: 'rebuild', kind: 'indirect' })).toEqual(['the talks on rebuilding failed']);
      expect(await texts({ limit: 10, speaker: ann, kind: 'indirect' })).toEqual(['prices rose sharply']);
      expect(await texts({ limit: 10, q: '"*) OR (' })).toEqual([]);
      expect(await texts({ limit: 10, q: '  ' })).toEqual([]);
      const first = await store.listQuotes({ limit: 1, q: 'rebuild' });
      expect(
        (await store.listQuotes({ limit: 1, q: 'rebuild', cursor: first.next ?? '' })).data.map((q) => q.text),
      ).toEqual(['We will rebuild the café together']);
      // Deleting the article takes its quotes out of the text index too.
      await store.deleteArticle(d.id);
      expect(await texts({ limit: 10, q: 'rebuild' })).toEqual([]);
    });

    it('changes its version with every write that changes data, and not with a no-op', async () => {
      const v0 = await store.version();
      const d = draft('Versioned\nParis again', { entities: [entity('place', 'Paris', [[0, 5]])] });
      await store.saveArticle(d);
      const v1 = await store.version();
      expect(v1).not.toBe(v0);
      await store.saveArticle(d);
      expect(await store.version()).toBe(v1);
      await store.replaceArticle(d);
      const v2 = await store.version();
      expect(v2).not.toBe(v1);
      await store.deleteArticle(d.id);
      const v3 = await store.version();
      expect(v3).not.toBe(v2);
      expect(await store.deleteArticle(d.id)).toBe(false);
      expect(await store.version()).toBe(v3);
      await expect(store.ping()).resolves.toBeUndefined();
    });

    describe('articles stored after a position (GET /articles/stream)', () => {
      const headlines = (r: Awaited<ReturnType<NewsStore['articlesStoredAfter']>>) =>
        r.data.map((x) => x.article.headline);

      it('starts at the newest position: only what is stored later, in storage order, not publication order', async () => {
        await store.saveArticle(draft('Before the start'));
        const start = await store.articlesStoredAfter({ limit: 10 });
        expect(start).toMatchObject({ data: [], more: false });
        expect(headlines(await store.articlesStoredAfter({ limit: 10, after: start.position }))).toEqual([]);

        await store.saveArticle(draft('Published today', { publishedAt: '2026-03-01' }));
        await store.saveArticles([
          draft('Published last year', { publishedAt: '2025-03-01' }),
          draft('Published long ago', { publishedAt: '1999-03-01' }),
        ]);
        const got = await store.articlesStoredAfter({ limit: 10, after: start.position });
        expect(headlines(got)).toEqual(['Published today', 'Published last year', 'Published long ago']);
        expect(got.more).toBe(false);
        // The items are GET /articles's.
        const listed = (await store.listArticles({ limit: 10 })).data;
        expect(got.data.map((x) => x.article)).toEqual(got.data.map((x) => listed.find((a) => a.id === x.article.id)));
        // Going on from the answer's position, or from the last article's, gives nothing more.
        expect(got.position).toBe(got.data[2]?.position);
        expect(headlines(await store.articlesStoredAfter({ limit: 10, after: got.position }))).toEqual([]);
      });

      it('pages by position, each article once, and leaves deleted ones out', async () => {
        const start = (await store.articlesStoredAfter({ limit: 10 })).position;
        for (const n of [1, 2, 3, 4]) await store.saveArticle(draft(`Item ${n}`));
        await store.deleteArticle(draft('Item 3').id);
        const seen: string[] = [];
        let after = start;
        for (let round = 0; round < 10; round++) {
          const page = await store.articlesStoredAfter({ limit: 2, after });
          seen.push(...headlines(page));
          after = page.position;
          if (!page.more) break;
        }
        expect(seen).toEqual(['Item 1', 'Item 2', 'Item 4']);
        // Resuming after one article's position gives exactly what came after it.
        const all = await store.articlesStoredAfter({ limit: 10, after: start });
        expect(headlines(await store.articlesStoredAfter({ limit: 10, after: all.data[0]?.position }))).toEqual([
          'Item 2',
          'Item 4',
        ]);
      });

      it('filters as GET /articles does (q, entity, source) and moves past what matched nothing', async () => {
        const paris = entity('place', 'Paris', [[0, 5]]);
        const start = (await store.articlesStoredAfter({ limit: 10 })).position;
        await store.saveArticle(draft('Paris harbour\nThe harbour reopened.', { entities: [paris] }));
        await store.saveArticle(draft('Oslo harbour\nThe harbour closed.', { source: { name: 'Wire B' } }));
        await store.saveArticle(
          draft('Paris budget\nThe budget passed.', { entities: [paris], source: { name: 'Wire B' } }),
        );
        const read = (filter: { q?: string; entity?: string[]; source?: string }) =>
          store.articlesStoredAfter({ limit: 10, after: start, ...filter });
        expect(headlines(await read({ q: 'harbo' }))).toEqual(['Paris harbour', 'Oslo harbour']);
        expect((await read({ q: 'harbo' })).data[0]?.article.snippet?.highlights.length).toBeGreaterThan(0);
        expect(headlines(await read({ entity: [paris.id] }))).toEqual(['Paris harbour', 'Paris budget']);
        expect(headlines(await read({ source: 'Wire B' }))).toEqual(['Oslo harbour', 'Paris budget']);
        expect(headlines(await read({ source: 'Wire B', entity: [paris.id] }))).toEqual(['Paris budget']);
        expect(headlines(await read({ entity: [entity('person', 'Nobody', [[0, 6]]).id] }))).toEqual([]);

        // Nothing matched, yet the position moved past the three: the next read starts after them.
        const nothing = await read({ source: 'Wire C' });
        expect(nothing.data).toEqual([]);
        await store.saveArticle(draft('Wire C story', { source: { name: 'Wire C' } }));
        const next = await store.articlesStoredAfter({ limit: 10, after: nothing.position, source: 'Wire C' });
        expect(headlines(next)).toEqual(['Wire C story']);
        expect(headlines(await store.articlesStoredAfter({ limit: 10, after: nothing.position }))).toEqual([
          'Wire C story',
        ]);
      });

      it.each([
        'not-base64!',
        Buffer.from('{"a":1}').toString('base64url'),
        Buffer.from('["x"]').toString('base64url'),
        Buffer.from('[1.5, 2.5]').toString('base64url'),
      ])('refuses the malformed position %s', async (after) => {
        await expect(store.articlesStoredAfter({ limit: 10, after })).rejects.toThrow(InvalidCursorError);
      });
    });

    describe('timelines and histograms', () => {
      const paris = (n: number) =>
        entity(
          'place',
          'Paris',
          Array.from({ length: n }, (_, i): [number, number] => [i * 6, i * 6 + 5]),
        );
      const rome = entity('place', 'Rome', [[20, 24]]);
      /** [text, publishedAt (null: the ingest date stands in), Paris mentions (0: none), more]. */
      const corpus: [string, string | null, number, Partial<ArticleDraft>?][] = [
        ['Harbour talks\nThe harbour reopened.', '2024-06-03T10:00:00Z', 2, { source: { name: 'Wire A' } }],
        ['Summit\nLeaders met by the harbour.', '2024-06-09T23:59:59Z', 1, { source: { name: 'Wire B' } }],
        ['Strike\nWorkers walked out.', '2024-06-10T00:00:00Z', 3, { source: { name: 'Wire A' } }],
        // 23:30 at UTC-2 is 01:30 UTC on 3 July: the UTC date counts.
        ['Heat\nA harbour heatwave.', '2024-07-02T23:30:00-02:00', 1],
        ['Undated\nNo date is stated.', null, 1],
        // Thursday 2 January 2025 is in the ISO week that starts on Monday 30 December 2024.
        ['New year\nFireworks.', '2025-01-02', 1],
        ['Elsewhere\nNothing about the city.', '2024-06-04T08:00:00Z', 0],
      ];
      const ingestedAt = new Date('2024-07-15T12:00:00Z');
      const drafts = corpus.map(([text, publishedAt, mentions, more], i) =>
        draft(text, {
          publishedAt,
          entities: [...(mentions ? [paris(mentions)] : []), ...(i === 1 ? [rome] : [])],
          ...more,
        }),
      );
      const parisId = paris(1).id;
      beforeEach(async () => {
        await store.saveArticles(drafts, ingestedAt);
      });

      it("counts an entity's articles and mentions per UTC day, ISO week and month, leaving out empty periods", async () => {
        expect(await store.entityTimeline(parisId, { interval: 'day' })).toEqual([
          { start: '2024-06-03', articles: 1, mentions: 2 },
          { start: '2024-06-09', articles: 1, mentions: 1 },
          { start: '2024-06-10', articles: 1, mentions: 3 },
          { start: '2024-07-03', articles: 1, mentions: 1 },
          { start: '2024-07-15', articles: 1, mentions: 1 },
          { start: '2025-01-02', articles: 1, mentions: 1 },
        ]);
        expect(await store.entityTimeline(parisId, { interval: 'week' })).toEqual([
          { start: '2024-06-03', articles: 2, mentions: 3 },
          { start: '2024-06-10', articles: 1, mentions: 3 },
          { start: '2024-07-01', articles: 1, mentions: 1 },
          { start: '2024-07-15', articles: 1, mentions: 1 },
          { start: '2024-12-30', articles: 1, mentions: 1 },
        ]);
        expect(await store.entityTimeline(parisId, { interval: 'month' })).toEqual([
          { start: '2024-06-01', articles: 3, mentions: 6 },
          { start: '2024-07-01', articles: 2, mentions: 2 },
          { start: '2025-01-01', articles: 1, mentions: 1 },
        ]);
        expect(await store.entityTimeline(rome.id, { interval: 'month' })).toEqual([
          { start: '2024-06-01', articles: 1, mentions: 1 },
        ]);
        expect(await store.entityTimeline('ffffffffffffffff', { interval: 'day' })).toBeNull();
      });

      it('bounds a timeline by date as the article list does: a date alone is its whole UTC day', async () => {
        const weeks = (from?: string, to?: string) => store.entityTimeline(parisId, { interval: 'week', from, to });
        expect(await weeks('2024-06-09', '2024-06-10')).toEqual([
          { start: '2024-06-03', articles: 1, mentions: 1 },
          { start: '2024-06-10', articles: 1, mentions: 3 },
        ]);
        expect(await weeks('2024-06-10T00:00:00.001Z')).toEqual([
          { start: '2024-07-01', articles: 1, mentions: 1 },
          { start: '2024-07-15', articles: 1, mentions: 1 },
          { start: '2024-12-30', articles: 1, mentions: 1 },
        ]);
        expect(await weeks(undefined, '2024-06-03T12:00:00+02:00')).toEqual([
          { start: '2024-06-03', articles: 1, mentions: 2 },
        ]);
        expect(await weeks('2023-01-01', '2023-12-31')).toEqual([]);
      });

      it('follows deletions and re-extractions', async () => {
        await store.deleteArticle(drafts[2]?.id ?? '');
        await store.replaceArticle({ ...(drafts[0] as ArticleDraft), publishedAt: '2024-08-20T00:00:00Z' });
        expect(await store.entityTimeline(parisId, { interval: 'month' })).toEqual([
          { start: '2024-06-01', articles: 1, mentions: 1 },
          { start: '2024-07-01', articles: 2, mentions: 2 },
          { start: '2024-08-01', articles: 1, mentions: 2 },
          { start: '2025-01-01', articles: 1, mentions: 1 },
        ]);
        expect(await store.articleHistogram({ interval: 'month', q: 'harbour' })).toEqual([
          { start: '2024-06-01', articles: 1 },
          { start: '2024-07-01', articles: 1 },
          { start: '2024-08-01', articles: 1 },
        ]);
      });

      it('counts per period the articles of a search, whatever its filters, as the list finds them', async () => {
        expect(await store.articleHistogram({ interval: 'month' })).toEqual([
          { start: '2024-06-01', articles: 4 },
          { start: '2024-07-01', articles: 2 },
          { start: '2025-01-01', articles: 1 },
        ]);
        expect(await store.articleHistogram({ interval: 'week', q: 'HARBOUR' })).toEqual([
          { start: '2024-06-03', articles: 2 },
          { start: '2024-07-01', articles: 1 },
        ]);
        expect(await store.articleHistogram({ interval: 'day', entity: [parisId, rome.id] })).toEqual([
          { start: '2024-06-09', articles: 1 },
        ]);
        expect(await store.articleHistogram({ interval: 'day', entity: ['ffffffffffffffff'] })).toEqual([]);
        expect(await store.articleHistogram({ interval: 'day', q: '!!!' })).toEqual([]);
        const filters: Omit<HistogramRequest, 'interval'>[] = [
          {},
          { q: 'harbour' },
          { q: 'harb', source: 'Wire A' },
          { q: 'harbour', entity: [parisId] },
          { entity: [parisId] },
          { entity: [parisId], source: 'Wire A' },
          { entity: [rome.id, parisId] },
          { source: 'Wire A' },
          { source: 'Wire C' },
          { from: '2024-06-04', to: '2024-07-03' },
          { entity: [parisId], from: '2024-06-10' },
          { q: 'harbour', to: '2024-06-30' },
          { source: 'Wire B', from: '2024-06-09T23:59:59Z', to: '2024-06-09T23:59:59Z' },
        ];
        for (const filter of filters) {
          const listed = (await store.listArticles({ ...filter, limit: 100 })).data;
          for (const interval of ['day', 'week', 'month'] as const) {
            const histogram = await store.articleHistogram({ ...filter, interval });
            const total = histogram.reduce((n, p) => n + p.articles, 0);
            expect(total, JSON.stringify({ ...filter, interval })).toBe(listed.length);
          }
        }
        // The entity's histogram is its timeline without the mentions.
        const timeline = (await store.entityTimeline(parisId, { interval: 'week' })) ?? [];
        expect(await store.articleHistogram({ interval: 'week', entity: [parisId] })).toEqual(
          timeline.map(({ start, articles }) => ({ start, articles })),
        );
      });
    });

    describe('stories', () => {
      const story = (headline: string, paragraphs: string[], source: string, day: number, more = {}) =>
        draft([headline, ...paragraphs].join('\n'), {
          source: { name: source },
          publishedAt: `2026-03-${String(day).padStart(2, '0')}T10:00:00Z`,
          ...more,
        });
      const wire = story('EU proposes to cut reporting rules', WIRE, 'Example Wire', 1);
      const copy = story('Brussels to slash paperwork for small firms', COPY, 'Example Daily', 2);
      const other = story('Small firms welcome EU plan', OTHER, 'Example Times', 3);

      it('groups a lightly edited copy with the first article of its story, and not another report of the event', async () => {
        for (const d of [wire, copy, other]) await store.saveArticle(d);
        expect(await store.getArticle(copy.id)).toMatchObject({
          storyId: wire.id,
          duplicates: [
            { id: wire.id, headline: 'EU proposes to cut reporting rules', source: { name: 'Example Wire' } },
          ],
        });
        expect(await store.getArticle(wire.id)).toMatchObject({
          storyId: wire.id,
          duplicates: [
            { id: copy.id, headline: 'Brussels to slash paperwork for small firms', source: { name: 'Example Daily' } },
          ],
        });
        expect(await store.getArticle(other.id)).toMatchObject({ storyId: other.id, duplicates: [] });
        const listed = (await store.listArticles({ limit: 10 })).data.map((a) => [a.id, a.storyId]);
        expect(listed).toEqual([
          [other.id, other.id],
          [copy.id, wire.id],
          [wire.id, wire.id],
        ]);
      });

      it('keeps the story of a copy whose first article is deleted, and its re-extraction', async () => {
        const third = story('Reporting rules to be cut', [...WIRE.slice(0, 4), WIRE[5] as string], 'Example Post', 4);
        for (const d of [wire, copy]) await store.saveArticle(d);
        await store.deleteArticle(wire.id);
        await store.saveArticle(third);
        expect(await store.replaceArticle(copy)).toBe(true);
        expect(await store.getArticle(copy.id)).toMatchObject({
          storyId: wire.id,
          duplicates: [{ id: third.id }],
        });
        expect((await store.getArticle(third.id))?.storyId).toBe(wire.id);
      });

      it('starts a story of its own for a body too short to compare', async () => {
        const a = draft('Results\nDraw 1-1.', { source: { name: 'A' } });
        const b = draft('Result\nDraw 1-1.', { source: { name: 'B' } });
        for (const d of [a, b]) await store.saveArticle(d);
        expect((await store.getArticle(b.id))?.storyId).toBe(b.id);
      });

      it('lists one article per story with collapse=story: the newest matching, with the count of the others, across pages', async () => {
        const paris = entity('place', 'Paris', [[0, 5]]);
        const copies = [
          wire,
          copy,
          story('Paperwork cut for small firms', [...WIRE.slice(0, 5)], 'Example Wire', 5, { entities: [paris] }),
        ];
        const others = [
          other,
          story('Small firms welcome plan, cautiously', [...OTHER.slice(0, 3)], 'Example Daily', 4, {
            entities: [paris],
          }),
        ];
        for (const d of [...copies, ...others]) await store.saveArticle(d);
        const walk = async (req: Omit<Parameters<NewsStore['listArticles']>[0], 'limit' | 'cursor'>) => {
          const seen: [string, number | undefined][] = [];
          let cursor: string | undefined;
          do {
            const page = await store.listArticles({ ...req, limit: 1, cursor, collapse: 'story' });
            seen.push(...page.data.map((a): [string, number | undefined] => [a.id, a.duplicateCount]));
            cursor = page.next ?? undefined;
          } while (cursor);
          return seen;
        };
        const [, c, p] = copies.map((d) => d.id) as [string, string, string];
        const [o, o2] = others.map((d) => d.id) as [string, string];
        expect(await walk({})).toEqual([
          [p, 2],
          [o2, 1],
        ]);
        // Whatever the order, the newest of a story stands for it.
        expect(await walk({ sort: 'oldest' })).toEqual([
          [o2, 1],
          [p, 2],
        ]);
        // The newest article that matches the filters, counting only the others that match.
        expect(await walk({ source: 'Example Daily' })).toEqual([
          [o2, 0],
          [c, 0],
        ]);
        expect(await walk({ to: '2026-03-03' })).toEqual([
          [o, 0],
          [c, 1],
        ]);
        expect(await walk({ entity: [paris.id] })).toEqual([
          [p, 0],
          [o2, 0],
        ]);
        expect(await walk({ q: 'hard-won', sort: 'newest' })).toEqual([[p, 2]]);
        expect(await walk({ q: 'proposal' })).toHaveLength(2);
        // Without collapse: every article, without the count.
        expect((await store.listArticles({ limit: 10 })).data.map((a) => a.duplicateCount)).toEqual(
          Array(5).fill(undefined),
        );
      });

      it('lists the articles of one story with `story`, combined with the other filters, across pages', async () => {
        const paris = entity('place', 'Paris', [[0, 5]]);
        const latest = story('Paperwork cut for small firms', [...WIRE.slice(0, 5)], 'Example Wire', 5, {
          entities: [paris],
        });
        for (const d of [wire, copy, other, latest]) await store.saveArticle(d);
        const walk = async (req: Omit<Parameters<NewsStore['listArticles']>[0], 'limit' | 'cursor'>) => {
          const seen: string[] = [];
          let cursor: string | undefined;
          do {
            const page = await store.listArticles({ ...req, limit: 1, cursor });
            seen.push(...page.data.map((a) => a.id));
            cursor = page.next ?? undefined;
          } while (cursor);
          return seen;
        };
        expect(await walk({ story: wire.id })).toEqual([latest.id, copy.id, wire.id]);
        expect(await walk({ story: wire.id, sort: 'oldest' })).toEqual([wire.id, copy.id, latest.id]);
        expect(await walk({ story: other.id })).toEqual([other.id]);
        // The story's id is its first article's, not any other member's: a copy's id names no story.
        expect(await walk({ story: copy.id })).toEqual([]);
        expect(await walk({ story: '0000000000000000' })).toEqual([]);
        expect(await walk({ story: wire.id, source: 'example daily' })).toEqual([copy.id]);
        expect(await walk({ story: wire.id, from: '2026-03-02', to: '2026-03-02' })).toEqual([copy.id]);
        expect(await walk({ story: wire.id, entity: [paris.id] })).toEqual([latest.id]);
        expect(await walk({ story: other.id, entity: [paris.id] })).toEqual([]);
        expect(await walk({ story: wire.id, q: 'hard-won', sort: 'newest' })).toEqual([latest.id, copy.id, wire.id]);
        expect(await walk({ story: wire.id, q: 'simplification' })).toEqual([copy.id]);
        expect(await walk({ story: other.id, q: 'hard-won' })).toEqual([]);
        // Collapsed, the story is its newest article, standing for the others.
        const collapsed = await store.listArticles({ story: wire.id, collapse: 'story', limit: 10 });
        expect(collapsed.data.map((a) => [a.id, a.duplicateCount])).toEqual([[latest.id, 2]]);
      });

      it('collapses a story whose copies match a source named in another case', async () => {
        const again = story('EU to cut reporting rules', [...WIRE.slice(0, 5)], 'Example Wire', 4);
        for (const d of [wire, again]) await store.saveArticle(d);
        const page = await store.listArticles({ source: 'example WIRE', collapse: 'story', limit: 10 });
        expect(page.data.map((a) => [a.id, a.duplicateCount])).toEqual([[again.id, 1]]);
      });

      it('groups the articles stored before stories were kept, oldest first, as saving them would have', async () => {
        for (const d of [wire, other, copy]) await store.saveArticle(d);
        await exec(BEFORE_STORIES_SQL);
        expect((await store.getArticle(copy.id))?.storyId).toBe(copy.id);
        expect(await store.groupEarlierArticles(2)).toBe(2);
        expect(await store.groupEarlierArticles(2)).toBe(1);
        expect(await store.groupEarlierArticles(2)).toBe(0);
        expect((await store.getArticle(copy.id))?.storyId).toBe(wire.id);
        expect((await store.getArticle(other.id))?.storyId).toBe(other.id);
        // A later copy finds them.
        const third = story('Reporting rules to be cut', WIRE.slice(0, 5), 'Example Post', 4);
        await store.saveArticle(third);
        expect((await store.getArticle(third.id))?.storyId).toBe(wire.id);
      });
    });

    it.each([
      'not-base64!',
      Buffer.from('{"a":1}').toString('base64url'),
      Buffer.from('["x"]').toString('base64url'),
      Buffer.from('[1.5]').toString('base64url'),
    ])('refuses the malformed cursor %s', async (cursor) => {
      await expect(store.listArticles({ limit: 10, cursor })).rejects.toThrow(InvalidCursorError);
    });
  });
}
