// Dates inside `data` survive JSON (a jsonb column, a cache) as {"$date": ISO}: the one codec every store
// uses, so a Date goes in and a Date comes out wherever it sits (legs, transfers, user keys).
//
// Entry data is validated JSON with Dates (schemas.ts: plain objects, arrays, Dates, strings, finite numbers,
// booleans, null), so every function here is a plain walk over those: several times cheaper than
// `structuredClone` (which serializes) or a `JSON.stringify` replacer (one function call per key), and these
// run for every record.
const DATE_KEY = '$date';

/**
 * A copy of `value` with each Date replaced by `leaf(date)` and each plain object by `node(copy)`, which
 * may return something else. Keys named `__proto__` stay own keys, as they are in a parsed JSON object.
 */
function walk(
  value: unknown,
  leaf: (d: Date) => unknown,
  node: (o: Record<string, unknown>) => unknown,
): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return leaf(value);
  if (Array.isArray(value)) return value.map((v) => walk(v, leaf, node));
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const v = walk((value as Record<string, unknown>)[key], leaf, node);
    if (key === '__proto__')
      Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
    else out[key] = v;
  }
  return node(out);
}

const same = <T>(v: T) => v;
const copyDate = (d: Date) => new Date(d.getTime());
const encodeDate = (d: Date) => ({ [DATE_KEY]: d.toISOString() });
const reviveDate = (o: Record<string, unknown>) => {
  const keys = Object.keys(o);
  return keys.length === 1 && keys[0] === DATE_KEY && typeof o[DATE_KEY] === 'string'
    ? new Date(o[DATE_KEY])
    : o;
};

/** A deep copy of JSON data with Dates (an entry, its data). */
export function cloneData<T>(value: T): T {
  return walk(value, copyDate, same) as T;
}

/** `value` as plain JSON data: every Date as `{"$date": ISO}` (a jsonb parameter, before `JSON.stringify`). */
export function encodeDates(value: unknown): unknown {
  return walk(value, encodeDate, same);
}

/** Revives what {@link encodeDates} wrote (also accepts an already parsed value, as jsonb gives). */
export function reviveDates<T>(value: unknown): T {
  return walk(value, copyDate, reviveDate) as T;
}

/**
 * Whether two values of JSON data with Dates are the same data, as a store would round-trip them: Dates by
 * time, objects by their keys whatever their order, and a key holding `undefined` as an absent key (JSON
 * drops it).
 */
export function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (a instanceof Date || b instanceof Date)
    return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((v, i) => sameData(v, b[i]));
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const defined = (o: Record<string, unknown>) => Object.keys(o).filter((k) => o[k] !== undefined);
  const keys = defined(x);
  return keys.length === defined(y).length && keys.every((k) => Object.hasOwn(y, k) && sameData(x[k], y[k]));
}
