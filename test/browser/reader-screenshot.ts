// Regenerates docs/reader-view.png (shown in docs/tour.md), the reader view on the seed article:
// `npx tsx test/browser/reader-screenshot.ts` (needs /usr/bin/chromium, like the browser test).
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { packageRoot } from '../../src/paths.js';
import { loadArticles } from '../../src/service/ingest.js';
import { createSqliteStore, openDatabase } from '../../src/store/sqlite-store.js';
import { buildTestApp } from '../app.js';
import { extractor } from '../extractor.js';

const store = createSqliteStore(openDatabase(':memory:'));
await loadArticles(store, join(packageRoot, 'data/articles'), extractor);
const app = await buildTestApp(store);
await app.listen({ host: '127.0.0.1', port: 0 });
const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
try {
  const page = await browser.newPage({ viewport: { width: 820, height: 1000 } });
  const { data } = await store.listArticles({ limit: 1 });
  await page.goto(`${base}/view/articles/${data[0]?.id}`);
  mkdirSync(join(packageRoot, 'docs'), { recursive: true });
  const path = join(packageRoot, 'docs/reader-view.png');
  await page.screenshot({ path, clip: { x: 0, y: 0, width: 820, height: 1000 } });
  console.log(`wrote ${path}`);
} finally {
  await browser.close();
  await app.close();
  await store.close();
}
