// The reader view's pages: the article list with search and filters, an article with its mentions
// and quotes marked, an entity with its articles and quotes, the people, organisations and places,
// and the quotes. Every piece of text goes through html``, escaped; every link's query is built with
// URLSearchParams.
import type { Article, ArticleListItem, ArticleQuote, ArticleSummary } from '../../schemas/article.js';
import type { Entity, RelatedEntity } from '../../schemas/entity.js';
import type { Quote } from '../../schemas/quote.js';
import type { Page } from '../../store/news-store.js';
import { annotate, annotateAll, CodePoints, linkMark, type Mark } from './annotate.js';
import { type Html, html, join } from './html.js';
import { page } from './layout.js';

type EntityType = Entity['type'];
const TYPES: EntityType[] = ['person', 'organization', 'place'];
const TYPE_NAME: Record<EntityType, string> = { person: 'person', organization: 'organisation', place: 'place' };
const TYPE_HEADING: Record<EntityType, string> = { person: 'People', organization: 'Organisations', place: 'Places' };

export const articleHref = (id: string) => `/view/articles/${encodeURIComponent(id)}`;
export const entityHref = (id: string) => `/view/entities/${encodeURIComponent(id)}`;
/** Every version of a story, in the article list. */
export const storyHref = (storyId: string) => viewHref('/view', { story: storyId });
/** The anchor of a quote in its article's page: on the quote in the text (else on its list item). */
export const quoteAnchor = (id: string) => `quote-${id}`;
export const quoteHref = (q: Pick<Quote, 'id' | 'articleId'>) =>
  `${articleHref(q.articleId)}#${encodeURIComponent(quoteAnchor(q.id))}`;

/** A reader link with a query: the parameters without a value are left out. */
export function viewHref(path: string, params: Record<string, string | null | undefined>): string {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) query.set(k, v);
  const qs = query.toString();
  return qs ? `${path}?${qs}` : path;
}

/** An index of entities of one type: its path under /view, heading and navigation section. */
export const ENTITY_INDEXES = [
  { type: 'person', path: '/view/people', section: 'people' },
  { type: 'organization', path: '/view/organisations', section: 'organisations' },
  { type: 'place', path: '/view/places', section: 'places' },
] as const satisfies readonly { type: EntityType; path: string; section: string }[];
const indexOf = (type: EntityType) => ENTITY_INDEXES.find((i) => i.type === type) ?? ENTITY_INDEXES[0];

const day = (at: string) => html`<time datetime="${at}">${at.slice(0, 10)}</time>`;

/** In a list: the publication date, or the ingest date said to be one. */
function when(a: ArticleSummary): Html {
  return a.publishedAt ? day(a.publishedAt) : html`stored ${day(a.ingestedAt)}`;
}

function sourceLink(a: ArticleSummary): Html | null {
  return a.source
    ? html`<a class="source" href="${viewHref('/view', { source: a.source.name })}" title="More from this source">${a.source.name}</a>`
    : null;
}

function metaLine(a: ArticleSummary, dateline: Html | string | null): Html {
  const parts = [dateline ? html`<span class="dateline">${dateline}</span>` : null, sourceLink(a), when(a)].filter(
    (p) => p !== null,
  );
  return join(parts, ' · ');
}

/** A URL a person may follow from the page: http or https only, never javascript: or data:. */
export function safeUrl(url: string | null): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

function speakerLabel(q: ArticleQuote | Quote): Html {
  return q.speaker
    ? html`<a class="who" href="${entityHref(q.speaker.id)}" data-speaker-of="${q.id}" title="${q.kind} quote: ${q.speaker.name}">${q.speaker.name}</a>`
    : html`<span class="who" data-speaker-of="${q.id}">unattributed</span>`;
}

/**
 * A quote's words as written: each part of a direct quote in its own quotation marks, so one that an
 * attribution interrupts reads “A,” … “B.” and is never run together into one sentence; reported
 * speech, which the text gives without marks, as it stands, its parts (if several) also apart.
 */
