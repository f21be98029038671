/**
 * HTML built from templates whose interpolated values are escaped unless they are themselves
 * built this way. A value from AWS or the store can only reach the page as text: the one way to
 * insert markup is {@link trustedHtml}, for constants of this tool.
 */

/** Markup that is safe to insert as is: built by {@link html} or {@link trustedHtml}. */
export class SafeHtml {
  readonly #text: string;
  constructor(text: string) {
    this.#text = text;
  }
  toString(): string {
    return this.#text;
  }
}

/** What may be interpolated: markup, text (escaped), numbers, nothing (`false`, `null`, `undefined`), or lists of these. */
export type HtmlValue = SafeHtml | string | number | false | null | undefined | readonly HtmlValue[];

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes the five characters that matter in HTML text and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] as string);
}

function render(value: HtmlValue): string {
  if (value === false || value === null || value === undefined) return '';
  if (value instanceof SafeHtml) return value.toString();
  if (typeof value === 'number') return escapeHtml(String(value));
  if (typeof value === 'string') return escapeHtml(value);
  let out = '';
  for (const item of value) out += render(item);
  return out;
}

/** A template tag: the literal parts are markup, every interpolated value is escaped unless it is {@link SafeHtml}. */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += render(values[i]) + (strings[i + 1] ?? '');
  return new SafeHtml(out);
}

/** Markup written by this tool (a style sheet, an entity). Never pass it a value that came from outside. */
export function trustedHtml(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

/** Joins values into one piece of markup, escaping as {@link html} does. */
export function joinHtml(values: readonly HtmlValue[], separator: HtmlValue = ''): SafeHtml {
  const parts: HtmlValue[] = [];
  values.forEach((value, i) => {
    if (i > 0) parts.push(separator);
    parts.push(value);
  });
  return new SafeHtml(render(parts));
}
