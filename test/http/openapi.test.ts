import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { renderOpenapi } from '../../src/cli/openapi.js';
import { packageRoot } from '../../src/paths.js';
import { EXAMPLE_CREATED_SEARCH, WebhookPayloadSchema } from '../../src/schemas/saved-search.js';
import { verifySignature } from '../../src/service/webhook-signature.js';
import { createSqliteStore, openDatabase } from '../../src/store/sqlite-store.js';
import { buildTestApp } from '../app.js';

const OPERATIONS = [
  'GET /articles',
  'GET /articles/{id}',
  'GET /articles/stream',
  'POST /articles',
  'DELETE /articles/{id}',
  'GET /entities',
  'GET /entities/{id}',
  'GET /entities/{id}/articles',
  'GET /entities/{id}/quotes',
  'GET /entities/{id}/related',
  'GET /entities/{id}/timeline',
  'GET /articles/histogram',
  'GET /livez',
  'GET /quotes',
  'POST /extract',
  'GET /health',
  'GET /ingest/jobs',
  'GET /ingest/jobs/{id}',
  'GET /export/articles',
  'GET /export/entities',
  'GET /export/quotes',
  'POST /searches',
  'GET /searches',
  'GET /searches/{id}',
  'DELETE /searches/{id}',
  'GET /searches/{id}/deliveries',
];

