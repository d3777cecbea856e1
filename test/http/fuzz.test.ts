// Property-based fuzzing driven by the served OpenAPI document: random requests, valid and invalid,
// to every documented operation, and three properties of every answer: never a 5xx, only statuses
// the document lists for that operation, and a body that matches the documented schema for its
// status and content type. The seed is fixed, so CI runs the same requests every time (and a failure
// replays as it is); FUZZ_SEED=<seed> tries others, FUZZ_RUNS=<n> makes a run longer. Among the
// requests: cursors handed out by any list sent to any other, NUL and zero-width characters in every
// parameter, parameters given twice, and compressed (Content-Encoding) bodies.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import * as fc from 'fast-check';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestText } from '../../src/service/ingest.js';
import type { NewsStore } from '../../src/store/news-store.js';
import { createSqliteStore, openDatabase } from '../../src/store/sqlite-store.js';
import { buildTestApp, TEST_KEY } from '../app.js';
import { article, type Pick } from '../crash/articles.js';
import { analyser } from '../extractor.js';

type Schema = Record<string, unknown>;
interface Parameter {
  name: string;
  in: 'query' | 'path' | 'header';
  required?: boolean;
  schema: Schema;
}
interface Operation {
  method: string;
  path: string;
  operationId: string;
  parameters: Parameter[];
  bodyTypes: string[];
  jsonBodySchema?: Schema;
  secured: boolean;
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
}

const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : 20_261_202;
const RUNS = process.env.FUZZ_RUNS ? Number(process.env.FUZZ_RUNS) : 600;

let store: NewsStore;
let app: FastifyInstance;
let doc: { paths: Record<string, Record<string, Schema>>; components: Schema };
let operations: Operation[];
/** Ids and cursors seen in answers, so requests reach real resources and later pages. */
const ids = { article: new Set<string>(), entity: new Set<string>(), quote: new Set<string>() };
type Kind = keyof typeof ids;
const cursors = new Set<string>();
const allIds = () => [...ids.article, ...ids.entity];

beforeAll(async () => {
  store = createSqliteStore(openDatabase(':memory:'));
  const fixtures = join(import.meta.dirname, '../fixtures/articles');
  for (const name of ['ap-style.txt', 'reuters-style.txt', 'afp-style.txt']) {
    await ingestText(store, readFileSync(join(fixtures, name), 'utf8'), {}, analyser);
  }
  const pick: Pick = (items) => items[0] as (typeof items)[number];
  await ingestText(store, article(pick, 'seed-1'), {}, analyser);
  app = await buildTestApp(store);
  doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
  // An event stream stays open: inject cannot read it (test/http/stream.test.ts does, over a socket).
  operations = Object.entries(doc.paths)
    .flatMap(([path, item]) =>
      Object.entries(item).map(([method, raw]) => {
        const op = raw as {
          operationId: string;
          parameters?: Parameter[];
          requestBody?: { content: Record<string, { schema?: Schema }> };
          security?: Record<string, unknown>[];
          responses: Operation['responses'];
        };
        return {
          method: method.toUpperCase(),
          path,
          operationId: op.operationId,
          parameters: op.parameters ?? [],
          bodyTypes: Object.keys(op.requestBody?.content ?? {}),
          jsonBodySchema: op.requestBody?.content['application/json']?.schema,
          secured: (op.security ?? []).some((s) => Object.keys(s).length > 0),
          responses: op.responses,
        };
      }),
    )
    .filter((op) => !op.responses['200']?.content?.['text/event-stream']);
  for (const path of ['/articles', '/entities', '/quotes']) {
    collect((await app.inject({ method: 'GET', url: `${path}?limit=100` })).json(), kindOfPath(path));
  }
  for (const id of [...ids.article])
    collect((await app.inject({ method: 'GET', url: `/articles/${id}` })).json(), 'article');
});

afterAll(async () => {
  await app.close();
  await store.close();
});

const KIND_OF_KEY: Record<string, Kind> = { entities: 'entity', speaker: 'entity', quotes: 'quote', data: 'article' };

/** Gathers the ids in an answer; `kind` is what an `id` at this level names. */
function collect(body: unknown, kind: Kind) {
  if (Array.isArray(body)) for (const x of body) collect(x, kind);
  else if (body && typeof body === 'object') {
    for (const [k, v] of Object.entries(body)) {
      if (k === 'id' && typeof v === 'string') ids[kind].add(v);
      else if (k === 'articleId' && typeof v === 'string') ids.article.add(v);
      else if (k === 'next' && typeof v === 'string') cursors.add(v);
      else collect(v, k === 'data' ? kind : (KIND_OF_KEY[k] ?? kind));
    }
  }
}

