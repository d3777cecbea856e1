// GET /articles/:id as IPTC ninjs 2.2: content negotiation, and the output validated against IPTC's
// schema (test/fixtures/ninjs, with a local stand-in for the GeoJSON schema it refers to).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countryUri, prefersNinjs } from '../../src/http/ninjs.js';
import { packageRoot } from '../../src/paths.js';
import { loadArticles } from '../../src/service/ingest.js';
import type { NewsStore } from '../../src/store/news-store.js';
import { createSqliteStore, openDatabase } from '../../src/store/sqlite-store.js';
import { buildTestApp } from '../app.js';
import { extractor } from '../extractor.js';
import { draft, entity } from '../store/drafts.js';

const NINJS = 'application/vnd.iptc.ninjs+json';
const fixture = (name: string) => JSON.parse(readFileSync(join(packageRoot, 'test/fixtures/ninjs', name), 'utf8'));

// Strict, except for `required` inside oneOf branches (contactinfo's value-or-address), which is valid
// JSON Schema that Ajv's strictRequired flags.
const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
// ajv-formats is CommonJS: under NodeNext its plugin is the default export's `default`.
addFormats.default(ajv);
ajv.addSchema(fixture('geojson-standin.schema.json'));
const validate = ajv.compile(fixture('ninjs-schema_2.2.json'));

function expectValidNinjs(doc: unknown) {
  const ok = validate(doc);
  expect(validate.errors ?? [], JSON.stringify(validate.errors)).toEqual([]);
  expect(ok).toBe(true);
}

// A stored article with everything the client can state, a bare-date one, and the seed.
const text = 'Ann Lee in Paris\nAnn Lee spoke.';
const dated = draft(text, {
  source: { name: 'Example Wire' },
  language: 'fr',
  publishedAt: '2024-06-03T08:00:00.000Z',
  standfirst: null,
  dateline: { text: 'PARIS', city: 'Paris', country: null },
  entities: [
    entity('person', 'Ann Lee', [
      [0, 7],
      [17, 24],
    ]),
    entity('place', 'France', [[11, 16]], { countryCode: 'FR' }),
  ],
});
const bare = draft('Short note\nNothing else.', { publishedAt: '2024-06-03' });

let app: FastifyInstance;
let store: NewsStore;
let seedId: string;
beforeAll(async () => {
  store = createSqliteStore(openDatabase(':memory:'));
  await loadArticles(store, join(packageRoot, 'data/articles'), extractor);
  seedId = (await store.listArticles({ limit: 1, q: 'Stoltenberg' })).data[0]?.id ?? '';
  await store.saveArticle(dated);
  await store.saveArticle(bare);
  app = await buildTestApp(store);
});
afterAll(async () => {
  await app.close();
  await store.close();
});

const get = (url: string, accept?: string) =>
  app.inject({ method: 'GET', url, headers: accept === undefined ? {} : { accept } });

