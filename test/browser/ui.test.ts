// In a real browser (Debian's Chromium, driven by playwright-core): Swagger UI lists every operation
// and runs GET /articles/{id} and GET /entities against the seed; the reader view shows the seed with
// every mention and quote marked, and copies of it as one story with its versions a click away.
// Screenshots go to test-output/browser/ (git-ignored).
// Run with `npm run test:browser`; .ci/browser installs Chromium first when it is missing.
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/paths.js';
import type { Article } from '../../src/schemas/article.js';
import { loadArticles } from '../../src/service/ingest.js';
import { createSqliteStore, openDatabase } from '../../src/store/sqlite-store.js';
import { buildTestApp, TEST_KEY } from '../app.js';
import { extractor } from '../extractor.js';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];
const NINJS_TYPE = 'application/vnd.iptc.ninjs+json';
const SHOTS = join(packageRoot, 'test-output/browser');

let app: FastifyInstance;
let browser: Browser;
let page: Page;
let base: string;
let seed: Article;
const consoleErrors: string[] = [];

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  const store = createSqliteStore(openDatabase(':memory:'));
  expect(await loadArticles(store, join(packageRoot, 'data/articles'), extractor)).toMatchObject({
    stored: 1,
    failed: [],
  });
  app = await buildTestApp(store);
  app.addHook('onClose', () => store.close());
  await app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const list = (await (await fetch(`${base}/articles`)).json()) as { data: { id: string }[] };
  seed = (await (await fetch(`${base}/articles/${list.data[0]?.id}`)).json()) as Article;

  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(`${page.url()}: ${m.text()}`);
  });
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

/** Expands an operation in Swagger UI, fills its parameters with "Try it out", executes, and returns the answer. */
async function tryOut(opId: string, fill: (op: ReturnType<Page['locator']>) => Promise<void>) {
  const op = page.locator(`[id$="-${opId}"].opblock`);
  await op.locator('.opblock-summary').first().click();
  await op.locator('button.try-out__btn').click();
  await fill(op);
  await op.locator('button.execute').click();
  const answer = op.locator('.live-responses-table tr.response');
  await answer.locator('.response-col_status').waitFor();
  return {
    op,
    status: ((await answer.locator('.response-col_status').textContent()) ?? '').trim(),
    body: (await answer.locator('.response-col_description pre').first().textContent()) ?? '',
  };
}

const text = async (selector: string) => ((await page.locator(selector).textContent()) ?? '').trim();
const count = (selector: string) => page.locator(selector).count();

