// The reader view: HTML pages whose every piece of article text is escaped, with every mention and
// quote marked in valid, properly nested HTML at the right code points.
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { annotate, annotateAll, CodePoints, type Mark } from '../../src/http/view/annotate.js';
import { Html, html } from '../../src/http/view/html.js';
import type { NewsStore } from '../../src/store/news-store.js';
import { createSqliteStore, openDatabase } from '../../src/store/sqlite-store.js';
import { buildTestApp } from '../app.js';
import { draft, entity } from '../store/drafts.js';
import { unescapeHtml } from '../support/html.js';

/** [start, end) in code points of the nth occurrence of `needle`. */
function span(text: string, needle: string, nth = 0): [number, number] {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = text.indexOf(needle, at + 1);
  if (at < 0) throw new Error(`no ${needle}`);
  const start = Array.from(text.slice(0, at)).length;
  return [start, start + Array.from(needle).length];
}

const textOf = (s: string) => unescapeHtml(s.replace(/<[^>]*>/g, ''));

const VOID = new Set(['meta', 'input', 'br', 'img', 'link', 'hr', '!doctype']);

/** Tags close in the order they opened, and no link is inside another. */
function expectWellNested(doc: string) {
  const stack: string[] = [];
  for (const [, close, name] of doc.matchAll(/<(\/?)([a-z!]+)[^>]*>/gi)) {
    const tag = (name as string).toLowerCase();
    if (VOID.has(tag)) continue;
    if (close) {
      expect(stack.pop(), `</${tag}>`).toBe(tag);
    } else {
      if (tag === 'a') expect(stack, 'a link inside a link').not.toContain('a');
      stack.push(tag);
    }
  }
  expect(stack).toEqual([]);
}

// An article full of markup, an emoji (two UTF-16 units, one code point) before mentions, and a
// quote that overlaps a mention partly.
const text = [
  'Ann <b>Lee</b> & "friends" in Paris',
  '<script>alert("x")</script> Ann <b>Lee</b> said Paris was <i>lovely</i> in May.',
  'Émile 😀 met Ann in Paris, the <img src=x onerror=alert(1)> Group said.',
  '"We <b>open</b> at dawn," the mayor said. "Bring “boots” & coats."',
].join('\n');
const ann = entity('person', 'Ann <b>Lee</b>', [span(text, 'Ann <b>Lee</b>'), span(text, 'Ann <b>Lee</b>', 1)], {
  aliases: ['Ann', '<em>A.</em>'],
  titles: ['Mayor <u>of</u> Paris'],
});
ann.mentions.push({ ...pair(span(text, 'Ann', 2)), text: 'Ann' });
const paris = entity('place', 'Paris', [span(text, 'Paris'), span(text, 'Paris', 1), span(text, 'Paris', 2)], {
  countryCode: null,
});
const group = entity('organization', '<img src=x onerror=alert(1)> Group', [
  span(text, '<img src=x onerror=alert(1)> Group'),
]);
function pair([start, end]: [number, number]) {
  return { start, end };
}
const [reportedStart] = span(text, 'Paris was');
const [, reportedEnd] = span(text, '<i>lovely</i>');
// Starts inside the mention "Paris" (at "aris"): the mention must be split, not mis-nested.
const overlapStart = span(text, 'Paris', 2)[0] + 1;
const overlapEnd = span(text, 'Group said')[1] - ' said'.length;
// A direct quote its attribution interrupts: two parts, each between its own quotation marks.
const interrupted = { start: span(text, '"We <b>')[0], end: span(text, 'coats."')[1] };
const openPart = { ...pair(span(text, 'We <b>open</b> at dawn,')), text: 'We <b>open</b> at dawn,' };
const bringPart = { ...pair(span(text, 'Bring “boots” & coats.')), text: 'Bring “boots” & coats.' };
const article = draft(text, {
  source: { name: '<Wire & Co>' },
  url: 'https://example.com/news?id=1&x="y"',
  publishedAt: '2026-01-01T09:30:00Z',
  dateline: null,
  entities: [ann, paris, group],
  quotes: [
    {
      id: '00000000000000b1',
      kind: 'indirect',
      text: 'Paris was <i>lovely</i>',
      parts: [{ start: reportedStart, end: reportedEnd, text: 'Paris was <i>lovely</i>' }],
      start: reportedStart,
      end: reportedEnd,
      cue: null,
      speaker: 0,
      speakerMention: null,
      occurrences: [{ start: reportedStart, end: reportedEnd }],
    },
    {
      id: '00000000000000b2',
      kind: 'direct',
      text: 'aris, the <img src=x onerror=alert(1)> Group',
      parts: [{ start: overlapStart, end: overlapEnd, text: 'aris, the <img src=x onerror=alert(1)> Group' }],
      start: overlapStart,
      end: overlapEnd,
      cue: null,
      speaker: null,
      speakerMention: null,
      occurrences: [{ start: overlapStart, end: overlapEnd }],
    },
    {
      id: '00000000000000b3',
      kind: 'direct',
      text: `${openPart.text} ${bringPart.text}`,
      parts: [openPart, bringPart],
      ...interrupted,
      cue: null,
      speaker: 0,
      speakerMention: null,
      occurrences: [interrupted],
    },
  ],
});

