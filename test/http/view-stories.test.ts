// Stories in the reader view: the article list shows one article per story with a link to its versions,
// `versions=all` every version, `story=<id>` one story's; an article's page links its other versions.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_DUPLICATES } from '../../src/schemas/article.js';
import type { NewsStore } from '../../src/store/news-store.js';
import { createSqliteStore, openDatabase } from '../../src/store/sqlite-store.js';
import { buildTestApp } from '../app.js';
import { COPY, draft, entity, OTHER, WIRE } from '../store/drafts.js';
import { unescapeHtml } from '../support/html.js';

const article = (headline: string, paragraphs: string[], source: string, date: string) =>
  draft([headline, ...paragraphs].join('\n'), { source: { name: source }, publishedAt: `${date}T10:00:00Z` });
const wire = article('EU proposes to cut reporting rules', WIRE, 'Example Wire', '2026-03-01');
const copy = article('Brussels to slash paperwork for small firms', COPY, 'Example Daily', '2026-03-02');
const other = article('Small firms welcome EU plan', OTHER, 'Example Times', '2026-03-03');
const latest = article('Reporting rules to be cut', WIRE.slice(0, 5), 'Example Post', '2026-03-04');
// Reprints of the wire text, published before it but stored after it: the story stays the wire's.
// Their headlines hold markup, which must reach the page as text.
const reprints = Array.from({ length: 20 }, (_, i) =>
  article(`Reprint ${i}: <b>rules</b> cut`, WIRE, `Paper ${i}`, `2026-02-${String(i + 1).padStart(2, '0')}`),
);
const VERSIONS = 3 + reprints.length;

let app: FastifyInstance;
let store: NewsStore;
beforeAll(async () => {
  store = createSqliteStore(openDatabase(':memory:'));
  for (const d of [wire, copy, other, latest, ...reprints]) await store.saveArticle(d);
  app = await buildTestApp(store);
});
afterAll(async () => {
  await app.close();
  await store.close();
});

async function page(url: string) {
  const res = await app.inject({ method: 'GET', url });
  expect(res.statusCode, url).toBe(200);
  expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
  expect(res.body).not.toMatch(/<(script|b)[\s>]/i);
  return res.body;
}
/** The ids of the articles listed, in order. */
const listed = (body: string) => [...body.matchAll(/<li><a href="\/view\/articles\/(\w+)">/g)].map((m) => m[1]);
const nextOf = (body: string) => {
  const next = body.match(/<a rel="next" href="([^"]+)">/)?.[1];
  return next ? unescapeHtml(next) : null;
};
/** Every article of a list, following its next links. */
async function walk(url: string) {
  const ids: (string | undefined)[] = [];
  let next: string | null = url;
  while (next) {
    const body = await page(next);
    ids.push(...listed(body));
    next = nextOf(body);
  }
  return ids;
}