describe('GET /articles/:id as ninjs', () => {
  it('answers the seed as a ninjs 2.2 document that validates against IPTC’s schema', async () => {
    const res = await get(`/articles/${seedId}`, NINJS);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(`${NINJS}; charset=utf-8`);
    expect(res.headers.vary).toMatch(/\bAccept\b/);
    const doc = res.json();
    expectValidNinjs(doc);

    const json = (await get(`/articles/${seedId}`)).json();
    expect(doc).toMatchObject({
      uri: `urn:newswire:article:${seedId}`,
      type: 'text',
      representationtype: 'full',
      standard: { name: 'ninjs', version: '2.2', schema: 'http://www.iptc.org/std/ninjs/ninjs-schema_2.2.json' },
      versioncreated: json.ingestedAt,
      language: 'en',
      headlines: [{ role: 'main', contenttype: 'text/plain', value: json.headline }],
      descriptions: [{ role: 'summary', contenttype: 'text/plain', value: json.standfirst }],
      bodies: [{ role: 'main', contenttype: 'text/plain', value: json.body, charcount: Array.from(json.body).length }],
      located: 'Belgrade, Serbia',
      infosources: [{ name: 'Anadolu Agency' }],
    });
    expect(doc).not.toHaveProperty('firstcreated');
    expect(doc).not.toHaveProperty('quotes');

    const names = (list: { name: string }[]) => list.map((e) => e.name).sort();
    expect(names(doc.people)).toEqual(['Aleksandar Vucic', 'Jens Stoltenberg']);
    expect(names(doc.organisations)).toEqual([
      'European Union',
      'Kosovo Force',
      'NATO',
      'United Nations',
      'United Nations Security Council',
    ]);
    expect(doc.places).toHaveLength(json.entities.filter((e: { type: string }) => e.type === 'place').length);
    for (const e of [...doc.people, ...doc.organisations, ...doc.places]) {
      expect(e.rel).toBe('mentions');
      expect(json.entities.find((x: { id: string }) => x.id === e.literal)?.name).toBe(e.name);
    }
    const place = (name: string) => doc.places.find((p: { name: string }) => p.name === name);
    expect(place('Serbia')).toEqual({
      name: 'Serbia',
      rel: 'mentions',
      uri: 'https://www.iso.org/obp/ui/#iso:code:3166:RS',
      literal: expect.any(String),
    });
    expect(place('Türkiye').uri).toBe('https://www.iso.org/obp/ui/#iso:code:3166:TR');
    // Kosovo's XK is a user-assigned code: ISO has no entry for it. A city has no code at all.
    expect(place('Kosovo')).not.toHaveProperty('uri');
    expect(place('Belgrade')).not.toHaveProperty('uri');
  });

  it('carries what the client stated: language, publication time, source; a bare date is not a date-time', async () => {
    const doc = (await get(`/articles/${dated.id}`, NINJS)).json();
    expectValidNinjs(doc);
    expect(doc).toMatchObject({
      language: 'fr',
      firstcreated: '2024-06-03T08:00:00.000Z',
      located: 'Paris',
      infosources: [{ name: 'Example Wire' }],
      people: [{ name: 'Ann Lee', rel: 'mentions' }],
      places: [{ name: 'France', uri: 'https://www.iso.org/obp/ui/#iso:code:3166:FR' }],
      organisations: [],
    });
    expect(doc).not.toHaveProperty('descriptions');

    const plain = (await get(`/articles/${bare.id}`, NINJS)).json();
    expectValidNinjs(plain);
    expect(plain).not.toHaveProperty('firstcreated');
    expect(plain).not.toHaveProperty('located');
    expect(plain).not.toHaveProperty('infosources');
  });

  it('is validated for real: the schema refuses extra properties such as quotes', () => {
    const minimal = { uri: 'urn:newswire:article:0', type: 'text' };
    expectValidNinjs(minimal);
    expect(validate({ ...minimal, quotes: [] })).toBe(false);
    expect(validate({ ...minimal, people: [{ name: 'X', uri: 'not a uri' }] })).toBe(false);
    expect(validate({ ...minimal, places: [{ name: 'X', geojson: { type: 'Point', coordinates: [0, 0] } }] })).toBe(
      true,
    );
    expect(validate({ ...minimal, places: [{ name: 'X', geojson: { type: 'Circle' } }] })).toBe(false);
  });

  it('keeps JSON the default and picks ninjs only when the client prefers it', async () => {
    for (const accept of [undefined, '*/*', 'application/json', 'text/html', `application/json, ${NINJS}`]) {
      const res = await get(`/articles/${seedId}`, accept);
      expect(res.headers['content-type'], String(accept)).toBe('application/json; charset=utf-8');
      expect(res.headers.vary).toMatch(/\bAccept\b/);
      expect(res.json().quotes.length).toBeGreaterThan(0);
    }
    const ninjs = await get(`/articles/${seedId}`, `application/json;q=0.5, ${NINJS}`);
    expect(ninjs.headers['content-type']).toBe(`${NINJS}; charset=utf-8`);
    // The two representations have different ETags, so a cache cannot answer one with the other.
    const json = await get(`/articles/${seedId}`);
    expect(ninjs.headers.etag).toBeDefined();
    expect(ninjs.headers.etag).not.toBe(json.headers.etag);
  });

  it('answers an unknown id with problem+json whatever was asked for', async () => {
    const res = await get('/articles/0000000000000000', NINJS);
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('is documented as a second content type of getArticle’s 200', async () => {
    const doc = (await get('/openapi.json')).json();
    const ok = doc.paths['/articles/{id}'].get.responses['200'];
    expect(Object.keys(ok.content)).toEqual(['application/json', NINJS]);
    expect(ok.content[NINJS].schema).toEqual({ $ref: '#/components/schemas/NinjsArticle' });
    expect(doc.components.schemas.NinjsArticle.properties).not.toHaveProperty('quotes');
  });
});

describe('prefersNinjs', () => {
  it('follows q values, then specificity, then the client’s order', () => {
    expect(prefersNinjs(NINJS)).toBe(true);
    expect(prefersNinjs(`${NINJS}; version=2.2`)).toBe(true);
    expect(prefersNinjs(`${NINJS}, application/json`)).toBe(true);
    expect(prefersNinjs(`application/json, ${NINJS}`)).toBe(false);
    expect(prefersNinjs(`${NINJS};q=0.4, application/json;q=0.8`)).toBe(false);
    expect(prefersNinjs(`${NINJS}, */*;q=0.1`)).toBe(true);
    expect(prefersNinjs(`${NINJS};q=0, application/json`)).toBe(false);
    expect(prefersNinjs('application/*')).toBe(false);
    expect(prefersNinjs(undefined)).toBe(false);
    expect(prefersNinjs('')).toBe(false);
  });
});

describe('countryUri', () => {
  it('links assigned ISO 3166-1 codes and leaves user-assigned ones out', () => {
    expect(countryUri('RS')).toBe('https://www.iso.org/obp/ui/#iso:code:3166:RS');
    expect(countryUri('QA')).toBe('https://www.iso.org/obp/ui/#iso:code:3166:QA');
    for (const code of ['XK', 'ZZ', 'AA', 'QM', 'QZ', 'rs', null]) expect(countryUri(code)).toBeUndefined();
  });
});
