// The reader view's pages: the article list with search, an article with its mentions and quotes
// marked, an entity with its articles and quotes. Every piece of text goes through html``, escaped.
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

function when(a: ArticleSummary): Html {
  const [label, at] = a.publishedAt ? ['published', a.publishedAt] : ['stored', a.ingestedAt];
  return html`<time datetime="${at}" title="${label}">${at.slice(0, 10)}</time>`;
}

function metaLine(a: ArticleSummary, dateline: Html | string | null): Html {
  const parts = [
    dateline ? html`<span class="dateline">${dateline}</span>` : null,
    a.source ? html`<span class="source">${a.source.name}</span>` : null,
    when(a),
  ].filter((p) => p !== null);
  return join(parts, ' · ');
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
    q.occurrences.forEach((o, oi) => {
      marks.push({
        start: o.start,
        end: o.end,
        layer: 'quote',
        open: html`<mark class="quote ${q.kind}" data-quote="${q.id}" data-occurrence="${oi}" title="${q.kind === 'direct' ? 'Direct quote' : 'Reported speech'}: ${who}">`,
        close: html`</mark>`,
        after: speakerLabel(q),
      });
    });
  }
  return marks;
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

  const quotes = a.quotes.map(
    (
      q,
    ) => html`<li data-quote-item="${q.id}"><span class="kind quote ${q.kind}">${q.kind === 'direct' ? 'direct' : 'reported'}</span>${speakerLabel(q)}
<blockquote>${quoteWords(q)}</blockquote></li>`,
  );

  return page(
    a.headline,
    html`<article data-article="${a.id}">
<h1>${headline}</h1>
<p class="meta">${metaLine(a, dateline ?? null)}</p>
${standfirst ? html`<p class="standfirst">${standfirst}</p>` : null}
${legend(a)}
<div class="body">
${paragraphs.map((p) => html`<p>${p}</p>\n`)}</div>
</article>
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

export function listPage(q: string | undefined, result: Page<ArticleListItem>, nextHref: string | null): Html {
  const items = result.data.map(
    (a) => html`<li><a href="${articleHref(a.id)}"><strong>${a.headline}</strong></a>
<div class="meta">${metaLine(a, a.dateline?.text ?? null)}</div>
${((s) => (s ? html`<div>${s}</div>` : null))(snippet(a))}</li>`,
  );
  const empty = q ? html`<p>No articles match “${q}”.</p>` : html`<p>No articles yet.</p>`;
  return page(
    q ? `“${q}”` : 'Articles',
    html`<h1>${q ? html`Articles matching “${q}”` : 'Articles'}</h1>
<form method="get" action="/view" role="search">
<input type="search" name="q" value="${q ?? ''}" placeholder="Search headlines and text" aria-label="Search" maxlength="200">
<button type="submit">Search</button>
</form>
${items.length > 0 ? html`<ul class="plain articles">${items}</ul>` : empty}
${nextHref ? html`<p><a rel="next" href="${nextHref}">More articles →</a></p>` : null}`,
  );
}

export function entityPage(
  e: Entity,
  articles: Page<ArticleListItem>,
  quotes: Page<Quote>,
  related: RelatedEntity[],
): Html {
  const labels = (list: string[]) => (list.length > 0 ? join(list, ', ') : html`<span class="count">none</span>`);
  const more = (next: string | null, href: string) =>
    next ? html`<p class="meta">More: <a href="${href}">${href}</a></p>` : null;
  const articleItems = articles.data.map(
    (a) => html`<li><a href="${articleHref(a.id)}"><strong>${a.headline}</strong></a>
<div class="meta">${metaLine(a, a.dateline?.text ?? null)}</div></li>`,
  );
  const quoteItems = quotes.data.map(
    (
      q,
    ) => html`<li data-quote-item="${q.id}"><span class="kind quote ${q.kind}">${q.kind === 'direct' ? 'direct' : 'reported'}</span>
<blockquote>${quoteWords(q)}</blockquote><div class="meta"><a href="${articleHref(q.articleId)}">in the article</a></div></li>`,
  );
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
${more(articles.next, `/entities/${encodeURIComponent(e.id)}/articles`)}
</section>
<section>
<h2>Quotes</h2>
${quoteItems.length > 0 ? html`<ul class="plain quotes">${quoteItems}</ul>` : html`<p class="meta">No quotes attributed.</p>`}
${more(quotes.next, `/entities/${encodeURIComponent(e.id)}/quotes`)}
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
