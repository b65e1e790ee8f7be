/**
 * Serialises a payload the way Meta puts webhooks on the wire: compact JSON, every non-ASCII UTF-16
 * unit as lowercase `\uXXXX` (astral characters as surrogate pairs), and `/` as `\/`.
 *
 * @example
 * ```ts
 * encodeMetaJson({ text: 'café 👍 a/b' }); // '{"text":"caf\\u00e9 \\ud83d\\udc4d a\\/b"}'
 * ```
 */
export function encodeMetaJson(payload: unknown): string {
  const json = JSON.stringify(payload);
  let out = '';
  let last = 0;
  for (let i = 0; i < json.length; i++) {
    const unit = json.charCodeAt(i);
    if (unit < 0x80 && unit !== 0x2f) continue;
    out += json.slice(last, i);
    out += unit === 0x2f ? '\\/' : `\\u${unit.toString(16).padStart(4, '0')}`;
    last = i + 1;
  }
  return last === 0 ? json : out + json.slice(last);
}
