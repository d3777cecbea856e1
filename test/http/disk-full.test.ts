// A full disk (here: SQLite's max_page_count, which fails writes with SQLITE_FULL as a full disk does):
// every write answers 507 problem+json saying so, the log gets one line for the condition rather than
// a stack per request, what was stored stays readable, and writes work again once there is room.
import { describe, expect, it } from 'vitest';
import { createSqliteStore, openDatabase } from '../../src/store/sqlite-store.js';
import { buildTestApp, TEST_KEY } from '../app.js';

const auth = { authorization: `Bearer ${TEST_KEY}`, 'content-type': 'text/plain' };
const text = (i: number) =>
  `Ministers meet in Oslo ${i}\n\nOSLO, Norway\n${'Norwegian officials met ministers from Sweden on Monday. '.repeat(300)}\n`;

describe('a full database', () => {
  it('answers 507 to every write, logs the condition once, and keeps what it holds', async () => {
    const db = openDatabase(':memory:');
    const store = createSqliteStore(db);
    const lines: string[] = [];
    const app = await buildTestApp(store, {}, null, lines);
    const before = await app.inject({ method: 'POST', url: '/articles', headers: auth, payload: text(0) });
    expect(before.statusCode).toBe(201);
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true })}`);

    for (let i = 1; i <= 5; i++) {
      const res = await app.inject({ method: 'POST', url: '/articles', headers: auth, payload: text(i) });
      expect(res.statusCode).toBe(507);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json()).toMatchObject({
        status: 507,
        title: 'Insufficient Storage',
        detail: expect.stringMatching(/no space left .*nothing was stored/),
      });
    }
    const logged = lines.map((l) => JSON.parse(l) as { level: number; msg: string; err?: unknown });
    expect(logged.filter((l) => l.level >= 50)).toEqual([
      expect.objectContaining({ msg: expect.stringMatching(/no space left/), refused: 1 }),
    ]);
    expect(logged.some((l) => l.err !== undefined)).toBe(false);

    const kept = await app.inject({ method: 'GET', url: `/articles/${before.json().id}` });
    expect(kept.statusCode).toBe(200);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');

    db.pragma('max_page_count = 1073741823');
    const after = await app.inject({ method: 'POST', url: '/articles', headers: auth, payload: text(1) });
    expect(after.statusCode).toBe(201);
    await app.close();
    await store.close();
  });
});