describe('OpenAPI', () => {
  it('openapi.yaml is what the code generates (run `npm run openapi` after changing the API)', async () => {
    const committed = readFileSync(join(packageRoot, 'openapi.yaml'), 'utf8');
    expect(committed).toBe(await renderOpenapi());
  });

  it('serves a valid OpenAPI 3.1 document in which every operation is fully described', async () => {
    const store = createSqliteStore(openDatabase(':memory:'));
    const app = await buildTestApp(store);
    const res = await app.inject({ method: 'GET', url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.servers).toEqual([{ url: '/', description: expect.any(String), 'x-internal': false }]);
    await SwaggerParser.validate(structuredClone(doc));

    const found: string[] = [];
    for (const [path, item] of Object.entries<Record<string, Record<string, unknown>>>(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        found.push(`${method.toUpperCase()} ${path}`);
        expect(op.operationId, `${method} ${path}`).toEqual(expect.any(String));
        expect(op.summary, `${method} ${path}`).toEqual(expect.any(String));
        expect(op.tags, `${method} ${path}`).toHaveLength(1);
        const responses = op.responses as Record<string, { content?: Record<string, { schema?: unknown }> }>;
        expect(Object.keys(responses)).toContain('500');
        for (const [status, r] of Object.entries(responses)) {
          const content = Object.entries(r.content ?? {});
          if (status === '204') continue;
          expect(content.length, `${method} ${path} ${status}`).toBeGreaterThan(0);
          for (const [type, c] of content) {
            expect(c.schema, `${method} ${path} ${status} ${type}`).toBeDefined();
            if (Number(status) >= 400) expect(type).toBe('application/problem+json');
          }
        }
      }
    }
    expect(found.sort()).toEqual([...OPERATIONS].sort());
    await app.close();
    await store.close();
  });

  it('documents no 429, and no rate-limit headers, on the probes, which are not rate-limited; every other operation has both', async () => {
    // The generated file reuses nodes (YAML aliases) more than the parser allows by default.
    const doc = parse(await renderOpenapi(), { maxAliasCount: -1 }) as {
      paths: Record<string, Record<string, { responses: Record<string, { headers?: Record<string, unknown> }> }>>;
    };
    const probes = ['GET /health', 'GET /livez'];
    const limited: string[] = [];
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        const name = `${method.toUpperCase()} ${path}`;
        if ('429' in op.responses) limited.push(name);
        for (const [status, response] of Object.entries(op.responses)) {
          const headers = Object.keys(response.headers ?? {});
          if (probes.includes(name)) expect(headers, `${name} ${status}`).not.toContain('X-RateLimit-Limit');
          else expect(headers, `${name} ${status}`).toContain('X-RateLimit-Limit');
        }
      }
    }
    expect(limited.sort()).toEqual(OPERATIONS.filter((o) => !probes.includes(o)).sort());
  });

  it('lint exceptions (.spectral.yaml, .redocly.lint-ignore.yaml) name exactly the operations a rule cannot apply to', async () => {
    const doc = parse(await renderOpenapi(), { maxAliasCount: -1 }) as {
      paths: Record<string, Record<string, { security?: unknown[]; responses: Record<string, unknown> }>>;
    };
    const ops = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, op]) => ({ name: `${method.toUpperCase()} ${path}`, op })),
    );
    const names = (pick: (op: (typeof ops)[number]['op']) => boolean) =>
      ops
        .filter(({ op }) => pick(op))
        .map((o) => o.name)
        .sort();
    // "openapi.yaml#/paths/~1articles~1%7Bid%7D/get" (or .../get/responses) → "GET /articles/{id}".
    const operationOf = (pointer: string) => {
      const [, , path = '', method = ''] = decodeURIComponent(pointer.split('#')[1] ?? '').split('/');
      return `${method.toUpperCase()} ${path.replaceAll('~1', '/').replaceAll('~0', '~')}`;
    };
    const spectral = parse(readFileSync(join(packageRoot, '.spectral.yaml'), 'utf8')) as {
      overrides: { files: string[]; rules: Record<string, string> }[];
    };
    const exempt = (rule: string) =>
      spectral.overrides
        .filter((o) => o.rules[rule] === 'off')
        .flatMap((o) => o.files.map(operationOf))
        .sort();
    const probes = ['GET /health', 'GET /livez'];
    // No 401 where no key is asked for, and every operation that asks for one documents its 401.
    expect(exempt('owasp:api8:2023-define-error-responses-401')).toEqual(names((op) => op.security === undefined));
    expect(names((op) => op.security !== undefined && !('401' in op.responses))).toEqual([]);
    expect(exempt('owasp:api4:2023-rate-limit')).toEqual(names((op) => !('429' in op.responses)));
    expect(exempt('owasp:api4:2023-rate-limit-responses-429')).toEqual(probes);
    expect(exempt('owasp:api8:2023-define-error-validation')).toEqual(names((op) => !('400' in op.responses)));
    const redocly = parse(readFileSync(join(packageRoot, '.redocly.lint-ignore.yaml'), 'utf8')) as Record<
      string,
      Record<string, string[]>
    >;
    const ignored = (redocly['openapi.yaml']?.['operation-4xx-response'] ?? []).map((p) =>
      operationOf(`#${p.slice(1)}`),
    );
    expect(ignored.sort()).toEqual(names((op) => !Object.keys(op.responses).some((s) => s.startsWith('4'))));
    expect(ignored.sort()).toEqual(probes);
  });

  it("documents the webhook a saved search sends: the dispatcher's payload schema, signed, with an example that verifies", async () => {
    const store = createSqliteStore(openDatabase(':memory:'));
    const app = await buildTestApp(store);
    const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
    await app.close();
    await store.close();
    const op = doc.webhooks.savedSearchDelivery.post;
    expect(op.operationId).toBe('savedSearchDelivery');
    const media = op.requestBody.content['application/json'];
    expect(op.requestBody.required).toBe(true);
    expect(media.schema).toEqual({ $ref: '#/components/schemas/WebhookPayload' });
    // The component is the zod schema's: the one WebhookPayload type the dispatcher builds a body by.
    const component = doc.components.schemas.WebhookPayload;
    const fields = Object.keys(WebhookPayloadSchema.shape);
    expect(Object.keys(component.properties)).toEqual(fields);
    expect(component.required).toEqual(fields);
    expect(doc.components.schemas.WebhookPayload.properties.article).toEqual({
      $ref: '#/components/schemas/ArticleListItem',
    });
    expect(WebhookPayloadSchema.parse(media.example)).toEqual(media.example);
    const headers = Object.fromEntries(
      (op.parameters as { in: string; name: string; required: boolean; example: string }[]).map((p) => [p.name, p]),
    );
    expect(Object.keys(headers).sort()).toEqual(['X-Delivery-Id', 'X-Signature']);
    for (const p of Object.values(headers)) expect(p).toMatchObject({ in: 'header', required: true });
    expect(headers['X-Delivery-Id']?.example).toBe(media.example.deliveryId);
    // The example signature verifies: the example body, signed with the example search's secret.
    const at = new Date(media.example.createdAt);
    const signature = headers['X-Signature']?.example ?? '';
    expect(verifySignature(EXAMPLE_CREATED_SEARCH.secret, signature, JSON.stringify(media.example), { now: at })).toBe(
      true,
    );
  });

  it('documents the consistency token: set by the writes and a job view, taken back by the store reads', async () => {
    const store = createSqliteStore(openDatabase(':memory:'));
    const app = await buildTestApp(store);
    const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const headersOf = (path: string, method: string, status: string) =>
      Object.keys(doc.paths[path][method].responses[status].headers ?? {});
    for (const [path, method, status] of [
      ['/articles', 'post', '200'],
      ['/articles', 'post', '201'],
      ['/articles/{id}', 'delete', '204'],
      ['/ingest/jobs/{id}', 'get', '200'],
    ] as const) {
      expect(headersOf(path, method, status), `${method} ${path} ${status}`).toEqual(
        expect.arrayContaining(['Consistency-Token', 'Set-Cookie']),
      );
    }
    expect(headersOf('/articles', 'post', '202')).not.toContain('Consistency-Token');
    expect(headersOf('/articles', 'get', '200')).not.toContain('Consistency-Token');
    const parameters = (path: string, method: string) =>
      (doc.paths[path][method].parameters ?? []).map((p: { in: string; name: string }) => `${p.in} ${p.name}`);
    for (const [path, method] of [
      ['/articles', 'get'],
      ['/articles/{id}', 'get'],
      ['/entities', 'get'],
      ['/quotes', 'get'],
    ] as const) {
      expect(parameters(path, method), `${method} ${path}`).toEqual(
        expect.arrayContaining(['header Consistency-Token', 'cookie newswire_consistency']),
      );
    }
    expect(parameters('/health', 'get')).not.toContain('header Consistency-Token');
    await app.close();
    await store.close();
  });

  it('serves Swagger UI at /docs', async () => {
    const store = createSqliteStore(openDatabase(':memory:'));
    const app = await buildTestApp(store);
    const res = await app.inject({ method: 'GET', url: '/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('swagger-ui');
    await app.close();
  });
});
