// In a real browser (Debian's Chromium, driven by playwright-core): Swagger UI lists every operation
// and runs GET /articles/{id} and GET /entities against the seed; the reader view shows the seed with
// every mention and quote marked. Screenshots go to test-output/browser/ (git-ignored).
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
import { buildTestApp } from '../app.js';
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
    };
    const documented = Object.entries<Record<string, unknown>>(doc.paths).flatMap(([path, item]) =>
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
    // 13 before the ingest queue added GET /ingest/jobs and GET /ingest/jobs/{id}.
    expect(listed).toHaveLength(15);
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
