// Malformed input, as a table: each request gets the 4xx its operation documents, as problem+json,
// and the server stays up (GET /health answers 200 after each). The operations and their filters
// come from the served OpenAPI document, so a filter added later is covered too. What
// test/http/write.test.ts covers for POST /articles (bodies, keys) is not repeated here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestText } from '../../src/service/ingest.js';
import type { NewsStore } from '../../src/store/news-store.js';
import { createSqliteStore, openDatabase } from '../../src/store/sqlite-store.js';
import { buildTestApp, TEST_KEY } from '../app.js';
import { analyser } from '../extractor.js';

interface Param {
  name: string;
  in: string;
  required?: boolean;
  example?: unknown;
  schema: { type?: string; pattern?: string; enum?: string[] };
}
interface Op {
  method: string;
  path: string;
  parameters?: Param[];
  responses: Record<string, { content?: Record<string, unknown> }>;
  security?: Record<string, unknown>[];
}

let store: NewsStore;
let app: FastifyInstance;
let small: FastifyInstance;
let ops: Op[];
let articleId: string;
let entityId: string;
let searchId: string;

const fixture = readFileSync(join(import.meta.dirname, '../fixtures/articles/ap-style.txt'), 'utf8');
const auth = { authorization: `Bearer ${TEST_KEY}` };

beforeAll(async () => {
  store = createSqliteStore(openDatabase(':memory:'));
  articleId = (await ingestText(store, fixture, {}, analyser)).id;
  app = await buildTestApp(store);
  small = await buildTestApp(store, { bodyLimit: 4096, extractMaxBytes: 4096 });
  const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
  // An event stream stays open: inject cannot read it (test/http/stream.test.ts does, over a socket).
  ops = Object.entries(doc.paths as Record<string, Record<string, Op>>)
    .flatMap(([path, item]) =>
      Object.entries(item).map(([method, op]) => ({ ...op, method: method.toUpperCase(), path })),
    )
    .filter((op) => !op.responses['200']?.content?.['text/event-stream']);
  entityId = (await app.inject({ method: 'GET', url: '/entities' })).json().data[0].id;
  // A saved search, so that its routes (and its deliveries' list) are tried on one that exists.
  searchId = (
    await app.inject({
      method: 'POST',
      url: '/searches',
      headers: auth,
      payload: { url: 'https://hooks.example.com/' },
    })
  ).json().id;
});

afterAll(async () => {
  await small.close();
  await app.close();
  await store.close();
});

const SQL = [
  "' OR 1=1 --",
  "'; DROP TABLE articles; --",
  '" OR ""="',
  "1' UNION SELECT id, text FROM articles --",
  '%',
  '_%_',
  "Robert'); DELETE FROM entities; --",
  'NEAR(a b) OR * AND "',
];

/** An operation's required query parameters (the ingest jobs' state), with their documented example. */
const required = (op: Op) =>
  (op.parameters ?? [])
    .filter((p) => p.in === 'query' && p.required)
    .map((p) => `${p.name}=${encodeURIComponent(String(p.example))}&`)
    .join('');

/** The URL of an operation, with its path id filled in. */
function urlOf(op: Op, id?: string) {
  const known = op.path.startsWith('/entities') ? entityId : op.path.startsWith('/searches') ? searchId : articleId;
  return op.path.replace('{id}', id ?? known);
}

const listOps = () => ops.filter((o) => o.method === 'GET' && (o.parameters ?? []).some((p) => p.name === 'limit'));
const queryOps = () => ops.filter((o) => (o.parameters ?? []).some((p) => p.in === 'query'));
const idOps = () => ops.filter((o) => o.path.includes('{id}'));

async function expectDocumented(op: Op, given: InjectOptions, statuses: number[], via = app) {
  // Reads that need the key (the ingest jobs) are sent it: what these tests try is the input, not the key.
  const secured = (op.security ?? []).some((s) => Object.keys(s).length > 0);
  const request = secured && op.method === 'GET' && given.headers === undefined ? { ...given, headers: auth } : given;
  const res = await via.inject(request);
  const where = `${request.method} ${String(request.url).slice(0, 120)}`;
  expect(statuses, `${where} answered ${res.statusCode}: ${res.body.slice(0, 300)}`).toContain(res.statusCode);
  expect(Object.keys(op.responses), `${where}: ${res.statusCode} is not documented`).toContain(String(res.statusCode));
  if (res.statusCode >= 400) {
    expect(res.headers['content-type'], where).toMatch(/^application\/problem\+json/);
    expect(res.json(), where).toMatchObject({ status: res.statusCode, type: 'about:blank' });
  }
  // The server is still up.
  expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
  return res;
}

