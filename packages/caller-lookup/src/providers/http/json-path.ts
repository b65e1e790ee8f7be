/** One step of a parsed path: an object key, an array index, or `*` (every element). */
type Segment = string | number | '*';

const cache = new Map<string, Segment[]>();

/**
 * Parse a small JSONPath subset: `$`, `$.a.b`, `a.b[0].c`, `items[*].name`, `['key.with.dots']`.
 * Throws `SyntaxError` on anything else (checked once, when the provider is built).
 */
export function parseJsonPath(path: string): Segment[] {
  const cached = cache.get(path);
  if (cached) return cached;
  const segments: Segment[] = [];
  let i = path.startsWith('$') ? 1 : 0;
  const readName = () => {
    const start = i;
    while (i < path.length && path[i] !== '.' && path[i] !== '[') i++;
    if (i === start) throw new SyntaxError(`Empty key in JSON path "${path}"`);
    segments.push(path.slice(start, i));
  };
  if (i === 0 && path.length > 0 && path[0] !== '[') readName();
  while (i < path.length) {
    if (path[i] === '.') {
      i++;
      readName();
    } else if (path[i] === '[') {
      const close = path.indexOf(']', i);
      if (close < 0) throw new SyntaxError(`Unclosed [ in JSON path "${path}"`);
      const inner = path.slice(i + 1, close).trim();
      if (inner === '*') segments.push('*');
      else if (/^\d+$/.test(inner)) segments.push(Number(inner));
      else if (/^'[^']*'$|^"[^"]*"$/.test(inner)) segments.push(inner.slice(1, -1));
      else throw new SyntaxError(`Bad selector [${inner}] in JSON path "${path}"`);
      i = close + 1;
    } else throw new SyntaxError(`Unexpected "${path[i]}" in JSON path "${path}"`);
  }
  if (cache.size > 1000) cache.clear();
  cache.set(path, segments);
  return segments;
}

/** Read `path` from `value`; `[*]` flattens into an array. Missing steps yield `undefined`. */
export function readJsonPath(value: unknown, path: string): unknown {
  let current: unknown[] = [value];
  let spread = false;
  for (const segment of parseJsonPath(path)) {
    const next: unknown[] = [];
    for (const item of current) {
      if (segment === '*') {
        if (Array.isArray(item)) next.push(...item);
        else if (item && typeof item === 'object') next.push(...Object.values(item));
      } else if (item !== null && typeof item === 'object' && Object.hasOwn(item, segment)) {
        next.push((item as Record<string | number, unknown>)[segment]);
      }
    }
    if (segment === '*') spread = true;
    current = next;
  }
  return spread ? current : current[0];
}