/** What an `id` at the top of an answer of `path` names (an export's lines are its list's items). */
const kindOfPath = (exportOrList: string): Kind => {
  const path = exportOrList.replace(/^\/export/, '');
  return path.startsWith('/entities/{id}/')
    ? path.endsWith('quotes')
      ? 'quote'
      : 'article'
    : path.startsWith('/entities')
      ? 'entity'
      : path.startsWith('/quotes')
        ? 'quote'
        : 'article';
};

// ---- values -------------------------------------------------------------------------------------

const sqlish = fc.constantFrom(
  "' OR 1=1 --",
  "'; DROP TABLE articles; --",
  '" OR ""="',
  '1; SELECT * FROM entities',
  "' UNION SELECT id, text FROM articles --",
  '%',
  '_',
  "\\' OR '1'='1",
);
const weirdStrings = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  sqlish,
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'a\u0000b',
    '\uFEFF',
    '\u200B',
    'a\u200Db',
    '\u2060x',
    '../../etc/passwd',
    'null',
    'undefined',
    'NaN',
    '[]',
    '{}',
    '😀',
    'İstanbul',
  ),
  fc.integer({ min: 1, max: 20_000 }).map((n) => 'x'.repeat(n)),
);
const weirdNumbers = fc.oneof(
  fc.integer(),
  fc.constantFrom(0, -1, 101, 1e21, Number.MAX_SAFE_INTEGER, 2 ** 53 + 1, -(2 ** 31)).map(String),
  fc.double().map(String),
  fc.constantFrom('1e3', '0x10', '  5', '5 ', '1.5', '-0', 'Infinity', '010', '+3'),
);
const hexId = fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 16, maxLength: 16 });

/** A value the schema accepts, when the generator knows how; otherwise anything. */
function valid(schema: Schema): fc.Arbitrary<unknown> {
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  if (Array.isArray(schema.anyOf)) return fc.oneof(...(schema.anyOf as Schema[]).map(valid));
  if (schema.type === 'integer' || schema.type === 'number') {
    return fc.integer({ min: Number(schema.minimum ?? -1000), max: Number(schema.maximum ?? 1000) });
  }
  if (schema.type === 'string') {
    if (schema.pattern === '^[0-9a-f]{16}$') return fc.oneof(hexId, fc.constantFrom(...allIds()));
    if (schema.format === 'uri') return fc.webUrl();
    if (schema.format === 'date-time') return fc.date({ noInvalidDate: true }).map((d) => d.toISOString());
    if (schema.format === 'date') return fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    if (typeof schema.pattern === 'string') return fc.stringMatching(new RegExp(schema.pattern));
    const max = Math.min(Number(schema.maxLength ?? 60), 60);
    return fc.string({ minLength: Number(schema.minLength ?? 0), maxLength: max });
  }
  return fc.anything();
}

const anyValue = (schema: Schema) => fc.oneof(valid(schema), weirdStrings, weirdNumbers);

// ---- requests -----------------------------------------------------------------------------------

const articleText = fc
  .tuple(fc.infiniteStream(fc.double({ min: 0, max: 0.999_999, noNaN: true })), fc.nat())
  .map(([stream, n]) => {
    const it = stream[Symbol.iterator]();
    const pick: Pick = (items) =>
      items[Math.floor((it.next().value as number) * items.length)] as (typeof items)[number];
    return article(pick, `fuzz-${n}`);
  });
const texts = fc.oneof(
  articleText,
  fc.string({ unit: 'grapheme', maxLength: 300 }),
  fc.lorem({ maxCount: 60, mode: 'sentences' }),
  weirdStrings,
);

function jsonBody(op: Operation): fc.Arbitrary<unknown> {
  const schema = op.jsonBodySchema;
  const props = (schema?.properties ?? {}) as Record<string, Schema>;
  const known = Object.fromEntries(
    Object.entries(props).map(([k, s]) => [k, k === 'text' ? fc.oneof(texts, fc.anything()) : anyValue(s)]),
  );
  return fc.oneof(
    fc.record(known, { requiredKeys: [] }),
    fc.record({ ...known, extra: fc.anything() }, { requiredKeys: ['extra'] }),
    fc.jsonValue(),
  );
}

interface Body {
  type?: string;
  payload?: string | Buffer;
  /** Content-Encoding: the payload is compressed with it. */
  encoding?: string;
}

