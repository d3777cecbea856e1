// The page around every reader view: one inline stylesheet (allowed by its hash in the page's
// Content-Security-Policy), no scripts, no external assets.
import { createHash } from 'node:crypto';
import { type Fragment, Html, html } from './html.js';

export const STYLE = `
:root { --person: #fde2b8; --person-edge: #c77700; --organization: #cfe3ff; --organization-edge: #2f6fcb;
  --place: #d4f2d2; --place-edge: #2e8b3a; --direct: #f1e4ff; --indirect: #eeeeee; --ink: #1d1d1f; --muted: #5f6368; }
* { box-sizing: border-box; }
body { margin: 0; font: 17px/1.6 Georgia, 'Times New Roman', serif; color: var(--ink); background: #fbfaf7; }
header.site, main, footer.site { max-width: 46rem; margin: 0 auto; padding: 0 1.25rem; }
header.site { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; justify-content: space-between; padding-top: 1rem;
  font: 14px/1.4 system-ui, sans-serif; }
header.site a { color: var(--ink); font-weight: 600; text-decoration: none; }
nav.site { display: flex; flex-wrap: wrap; gap: .25rem 1rem; }
nav.site a { font-weight: 400; color: var(--muted); }
nav.site a[aria-current=page] { color: var(--ink); border-bottom: 2px solid var(--ink); }
footer.site { margin-top: 3rem; padding-bottom: 2rem; font: 13px/1.5 system-ui, sans-serif; color: var(--muted); }
h1 { font-size: 2rem; line-height: 1.2; margin: 1.5rem 0 .5rem; }
h2 { font: 600 1rem/1.3 system-ui, sans-serif; margin: 2.5rem 0 .75rem; text-transform: uppercase; letter-spacing: .04em;
  color: var(--muted); }
.meta, .legend, .chips, .kind, .who, form, .count, .snippet-meta { font: 13px/1.5 system-ui, sans-serif; }
.meta { color: var(--muted); margin: 0 0 1rem; }
.standfirst { font-size: 1.15rem; font-style: italic; }
.legend { display: flex; flex-wrap: wrap; gap: .5rem 1rem; padding: .5rem .75rem; border: 1px solid #e3e1da;
  border-radius: 6px; background: #fff; margin: 1rem 0 1.5rem; }
.legend span { display: inline-flex; gap: .35rem; align-items: center; }
a.m { color: inherit; text-decoration: none; border-bottom: 2px solid; border-radius: 2px; padding: 0 1px; }
.person { background: var(--person); border-color: var(--person-edge); }
.organization { background: var(--organization); border-color: var(--organization-edge); }
.place { background: var(--place); border-color: var(--place-edge); }
mark.quote { color: inherit; padding: 1px 0; }
.direct { background: var(--direct); }
.indirect { background: var(--indirect); }
a.who, span.who { font-size: 11px; vertical-align: 1px; margin: 0 .25rem; padding: 0 .4rem; border-radius: 999px;
  background: #4b3a63; color: #fff; text-decoration: none; white-space: nowrap; }
span.who { background: #777; }
.swatch { display: inline-block; width: 1.6em; height: 1em; border-bottom: 2px solid; border-radius: 2px; }
.swatch.direct, .swatch.indirect { border: 0; }
.kind { display: inline-block; border-radius: 4px; padding: 0 .4rem; margin-right: .4rem; }
ul.plain { list-style: none; padding: 0; }
ul.plain > li { margin: 0 0 1rem; }
ul.chips { display: flex; flex-wrap: wrap; gap: .4rem; list-style: none; padding: 0; margin: .25rem 0 1rem; }
ul.chips a { display: inline-block; padding: .1rem .5rem; border-radius: 4px; border-bottom: 2px solid;
  color: inherit; text-decoration: none; }
.count { color: var(--muted); }
blockquote { margin: 0; padding-left: 1rem; border-left: 3px solid #d8d0e6; }
form { display: flex; flex-wrap: wrap; gap: .5rem; margin: 1.25rem 0; align-items: center; }
input[type=search] { flex: 1; min-width: 12rem; font: inherit; font-size: 15px; padding: .45rem .6rem;
  border: 1px solid #c9c6bd; border-radius: 6px; }
input[type=text], input[type=date], select { font: inherit; font-size: 14px; padding: .35rem .5rem;
  border: 1px solid #c9c6bd; border-radius: 6px; background: #fff; }
form label { display: inline-flex; gap: .35rem; align-items: center; color: var(--muted); }
form .fields { flex: 1 1 100%; display: flex; flex-wrap: wrap; gap: .5rem 1rem; }
table.entities a, .filters a.person, .filters a.organization, .filters a.place { color: inherit; text-decoration: none;
  border-bottom: 2px solid; border-radius: 3px; padding: 0 .3rem; }
.filters a.clear { text-decoration: none; color: var(--muted); }
.meta a.original { overflow-wrap: anywhere; }
.filters { font: 13px/1.5 system-ui, sans-serif; padding: .4rem .75rem; border-radius: 6px; background: #f1efe8; }
table.entities { width: 100%; border-collapse: collapse; font: 15px/1.5 system-ui, sans-serif; }
table.entities th, table.entities td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid #e3e1da; }
table.entities th { color: var(--muted); font-weight: 600; font-size: 13px; }
table.entities td.n, table.entities th.n { text-align: right; font-variant-numeric: tabular-nums; }
mark.quote[id] { scroll-margin-top: 30vh; }
mark.quote:target { outline: 3px solid #7a4fb0; outline-offset: 2px; }
button { font: inherit; font-size: 15px; padding: .45rem 1rem; border: 0; border-radius: 6px; background: #1d1d1f;
  color: #fff; }
mark.hit { background: #fff0a6; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; font: 15px/1.5 system-ui, sans-serif; }
dt { color: var(--muted); }
dd { margin: 0; }
`;

/** The CSP source that lets exactly this stylesheet apply. */
export const STYLE_HASH = `'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`;

/**
 * The reader view's policy: nothing loads from anywhere, no script runs, the one stylesheet applies,
 * the forms submit here only, and no other site may frame the page.
 */
export const VIEW_CSP = [
  "default-src 'none'",
  `style-src ${STYLE_HASH}`,
  "img-src 'self' data:",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The sections every page links to, in the navigation bar. */
export type Section = 'articles' | 'people' | 'organisations' | 'places' | 'quotes';
const SECTIONS: [Section, string, string][] = [
  ['articles', '/view', 'Articles'],
  ['people', '/view/people', 'People'],
  ['organisations', '/view/organisations', 'Organisations'],
  ['places', '/view/places', 'Places'],
  ['quotes', '/view/quotes', 'Quotes'],
];

function nav(current: Section | null): Html {
  const links = SECTIONS.map(([key, href, label]) =>
    key === current ? html`<a href="${href}" aria-current="page">${label}</a>` : html`<a href="${href}">${label}</a>`,
  );
  return html`<nav class="site" aria-label="Reader">${links}<a href="/docs">API docs</a></nav>`;
}

export function page(title: string, body: Fragment, current: Section | null = null): Html {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${title} · Newswire reader</title>
<style>${new Html(STYLE)}</style>
</head>
<body>
<header class="site"><a href="/view">Newswire reader</a>${nav(current)}</header>
<main>
${body}
</main>
<footer class="site">Served by the Newswire API. Entity mentions and quotes are found automatically and may be wrong.</footer>
</body>
</html>
`;
}
