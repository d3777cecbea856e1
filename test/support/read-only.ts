// What a database that refuses writes at runtime must look like over HTTP, on either engine
// (test/http/read-only*.test.ts): every write answers 503 problem+json saying the database is
// read-only, the log gets one line for the condition rather than a stack per request, and what was
// stored stays readable.
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import { TEST_KEY } from '../app.js';

const auth = { authorization: `Bearer ${TEST_KEY}`, 'content-type': 'text/plain' };
export const articleText = (i: number) =>
  `Ministers meet in Oslo ${i}\n\nOSLO, Norway\nNorwegian officials met ministers from Sweden on Monday ${i}.\n`;

/** Stores one article through `app`; its id. */
export async function storeOne(app: FastifyInstance, i: number): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/articles', headers: auth, payload: articleText(i) });
  expect(res.statusCode).toBe(201);
  return (res.json() as { id: string }).id;
}

/** `app`'s database refuses writes now: asserts the answers and the log (`lines`, pino's JSON lines). */
export async function expectReadOnly(app: FastifyInstance, lines: string[], storedId: string): Promise<void> {
  const writes = [
    { method: 'POST' as const, url: '/articles', headers: auth, payload: articleText(1) },
    { method: 'POST' as const, url: '/articles', headers: auth, payload: articleText(2) },
    { method: 'DELETE' as const, url: `/articles/${storedId}`, headers: { authorization: auth.authorization } },
  ];
  for (const write of writes) {
    const res = await app.inject(write);
    expect(res.statusCode).toBe(503);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({
      status: 503,
      title: 'Service Unavailable',
      detail: expect.stringMatching(/^the database is read-only .*nothing was stored/),
    });
  }
  const logged = lines.map((l) => JSON.parse(l) as { level: number; msg: string; err?: unknown });
  expect(logged.filter((l) => l.level >= 50)).toEqual([
    expect.objectContaining({ msg: expect.stringMatching(/database is read-only/), refused: 1 }),
  ]);
  expect(logged.some((l) => l.err !== undefined)).toBe(false);
  const kept = await app.inject({ method: 'GET', url: `/articles/${storedId}` });
  expect(kept.statusCode).toBe(200);
}