describe('Swagger UI at /docs', () => {
  it('lists every operation of the OpenAPI document', async () => {
    const doc = (await (await fetch(`${base}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
      webhooks: Record<string, Record<string, unknown>>;
    };
    // Swagger UI lists a webhook by its name where an operation has its path.
    const documented = [...Object.entries(doc.paths), ...Object.entries(doc.webhooks)].flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
    );
    await page.goto(`${base}/docs`);
    await page.locator('.opblock').first().waitFor();
    const listed = await page
      .locator('.opblock')
      .evaluateAll((ops) =>
        ops.map(
          (op) =>
            `${op.querySelector('.opblock-summary-method')?.textContent?.trim()} ${op.querySelector('.opblock-summary-path')?.getAttribute('data-path')}`,
        ),
      );
    expect(listed.sort()).toEqual(documented.sort());
    // 15 with the ingest queue's two job reads; then GET /articles/stream, the three exports, the timeline and
    // the histogram; the five of saved searches, and the webhook a saved search sends.
    expect(listed).toHaveLength(27);
    expect(listed).toContain('POST savedSearchDelivery');
    await shot('docs');
  });

  it('runs GET /articles/{id} with the seed’s id and shows its headline, as JSON and as ninjs', async () => {
    const { op, status, body } = await tryOut('getArticle', async (o) => {
      await o.locator('tr[data-param-name="id"] input').fill(seed.id);
    });
    expect(status).toBe('200');
    expect(JSON.parse(body)).toMatchObject({ id: seed.id, headline: seed.headline });
    expect(seed.headline).toBe('NATO chief ready to meet with Serbian president to defuse tensions in Kosovo');
    await op.screenshot({ path: join(SHOTS, 'docs-get-article.png') });

    // The response media type chooses the Accept header: ninjs is one of the two.
    await op.locator('.response-control-media-type--accept-controller select').selectOption(NINJS_TYPE);
    await op.locator('button.execute').click();
    const body2 = op.locator('.live-responses-table tr.response .response-col_description pre').first();
    await expect.poll(() => body2.textContent()).toContain('"headlines"');
    const ninjs = JSON.parse((await body2.textContent()) ?? '');
    expect(ninjs.headlines[0].value).toBe(seed.headline);
    await op.screenshot({ path: join(SHOTS, 'docs-get-article-ninjs.png') });
  });

  it('runs GET /entities with type=person and shows Jens Stoltenberg', async () => {
    const { op, status, body } = await tryOut('listEntities', async (o) => {
      await o.locator('tr[data-param-name="type"] select').selectOption('person');
    });
    expect(status).toBe('200');
    const names = JSON.parse(body).data.map((e: { name: string }) => e.name);
    expect(names).toContain('Jens Stoltenberg');
    expect(names).toEqual(['Jens Stoltenberg', 'Aleksandar Vucic']);
    await op.screenshot({ path: join(SHOTS, 'docs-list-entities.png') });
  });
});

describe('the reader view', () => {
  it('lists the seed and finds it by search', async () => {
    consoleErrors.length = 0;
    await page.goto(`${base}/view`);
    expect(await count('ul.articles li')).toBe(1);
    await page.locator('input[name="q"]').fill('stoltenb');
    await page.locator('form[role="search"] button').click();
    await page.waitForURL(/\/view\?q=stoltenb/);
    expect(await page.locator('ul.articles li mark.hit').first().textContent()).toBe('Stoltenberg');
    await shot('reader-search');
    await page.locator('ul.articles li a').first().click();
    await page.waitForURL(`${base}/view/articles/${seed.id}`);
    expect(consoleErrors.join('\n')).toBe('');
  });

  it('shows the seed with every mention highlighted by type and every quote marked with its speaker', async () => {
    consoleErrors.length = 0;
    await page.goto(`${base}/view/articles/${seed.id}`);
    expect(await text('h1')).toBe(seed.headline);

    // Every mention of every entity, counted by type (a mention cut by a quote is one mention in pieces).
    const shown = await page.locator('article a.m').evaluateAll((els) =>
      els.map((el) => ({
        key: el.getAttribute('data-m'),
        type: el.getAttribute('data-type'),
        href: el.getAttribute('href'),
        background: el.ownerDocument.defaultView?.getComputedStyle(el).backgroundColor,
      })),
    );
    const byType = (list: { type: string | null }[], type: string) => list.filter((m) => m.type === type).length;
    const unique = [...new Map(shown.map((m) => [m.key, m])).values()];
    const mentions = seed.entities.flatMap((e) => e.mentions.map(() => ({ type: e.type })));
    for (const type of ['person', 'organization', 'place']) {
      expect(byType(unique, type), type).toBe(byType(mentions, type));
    }
    expect(unique.length).toBe(46);
    expect(byType(unique, 'person')).toBe(11);
    // The stylesheet applied (the page's CSP lets exactly it in): each type has its colour.
    const colour = (type: string) => new Set(shown.filter((m) => m.type === type).map((m) => m.background));
    expect(colour('person')).toEqual(new Set(['rgb(253, 226, 184)']));
    expect(colour('organization')).toEqual(new Set(['rgb(207, 227, 255)']));
    expect(colour('place')).toEqual(new Set(['rgb(212, 242, 210)']));

    // Every quote, at every place it occurs, followed by its speaker linked to the speaker's page.
    const quotes = await page.locator('article mark.quote').evaluateAll((els) =>
      els.map((el) => ({
        id: el.getAttribute('data-quote'),
        kind: el.classList.contains('direct') ? 'direct' : 'indirect',
      })),
    );
    expect(quotes).toHaveLength(seed.quotes.reduce((n, q) => n + q.occurrences.length, 0));
    expect(new Set(quotes.map((q) => q.id))).toEqual(new Set(seed.quotes.map((q) => q.id)));
    for (const q of seed.quotes) {
      const labels = await page
        .locator(`article a.who[data-speaker-of="${q.id}"]`)
        .evaluateAll((els) => els.map((el) => ({ name: el.textContent, href: el.getAttribute('href') })));
      expect(labels).toEqual(
        q.occurrences.map(() => ({ name: q.speaker?.name, href: `/view/entities/${q.speaker?.id}` })),
      );
    }
    expect((await text('.legend')).replace(/\s+/g, ' ')).toContain(
      'person 11 organisation 11 place 24 direct quote 1 reported speech 4',
    );
    expect(consoleErrors.join('\n')).toBe('');
    await shot('reader-article');
  });

  it('follows a mention to the entity page: aliases, titles, articles and quotes', async () => {
    consoleErrors.length = 0;
    await page.goto(`${base}/view/articles/${seed.id}`);
    await page.locator('article a.m[title="Jens Stoltenberg (person)"]').first().click();
    await page.waitForURL(/\/view\/entities\//);
    expect(await text('h1')).toBe('Jens Stoltenberg');
    expect(await text('dd.aliases')).toBe('Stoltenberg');
    expect(await text('dd.titles')).toBe('NATO Secretary General');
    expect(await count('ul.articles li')).toBe(1);
    expect(await count('ul.quotes li')).toBe(2);
    expect(consoleErrors.join('\n')).toBe('');
    await shot('reader-entity');
  });
});

describe('the reader view: navigating', () => {
  // A second article, with what the seed lacks (a source, its URL, a publication date), and a source
  // name that would break out of an attribute or a tag if it were not escaped.
  const SOURCE = 'Wire "B" <script>';
  let second: Article;
  beforeAll(async () => {
    const res = await fetch(`${base}/articles`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_KEY}` },
      body: JSON.stringify({
        text: 'Lithuania hosts NATO summit in Vilnius\nVILNIUS, Lithuania\nLithuanian President Gitanas Nauseda said on Monday the summit would show unity. "We are ready," Nauseda said.',
        source: SOURCE,
        url: 'https://example.com/news/vilnius-summit?ref=a&b="c"',
        publishedAt: '2023-07-10T08:00:00Z',
      }),
    });
    expect(res.status).toBeLessThan(300);
    const { id } = (await res.json()) as { id: string };
    second = (await (await fetch(`${base}/articles/${id}`)).json()) as Article;
  });

  it('opens at / and links every section from every page', async () => {
    consoleErrors.length = 0;
    await page.goto(`${base}/`);
    await page.waitForURL(`${base}/view`);
    const nav = () =>
      page.locator('nav.site a').evaluateAll((els) => els.map((el) => `${el.textContent} ${el.getAttribute('href')}`));
    const expected = [
      'Articles /view',
      'People /view/people',
      'Organisations /view/organisations',
      'Places /view/places',
      'Quotes /view/quotes',
      'API docs /docs',
    ];
    expect(await nav()).toEqual(expected);
    for (const [label, path] of [
      ['People', '/view/people'],
      ['Organisations', '/view/organisations'],
      ['Places', '/view/places'],
      ['Quotes', '/view/quotes'],
      ['Articles', '/view'],
    ]) {
      await page.locator('nav.site a', { hasText: label }).click();
      await page.waitForURL(`${base}${path}`);
      expect(await nav()).toEqual(expected);
      expect(await text('nav.site a[aria-current="page"]')).toBe(label);
    }
    expect(consoleErrors.join('\n')).toBe('');
  });

  it('lists people with their counts, searches them by name and sorts them', async () => {
    consoleErrors.length = 0;
    await page.goto(`${base}/view/people`);
    const names = () => page.locator('table.entities tbody td:first-child a').allTextContents();
    expect(await names()).toEqual(expect.arrayContaining(['Jens Stoltenberg', 'Aleksandar Vucic']));
    const row = page.locator('table.entities tbody tr', { hasText: 'Jens Stoltenberg' });
    const counts = await row.locator('td.n').allTextContents();
    const jens = seed.entities.find((e) => e.name === 'Jens Stoltenberg');
    expect(counts).toEqual([String(jens?.mentions.length), '1']);
    await shot('reader-people');
    await page.locator('select[name="sort"]').selectOption('name');
    await page.locator('form[role="search"] button').click();
    await page.waitForURL(/sort=name/);
    const sorted = await names();
    expect(sorted).toEqual([...sorted].sort((a, b) => a.localeCompare(b)));
    await page.locator('input[name="q"]').fill('stol');
    await page.locator('form[role="search"] button').click();
    await page.waitForURL(/q=stol/);
    expect(await names()).toEqual(['Jens Stoltenberg']);
    await page.locator('table.entities a', { hasText: 'Jens Stoltenberg' }).click();
    await page.waitForURL(/\/view\/entities\//);
    expect(await text('h1')).toBe('Jens Stoltenberg');
    expect(consoleErrors.join('\n')).toBe('');
  });

  it('lists organisations and places', async () => {
    consoleErrors.length = 0;
    for (const [path, type, name] of [
      ['/view/organisations', 'organization', 'organisations'],
      ['/view/places', 'place', 'places'],
    ] as const) {
      await page.goto(`${base}${path}`);
      const shown = await page.locator('table.entities tbody a').evaluateAll((els) => els.map((el) => el.className));
      expect(shown.length).toBeGreaterThan(0);
      expect(new Set(shown)).toEqual(new Set([type]));
      await shot(`reader-${name}`);
    }
    expect(await count('table.entities tbody tr')).toBe(
      new Set([seed, second].flatMap((a) => a.entities.filter((e) => e.type === 'place').map((e) => e.id))).size,
    );
    expect(consoleErrors.join('\n')).toBe('');
  });

  it('lists quotes with their speakers, filters them, and links each to its spot in the article', async () => {
    consoleErrors.length = 0;
    await page.goto(`${base}/view/quotes`);
    const all = [seed, second].flatMap((a) => a.quotes);
    expect(await count('ul.quotes li')).toBe(all.length);
    await shot('reader-quotes');

    // By speaker: named, with a way back to all of them.
    const jens = seed.quotes.find((q) => q.speaker?.name === 'Jens Stoltenberg')?.speaker;
    await page.goto(`${base}/view/quotes?${new URLSearchParams({ speaker: String(jens?.id) })}`);
    expect(await text('p.filters a.who')).toBe('Jens Stoltenberg');
    const his = seed.quotes.filter((q) => q.speaker?.id === jens?.id);
    expect(await count('ul.quotes li')).toBe(his.length);
    await shot('reader-quotes-speaker');
    // By kind, keeping the speaker.
    await page.locator('select[name="kind"]').selectOption('indirect');
    await page.locator('form[role="search"] button').click();
    await page.waitForURL(/kind=indirect/);
    expect(await count('ul.quotes li')).toBe(his.filter((q) => q.kind === 'indirect').length);
    await page.locator('p.filters a.clear').click();
    await page.waitForURL(`${base}/view/quotes?kind=indirect`);
    expect(await count('ul.quotes li')).toBe(all.filter((q) => q.kind === 'indirect').length);

    // To the quote in its article: the anchor is on the quote, which is then the page's target.
    const q = his[0];
    await page.goto(`${base}/view/quotes?${new URLSearchParams({ speaker: String(jens?.id) })}`);
    await page.locator(`li[data-quote-item="${q?.id}"] a.in-article`).click();
    await page.waitForURL(`${base}/view/articles/${seed.id}#quote-${q?.id}`);
    expect(await page.locator(':target').getAttribute('data-quote')).toBe(q?.id);
    expect(
      await page.locator(':target').evaluate((el) => el.ownerDocument.defaultView?.getComputedStyle(el).outlineStyle),
    ).toBe('solid');
    await page.screenshot({ path: join(SHOTS, 'reader-quote-in-article.png') });
    expect(consoleErrors.join('\n')).toBe('');
  });

  it('names each quote’s article on the entity page, linking to the spot', async () => {
    consoleErrors.length = 0;
    const jens = seed.entities.find((e) => e.name === 'Jens Stoltenberg');
    await page.goto(`${base}/view/entities/${jens?.id}`);
    const links = await page
      .locator('ul.quotes a.in-article')
      .evaluateAll((els) => els.map((el) => ({ text: el.textContent, href: el.getAttribute('href') })));
    expect(links.length).toBeGreaterThan(0);
    for (const l of links) {
      expect(l.text).toBe(seed.headline);
      expect(l.href).toMatch(new RegExp(`^/view/articles/${seed.id}#quote-[0-9a-f]{16}$`));
    }
    await page.locator('ul.quotes a.in-article').first().click();
    await page.waitForURL(/#quote-/);
    expect(await page.locator(':target').count()).toBe(1);
    expect(consoleErrors.join('\n')).toBe('');
  });

  it('shows an article’s source link and its dates, labelled', async () => {
    consoleErrors.length = 0;
    await page.goto(`${base}/view/articles/${second.id}`);
    expect(await text('.dates .published')).toBe('Published 2023-07-10');
    expect(await text('.dates .ingested')).toMatch(/^Ingested \d{4}-\d{2}-\d{2}$/);
    const original = page.locator('a.original');
    expect(await original.getAttribute('href')).toBe('https://example.com/news/vilnius-summit?ref=a&b=%22c%22');
    expect(await original.getAttribute('rel')).toBe('noopener noreferrer nofollow');
    expect(await text('article .meta a.source')).toBe(SOURCE);
    await page.screenshot({ path: join(SHOTS, 'reader-article-meta.png') });
    // The seed says no publication date: the page says so.
    await page.goto(`${base}/view/articles/${seed.id}`);
    expect(await count('a.original')).toBe(0);
    expect(consoleErrors.join('\n')).toBe('');
  });

  it('filters the article list by source, dates and entity, with q', async () => {
    consoleErrors.length = 0;
    await page.goto(`${base}/view`);
    expect(await count('ul.articles li')).toBe(2);
    // The source from the article's meta line.
    await page.locator('ul.articles li', { hasText: second.headline }).locator('a.source').click();
    await page.waitForURL(/source=/);
    expect(await page.locator('input[name="source"]').inputValue()).toBe(SOURCE);
    expect(await count('ul.articles li')).toBe(1);
    expect(await text('p.filters strong')).toBe(SOURCE);
    // Dates, from the form.
    await page.goto(`${base}/view`);
    await page.locator('input[name="from"]').fill('2023-07-10');
    await page.locator('input[name="to"]').fill('2023-07-10');
    await page.locator('form[role="search"] button').click();
    await page.waitForURL(/from=2023-07-10&to=2023-07-10/);
    expect(await count('ul.articles li')).toBe(1);
    expect(await text('ul.articles li strong')).toBe(second.headline);
    await shot('reader-filter-dates');
    // An entity, named, combined with words.
    const nato = seed.entities.find((e) => e.name === 'NATO');
    await page.goto(`${base}/view?${new URLSearchParams({ entity: String(nato?.id), q: 'summit' })}`);
    expect(await text('p.filters a.organization')).toBe('NATO');
    expect(await count('ul.articles li')).toBe(
      [seed, second].filter((a) => a.entities.some((e) => e.id === nato?.id)).length,
    );
    await shot('reader-filter-entity');
    await page.locator('p.filters a.clear-all').click();
    await page.waitForURL(`${base}/view?q=summit`);
    expect(consoleErrors.join('\n')).toBe('');
  });
});

describe('the reader view: stories', () => {
  // Two more outlets' copies of the seed (another headline, the same body): one story of three versions,
  // stored after the seed and so newer than it (none of them states a publication date).
  const COPIES = [
    ['NATO head says he is ready to meet Vucic over Kosovo', 'Copy Daily'],
    ['Stoltenberg offers talks with Serbia’s Vucic', 'Copy Times'],
  ] as const;
  const copies: Article[] = [];
  beforeAll(async () => {
    const body = seed.text.slice(seed.text.indexOf('\n'));
    for (const [headline, source] of COPIES) {
      const res = await fetch(`${base}/articles`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_KEY}` },
        body: JSON.stringify({ text: `${headline}${body}`, source }),
      });
      expect(res.status).toBeLessThan(300);
      const { id } = (await res.json()) as { id: string };
      copies.push((await (await fetch(`${base}/articles/${id}`)).json()) as Article);
    }
    expect(copies.map((c) => c.storyId)).toEqual([seed.id, seed.id]);
  });
  const headlines = () => page.locator('ul.articles li > a strong').allTextContents();

  it('lists one article per story, the newest, with a link to its versions', async () => {
    consoleErrors.length = 0;
    await page.goto(`${base}/view`);
    // The seed's story stands as its newest copy; the Vilnius article is a story of its own.
    expect(await headlines()).toHaveLength(2);
    expect(await headlines()).toContain(COPIES[1][0]);
    expect(await headlines()).not.toContain(seed.headline);
    expect(await text('ul.articles a.versions')).toBe('3 versions');
    expect(await count('ul.articles a.versions')).toBe(1);
    await shot('reader-stories');
    expect(consoleErrors.join('\n')).toBe('');
  });

  it('follows "3 versions" to the story, and "every version" to all the articles', async () => {
    consoleErrors.length = 0;
    await page.goto(`${base}/view`);
    await page.locator('ul.articles a.versions').click();
    await page.waitForURL(`${base}/view?story=${seed.id}`);
    expect(await text('h1')).toBe('Versions of a story');
    expect(await text('p.filters a.story')).toBe(seed.headline);
    expect(await headlines()).toEqual([COPIES[1][0], COPIES[0][0], seed.headline]);
    await shot('reader-story-versions');
    // Words searched within the story keep it.
    await page.locator('input[name="q"]').fill('Vilnius');
    await page.locator('form[role="search"] button').click();
    await page.waitForURL(/q=Vilnius.*story=/);
    expect(await headlines()).toHaveLength(3);

    await page.goto(`${base}/view`);
    await page.locator('a.versions-all').click();
    await page.waitForURL(`${base}/view?versions=all`);
    expect(await headlines()).toHaveLength(4);
    expect(await count('ul.articles a.versions')).toBe(0);
    await shot('reader-every-version');
    await page.locator('a.collapse').click();
    await page.waitForURL(`${base}/view`);
    expect(await headlines()).toHaveLength(2);
    expect(consoleErrors.join('\n')).toBe('');
  });

  it('links an article to the other versions of its story, and to all of them', async () => {
    consoleErrors.length = 0;
    await page.goto(`${base}/view/articles/${seed.id}`);
    const others = page.locator('section.versions ul.versions li a');
    expect(await others.allTextContents()).toEqual([COPIES[1][0], COPIES[0][0]]);
    await page.locator('section.versions').screenshot({ path: join(SHOTS, 'reader-article-versions.png') });
    await others.first().click();
    await page.waitForURL(`${base}/view/articles/${copies[1]?.id}`);
    expect(await text('h1')).toBe(COPIES[1][0]);
    expect(await others.allTextContents()).toEqual([COPIES[0][0], seed.headline]);
    await page.locator('section.versions a.more').click();
    await page.waitForURL(`${base}/view?story=${seed.id}`);
    expect(await headlines()).toHaveLength(3);
    // The Vilnius article is no copy: no versions section.
    await page.goto(`${base}/view`);
    await page.locator('ul.articles li > a', { hasText: 'Vilnius' }).click();
    await page.waitForURL(/\/view\/articles\//);
    expect(await count('section.versions')).toBe(0);
    expect(consoleErrors.join('\n')).toBe('');
  });

  it('answers a page link with an edited cursor with an HTML page that starts the list again', async () => {
    consoleErrors.length = 0;
    const res = await page.goto(`${base}/view?versions=all&cursor=edited`);
    expect(res?.status()).toBe(400);
    expect(res?.headers()['content-type']).toBe('text/html; charset=utf-8');
    expect(await text('h1')).toBe('This page of the list cannot be shown');
    await shot('reader-bad-cursor');
    await page.locator('main a', { hasText: 'Start this list again' }).click();
    await page.waitForURL(`${base}/view?versions=all`);
    expect(await headlines()).toHaveLength(4);
    // The browser logs the 400 itself; nothing else.
    expect(consoleErrors.filter((e) => !e.includes('400')).join('\n')).toBe('');
  });
});
