// HTML built from tagged templates: every interpolated value is escaped unless it is already Html,
// so text from an article can only ever reach the page as text.

export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** What a template accepts: text (escaped), Html (as is), lists of either, and nothing (omitted). */
export type Fragment = Html | string | number | null | undefined | false | readonly Fragment[];

function render(value: Fragment): string {
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: Fragment[]): Html {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    out += render(v) + (strings[i + 1] ?? '');
  });
  return new Html(out);
}

/** Joins fragments into one piece of Html, escaping the text among them. */
export function join(parts: readonly Fragment[], separator: Fragment = ''): Html {
  const sep = render(separator);
  return new Html(parts.map(render).join(sep));
}
