/**
 * The one way the public pages build HTML: the `html` tag escapes every interpolated value, so a
 * company name or a witness label can never become markup. Only fragments made by `html` itself
 * (or lists of them) pass through unescaped; there is no other way to mark text as safe.
 */

/**
 * Markup produced by the `html` tag; the only values interpolated without escaping. The class is
 * not exported, only its type, so no other module can wrap a raw string in it.
 */
class SafeHtml {
  constructor(readonly value: string) {}

  toString(): string {
    return this.value;
  }
}
export type Html = SafeHtml;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

/** Text safe inside element content and inside quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => ESCAPES[c]);
}

/** What a template may interpolate: text, numbers, nothing (null, undefined, false print nothing), fragments and lists of them. */
export type Interpolation = string | number | boolean | null | undefined | Html | readonly Interpolation[];

function render(value: Interpolation): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: Interpolation[]): SafeHtml {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1];
  return new SafeHtml(out);
}

/** Fragments joined by a separator that is itself escaped. */
export function join(parts: readonly Interpolation[], separator: string): SafeHtml {
  return new SafeHtml(parts.map(render).join(escapeHtml(separator)));
}

/**
 * A path under the public pages with each segment and query value percent-encoded, so an id
 * cannot leave its segment or the attribute; the result is still escaped where interpolated.
 */
export function href(segments: readonly (string | number)[], query: Record<string, string | number | undefined> = {}): string {
  const path = '/' + segments.map((s) => encodeURIComponent(String(s))).join('/');
  const params = Object.entries(query).filter((entry): entry is [string, string | number] => entry[1] !== undefined && entry[1] !== '');
  return params.length ? `${path}?${params.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`).join('&')}` : path;
}
