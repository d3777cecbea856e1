// Every operation of the served OpenAPI document comes with examples: each parameter, each request
// body and each response body (successes and problem details alike), and every example fits the
// schema it illustrates. Validation uses Ajv with the document's components, as the fuzzer does.
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewsStore } from '../../src/store/news-store.js';
import { createSqliteStore, openDatabase } from '../../src/store/sqlite-store.js';
import { buildTestApp } from '../app.js';

type Schema = Record<string, unknown>;
interface Media {
  schema?: Schema;
  example?: unknown;
  examples?: Record<string, { value?: unknown }>;
}
interface Parameter extends Media {
  name: string;
  in: string;
  required?: boolean;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, Media> };
  responses: Record<string, { content?: Record<string, Media> }>;
  [key: string]: unknown;
}
interface Doc {
  paths: Record<string, Record<string, Operation>>;
  /** What the server sends (a saved search's deliveries): described, and illustrated, like an operation. */
  webhooks: Record<string, Record<string, Operation>>;
  components: Schema;
}

/** One thing that should carry examples: where it is, its schema, and the examples it has. */
interface Target {
  where: string;
  schema: Schema | undefined;
  examples: unknown[];
}

let store: NewsStore;
let doc: Doc;

beforeAll(async () => {
  store = createSqliteStore(openDatabase(':memory:'));
  const app = await buildTestApp(store);
  const res = await app.inject({ method: 'GET', url: '/openapi.json' });
  expect(res.statusCode).toBe(200);
  doc = res.json();
  await app.close();
});

afterAll(async () => {
  await store.close();
});

/**
 * The examples of a parameter or media type object: its `example`, or the values of its `examples`;
 * an optional parameter's are in its schema's `examples` (so Swagger UI does not pre-fill them).
 */
function examplesOf(m: Media): unknown[] {
  if (m.example !== undefined) return [m.example];
  const inSchema = (m.schema as { examples?: unknown } | undefined)?.examples;
  if (Array.isArray(inSchema)) return inSchema;
  return Object.values(m.examples ?? {}).map((e) => e.value);
}

function targets(d: Doc): Target[] {
  const out: Target[] = [];
  const items = [
    ...Object.entries(d.paths),
    ...Object.entries(d.webhooks).map(([name, item]) => [`webhook ${name}`, item] as const),
  ];
  for (const [path, item] of items) {
    for (const [method, op] of Object.entries(item)) {
      const at = `${method.toUpperCase()} ${path}`;
      for (const p of op.parameters ?? []) {
        out.push({ where: `${at} ${p.in} parameter ${p.name}`, schema: p.schema, examples: examplesOf(p) });
      }
      for (const [type, media] of Object.entries(op.requestBody?.content ?? {})) {
        out.push({ where: `${at} request body ${type}`, schema: media.schema, examples: examplesOf(media) });
      }
      for (const [status, response] of Object.entries(op.responses)) {
        for (const [type, media] of Object.entries(response.content ?? {})) {
          out.push({ where: `${at} ${status} ${type}`, schema: media.schema, examples: examplesOf(media) });
        }
      }
    }
  }
  return out;
}

const ajv = new Ajv2020({ strict: false, allErrors: true });
// ajv-formats is CommonJS: its function is also its `default` export.
addFormats.default(ajv);

/** The problems of one example against its schema, with the document's components so refs resolve. */
function check(schema: Schema, example: unknown): string | null {
  const validate = ajv.compile({ ...schema, components: doc.components });
  return validate(example) ? null : ajv.errorsText(validate.errors);
}