function bodies(op: Operation): fc.Arbitrary<Body> {
  if (op.bodyTypes.length === 0) return fc.constant({});
  const types = fc.oneof(
    fc.constantFrom(...op.bodyTypes),
    fc.constantFrom(
      'text/plain; charset=utf-8',
      'application/json; charset=utf-8',
      'application/x-www-form-urlencoded',
      'application/xml',
      'multipart/form-data; boundary=x',
      'text/html',
      'application/octet-stream',
      'text/plain; charset=latin1',
      'TEXT/PLAIN',
      '*/*',
      '',
    ),
  );
  return fc.oneof(
    fc.record({ type: types, payload: texts }),
    fc.record({ type: fc.constant('application/json'), payload: jsonBody(op).map((v) => JSON.stringify(v) ?? 'null') }),
    fc.record({ type: types, payload: fc.uint8Array({ maxLength: 200 }).map((a) => Buffer.from(a)) }),
    fc.record({
      type: fc.constantFrom(...op.bodyTypes),
      encoding: fc.constantFrom('gzip', 'deflate', 'br', 'GZIP', 'x-gzip'),
      payload: texts.map((t) => gzipSync(t)),
    }),
    fc.constant({}),
  );
}

type FuzzRequest = InjectOptions & { operationId: string; url: string };

/** Any generated value as a query-string value: objects as JSON, the rest as JavaScript prints them. */
function asText(v: unknown): string {
  if (typeof v === 'string') return v;
  try {
    return (typeof v === 'object' && v !== null ? JSON.stringify(v) : undefined) ?? String(v);
  } catch {
    return Object.prototype.toString.call(v);
  }
}

function requests(op: Operation): fc.Arbitrary<FuzzRequest> {
  const query = op.parameters.filter((p) => p.in === 'query');
  const queryArb = fc.array(
    fc
      .oneof(
        { weight: 8, arbitrary: fc.constantFrom(...(query.length ? query : [{ name: 'x', schema: {} } as Parameter])) },
        {
          weight: 1,
          arbitrary: fc.string({ minLength: 1, maxLength: 12 }).map((name) => ({ name, schema: {} }) as Parameter),
        },
      )
      .chain((p) =>
        fc
          .oneof(
            { weight: 6, arbitrary: valid(p.schema) },
            { weight: 1, arbitrary: weirdStrings },
            { weight: 1, arbitrary: weirdNumbers },
            ...(p.name === 'cursor' && cursors.size > 0
              ? [{ weight: 3, arbitrary: fc.constantFrom(...cursors) as fc.Arbitrary<unknown> }]
              : []),
          )
          .map((v) => [p.name, asText(v)] as const),
      ),
    { maxLength: 4 },
  );
  const idArb = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...(op.path.startsWith('/entities') ? ids.entity : ids.article)) },
    { weight: 2, arbitrary: hexId },
    { weight: 2, arbitrary: weirdStrings.filter((s) => s.length > 0) },
  );
  const auth = op.secured
    ? fc.oneof(
        { weight: 6, arbitrary: fc.constant(`Bearer ${TEST_KEY}`) },
        { weight: 1, arbitrary: fc.constant(undefined) },
        { weight: 1, arbitrary: fc.string({ maxLength: 40 }).map((k) => `Bearer ${k}`) },
      )
    : fc.option(fc.constant(`Bearer ${TEST_KEY}`));
  // Sometimes a parameter twice (a list's cursor handed out by any list: the cursors are everyone's).
  const twice = fc.boolean();
  return fc
    .record({ params: queryArb, id: idArb, body: bodies(op), auth, twice })
    .map(({ params, id, body, auth, twice }) => {
      const sent = twice && params[0] ? [...params, params[0]] : params;
      const search = sent.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&');
      const path = op.path.replace('{id}', encode(id));
      const headers: Record<string, string> = {};
      if (auth !== undefined && auth !== null) headers.authorization = auth;
      if (body.type !== undefined) headers['content-type'] = body.type;
      if (body.encoding !== undefined) headers['content-encoding'] = body.encoding;
      return {
        operationId: op.operationId,
        method: op.method as InjectOptions['method'],
        url: search ? `${path}?${search}` : path,
        headers,
        ...(body.payload === undefined ? {} : { payload: body.payload }),
      };
    });
}