describe('GET /view stories', () => {
  it('lists one article per story by default, the newest, with a link to its versions', async () => {
    const body = await page('/view');
    expect(listed(body)).toEqual([latest.id, other.id]);
    expect(body).toContain(`<a class="versions" href="/view?story=${wire.id}">${VERSIONS} versions</a>`);
    // A story of one article has no versions link.
    expect(body.match(/class="versions"/g)).toHaveLength(1);
    expect(body).toContain(
      'One article per story, its newest version · <a class="versions-all" href="/view?versions=all">every version</a>',
    );
  });

  it('counts the versions that match the filters, and keeps the filters in the link', async () => {
    // "Officials" is in the wire text's last paragraph, which the copy and the latest version cut.
    const body = await page('/view?q=Officials');
    expect(listed(body)).toEqual([wire.id]);
    expect(body).toContain(
      `<a class="versions" href="/view?q=Officials&amp;story=${wire.id}">${reprints.length + 1} versions</a>`,
    );
    const versions = await walk(`/view?q=Officials&story=${wire.id}`);
    expect(versions).toHaveLength(reprints.length + 1);
    expect(versions).not.toContain(copy.id);
  });

  it('shows every version with versions=all, a page at a time, with the way back to one per story', async () => {
    const body = await page('/view?versions=all');
    expect(listed(body)).toHaveLength(20);
    expect(body).not.toContain('class="versions"');
    expect(body).toContain('<a class="collapse" href="/view">one article per story</a>');
    expect(body).toContain('<input type="hidden" name="versions" value="all">');
    expect(nextOf(body)).toMatch(/^\/view\?versions=all&cursor=/);
    const all = await walk('/view?versions=all');
    expect(new Set(all).size).toBe(VERSIONS + 1);
  });

  it("lists one story's versions with story=, newest first, named by its first headline, across pages", async () => {
    const body = await page(`/view?story=${wire.id}`);
    expect(body).toContain('<h1>Versions of a story</h1>');
    expect(body).toContain(
      `of the story <a class="story" href="/view/articles/${wire.id}">EU proposes to cut reporting rules</a> <a class="clear" href="/view">✕</a>`,
    );
    expect(body).toContain(`<input type="hidden" name="story" value="${wire.id}">`);
    expect(body).not.toContain('class="grouping"');
    const versions = await walk(`/view?story=${wire.id}`);
    expect(versions).toEqual([latest.id, copy.id, wire.id, ...reprints.map((r) => r.id).reverse()]);
    // Combined with the other filters.
    expect(listed(await page(`/view?story=${wire.id}&source=Example+Daily`))).toEqual([copy.id]);
    expect(listed(await page(`/view?story=${other.id}`))).toEqual([other.id]);
  });

  it('says so for a story with no stored article, and refuses a malformed story id as problem+json', async () => {
    const body = await page('/view?story=0000000000000000');
    expect(body).toContain('of the story <code>0000000000000000</code>');
    expect(body).toContain('No articles match these filters.');
    const bad = await app.inject({ method: 'GET', url: '/view?story=%3Cscript%3E' });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
    // The form's empty field is no filter.
    expect(listed(await page('/view?story=&versions='))).toEqual([latest.id, other.id]);
  });
});

describe('GET /view/articles/:id versions', () => {
  it('links the other versions of its story, escaped, and all of them', async () => {
    const body = await page(`/view/articles/${copy.id}`);
    expect(body).toContain('<h2>Other versions of this story</h2>');
    const section = body.slice(body.indexOf('<section class="versions">'));
    const linked = [...section.matchAll(/<li><a href="\/view\/articles\/(\w+)">/g)].map((m) => m[1]);
    expect(linked).toHaveLength(MAX_DUPLICATES);
    expect(linked.slice(0, 2)).toEqual([latest.id, wire.id]);
    expect(linked).not.toContain(copy.id);
    expect(section).toContain('Reprint 19: &lt;b&gt;rules&lt;/b&gt; cut</a> <span class="meta">· Paper 19</span>');
    expect(section).toContain(`<a class="more" href="/view?story=${wire.id}">All versions of this story`);
  });

  it('has no versions section for an article that is its own story', async () => {
    expect(await page(`/view/articles/${other.id}`)).not.toContain('Other versions of this story');
  });
});

describe('GET /view/entities/:id stories', () => {
  it('lists one article per story that mentions the entity, with a link to those versions', async () => {
    const named = (d: typeof wire) => {
      const at = d.text.indexOf('European Commission');
      return { ...d, entities: [entity('organization', 'European Commission', [[at, at + 19]])] };
    };
    const own = createSqliteStore(openDatabase(':memory:'));
    const ownApp = await buildTestApp(own);
    // `other` is another story, which does not name the Commission in full.
    for (const d of [wire, copy, latest]) await own.saveArticle(named(d));
    await own.saveArticle(other);
    const id = named(wire).entities[0]?.id ?? '';
    const res = await ownApp.inject({ method: 'GET', url: `/view/entities/${id}` });
    await ownApp.close();
    await own.close();
    expect(res.statusCode).toBe(200);
    expect(listed(res.body)).toEqual([latest.id]);
    expect(res.body).toContain(`<a class="versions" href="/view?entity=${id}&amp;story=${wire.id}">3 versions</a>`);
  });
});