// A second article: a source, speaker and quote with quotation marks and tags, to break attributes;
// a javascript: URL that must never become a link.
const BOB = 'Bob "the <i>Builder</i>"';
const text2 = `${BOB} speaks\n"We <script>build</script> bridges," ${BOB} said. ${BOB} left. ${BOB} waved.`;
// Four mentions to Ann's three: first by mentions, second by name.
const bob = entity(
  'person',
  BOB,
  [0, 1, 2, 3].map((n) => span(text2, BOB, n)),
);
const [buildStart, buildEnd] = span(text2, '"We <script>build</script> bridges,"');
const buildPart = {
  ...pair(span(text2, 'We <script>build</script> bridges,')),
  text: 'We <script>build</script> bridges,',
};
const article2 = draft(text2, {
  source: { name: 'Wire "B" <x>' },
  url: 'javascript:alert(1)',
  publishedAt: '2026-03-05',
  entities: [bob],
  quotes: [
    {
      id: '00000000000000c1',
      kind: 'direct',
      text: buildPart.text,
      parts: [buildPart],
      start: buildStart,
      end: buildEnd,
      cue: null,
      speaker: 0,
      speakerMention: null,
      occurrences: [{ start: buildStart, end: buildEnd }],
    },
  ],
});

let app: FastifyInstance;
let store: NewsStore;
beforeAll(async () => {
  store = createSqliteStore(openDatabase(':memory:'));
  await store.saveArticle(article, new Date('2026-01-02T00:00:00Z'));
  await store.saveArticle(article2, new Date('2026-03-06T00:00:00Z'));
  // Each filler names two organisations: 51 in all with the Group, more than a page of them.
  for (let i = 0; i < 25; i++) {
    const filler = `Filler ${i}\nNothing.`;
    const at: [number, number][] = [[0, `Filler ${i}`.length]];
    const orgs = [entity('organization', `Filler ${i}`, at), entity('organization', `Filler ${i} Group`, at)];
    await store.saveArticle(draft(filler, { entities: orgs }));
  }
  app = await buildTestApp(store);
});
afterAll(async () => {
  await app.close();
  await store.close();
});

const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });

function expectPage(res: Awaited<ReturnType<typeof get>>, status = 200) {
  expect(res.statusCode).toBe(status);
  expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
  const csp = String(res.headers['content-security-policy']);
  expect(csp).toMatch(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/]+=*';/);
  expect(csp).not.toMatch(/unsafe|script-src/);
  // Nothing from the article is markup, and nothing in the page runs.
  expect(res.body).not.toMatch(/<(script|b|i|u|em|img)[\s>]/i);
  expectWellNested(res.body);
  return res.body;
}