function quoteWords(q: ArticleQuote | Quote): Html {
  return join(
    q.parts.map((p) => (q.kind === 'direct' ? html`“${p.text}”` : p.text)),
    ' … ',
  );
}

function kindLabel(q: ArticleQuote | Quote): Html {
  return html`<span class="kind quote ${q.kind}">${q.kind === 'direct' ? 'direct' : 'reported'}</span>`;
}

/** A quote in a list: its kind, speaker (unless the page is the speaker's), words, and its article. */
function quoteItem(q: Quote, headlines: ReadonlyMap<string, string>, withSpeaker: boolean): Html {
  const headline = headlines.get(q.articleId);
  return html`<li data-quote-item="${q.id}">${kindLabel(q)}${withSpeaker ? speakerLabel(q) : null}
<blockquote>${quoteWords(q)}</blockquote><div class="meta">in <a class="in-article" href="${quoteHref(q)}">${headline ?? 'the article'}</a></div></li>`;
}

function legend(a: Article): Html {
  const count = (type: EntityType) =>
    a.entities.filter((e) => e.type === type).reduce((n, e) => n + e.mentions.length, 0);
  const kinds = (kind: ArticleQuote['kind']) => a.quotes.filter((q) => q.kind === kind).length;
  return html`<div class="legend" aria-label="Legend">
${join(
  TYPES.map(
    (t) => html`<span><span class="swatch ${t}"></span>${TYPE_NAME[t]} <span class="count">${count(t)}</span></span>`,
  ),
  '\n',
)}
<span><span class="swatch direct"></span>direct quote <span class="count">${kinds('direct')}</span></span>
<span><span class="swatch indirect"></span>reported speech <span class="count">${kinds('indirect')}</span></span>
<span><span class="who">speaker</span></span>
</div>`;
}

/** The marks of an article: every mention (a link to its entity) and every occurrence of every quote. */
function articleMarks(a: Article): Mark[] {
  const marks: Mark[] = [];
  a.entities.forEach((e, ei) => {
    e.mentions.forEach((m, mi) => {
      marks.push(
        linkMark(m.start, m.end, entityHref(e.id), {
          class: `m ${e.type}`,
          'data-type': e.type,
          'data-entity': e.id,
          'data-m': `${ei}.${mi}`,
          title: `${e.name} (${TYPE_NAME[e.type]})`,
        }),
      );
    });
  });
  for (const q of a.quotes) {
    const who = q.speaker ? q.speaker.name : 'unattributed';
    const title = `${q.kind === 'direct' ? 'Direct quote' : 'Reported speech'}: ${who}`;
    q.occurrences.forEach((o, oi) => {
      const attrs = html`class="quote ${q.kind}" data-quote="${q.id}" data-occurrence="${oi}" title="${title}"`;
      marks.push({
        start: o.start,
        end: o.end,
        layer: 'quote',
        open: html`<mark ${attrs}>`,
        // Where the quote first appears, the piece that begins it is what links to the quote point at.
        ...(oi === 0 ? { openFirst: html`<mark ${attrs} id="${quoteAnchor(q.id)}">` } : {}),
        close: html`</mark>`,
        after: speakerLabel(q),
      });
    });
  }
  return marks;
}

/** The other articles of the article's story (as many as the article carries), and a link to all of them. */
function versionsSection(a: Article): Html | null {
  if (a.duplicates.length === 0) return null;
  const item = (d: Article['duplicates'][number]) =>
    html`<li><a href="${articleHref(d.id)}">${d.headline}</a>${d.source ? html` <span class="meta">· ${d.source.name}</span>` : null}</li>`;
  return html`<section class="versions">
<h2>Other versions of this story</h2>
<ul class="plain versions">${a.duplicates.map(item)}</ul>
<p class="meta"><a class="more" href="${storyHref(a.storyId)}">All versions of this story, to search and filter →</a></p>
</section>`;
}

