const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

// Offsets only change on quarter-hour boundaries (DST, historic LMT aside): cache per zone and 15 minutes.
// Intl.formatToParts is the slowest step of CDR handling otherwise.
const offsetCache = new Map<string, number>();

/** Offset (ms) of `timeZone` from UTC at the instant `utcMs`. */
function offsetAt(utcMs: number, timeZone: string): number {
  const key = `${timeZone}|${Math.floor(utcMs / 900_000)}`;
  const cached = offsetCache.get(key);
  if (cached !== undefined) return cached;
  const offset = computeOffset(utcMs, timeZone);
  if (offsetCache.size > 10_000) offsetCache.clear();
  offsetCache.set(key, offset);
  return offset;
}

function computeOffset(utcMs: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatterFor(timeZone).formatToParts(new Date(utcMs))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const asUtc = Date.UTC(
    parts.year ?? 1970,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    parts.hour ?? 0,
    parts.minute ?? 0,
    parts.second ?? 0,
  );
  return asUtc - Math.floor(utcMs / 1000) * 1000;
}

const PATTERNS: Array<{ re: RegExp; order: 'ymd' | 'mdy' | 'dmy' }> = [
  {
    re: /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?$/,
    order: 'ymd',
  },
  { re: /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?$/, order: 'mdy' },
  { re: /^(\d{1,2})\.(\d{1,2})\.(\d{4}) (\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?$/, order: 'dmy' },
];

/**
 * Converts a PBX-local wall-clock time without a zone (`time_start` "2022-04-27 19:04:36", S-Series
 * `timestart`, 30039's "2026/10/16 15:04:09", a `MM/DD/YYYY hh:mm:ss AM` display format) into a UTC `Date`,
 * using the PBX's IANA time zone (research §2.2: the PBX never says its zone). Returns `undefined` when
 * the text is not a recognised time. Ambiguous DST-fold times resolve to the earlier instant.
 *
 * @example
 * parsePbxTime('2022-04-27 19:04:36', 'Europe/Athens'); // 2022-04-27T16:04:36.000Z
 */
export function parsePbxTime(text: string, timeZone: string): Date | undefined {
  const s = text.trim();
  for (const { re, order } of PATTERNS) {
    const m = re.exec(s);
    if (!m) continue;
    const n = m.slice(1, 7).map((v) => (v === undefined ? 0 : Number(v)));
    let [year, month, day] =
      order === 'ymd' ? [n[0], n[1], n[2]] : order === 'mdy' ? [n[2], n[0], n[1]] : [n[2], n[1], n[0]];
    let hour = n[3] ?? 0;
    const ampm = m[7]?.toLowerCase();
    if (ampm === 'pm' && hour < 12) hour += 12;
    if (ampm === 'am' && hour === 12) hour = 0;
    year ??= 1970;
    month ??= 1;
    day ??= 1;
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23) return undefined;
    const wall = Date.UTC(year, month - 1, day, hour, n[4] ?? 0, n[5] ?? 0);
    // Two passes settle the offset across DST transitions.
    let utc = wall - offsetAt(wall, timeZone);
    utc = wall - offsetAt(utc, timeZone);
    return new Date(utc);
  }
  return undefined;
}

/** Formats a UTC instant as PBX-local `YYYY-MM-DD HH:mm:ss` in `timeZone` (the 30012 `time_start` form). */
export function formatPbxTime(date: Date, timeZone: string): string {
  const ms = date.getTime();
  const local = new Date(Math.floor(ms / 1000) * 1000 + offsetAt(ms, timeZone));
  return local.toISOString().slice(0, 19).replace('T', ' ');
}

/** Throws a `RangeError` if `timeZone` is not an IANA zone this runtime knows. */
export function assertTimeZone(timeZone: string): void {
  formatterFor(timeZone);
}