/** Lone surrogates cannot be percent-encoded; replace them as a client's encoder would. */
const encode = (s: string) =>
  encodeURIComponent(s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'));

// ---- checking -----------------------------------------------------------------------------------

const ajv = new Ajv2020({ strict: false, allErrors: true });
// ajv-formats is CommonJS: its function is also its `default` export.
addFormats.default(ajv);
const validators = new Map<string, ValidateFunction>();

function validatorFor(op: Operation, status: string, type: string): ValidateFunction | undefined {
  const key = `${op.method} ${op.path} ${status} ${type}`;
  if (!validators.has(key)) {
    const schema = op.responses[status]?.content?.[type]?.schema;
    if (!schema) return undefined;
    // The document's components go along, so the schema's #/components/schemas/... refs resolve.
    validators.set(key, ajv.compile({ ...schema, components: doc.components }));
  }
  return validators.get(key);
}

describe('fuzzing every operation from the OpenAPI document', () => {
  it(`answers ${RUNS} random requests without a 5xx, an undocumented status, or a body off its schema`, async () => {
    console.log(`fuzz: seed ${SEED} (replay with FUZZ_SEED=${SEED}), ${RUNS} requests`);
    const statuses = new Map<string, Map<number, number>>();
    const failures: string[] = [];
    const arb = fc.constantFrom(...operations).chain(requests);

    await fc
      .assert(
        fc.asyncProperty(arb, async ({ operationId, ...request }) => {
          const op = operations.find((o) => o.operationId === operationId) as Operation;
          const res = await app.inject(request);
          const seen = statuses.get(op.operationId) ?? new Map<number, number>();
          seen.set(res.statusCode, (seen.get(res.statusCode) ?? 0) + 1);
          statuses.set(op.operationId, seen);
          const where = `${request.method} ${request.url.slice(0, 200)} [${String(request.headers?.['content-type'])}] -> ${res.statusCode}`;
          const status = String(res.statusCode);
          const problem = (msg: string) => {
            failures.push(`${where}: ${msg}`);
            return false;
          };
          if (res.statusCode >= 500) return problem(`server error ${res.body.slice(0, 300)}`);
          const documented = op.responses[status];
          if (!documented) return problem(`status not documented (${Object.keys(op.responses).join(', ')})`);
          const documentedTypes = Object.keys(documented.content ?? {});
          if (documentedTypes.length === 0) {
            if (res.body !== '') return problem('a body where the document lists none');
            return true;
          }
          const type =
            String(res.headers['content-type'] ?? '')
              .split(';')[0]
              ?.trim() ?? '';
          if (!documentedTypes.includes(type)) return problem(`content type ${type} not in ${documentedTypes}`);
          const validate = validatorFor(op, status, type);
          // An NDJSON body (the exports) is one document a line, each of the documented schema.
          const bodies: unknown[] =
            type === 'application/x-ndjson'
              ? res.body
                  .split('\n')
                  .filter((line) => line !== '')
                  .map((line) => JSON.parse(line))
              : [res.json()];
          if (type === 'application/x-ndjson' && res.body !== '' && !res.body.endsWith('\n')) {
            return problem('an NDJSON body whose last line is not ended');
          }
          for (const body of bodies) {
            if (validate && !validate(body)) {
              return problem(`body off its schema: ${ajv.errorsText(validate.errors).slice(0, 500)}`);
            }
          }
          if (res.statusCode < 300) collect(bodies, kindOfPath(op.path));
          return true;
        }),
        { seed: SEED, numRuns: RUNS, endOnFailure: true },
      )
      .catch((err) => {
        // fast-check's own message repeats the whole request; the failure line says what went wrong.
        const first = (err as Error).message.split('\n').slice(0, 2).join('\n');
        throw new Error(`${failures.slice(-1).join('')}\n${first.slice(0, 300)}`);
      });

    const summary = [...statuses].map(
      ([id, m]) =>
        `${id}: ${[...m]
          .sort(([a], [b]) => a - b)
          .map(([s, n]) => `${s}×${n}`)
          .join(' ')}`,
    );
    const total = [...statuses.values()].reduce((n, m) => n + [...m.values()].reduce((a, b) => a + b, 0), 0);
    console.log(`fuzz: ${total} requests, 0 failures\n  ${summary.join('\n  ')}`);
    expect(failures).toEqual([]);
    expect(total).toBeGreaterThanOrEqual(500);
    // Every operation was exercised, with both valid and invalid requests overall.
    expect([...statuses.keys()].sort()).toEqual(operations.map((o) => o.operationId).sort());
    const codes = [...statuses.values()].flatMap((m) => [...m.keys()]);
    expect(codes.some((c) => c < 300)).toBe(true);
    expect(codes.some((c) => c >= 400)).toBe(true);
    // About 4 s on an idle 2-core machine: vitest's 5 s default fails it whenever the machine is busy.
  }, 30_000);
});
