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

/** [start, end) in code points of the nth occurrence of `needle`. */
function span(text: string, needle: string, nth = 0): [number, number] {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = text.indexOf(needle, at + 1);
  if (at < 0) throw new Error(`no ${needle}`);
  const start = Array.from(text.slice(0, at)).length;
  return [start, start + Array.from(needle).length];
}

const unescapeHtml = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
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

let app: FastifyInstance;
let store: NewsStore;
beforeAll(async () => {
  store = createSqliteStore(openDatabase(':memory:'));
  await store.saveArticle(article, new Date('2026-01-02T00:00:00Z'));
  for (let i = 0; i < 25; i++) await store.saveArticle(draft(`Filler ${i}\nNothing.`));
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
    expect(body).toContain('<span class="source">&lt;Wire &amp; Co&gt;</span>');
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
      `met <a href="/view/entities/${ann.id}" class="m person" data-type="person" data-entity="${ann.id}" data-m="0.2" title="Ann &lt;b&gt;Lee&lt;/b&gt; (person)">Ann</a> in <a href="/view/entities/${paris.id}" class="m place" data-type="place" data-entity="${paris.id}" data-m="1.2" title="Paris (place)">P</a><mark class="quote direct" data-quote="00000000000000b2" data-occurrence="0" title="Direct quote: unattributed"><a href="/view/entities/${paris.id}" class="m place" data-type="place" data-entity="${paris.id}" data-m="1.2" title="Paris (place)">aris</a>`,
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
    expect(rest.match(/<li><a href="\/view\/articles\//g)).toHaveLength(6);
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

  it('refuses a malformed cursor as problem+json, like the API', async () => {
    const res = await get('/view?cursor=nonsense');
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
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