describe('malformed input', () => {
  it('SQL-looking strings in every filter of every operation: a 400, or an answer that matches nothing', async () => {
    const before = (await app.inject({ method: 'GET', url: '/articles?limit=100' })).json().data.length;
    let tried = 0;
    for (const op of queryOps()) {
      for (const p of (op.parameters ?? []).filter((x) => x.in === 'query')) {
        for (const value of SQL) {
          const url = `${urlOf(op)}?${p.name}=${encodeURIComponent(value)}`;
          const res = await expectDocumented(op, { method: op.method as 'GET', url }, [200, 400]);
          tried++;
          // Only free-text filters take such a string; they find nothing, rather than everything.
          if (res.statusCode === 200) {
            expect(p.schema.pattern ?? p.schema.enum, `${url} accepted a value its pattern refuses`).toBeUndefined();
            expect(p.name, `${url} accepted`).not.toMatch(/^(limit|cursor)$/);
            // A full-text q is read by the search language (docs/api.md#search): `' OR 1=1 --` looks for
            // the word 1, as its words alone do; the SQL marks change nothing.
            const words = value.replace(/[^\p{L}\p{N}\s]/gu, ' ').trim();
            if (p.name === 'q' && /[\p{L}\p{N}]/u.test(words) && !/^\/(export\/)?entities$/.test(op.path)) {
              const plain = await app.inject({ method: 'GET', url: `${urlOf(op)}?q=${encodeURIComponent(words)}` });
              expect(res.body, url).toBe(plain.body);
            }
            // An export (NDJSON) that matches nothing is an empty body; a list, an empty page.
            else if (String(res.headers['content-type']).startsWith('application/x-ndjson'))
              expect(res.body, url).toBe('');
            else expect(res.json().data, url).toEqual([]);
          }
        }
      }
    }
    expect(tried).toBeGreaterThan(50);
    // Nothing was dropped or deleted.
    expect((await app.inject({ method: 'GET', url: '/articles?limit=100' })).json().data).toHaveLength(before);
    expect((await app.inject({ method: 'GET', url: `/articles/${articleId}` })).statusCode).toBe(200);
  });

  it('a NUL character in a free-text filter (q, source) is a 400 on every operation, as PostgreSQL cannot take one', async () => {
    let tried = 0;
    for (const op of queryOps()) {
      for (const p of (op.parameters ?? []).filter((x) => x.in === 'query' && ['q', 'source'].includes(x.name))) {
        const res = await expectDocumented(
          op,
          { method: op.method as 'GET', url: `${urlOf(op)}?${p.name}=a%00b` },
          [400],
        );
        expect(res.body).toContain('U+0000');
        tried++;
      }
    }
    expect(tried).toBeGreaterThan(5);
  });

  it('a NUL or a zero-width character in any query parameter of any operation: a documented answer, never a 5xx', async () => {
    let tried = 0;
    for (const op of queryOps()) {
      for (const p of (op.parameters ?? []).filter((x) => x.in === 'query')) {
        const nul = await expectDocumented(
          op,
          { method: op.method as 'GET', url: `${urlOf(op)}?${p.required ? '' : required(op)}${p.name}=1%00` },
          [400],
        );
        expect(
          nul.json().errors.map((e: { path: string }) => e.path),
          `${op.path} ${p.name}`,
        ).toContain(p.name);
        // U+200B, U+200D, U+FEFF: text to a free-text filter (which then matches nothing or something),
        // and no id, date, number, cursor or keyword.
        for (const zw of ['%E2%80%8B', 'a%E2%80%8Db', '%EF%BB%BF1']) {
          const res = await expectDocumented(
            op,
            { method: op.method as 'GET', url: `${urlOf(op)}?${p.required ? '' : required(op)}${p.name}=${zw}` },
            [200, 400],
          );
          if (res.statusCode === 200) expect(p.name, `${op.path}?${p.name}=${zw}`).toMatch(/^(q|source)$/);
        }
        tried++;
      }
    }
    expect(tried).toBeGreaterThan(20);
  });

  it('a cursor from one list is a 400 on every other list (cursors are bound to their query)', async () => {
    const nexts: [Op, string][] = [];
    for (const op of listOps()) {
      const res = await expectDocumented(op, { method: 'GET', url: `${urlOf(op)}?${required(op)}limit=1` }, [200]);
      const next = res.json().next as string | null;
      if (next) nexts.push([op, next]);
    }
    expect(nexts.length).toBeGreaterThan(2);
    for (const [from, next] of nexts) {
      for (const to of listOps().filter((o) => o !== from)) {
        const res = await expectDocumented(
          to,
          { method: 'GET', url: `${urlOf(to)}?${required(to)}cursor=${encodeURIComponent(next)}` },
          [400],
        );
        expect(res.json().errors, `${from.path} -> ${to.path}`).toEqual([
          { in: 'querystring', path: 'cursor', message: expect.stringContaining('not one this list handed out') },
        ]);
      }
    }
  });

  it.each([
    ['gzip', '/articles'],
    ['gzip', '/extract'],
    ['deflate', '/articles'],
    ['br', '/extract'],
  ])(
    'a %s-encoded body to %s is a 415 naming identity (request bodies are never decompressed)',
    async (coding, url) => {
      const op = ops.find((o) => o.method === 'POST' && o.path === url) as Op;
      const compressed =
        coding === 'gzip'
          ? gzipSync('Headline\nBody.\n')
          : coding === 'br'
            ? brotliCompressSync('Headline\nBody.\n')
            : deflateSync('Headline\nBody.\n');
      const res = await expectDocumented(
        op,
        {
          method: 'POST',
          url,
          payload: compressed,
          headers: { ...auth, 'content-type': 'text/plain', 'content-encoding': coding },
        },
        [415],
      );
      expect(res.headers['accept-encoding']).toBe('identity');
      expect(res.json().detail).toContain(`Content-Encoding ${coding} is not supported`);
    },
  );

  it.each([
    ['a negative page size', '-1'],
    ['a zero page size', '0'],
    ['one over the largest page size', '101'],
    ['a huge page size', '99999999999999999999999'],
    ['a page size beyond a double', '1e309'],
    ['a fractional page size', '1.5'],
    ['a page size that is a word', 'ten'],
    ['a hexadecimal page size', '0x10'],
    ['a page size in exponent notation', '1e1'],
    ['a page size with a plus sign', '+16'],
    ['a page size with a leading space', ' 16'],
    ['an empty page size', ''],
    ['a page size in brackets', '[1]'],
  ])('%s is a 400 on every list', async (_, value) => {
    for (const op of listOps()) {
      await expectDocumented(op, { method: 'GET', url: `${urlOf(op)}?limit=${encodeURIComponent(value)}` }, [400]);
    }
  });

  it.each([
    ['not base64', '!!!'],
    ['base64 of something else', Buffer.from('{"seq":1}').toString('base64url')],
    ['a key of the wrong shape', Buffer.from('["a","b","c"]').toString('base64url')],
    ['an unsafe number', Buffer.from('[1e400]').toString('base64url')],
    ['empty', ''],
    ['very long', 'A'.repeat(10_000)],
  ])('a cursor that is %s is a 400 on every list', async (_, cursor) => {
    for (const op of listOps()) {
      await expectDocumented(op, { method: 'GET', url: `${urlOf(op)}?cursor=${encodeURIComponent(cursor)}` }, [400]);
    }
  });

  it('a single-valued parameter given twice is a 400, for every parameter of every operation', async () => {
    for (const op of queryOps()) {
      for (const p of (op.parameters ?? []).filter((x) => x.in === 'query')) {
        const value = p.name === 'limit' ? '1' : p.schema.enum ? p.schema.enum[0] : p.schema.pattern ? entityId : 'a';
        const url = `${urlOf(op)}?${p.name}=${value}&${p.name}=${value}`;
        await expectDocumented(op, { method: op.method as 'GET', url }, [400]);
      }
    }
  });

  it.each([
    ['__proto__', '__proto__=1'],
    ['__proto__ with a member', '__proto__[admin]=true'],
    ['constructor', 'constructor=1'],
    ['constructor.prototype', 'constructor[prototype][admin]=1'],
    ['a bracketed parameter', 'limit[a][b]=1'],
    ['an unknown parameter', 'debug=1'],
  ])('%s in the query string is a 400 on every operation that takes one', async (_, query) => {
    for (const op of queryOps()) {
      await expectDocumented(op, { method: op.method as 'GET', url: `${urlOf(op)}?${query}` }, [400]);
    }
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  it.each([
    ['129 characters', 'a'.repeat(129)],
    ['100,000 characters', 'b'.repeat(100_000)],
    ['invalid percent-encoding', '%E0%A4%A'],
    ['an encoded slash', '..%2F..%2Fetc%2Fpasswd'],
    ['SQL', encodeURIComponent("x' OR '1'='1")],
  ])('an id of %s: a 4xx on every operation with an id', async (_, id) => {
    for (const op of idOps()) {
      // A write checks the id first or the key first; either way it is refused.
      const expected = id.length > 128 || id.startsWith('%E0') ? [400] : [400, 404];
      await expectDocumented(op, { method: op.method as 'GET', url: urlOf(op, id), headers: auth }, expected);
      if (op.method !== 'GET') {
        await expectDocumented(op, { method: op.method as 'GET', url: urlOf(op, id) }, [...expected, 401]);
      }
    }
  });

  it('an id that cannot exist is a 404 on every operation with an id', async () => {
    for (const op of idOps()) {
      await expectDocumented(
        op,
        { method: op.method as 'GET', url: urlOf(op, '0000000000000000'), headers: auth },
        [404],
      );
    }
  });

  it.each([
    ['invalid UTF-8', Buffer.from([0x48, 0x69, 0x0a, 0xc3, 0x28, 0xff]), 'text/plain', 400],
    ['an overlong encoding', Buffer.from([0x41, 0xc0, 0xaf, 0x0a]), 'text/plain', 400],
    ['a lone surrogate encoded in UTF-8', Buffer.from([0x41, 0xed, 0xa0, 0x80]), 'text/plain', 400],
    ['only whitespace', '\n\t  \n', 'text/plain', 400],
    ['a NUL character', 'Headline\nBody with a \u0000 in it.\n', 'text/plain', 400],
    ['JSON', '{"text":"a"}', 'application/json', 415],
    ['deeply nested JSON', `${'['.repeat(50_000)}${']'.repeat(50_000)}`, 'application/json', 415],
    ['a form', 'text=a', 'application/x-www-form-urlencoded', 415],
    ['no content type', 'Headline\nBody.\n', undefined, 415],
  ])('POST /extract with %s', async (_, payload, type, status) => {
    const op = ops.find((o) => o.method === 'POST' && o.path === '/extract') as Op;
    const headers = type === undefined ? {} : { 'content-type': type };
    await expectDocumented(op, { method: 'POST', url: '/extract', payload, headers }, [status]);
  });

  it.each([
    ['POST /extract', '/extract', 'text/plain', () => `Headline\n${'word '.repeat(2000)}`],
    ['POST /articles as JSON', '/articles', 'application/json', () => JSON.stringify({ text: 'x '.repeat(5000) })],
    ['POST /articles as deeply nested JSON', '/articles', 'application/json', () => '['.repeat(10_000)],
  ])('%s over the body limit is a 413', async (_, url, type, body) => {
    const op = ops.find((o) => o.method === 'POST' && o.path === url) as Op;
    await expectDocumented(
      op,
      { method: 'POST', url, payload: body(), headers: { ...auth, 'content-type': type } },
      [413],
      small,
    );
  });

  it.each([
    ['text/plain', 'Headline\nBody with a \u0000 in it.\n', 'the text contains U+0000'],
    ['application/json', JSON.stringify({ text: 'Headline\nBody with a \u0000.' }), 'the text contains U+0000'],
    [
      'application/json',
      JSON.stringify({ text: 'Headline\nBody.', source: 'Wire\u0000' }),
      'the source contains U+0000',
    ],
  ])(
    'POST /articles as %s with a NUL character is a 400 that says so (PostgreSQL cannot store one)',
    async (type, payload, detail) => {
      const op = ops.find((o) => o.method === 'POST' && o.path === '/articles') as Op;
      const res = await expectDocumented(
        op,
        { method: 'POST', url: '/articles', payload, headers: { ...auth, 'content-type': type } },
        [400],
      );
      expect(res.body).toContain(detail);
    },
  );

  it.each([
    ['a nested __proto__', '{"text":"Headline\\nBody.","source":{"__proto__":{"admin":true}}}'],
    ['a constructor.prototype', '{"text":"Headline\\nBody.","constructor":{"prototype":{"admin":true}}}'],
    ['a __proto__ written with an escape', '{"text":"Headline\\nBody.","\\u005f_proto__":{"admin":true}}'],
    [
      'thousands of unknown keys',
      JSON.stringify(Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, i]))),
    ],
  ])('POST /articles with %s is a 400, briefly described', async (_, payload) => {
    const op = ops.find((o) => o.method === 'POST' && o.path === '/articles') as Op;
    const res = await expectDocumented(
      op,
      { method: 'POST', url: '/articles', payload, headers: { ...auth, 'content-type': 'application/json' } },
      [400],
    );
    // However much was wrong, the answer stays small.
    expect(res.body.length).toBeLessThan(8192);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });
});