describe('GET /view/articles/:id', () => {
  it('renders the article with every tag in its text escaped', async () => {
    const body = expectPage(await get(`/view/articles/${article.id}`));
    expect(body).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(body).toContain('&lt;i&gt;lovely&lt;/i&gt;');
    expect(body).toContain('<title>Ann &lt;b&gt;Lee&lt;/b&gt; &amp; &quot;friends&quot; in Paris · Newswire reader');
    expect(body).toContain(
      '<a class="source" href="/view?source=%3CWire+%26+Co%3E" title="More from this source">&lt;Wire &amp; Co&gt;</a>',
    );
    // The one stylesheet is the one the CSP hash allows.
    expect(body.match(/<style>/g)).toHaveLength(1);
  });

  it('marks every mention at its code points, linked to its entity, with a legend', async () => {
    const body = expectPage(await get(`/view/articles/${article.id}`));
    const pieces = new Map<string, { text: string; type: string; href: string }>();
    for (const m of body.matchAll(/<a href="([^"]+)" class="m (\w+)"[^>]*data-m="([\d.]+)"[^>]*>([^<]*)<\/a>/g)) {
      const [, href, type, key, inner] = m as unknown as string[];
      const prev = pieces.get(key as string);
      pieces.set(key as string, {
        text: (prev?.text ?? '') + unescapeHtml(inner as string),
        type: type as string,
        href: href as string,
      });
    }
    const chars = Array.from(text);
    article.entities.forEach((e, ei) => {
      e.mentions.forEach((m, mi) => {
        const found = pieces.get(`${ei}.${mi}`);
        // The mention the quote cuts through is split in two; joined, the pieces are the mention.
        expect(found, `${e.name} ${mi}`).toEqual({
          text: chars.slice(m.start, m.end).join(''),
          type: e.type,
          href: `/view/entities/${e.id}`,
        });
      });
    });
    expect(pieces.size).toBe(7);
    // After the emoji, the highlighted words are the right ones (code points, not UTF-16 units).
    expect(body).toContain(`Émile 😀 met <a href="/view/entities/${ann.id}"`);
    expect(body).toMatch(/class="legend"[\s\S]*person[\s\S]*organisation[\s\S]*place[\s\S]*direct quote/);
  });

  it('marks every quote, with its speaker linked after it, even where it cuts a mention', async () => {
    const body = expectPage(await get(`/view/articles/${article.id}`));
    const quoted = (id: string) =>
      [...body.matchAll(new RegExp(`<mark class="quote (\\w+)" data-quote="${id}"[^>]*>([\\s\\S]*?)</mark>`, 'g'))].map(
        ([, kind, inner]) => ({ kind, text: textOf(inner as string) }),
      );
    expect(quoted('00000000000000b1')).toEqual([{ kind: 'indirect', text: 'Paris was <i>lovely</i>' }]);
    expect(quoted('00000000000000b2')).toEqual([
      { kind: 'direct', text: 'aris, the <img src=x onerror=alert(1)> Group' },
    ]);
    expect(body).toContain(
      `</mark><a class="who" href="/view/entities/${ann.id}" data-speaker-of="00000000000000b1" title="indirect quote: Ann &lt;b&gt;Lee&lt;/b&gt;">Ann &lt;b&gt;Lee&lt;/b&gt;</a> in May.`,
    );
    expect(body).toContain('<span class="who" data-speaker-of="00000000000000b2">unattributed</span>');
    // "Paris" is cut by the quote: "P" outside it, "aris" inside, both linked to Paris.
    expect(body).toContain(
      `met <a href="/view/entities/${ann.id}" class="m person" data-type="person" data-entity="${ann.id}" data-m="0.2" title="Ann &lt;b&gt;Lee&lt;/b&gt; (person)">Ann</a> in <a href="/view/entities/${paris.id}" class="m place" data-type="place" data-entity="${paris.id}" data-m="1.2" title="Paris (place)">P</a><mark class="quote direct" data-quote="00000000000000b2" data-occurrence="0" title="Direct quote: unattributed" id="quote-00000000000000b2"><a href="/view/entities/${paris.id}" class="m place" data-type="place" data-entity="${paris.id}" data-m="1.2" title="Paris (place)">aris</a>`,
    );
  });

  it('lists a quote an attribution interrupts as its parts, each in its own quotation marks, escaped', async () => {
    const body = expectPage(await get(`/view/articles/${article.id}`));
    const words = '<blockquote>“We &lt;b&gt;open&lt;/b&gt; at dawn,” … “Bring “boots” &amp; coats.”</blockquote>';
    expect(body).toContain(`<li data-quote-item="00000000000000b3">`);
    expect(body).toContain(words);
    // never run together into one sentence
    expect(body).not.toContain('at dawn, Bring');
    expect(expectPage(await get(`/view/entities/${ann.id}`))).toContain(words);
  });

  it('answers 404 with an HTML page for an unknown id, escaping the id', async () => {
    const body = expectPage(await get('/view/articles/%3Cscript%3Ex'), 404);
    expect(body).toContain('There is no article <code>&lt;script&gt;x</code>.');
  });

  it('is cacheable: the same page twice has the same ETag, and a matching If-None-Match gets 304', async () => {
    const first = await get(`/view/articles/${article.id}`);
    const again = await get(`/view/articles/${article.id}`, { 'if-none-match': String(first.headers.etag) });
    expect(again.statusCode).toBe(304);
  });
});

describe('GET /view/entities/:id', () => {
  it('shows the name, type, aliases, titles, articles and quotes, escaped', async () => {
    const body = expectPage(await get(`/view/entities/${ann.id}`));
    expect(body).toContain(`<h1 data-entity="${ann.id}">Ann &lt;b&gt;Lee&lt;/b&gt;</h1>`);
    expect(body).toContain('<span class="kind person">person</span> mentioned 3 times in 1 article');
    expect(body).toContain('<dd class="aliases">&lt;em&gt;A.&lt;/em&gt;, Ann</dd>');
    expect(body).toContain('<dd class="titles">Mayor &lt;u&gt;of&lt;/u&gt; Paris</dd>');
    expect(body).toContain(`<a href="/view/articles/${article.id}"><strong>Ann &lt;b&gt;Lee&lt;/b&gt; &amp;`);
    expect(body).toContain('<blockquote>Paris was &lt;i&gt;lovely&lt;/i&gt;</blockquote>');
    expect(body).toMatch(new RegExp(`Mentioned with[\\s\\S]*href="/view/entities/${paris.id}">Paris`));
  });

  it('answers 404 with an HTML page for an unknown id', async () => {
    const body = expectPage(await get('/view/entities/0000000000000000'), 404);
    expect(body).toContain('There is no entity <code>0000000000000000</code>.');
  });
});

