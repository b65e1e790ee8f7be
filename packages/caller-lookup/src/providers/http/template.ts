import { CallerLookupConfigError } from '../../errors.js';

/** Where a rendered value goes; each place has its own encoding. */
export type TemplatePlace = 'path' | 'raw' | 'header';

const PLACEHOLDER = /\{\{\s*([\w.-]+)\s*\}\}/g;
// What a header value may not contain (CR, LF, NUL): header injection.
const BAD_HEADER = /[\r\n\0]/;

/** The names a template uses (`{{number}}`, `{{params.tenant}}`). */
export function placeholders(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1] as string);
}

/** Throw a config error when a template uses a name that `known` does not accept. */
export function checkTemplate(template: string, known: (name: string) => boolean, where: string): void {
  for (const name of placeholders(template)) {
    if (!known(name)) throw new CallerLookupConfigError(`Unknown placeholder {{${name}}} in ${where}`);
  }
}

/**
 * Fill a template, encoding each value for its place: `path` percent-encodes (URL path and query
 * inside the URL), `raw` leaves it to the caller (URLSearchParams, JSON.stringify), `header` refuses
 * CR/LF/NUL. The caller id is attacker-controlled; it must never change the request's shape.
 */
export function render(
  template: string,
  values: Readonly<Record<string, string>>,
  place: TemplatePlace,
): string {
  return template.replace(PLACEHOLDER, (_, name: string) => {
    const value = values[name] ?? '';
    if (place === 'path') return encodeURIComponent(value);
    if (place === 'header' && BAD_HEADER.test(value))
      throw new TypeError(`Header value for {{${name}}} contains CR, LF or NUL`);
    return value;
  });
}

/** Fill every string inside a JSON body template (keys stay as written). */
export function renderJson(template: unknown, values: Readonly<Record<string, string>>): unknown {
  if (typeof template === 'string') return render(template, values, 'raw');
  if (Array.isArray(template)) return template.map((item) => renderJson(item, values));
  if (template && typeof template === 'object') {
    return Object.fromEntries(Object.entries(template).map(([k, v]) => [k, renderJson(v, values)]));
  }
  return template;
}

/** Every string inside a JSON template, to check placeholders once. */
export function jsonStrings(template: unknown): string[] {
  if (typeof template === 'string') return [template];
  if (Array.isArray(template)) return template.flatMap(jsonStrings);
  if (template && typeof template === 'object') return Object.values(template).flatMap(jsonStrings);
  return [];
}
