// Dates inside `data` survive JSON (a jsonb column, a cache) as {"$date": ISO}: the one codec every store
// uses, so a Date goes in and a Date comes out wherever it sits (legs, transfers, user keys).
const DATE_KEY = '$date';

/** JSON text of `value` with every Date kept as `{"$date": ISO}`. */
export function stringifyWithDates(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key, v) {
    const raw = this[key];
    return raw instanceof Date ? { [DATE_KEY]: raw.toISOString() } : v;
  });
}

/** Revives what {@link stringifyWithDates} wrote (also accepts an already parsed value, as jsonb gives). */
export function reviveDates<T>(value: unknown): T {
  if (Array.isArray(value)) return value.map((v) => reviveDates(v)) as T;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 1 && entries[0]?.[0] === DATE_KEY && typeof entries[0][1] === 'string') {
      return new Date(entries[0][1]) as T;
    }
    return Object.fromEntries(entries.map(([k, v]) => [k, reviveDates(v)])) as T;
  }
  return value as T;
}

/** Structural equality of JSON data with Dates (what a store would round-trip). */
export function sameData(a: unknown, b: unknown): boolean {
  return stringifyWithDates(a) === stringifyWithDates(b);
}