describe('OpenAPI examples', () => {
  it('documents every operation (a sanity check on what is walked)', () => {
    const operations = Object.values(doc.paths).flatMap((item) => Object.keys(item));
    expect(operations.length).toBeGreaterThanOrEqual(13);
    const all = targets(doc);
    expect(all.filter((t) => t.where.includes(' parameter ')).length).toBeGreaterThanOrEqual(20);
    expect(all.filter((t) => t.where.includes(' request body ')).length).toBe(5);
    expect(all.map((t) => t.where)).toEqual(
      expect.arrayContaining([
        'POST webhook savedSearchDelivery header parameter X-Signature',
        'POST webhook savedSearchDelivery request body application/json',
      ]),
    );
  });

  it('gives every parameter an example', () => {
    const missing = targets(doc)
      .filter((t) => t.where.includes(' parameter ') && t.examples.length === 0)
      .map((t) => t.where);
    expect(missing).toEqual([]);
  });

  it('leaves optional parameters empty in Swagger UI: their examples are in the schema, not pre-filled', () => {
    const prefilled = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.values(item).flatMap((op) =>
        (op.parameters ?? []).filter((p) => !p.required && p.example !== undefined).map((p) => `${path} ${p.name}`),
      ),
    );
    expect(prefilled).toEqual([]);
  });

  it('gives every request body an example', () => {
    const missing = targets(doc)
      .filter((t) => t.where.includes(' request body ') && t.examples.length === 0)
      .map((t) => t.where);
    expect(missing).toEqual([]);
  });

  it('gives every response body an example, successes and problem details alike', () => {
    const responses = targets(doc).filter((t) => !t.where.includes(' parameter ') && !t.where.includes(' request '));
    const missing = responses.filter((t) => t.examples.length === 0).map((t) => t.where);
    expect(missing).toEqual([]);
    // The success bodies are all there: 2xx of every operation that answers with content.
    const successes = responses.filter((t) => / 2\d\d /.test(t.where)).map((t) => t.where);
    expect(successes).toEqual(
      expect.arrayContaining([
        'GET /articles 200 application/json',
        'GET /articles/{id} 200 application/json',
        'GET /articles/{id} 200 application/vnd.iptc.ninjs+json',
        'POST /articles 200 application/json',
        'POST /articles 201 application/json',
        'GET /entities 200 application/json',
        'GET /entities/{id} 200 application/json',
        'GET /entities/{id}/articles 200 application/json',
        'GET /entities/{id}/quotes 200 application/json',
        'GET /entities/{id}/related 200 application/json',
        'GET /entities/{id}/timeline 200 application/json',
        'GET /articles/histogram 200 application/json',
        'GET /quotes 200 application/json',
        'POST /extract 200 application/json',
        'GET /health 200 application/json',
        'GET /livez 200 application/json',
      ]),
    );
  });

  it('has every example fit the schema it illustrates', () => {
    const failures: string[] = [];
    let checked = 0;
    for (const t of targets(doc)) {
      expect(t.schema, t.where).toBeDefined();
      for (const example of t.examples) {
        checked++;
        const problem = check(t.schema as Schema, example);
        if (problem) failures.push(`${t.where}: ${problem}`);
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(50);
  });

  it('has any JSON Schema `examples` left in the schemas fit their schema too', () => {
    const failures: string[] = [];
    const visit = (node: unknown, at: string) => {
      if (Array.isArray(node)) {
        for (const [i, n] of node.entries()) visit(n, `${at}/${i}`);
        return;
      }
      if (node === null || typeof node !== 'object') return;
      const schema = node as Schema;
      if (Array.isArray(schema.examples)) {
        for (const example of schema.examples) {
          const problem = check(schema, example);
          if (problem) failures.push(`${at}: ${problem}`);
        }
      }
      for (const [key, child] of Object.entries(schema))
        if (key !== 'examples' && key !== 'example') visit(child, `${at}/${key}`);
    };
    visit(doc.components, '#/components');
    visit(doc.paths, '#/paths');
    visit(doc.webhooks, '#/webhooks');
    expect(failures).toEqual([]);
  });

  it('leaves no internal bookkeeping in the document', () => {
    expect(JSON.stringify(doc)).not.toContain('x-stashed-examples');
  });

  it('has offsets in the example articles that index their text, in code points', () => {
    type Span = { start: number; end: number; text: string };
    type ExampleArticle = {
      text: string;
      entities: { mentions: Span[] }[];
      quotes: { text: string; parts: Span[]; cue: Span | null; speakerMention: Span | null }[];
    };
    const articles = targets(doc)
      .flatMap((t) => t.examples)
      .filter((e): e is ExampleArticle => typeof e === 'object' && e !== null && 'entities' in e && 'text' in e);
    expect(articles.length).toBeGreaterThan(0);
    for (const a of articles) {
      const chars = Array.from(a.text);
      const spans = [
        ...a.entities.flatMap((e) => e.mentions),
        ...a.quotes.flatMap((q) => [q.cue, q.speakerMention, ...q.parts]).filter((s): s is Span => s !== null),
      ];
      for (const s of spans) expect(chars.slice(s.start, s.end).join('')).toBe(s.text);
      for (const q of a.quotes) expect(q.text).toBe(q.parts.map((p) => p.text).join(' '));
    }
  });

  it('catches an example that does not fit its schema (the check is not vacuous)', () => {
    const target = targets(doc).find((t) => t.where === 'GET /entities/{id} 200 application/json');
    expect(target?.schema).toBeDefined();
    const [example] = target?.examples ?? [];
    expect(check(target?.schema as Schema, example)).toBeNull();
    expect(check(target?.schema as Schema, { ...(example as object), id: 'Not-An-Id' })).not.toBeNull();
    expect(check(target?.schema as Schema, { ...(example as object), mentionCount: -1 })).not.toBeNull();
  });
});