export function articlePage(a: Article): Html {
  const text = new CodePoints(a.text);
  const marks = articleMarks(a);
  // The parts are substrings of the text, in order: find each after the one before. A part that is
  // not found (no extractor does that) is shown as plain text.
  const parts = [a.headline, a.standfirst ?? '', a.dateline?.text ?? '', ...a.paragraphs];
  let cursor = 0;
  const ranges = parts.map((part) => {
    const at = part ? text.locate(part, cursor) : null;
    if (at) cursor = at.end;
    return at;
  });
  const marked = annotateAll(text, ranges, marks);
  const [headline, standfirst, dateline, ...paragraphs] = parts.map((part, i) => (part ? (marked[i] ?? part) : null));

  const entities = TYPES.map((t) => {
    const list = a.entities.filter((e) => e.type === t);
    if (list.length === 0) return null;
    return html`<h3 class="meta">${TYPE_HEADING[t]}</h3>
<ul class="chips">${list.map(
      (e) =>
        html`<li><a class="${e.type}" href="${entityHref(e.id)}">${e.name}</a> <span class="count">×${e.mentions.length}</span></li>`,
    )}</ul>`;
  });

  // A quote the text does not show (none should) takes its anchor on its list item instead.
  const anchored = new Set(
    a.quotes.filter((q) => marked.some((m) => m?.value.includes(` id="${quoteAnchor(q.id)}">`))).map((q) => q.id),
  );
  const quotes = a.quotes.map(
    (
      q,
    ) => html`<li${anchored.has(q.id) ? null : html` id="${quoteAnchor(q.id)}"`} data-quote-item="${q.id}">${kindLabel(q)}${speakerLabel(q)}
<blockquote>${quoteWords(q)}</blockquote></li>`,
  );
  const url = safeUrl(a.url);

  return page(
    a.headline,
    html`<article data-article="${a.id}">
<h1>${headline}</h1>
<p class="meta">${join(
      [dateline ? html`<span class="dateline">${dateline}</span>` : null, sourceLink(a)].filter((p) => p !== null),
      ' · ',
    )}</p>
<p class="meta dates">${a.publishedAt ? html`<span class="published">Published ${day(a.publishedAt)}</span>` : html`<span class="published">Publication date unknown</span>`} · <span class="ingested">Ingested ${day(a.ingestedAt)}</span>${url ? html` · Original: <a class="original" href="${url}" rel="noopener noreferrer nofollow">${url}</a>` : null}</p>
${standfirst ? html`<p class="standfirst">${standfirst}</p>` : null}
${legend(a)}
<div class="body">
${paragraphs.map((p) => html`<p>${p}</p>\n`)}</div>
</article>
${versionsSection(a)}
<section>
<h2>Mentioned</h2>
${entities}
</section>
<section>
<h2>Quotes</h2>
${quotes.length > 0 ? html`<ul class="plain">${quotes}</ul>` : html`<p class="meta">No quotes found.</p>`}
</section>
<p class="meta">As data: <a href="/articles/${encodeURIComponent(a.id)}">JSON</a> (or IPTC ninjs with
<code>Accept: application/vnd.iptc.ninjs+json</code>)</p>`,
  );
}

function snippet(item: ArticleListItem): Html | string | null {
  if (!item.snippet) return item.standfirst;
  const text = new CodePoints(item.snippet.text);
  const marks: Mark[] = item.snippet.highlights.map((h) => ({
    start: h.start,
    end: h.end,
    layer: 'quote',
    open: html`<mark class="hit">`,
    close: html`</mark>`,
  }));
  return annotate(text, 0, text.chars.length, marks);
}

/**
 * What the article list is narrowed to; `entity` is the named entity when `entityId` is known, and
 * `storyHeadline` the headline of the story's first article when it is stored. Without `story` or
 * `versions: 'all'` the list is one article per story.
 */