describe('GET /view', () => {
  it('lists recent articles with a search box, a page at a time', async () => {
    const body = expectPage(await get('/view'));
    expect(body).toContain('<form method="get" action="/view" role="search">');
    expect(body.match(/<li><a href="\/view\/articles\//g)).toHaveLength(20);
    const next = body.match(/<a rel="next" href="([^"]+)">/)?.[1];
    expect(next).toMatch(/^\/view\?cursor=/);
    const rest = expectPage(await get(unescapeHtml(next as string)));
    expect(rest.match(/<li><a href="\/view\/articles\//g)).toHaveLength(7);
    expect(rest).toContain('Ann &lt;b&gt;Lee&lt;/b&gt;');
  });

  it('searches with q, highlighting the words found, and echoes q escaped', async () => {
    const body = expectPage(await get('/view?q=lovely'));
    expect(body.match(/<li><a href="\/view\/articles\//g)).toHaveLength(1);
    expect(body).toContain('<mark class="hit">lovely</mark>');
    expect(body).toContain('value="lovely"');
    const none = expectPage(await get(`/view?q=${encodeURIComponent('"><script>qqq')}`));
    expect(none).toContain('No articles match “&quot;&gt;&lt;script&gt;qqq”.');
    expect(none).toContain('value="&quot;&gt;&lt;script&gt;qqq"');
    // The form's empty search is no search.
    expect(expectPage(await get('/view?q=')).match(/<li><a href="\/view\/articles\//g)).toHaveLength(20);
  });

  it('refuses a malformed cursor with an HTML page that starts the list again', async () => {
    const body = expectBadCursor(await get('/view?q=lovely&cursor=nonsense'));
    expect(body).toContain('<a href="/view?q=lovely">Start this list again</a>');
    // Empty, or long past any cursor handed out: the same page, not problem+json.
    expectBadCursor(await get('/view?cursor='));
    expectBadCursor(await get(`/view?cursor=${'A'.repeat(5000)}`));
  });

  it('hands out sealed cursors, bound to the list and its filters', async () => {
    const next = nextOf(expectPage(await get('/view')));
    const cursor = new URLSearchParams((next as string).split('?')[1]).get('cursor') as string;
    // Not the store's own cursor (base64url JSON of the last row's sort key)...
    const raw = await store.listArticles({ limit: 20 });
    expect(cursor).not.toBe(raw.next);
    expect(() => JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))).toThrow();
    // ...which the view refuses, as it refuses one it sealed for other filters or another list.
    expectBadCursor(await get(`/view?cursor=${raw.next}`));
    expectBadCursor(await get(`/view?from=2026-01-01&cursor=${cursor}`));
    expectBadCursor(await get(`/view/quotes?cursor=${cursor}`));
    expectBadCursor(
      await get(`/view/people?cursor=${nextOf(expectPage(await get('/view/organisations')))?.split('cursor=')[1]}`),
    );
    // The API's lists and the view's do not take each other's cursors.
    const api = (await get('/articles?limit=20')).json().next;
    expectBadCursor(await get(`/view?cursor=${api}`));
    expectProblem(await get(`/articles?limit=20&cursor=${cursor}`));
    // The same filters, reached by an empty form field, are the same list.
    expect(items(expectPage(await get(`/view?q=&source=&cursor=${cursor}`)))).toBe(7);
  });

  it('stays out of the API document', async () => {
    const doc = (await get('/openapi.json')).json();
    expect(Object.keys(doc.paths).filter((p) => p.startsWith('/view'))).toEqual([]);
  });
});

describe('annotate', () => {
  // Any spans over any text: the result nests, links never nest, every character is there once and
  // in order, each quote's pieces are exactly its span, and each label follows its quote.
  const chars = fc.constantFrom('a', 'b', ' ', '<', '&', '"', '😀', 'é');
  const input = fc
    .array(chars, { maxLength: 24 })
    .chain((cs) => {
      const n = cs.length;
      const pos = fc.integer({ min: 0, max: n });
      const mark = fc.record({ start: pos, end: pos, quote: fc.boolean() });
      return fc.record({ cs: fc.constant(cs), marks: fc.array(mark, { maxLength: 8 }), from: pos, to: pos });
    })
    .map(({ cs, marks, from, to }) => ({
      cs,
      from: Math.min(from, to),
      to: Math.max(from, to),
      marks: marks.map((m) => ({ ...m, start: Math.min(m.start, m.end), end: Math.max(m.start, m.end) })),
    }));

  it('produces well-nested HTML that keeps the text and each span', () => {
    fc.assert(
      fc.property(input, ({ cs, from, to, marks }) => {
        const text = new CodePoints(cs.join(''));
        const ms: Mark[] = marks.map((m, i) =>
          m.quote
            ? {
                start: m.start,
                end: m.end,
                layer: 'quote',
                open: html`<mark data-k="${i}">`,
                close: html`</mark>`,
                after: html`<span data-after="${i}">!</span>`,
              }
            : { start: m.start, end: m.end, layer: 'mention', open: html`<a data-k="${i}">`, close: html`</a>` },
        );
        const out = annotate(text, from, to, ms).value;
        expectWellNested(out);
        const passage = cs.slice(from, to).join('');
        expect(textOf(out.replace(/<span data-after="\d+">!<\/span>/g, ''))).toBe(passage);
        marks.forEach((m, i) => {
          const lo = Math.max(m.start, from);
          const hi = Math.min(m.end, to);
          const pieces = [...out.matchAll(new RegExp(`<(mark|a) data-k="${i}">`, 'g'))];
          if (lo >= hi) expect(pieces).toHaveLength(0);
          if (!m.quote || lo >= hi) return;
          // A quote's pieces, their text joined, are its clipped span (pieces end at their own close).
          const joined = pieces
            .map((p) => {
              let depth = 0;
              const rest = out.slice((p.index ?? 0) + p[0].length);
              for (const t of rest.matchAll(/<(\/?)mark[^>]*>/g)) {
                if (t[1]) {
                  if (depth === 0) return rest.slice(0, t.index);
                  depth--;
                } else depth++;
              }
              return rest;
            })
            .map((s) => textOf(s.replace(/<span data-after="\d+">!<\/span>/g, '')))
            .join('');
          expect(joined).toBe(cs.slice(lo, hi).join(''));
          const labels = out.match(new RegExp(`<span data-after="${i}">`, 'g')) ?? [];
          expect(labels).toHaveLength(m.end <= to ? 1 : 0);
        });
      }),
      { numRuns: 500 },
    );
  });

  it('gives each of several passages the same result as annotating it alone with every mark', () => {
    const cuts = fc.uniqueArray(fc.integer({ min: 0, max: 30 }), { maxLength: 8 }).map((a) => a.sort((x, y) => x - y));
    fc.assert(
      fc.property(cuts, input, fc.boolean(), (points, { cs, marks }, overlap) => {
        const text = new CodePoints(cs.join(''));
        const n = cs.length;
        const ends = points.filter((p) => p <= n);
        const passages: ({ start: number; end: number } | null)[] = [];
        for (let i = 0; i + 1 < ends.length; i += 2)
          passages.push({ start: ends[i] as number, end: ends[i + 1] as number });
        passages.push(null);
        // Out of order and overlapping, as parts found by the fallback search can be.
        if (overlap && n > 0) passages.unshift({ start: 0, end: n });
        const ms: Mark[] = marks.map((m, i) => ({
          start: m.start,
          end: m.end,
          layer: m.quote ? 'quote' : 'mention',
          open: html`<b data-k="${i}">`,
          close: html`</b>`,
        }));
        const all = annotateAll(text, passages, ms);
        passages.forEach((p, i) => {
          expect(all[i]?.value).toBe(p ? annotate(text, p.start, p.end, ms).value : undefined);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('escapes text and leaves Html alone', () => {
    expect(html`<p title="${'"<x>\''}">${'a & b'}${new Html('<br>')}</p>`.value).toBe(
      '<p title="&quot;&lt;x&gt;&#39;">a &amp; b<br></p>',
    );
  });
});

const items = (body: string) => body.match(/<li><a href="\/view\/articles\//g)?.length ?? 0;
const quoteIds = (body: string) => [...body.matchAll(/<li data-quote-item="(\w+)"/g)].map((m) => m[1]);
const nextOf = (body: string) => {
  const next = body.match(/<a rel="next" href="([^"]+)">/)?.[1];
  return next ? unescapeHtml(next) : null;
};
function expectProblem(res: Awaited<ReturnType<typeof get>>) {
  expect(res.statusCode).toBe(400);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
}
/** A cursor the view did not hand out for this list: a 400 HTML page saying so, no stack, no JSON. */
function expectBadCursor(res: Awaited<ReturnType<typeof get>>) {
  const body = expectPage(res, 400);
  expect(body).toContain('<h1>This page of the list cannot be shown</h1>');
  expect(body).not.toMatch(/ at .*\.(ts|js):\d+|"status":/);
  return body;
}

describe('GET /', () => {
  it('redirects to the reader, and stays out of the API document', async () => {
    const res = await get('/');
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/view');
    const doc = (await get('/openapi.json')).json();
    expect(doc.paths['/']).toBeUndefined();
  });
});

describe('navigation', () => {
  const NAV = [
    ['/view', 'Articles'],
    ['/view/people', 'People'],
    ['/view/organisations', 'Organisations'],
    ['/view/places', 'Places'],
    ['/view/quotes', 'Quotes'],
  ];
  it('links every page to articles, people, organisations, places, quotes and the API docs', async () => {
    const pages: [string, string | null][] = [
      ['/view', '/view'],
      ['/view/people', '/view/people'],
      ['/view/organisations', '/view/organisations'],
      ['/view/places', '/view/places'],
      ['/view/quotes', '/view/quotes'],
      [`/view/articles/${article.id}`, null],
      [`/view/entities/${ann.id}`, '/view/people'],
      [`/view/entities/${group.id}`, '/view/organisations'],
      ['/view/entities/0000000000000000', null],
    ];
    for (const [url, current] of pages) {
      const res = await get(url);
      const body = expectPage(res, res.statusCode === 404 ? 404 : 200);
      const nav = body.match(/<nav class="site" aria-label="Reader">([\s\S]*?)<\/nav>/)?.[1] ?? '';
      const links = [...nav.matchAll(/<a href="([^"]+)"( aria-current="page")?>([^<]+)<\/a>/g)].map((m) => [
        m[1],
        m[3],
      ]);
      expect(links, url).toEqual([...NAV, ['/docs', 'API docs']]);
      const marked = [...nav.matchAll(/<a href="([^"]+)" aria-current="page">/g)].map((m) => m[1]);
      expect(marked, url).toEqual(current ? [current] : []);
    }
  });
});

describe('article pages: dates, source and quote anchors', () => {
  it('labels the publication and ingest dates and links the original with rel="noopener noreferrer nofollow"', async () => {
    const body = expectPage(await get(`/view/articles/${article.id}`));
    expect(body).toContain(
      '<span class="published">Published <time datetime="2026-01-01T09:30:00Z">2026-01-01</time></span> · <span class="ingested">Ingested <time datetime="2026-01-02T00:00:00.000Z">2026-01-02</time></span>',
    );
    expect(body).toContain(
      'Original: <a class="original" href="https://example.com/news?id=1&amp;x=%22y%22" rel="noopener noreferrer nofollow">https://example.com/news?id=1&amp;x=%22y%22</a>',
    );
  });

  it('never links a URL that is not http or https', async () => {
    const body = expectPage(await get(`/view/articles/${article2.id}`));
    expect(body).not.toContain('class="original"');
    expect(body).not.toMatch(/javascript:/i);
    expect(body).toContain('<span class="published">Published <time datetime="2026-03-05">2026-03-05</time></span>');
    // A filler has no publication date: said so, not passed off as the ingest date.
    const { data } = await store.listArticles({ q: 'filler', limit: 1 });
    const filler = expectPage(await get(`/view/articles/${data[0]?.id}`));
    expect(filler).toContain('<span class="published">Publication date unknown</span>');
    expect(filler).not.toContain('Original:');
  });

  it('gives every quote one anchor, on where it begins in the text', async () => {
    for (const [a, ids] of [
      [article, ['00000000000000b1', '00000000000000b2', '00000000000000b3']],
      [article2, ['00000000000000c1']],
    ] as const) {
      const body = expectPage(await get(`/view/articles/${a.id}`));
      for (const id of ids) {
        expect(body.match(new RegExp(`id="quote-${id}"`, 'g')), id).toHaveLength(1);
        expect(body).toMatch(
          new RegExp(`<mark class="quote \\w+" data-quote="${id}" data-occurrence="0"[^>]* id="quote-${id}">`),
        );
      }
    }
  });
});

describe('GET /view/entities/:id quotes', () => {
  it('names each quote’s article, linking to the quote in it', async () => {
    const body = expectPage(await get(`/view/entities/${bob.id}`));
    expect(body).toContain(
      `in <a class="in-article" href="/view/articles/${article2.id}#quote-00000000000000c1">Bob &quot;the &lt;i&gt;Builder&lt;/i&gt;&quot; speaks</a>`,
    );
    expect(body).toContain('<blockquote>“We &lt;script&gt;build&lt;/script&gt; bridges,”</blockquote>');
    // On to the filtered lists, where the rest are.
    expect(body).toContain(
      `<a class="more" href="/view?entity=${bob.id}">Articles mentioning Bob &quot;the &lt;i&gt;Builder&lt;/i&gt;&quot;, to search and filter →</a>`,
    );
    expect(body).toContain(`<a class="more" href="/view/quotes?speaker=${bob.id}">Quotes by Bob`);
    const annPage = expectPage(await get(`/view/entities/${ann.id}`));
    expect(annPage).toContain(
      `href="/view/articles/${article.id}#quote-00000000000000b1">Ann &lt;b&gt;Lee&lt;/b&gt; &amp;`,
    );
  });
});

describe('GET /view/people, /view/organisations, /view/places', () => {
  const rows = (body: string) =>
    [
      ...body.matchAll(
        /<tr><td><a class="(\w+)" href="\/view\/entities\/(\w+)">([^<]*)<\/a><\/td><td class="n">(\d+)<\/td><td class="n">(\d+)<\/td><\/tr>/g,
      ),
    ].map(([, type, id, name, mentions, articles]) => ({
      type,
      id,
      name,
      mentions: Number(mentions),
      articles: Number(articles),
    }));

  it('lists the entities of the type with their mention and article counts, escaped, most mentioned first', async () => {
    const body = expectPage(await get('/view/people'));
    expect(rows(body)).toEqual([
      { type: 'person', id: bob.id, name: 'Bob &quot;the &lt;i&gt;Builder&lt;/i&gt;&quot;', mentions: 4, articles: 1 },
      { type: 'person', id: ann.id, name: 'Ann &lt;b&gt;Lee&lt;/b&gt;', mentions: 3, articles: 1 },
    ]);
    expect(body).toContain('<form method="get" action="/view/people" role="search">');
    expect(body).toContain('<option value="mentions" selected>');
    expect(rows(expectPage(await get('/view/places'))).map((r) => r.id)).toEqual([paris.id]);
  });

  it('sorts by name or articles, and searches by a prefix of a name', async () => {
    const byName = expectPage(await get('/view/people?sort=name'));
    expect(rows(byName).map((r) => r.id)).toEqual([ann.id, bob.id]);
    expect(byName).toContain('<option value="name" selected>');
    expect(rows(expectPage(await get('/view/people?sort=articles'))).map((r) => r.id)).toHaveLength(2);
    const found = expectPage(await get('/view/people?q=bo'));
    expect(rows(found).map((r) => r.id)).toEqual([bob.id]);
    expect(found).toContain('value="bo"');
    const none = expectPage(await get(`/view/people?q=${encodeURIComponent('"><script>zz')}`));
    expect(rows(none)).toEqual([]);
    expect(none).toContain('value="&quot;&gt;&lt;script&gt;zz"');
    expect(none).toContain('No people named “&quot;&gt;&lt;script&gt;zz…”.');
    // The form's empty fields are no search and the default sort.
    expect(rows(expectPage(await get('/view/people?q=&sort='))).map((r) => r.id)).toEqual([bob.id, ann.id]);
  });

  it('pages with the store’s cursor, keeping the sort, the default one named or not (as the form sends it)', async () => {
    for (const query of ['?sort=name', '?sort=mentions', '?q=&sort=mentions', '']) {
      const first = expectPage(await get(`/view/organisations${query}`));
      expect(rows(first)).toHaveLength(50);
      const next = nextOf(first);
      expect(next).toMatch(
        new RegExp(`^/view/organisations\\?${query.includes('sort') ? `sort=${query.split('sort=')[1]}&` : ''}cursor=`),
      );
      const rest = expectPage(await get(next as string));
      expect(rows(rest)).toHaveLength(1);
      expect(nextOf(rest)).toBeNull();
      const all = [...rows(first), ...rows(rest)].map((r) => r.id);
      expect(new Set(all).size).toBe(51);
      expect(all).toContain(group.id);
    }
  });

  it('refuses a bad sort as problem+json, and a bad cursor with an HTML page', async () => {
    expectProblem(await get('/view/people?sort=loudest'));
    expectBadCursor(await get('/view/places?cursor=nonsense'));
  });
});

describe('GET /view/quotes', () => {
  it('lists the quotes with their speakers linked and their articles named, linking to the quote', async () => {
    const body = expectPage(await get('/view/quotes'));
    expect(quoteIds(body).sort()).toEqual([
      '00000000000000b1',
      '00000000000000b2',
      '00000000000000b3',
      '00000000000000c1',
    ]);
    expect(body).toContain(
      `<a class="who" href="/view/entities/${bob.id}" data-speaker-of="00000000000000c1" title="direct quote: Bob &quot;the &lt;i&gt;Builder&lt;/i&gt;&quot;">Bob &quot;the &lt;i&gt;Builder&lt;/i&gt;&quot;</a>`,
    );
    expect(body).toContain('<span class="who" data-speaker-of="00000000000000b2">unattributed</span>');
    expect(body).toContain(
      `in <a class="in-article" href="/view/articles/${article2.id}#quote-00000000000000c1">Bob &quot;the &lt;i&gt;Builder&lt;/i&gt;&quot; speaks</a>`,
    );
    expect(body).toContain(`href="/view/articles/${article.id}#quote-00000000000000b2">Ann &lt;b&gt;Lee&lt;/b&gt;`);
    // The anchor the link points at is on the article's page.
    expect(expectPage(await get(`/view/articles/${article2.id}`))).toContain('id="quote-00000000000000c1"');
  });

  it('filters by speaker, naming them with a way to clear it, by kind and by words', async () => {
    const bobs = expectPage(await get(`/view/quotes?speaker=${bob.id}`));
    expect(quoteIds(bobs)).toEqual(['00000000000000c1']);
    expect(bobs).toContain(
      `Only quotes by <a class="who" href="/view/entities/${bob.id}">Bob &quot;the &lt;i&gt;Builder&lt;/i&gt;&quot;</a> · <a class="clear" href="/view/quotes">all speakers</a>`,
    );
    expect(bobs).toContain(`<input type="hidden" name="speaker" value="${bob.id}">`);
    expect(bobs).toContain('<title>Quotes by Bob &quot;the &lt;i&gt;Builder&lt;/i&gt;&quot; · Newswire reader</title>');
    const reported = expectPage(await get('/view/quotes?kind=indirect'));
    expect(quoteIds(reported)).toEqual(['00000000000000b1']);
    expect(reported).toContain('<option value="indirect" selected>reported</option>');
    expect(quoteIds(expectPage(await get('/view/quotes?q=bridges')))).toEqual(['00000000000000c1']);
    // Combined: Ann's direct quotes, and the clear link keeps the other filters.
    const annDirect = expectPage(await get(`/view/quotes?speaker=${ann.id}&kind=direct&q=dawn`));
    expect(quoteIds(annDirect)).toEqual(['00000000000000b3']);
    expect(annDirect).toContain('<a class="clear" href="/view/quotes?kind=direct&amp;q=dawn">all speakers</a>');
    expect(quoteIds(expectPage(await get(`/view/quotes?speaker=${bob.id}&kind=indirect`)))).toEqual([]);
    // Empty form fields are no filter; an unknown speaker is said to be unknown.
    expect(quoteIds(expectPage(await get('/view/quotes?speaker=&kind=&q=')))).toHaveLength(4);
    const unknown = expectPage(await get('/view/quotes?speaker=0000000000000000'));
    expect(unknown).toContain('Only quotes by an unknown entity <code>0000000000000000</code>');
    expect(unknown).toContain('No quotes match.');
  });

  it('echoes the words escaped, refuses bad filters as problem+json and a bad cursor with an HTML page', async () => {
    const body = expectPage(await get(`/view/quotes?q=${encodeURIComponent('"><script>zz')}`));
    expect(body).toContain('value="&quot;&gt;&lt;script&gt;zz"');
    expectProblem(await get('/view/quotes?kind=shouted'));
    expectProblem(await get('/view/quotes?speaker=%3Cscript%3E'));
    expectBadCursor(await get('/view/quotes?cursor=nonsense'));
  });
});

describe('GET /view filters', () => {
  it('filters by source, echoing it escaped, with a link to clear it', async () => {
    const body = expectPage(await get(`/view?source=${encodeURIComponent('Wire "B" <x>')}`));
    expect(items(body)).toBe(1);
    expect(body).toContain(`<a href="/view/articles/${article2.id}">`);
    expect(body).toContain('<input type="text" name="source" value="Wire &quot;B&quot; &lt;x&gt;"');
    expect(body).toContain('from <strong>Wire &quot;B&quot; &lt;x&gt;</strong> <a class="clear" href="/view">✕</a>');
    // The source in an article's meta line links to this filter.
    expect(body).toContain('<a class="source" href="/view?source=Wire+%22B%22+%3Cx%3E"');
  });

  it('filters by publication dates, inclusive, and pages keeping the filters', async () => {
    const jan = expectPage(await get('/view?from=2026-01-01&to=2026-01-01'));
    expect(items(jan)).toBe(1);
    expect(jan).toContain(`<a href="/view/articles/${article.id}">`);
    expect(jan).toContain('<input type="date" name="from" value="2026-01-01"');
    expect(items(expectPage(await get('/view?from=2026-01-01&to=2026-03-31T23:59:59Z')))).toBe(2);
    // A date-time stays a date-time in the form (a date picker would drop it).
    expect(expectPage(await get('/view?to=2026-03-31T23:59:59Z'))).toContain(
      '<input type="text" name="to" value="2026-03-31T23:59:59Z"',
    );
    const later = expectPage(await get('/view?from=2026-06-01'));
    expect(items(later)).toBe(20);
    const next = nextOf(later);
    expect(next).toMatch(/^\/view\?from=2026-06-01&cursor=/);
    expect(items(expectPage(await get(next as string)))).toBe(5);
  });

  it('filters by entity, naming it, and combines with q and the other filters', async () => {
    const anns = expectPage(await get(`/view?entity=${ann.id}`));
    expect(items(anns)).toBe(1);
    expect(anns).toContain(
      `mentioning <a class="person" href="/view/entities/${ann.id}">Ann &lt;b&gt;Lee&lt;/b&gt;</a> <a class="clear" href="/view">✕</a>`,
    );
    expect(anns).toContain(`<input type="hidden" name="entity" value="${ann.id}">`);
    expect(items(expectPage(await get(`/view?entity=${ann.id}&q=lovely`)))).toBe(1);
    const none = expectPage(await get(`/view?entity=${bob.id}&q=lovely&from=2026-01-01`));
    expect(items(none)).toBe(0);
    expect(none).toContain('No articles match “lovely” with these filters.');
    expect(none).toContain('<a class="clear-all" href="/view?q=lovely">clear filters</a>');
    expect(none).toContain(`<a class="clear" href="/view?q=lovely&amp;from=2026-01-01">✕</a>`);
    const unknown = expectPage(await get('/view?entity=0000000000000000'));
    expect(unknown).toContain('mentioning an unknown entity <code>0000000000000000</code>');
    expect(unknown).toContain('No articles match these filters.');
  });

  it('takes empty form fields as no filter, and refuses bad values as problem+json', async () => {
    expect(items(expectPage(await get('/view?q=&source=&from=&to=&entity=')))).toBe(20);
    expectProblem(await get('/view?from=yesterday'));
    expectProblem(await get('/view?to=2026-13-45'));
    expectProblem(await get('/view?entity=Ann'));
    expectProblem(await get(`/view?entity=${encodeURIComponent('"><script>')}`));
  });
});