export interface ArticleListFilter {
  q?: string | undefined;
  source?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  entityId?: string | undefined;
  entity?: Entity | null;
  story?: string | undefined;
  storyHeadline?: string | null;
  versions?: 'all' | undefined;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** A date field: a date picker for a date, plain text for a date-time (which a picker would drop). */
const dateInput = (name: string, value: string | undefined) =>
  html`<input type="${!value || DATE.test(value) ? 'date' : 'text'}" name="${name}" value="${value ?? ''}" maxlength="40">`;

export function listPage(f: ArticleListFilter, result: Page<ArticleListItem>, nextHref: string | null): Html {
  const { q, source, from, to, entityId, entity, story, storyHeadline, versions } = f;
  const params = { q, source, from, to, entity: entityId, story, versions };
  const without = (key: keyof typeof params) => viewHref('/view', { ...params, [key]: undefined });
  // The versions of a story that match these filters: as many as the collapsed item counts.
  const filters = [
    source ? html`from <strong>${source}</strong> <a class="clear" href="${without('source')}">✕</a>` : null,
    from ? html`published on or after <strong>${from}</strong> <a class="clear" href="${without('from')}">✕</a>` : null,
    to ? html`on or before <strong>${to}</strong> <a class="clear" href="${without('to')}">✕</a>` : null,
    entityId
      ? html`mentioning ${entity ? html`<a class="${entity.type}" href="${entityHref(entity.id)}">${entity.name}</a>` : html`an unknown entity <code>${entityId}</code>`} <a class="clear" href="${without('entity')}">✕</a>`
      : null,
    story
      ? html`of the story ${storyHeadline ? html`<a class="story" href="${articleHref(story)}">${storyHeadline}</a>` : html`<code>${story}</code>`} <a class="clear" href="${without('story')}">✕</a>`
      : null,
  ].filter((p) => p !== null);
  // Whether the list shows one article per story, and the way to the other choice.
  const grouping = story
    ? null
    : versions === 'all'
      ? html`<p class="meta grouping">Every version of each story · <a class="collapse" href="${without('versions')}">one article per story</a></p>`
      : html`<p class="meta grouping">One article per story, its newest version · <a class="versions-all" href="${viewHref('/view', { ...params, versions: 'all' })}">every version</a></p>`;
  const filtered = filters.length > 0;
  const items = result.data.map(
    (a) => html`<li><a href="${articleHref(a.id)}"><strong>${a.headline}</strong></a>
<div class="meta">${metaLine(a, a.dateline?.text ?? null)}${versionsLink(a, { ...params, versions: undefined })}</div>
${((s) => (s ? html`<div>${s}</div>` : null))(snippet(a))}</li>`,
  );
  const empty = q
    ? html`<p>No articles match “${q}”${filtered ? ' with these filters' : null}.</p>`
    : filtered
      ? html`<p>No articles match these filters.</p>`
      : html`<p>No articles yet.</p>`;
  const heading = story ? 'Versions of a story' : 'Articles';
  return page(
    q ? `“${q}”` : heading,
    html`<h1>${q ? html`${heading} matching “${q}”` : heading}</h1>
<form method="get" action="/view" role="search">
<input type="search" name="q" value="${q ?? ''}" placeholder="Search headlines and text" aria-label="Search" maxlength="200">
<button type="submit">Search</button>
<div class="fields">
<label>Source <input type="text" name="source" value="${source ?? ''}" maxlength="200" size="16"></label>
<label>Published from ${dateInput('from', from)}</label>
<label>to ${dateInput('to', to)}</label>
${entityId ? html`<input type="hidden" name="entity" value="${entityId}">` : null}
${story ? html`<input type="hidden" name="story" value="${story}">` : null}
${versions ? html`<input type="hidden" name="versions" value="${versions}">` : null}
</div>
</form>
${filtered ? html`<p class="filters">Only articles ${join(filters, ', ')} · <a class="clear-all" href="${viewHref('/view', { q, versions })}">clear filters</a></p>` : null}
${grouping}
${items.length > 0 ? html`<ul class="plain articles">${items}</ul>` : empty}
${nextHref ? html`<p><a rel="next" href="${nextHref}">More articles →</a></p>` : null}`,
    'articles',
  );
}

/**
 * A collapsed list item's link to its story's versions that match the list's `filters` (its
 * duplicateCount counts those), or nothing for a story of one article.
 */
function versionsLink(a: ArticleListItem, filters: Record<string, string | undefined>): Html | null {
  return a.duplicateCount
    ? html` · <a class="versions" href="${viewHref('/view', { ...filters, story: a.storyId })}">${a.duplicateCount + 1} versions</a>`
    : null;
}

export function entityPage(
  e: Entity,
  articles: Page<ArticleListItem>,
  quotes: Page<Quote>,
  related: RelatedEntity[],
  headlines: ReadonlyMap<string, string>,
): Html {
  const labels = (list: string[]) => (list.length > 0 ? join(list, ', ') : html`<span class="count">none</span>`);
  const more = (shown: boolean, href: string, label: string) =>
    shown ? html`<p class="meta"><a class="more" href="${href}">${label} →</a></p>` : null;
  const articleItems = articles.data.map(
    (a) => html`<li><a href="${articleHref(a.id)}"><strong>${a.headline}</strong></a>
<div class="meta">${metaLine(a, a.dateline?.text ?? null)}${versionsLink(a, { entity: e.id })}</div></li>`,
  );
  const quoteItems = quotes.data.map((q) => quoteItem(q, headlines, false));
  return page(
    e.name,
    html`<h1 data-entity="${e.id}">${e.name}</h1>
<p class="meta"><span class="kind ${e.type}">${TYPE_NAME[e.type]}</span> mentioned ${e.mentionCount} ${e.mentionCount === 1 ? 'time' : 'times'} in ${e.articleCount} ${e.articleCount === 1 ? 'article' : 'articles'}</p>
<dl>
<dt>Aliases</dt><dd class="aliases">${labels(e.aliases)}</dd>
<dt>Titles</dt><dd class="titles">${labels(e.titles)}</dd>
${e.countryCode ? html`<dt>Country code</dt><dd>${e.countryCode}</dd>` : null}
</dl>
<section>
<h2>Articles</h2>
<ul class="plain articles">${articleItems}</ul>
${more(articleItems.length > 0, viewHref('/view', { entity: e.id }), `${articles.next ? 'All articles' : 'Articles'} mentioning ${e.name}, to search and filter`)}
</section>
<section>
<h2>Quotes</h2>
${quoteItems.length > 0 ? html`<ul class="plain quotes">${quoteItems}</ul>` : html`<p class="meta">No quotes attributed.</p>`}
${more(quoteItems.length > 0, viewHref('/view/quotes', { speaker: e.id }), `${quotes.next ? 'All quotes' : 'Quotes'} by ${e.name}, to search`)}
</section>
${
  related.length > 0
    ? html`<section><h2>Mentioned with</h2><ul class="chips">${related.map(
        (r) =>
          html`<li><a class="${r.type}" href="${entityHref(r.id)}">${r.name}</a> <span class="count">${r.sharedArticles}</span></li>`,
      )}</ul></section>`
    : null
}
<p class="meta">As data: <a href="/entities/${encodeURIComponent(e.id)}">JSON</a></p>`,
    indexOf(e.type).section,
  );
}

export type EntitySort = 'mentions' | 'articles' | 'name';
const SORTS: [EntitySort, string][] = [
  ['mentions', 'most mentioned'],
  ['articles', 'in most articles'],
  ['name', 'name'],
];

/** People, organisations or places: a search by name prefix, a sort, a page at a time. */
export function entityIndexPage(
  type: EntityType,
  f: { q?: string | undefined; sort: EntitySort },
  result: Page<Entity>,
  nextHref: string | null,
): Html {
  const { path, section } = indexOf(type);
  const heading = TYPE_HEADING[type];
  const rows = result.data.map(
    (e) =>
      html`<tr><td><a class="${e.type}" href="${entityHref(e.id)}">${e.name}</a></td><td class="n">${e.mentionCount}</td><td class="n">${e.articleCount}</td></tr>\n`,
  );
  const options = SORTS.map(
    ([value, label]) => html`<option value="${value}"${value === f.sort ? html` selected` : null}>${label}</option>`,
  );
  return page(
    f.q ? `${heading}: “${f.q}”` : heading,
    html`<h1>${f.q ? html`${heading} named “${f.q}…”` : heading}</h1>
<form method="get" action="${path}" role="search">
<input type="search" name="q" value="${f.q ?? ''}" placeholder="Name begins with…" aria-label="Name begins with" maxlength="200">
<label>Sort <select name="sort">${options}</select></label>
<button type="submit">Show</button>
</form>
${f.q ? html`<p class="meta">Best matching names first. <a class="clear" href="${viewHref(path, { sort: f.sort === 'mentions' ? undefined : f.sort })}">Show all</a></p>` : null}
${
  rows.length > 0
    ? html`<table class="entities"><thead><tr><th>Name</th><th class="n">Mentions</th><th class="n">Articles</th></tr></thead>
<tbody>${rows}</tbody></table>`
    : html`<p>${f.q ? html`No ${TYPE_HEADING[type].toLowerCase()} named “${f.q}…”.` : html`No ${TYPE_HEADING[type].toLowerCase()} yet.`}</p>`
}
${nextHref ? html`<p><a rel="next" href="${nextHref}">More ${heading.toLowerCase()} →</a></p>` : null}`,
    section,
  );
}

/** What the quotes page is narrowed to; `speaker` is the named entity when `speakerId` is known. */
export interface QuoteListFilter {
  speakerId?: string | undefined;
  speaker?: Entity | null;
  kind?: Quote['kind'] | undefined;
  q?: string | undefined;
}

export function quotesPage(
  f: QuoteListFilter,
  result: Page<Quote>,
  headlines: ReadonlyMap<string, string>,
  nextHref: string | null,
): Html {
  const { speakerId, speaker, kind, q } = f;
  const kinds: [string, string][] = [
    ['', 'any kind'],
    ['direct', 'direct'],
    ['indirect', 'reported'],
  ];
  const options = kinds.map(
    ([value, label]) =>
      html`<option value="${value}"${value === (kind ?? '') ? html` selected` : null}>${label}</option>`,
  );
  const by = speakerId
    ? html`<p class="filters">Only quotes by ${speaker ? html`<a class="who" href="${entityHref(speaker.id)}">${speaker.name}</a>` : html`an unknown entity <code>${speakerId}</code>`} · <a class="clear" href="${viewHref('/view/quotes', { kind, q })}">all speakers</a></p>`
    : null;
  const items = result.data.map((item) => quoteItem(item, headlines, true));
  const filtered = Boolean(speakerId || kind || q);
  return page(
    speaker ? `Quotes by ${speaker.name}` : 'Quotes',
    html`<h1>${speaker ? html`Quotes by ${speaker.name}` : 'Quotes'}</h1>
<form method="get" action="/view/quotes" role="search">
<input type="search" name="q" value="${q ?? ''}" placeholder="Words in the quote" aria-label="Words in the quote" maxlength="200">
<label>Kind <select name="kind">${options}</select></label>
${speakerId ? html`<input type="hidden" name="speaker" value="${speakerId}">` : null}
<button type="submit">Search</button>
</form>
${by}
${items.length > 0 ? html`<ul class="plain quotes">${items}</ul>` : html`<p>${filtered ? 'No quotes match.' : 'No quotes yet.'}</p>`}
${nextHref ? html`<p><a rel="next" href="${nextHref}">More quotes →</a></p>` : null}`,
    'quotes',
  );
}

/** A page link whose cursor this list did not hand out (edited, old, or from another list). */
export function badCursorPage(firstPage: string): Html {
  return page(
    'Bad request',
    html`<h1>This page of the list cannot be shown</h1>
<p>The link's place in the list (its <code>cursor</code>) is not one this list gave out for these filters:
it was changed, or it comes from another list or another server.</p>
<p><a href="${firstPage}">Start this list again</a></p>`,
  );
}

export function notFoundPage(what: 'article' | 'entity', id: string): Html {
  return page(
    'Not found',
    html`<h1>Not found</h1>
<p>There is no ${what} <code>${id}</code>.</p>
<p><a href="/view">All articles</a></p>`,
  );
}
