// How the Postgres store answers the Inbox `text` filter (a case-insensitive substring of body, name or number)
// from the trigram keys of migration 4: pure planning, no I/O. The store reads the statistics and runs the
// queries (text-search.ts).
//
// Only some trigrams of a pattern are certain to be in a matching row: those inside its words, plus the
// padded ones (pg_trgm pads each word with two spaces in front and one behind) where the pattern itself shows
// the word boundary. Of those, the rare ones narrow the search; a trigram in most rows would only cost a walk
// over a posting list of most of the table. What is left is a set of candidate rows, rechecked with the
// pattern itself, newest first: for a pattern with many candidates the search runs in time windows from the
// newest back, sized from the candidates' density so that the first window usually fills the page.
//
// A pattern with no rare trigram (`Caller 1` where every row has a "Caller N" name) is searched by one
// bounded scan a page in the Inbox (bounded-scan.ts). Unbounded (`listEntries`), it first scans the newest
// rows, where such a pattern usually fills its page; where it does not (its matches are older), its two
// least common trigrams narrow a few windows below that before a plain scan takes the rest.

/** A run of the search text between ASCII separators, and whether the text shows a word boundary each side. */
export interface TextFragment {
  /** The characters (case as typed; PostgreSQL folds them as pg_trgm does). */
  text: string;
  /** An ASCII separator precedes it in the search text: the word starts here. */
  left: boolean;
  /** An ASCII separator follows it in the search text: the word ends here. */
  right: boolean;
}

/** ASCII characters other than letters and digits separate words for pg_trgm in every locale. */
const isSeparator = (code: number) =>
  code < 128 && !((code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122));

/**
 * Splits search text at ASCII separators. A character beyond ASCII stays inside its fragment: whether it is a
 * letter is for the database's locale to say, and pg_trgm says it when it makes the fragment's trigrams.
 */
export function textFragments(text: string): TextFragment[] {
  const out: TextFragment[] = [];
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const sep = i === text.length || isSeparator(text.charCodeAt(i));
    if (!sep && start < 0) start = i;
    else if (sep && start >= 0) {
      out.push({ text: text.slice(start, i), left: start > 0, right: i < text.length });
      start = -1;
    }
  }
  return out;
}

/** What the store knows of the table from its statistics (ANALYZE). */
export interface TextStats {
  /** Estimated rows in the entries table. */
  rows: number;
  /** Share of rows holding each frequent trigram (the most common elements of the keys' statistics). */
  frequencies: ReadonlyMap<string, number>;
  /** The lowest share the statistics list; a trigram not listed is rarer than that. */
  minFrequency: number;
  /** The equal-rows histogram of `occurred_at`, ascending (empty: none yet). */
  bounds: readonly Date[];
  /** The newest `occurred_at` in the table (rows written since ANALYZE lie between the last bound and it). */
  newest?: Date | undefined;
  /** Rows written since the statistics were taken (taken to be newer than the histogram's last bound). */
  recentRows?: number | undefined;
}

/** The trigrams a search asks the index for, and the share of rows that may hold all of them. */
export interface KeyChoice {
  keys: string[];
  /** Estimated share of rows holding every key (the candidates). */
  density: number;
}

/** A trigram at most this frequent narrows the search; more frequent ones are left to the recheck. */
export const RARE = 0.05;
/** At most this many keys: beyond the rarest few, each one costs more posting-list work than it saves. */
export const MAX_KEYS = 4;

/**
 * Picks the keys of a search from its certain trigrams: every rare one (up to {@link MAX_KEYS}, rarest first),
 * or none when none is rare (the search scans newest first). Without statistics every trigram is used, as
 * pg_trgm itself would.
 */
export function chooseKeys(trigrams: readonly string[], stats: TextStats | undefined): KeyChoice {
  if (trigrams.length === 0) return { keys: [], density: 1 };
  if (!stats || stats.frequencies.size === 0) return { keys: [...trigrams].sort(), density: 1 };
  const { sorted, freq } = byFrequency(trigrams, stats);
  const keys = sorted.filter((t) => freq(t) <= RARE).slice(0, MAX_KEYS);
  // No rare trigram: the index would hand back most of the table (or of any window, sorting all of it).
  // Such a pattern is usually dense in the rows too, and the newest-first scan fills a page soon.
  if (keys.length === 0) return { keys: [], density: 1 };
  // Rows holding all the keys: at most the rarest key's share (if the keys always come together, as the
  // trigrams of one word often do), at least their product (if independent); take the geometric mean.
  const least = freq(keys[0] as string);
  const product = keys.reduce((p, t) => p * freq(t), 1);
  return { keys, density: Math.sqrt(least * product) };
}

/** A pattern with no rare trigram first scans this many of the newest rows: dense patterns fill a page there. */
export const PROBE_ROWS = 1000;
/** At most this many common trigrams narrow the windows of a pattern with no rare one. */
export const MAX_COMMON_KEYS = 2;
/**
 * A pattern with no rare trigram walks at most this many windows narrowed by its common trigrams (about
 * 1,000 candidates for a page of 50), then scans the rest newest first: a pattern whose common trigrams are
 * in most rows but which itself matches few would otherwise recheck most of the table window by window,
 * which costs more than one scan that stops at the page's last row (measured: 1.5 s against 0.75 s for
 * `er or` on 1.2M entries).
 */
export const MAX_COMMON_WINDOWS = 2;

/**
 * The keys of a pattern with no rare trigram ({@link chooseKeys} took none), for the windows below the
 * probe of the newest rows: its least common trigrams, up to {@link MAX_COMMON_KEYS}. The density is the
 * least common one's share, not less: common trigrams of one pattern tend to come together, and a window
 * sized on a lower estimate would hand the recheck more candidates than the page needs. None without
 * statistics or without trigrams.
 */
export function commonKeys(trigrams: readonly string[], stats: TextStats | undefined): KeyChoice {
  if (trigrams.length === 0 || !stats || stats.frequencies.size === 0) return { keys: [], density: 1 };
  const { sorted, freq } = byFrequency(trigrams, stats);
  const keys = sorted.slice(0, MAX_COMMON_KEYS);
  return { keys, density: freq(keys[0] as string) };
}

/** The trigrams, least common first (ties by text), and each one's share of rows by the statistics. */
function byFrequency(trigrams: readonly string[], stats: TextStats) {
  // Not listed: rarer than the rarest listed one; PostgreSQL's own estimate takes half of that.
  const freq = (t: string) => stats.frequencies.get(t) ?? stats.minFrequency / 2;
  return { sorted: [...trigrams].sort((a, b) => freq(a) - freq(b) || (a < b ? -1 : 1)), freq };
}

/** One window of a search: rows with `from <= occurred_at < to` (an end left out is open). */
export interface TimeWindow {
  from: Date | undefined;
  to: Date | undefined;
  /**
   * The time keys (UTC days `@d…` or months `@m…`) covering the window, which the index intersects with the
   * trigram keys in the same scan; empty for the first window (newest rows, open at the top) and the last.
   */
  buckets: string[];
}

const HOUR = 3_600_000;
const DAY = 86_400_000;
/** At most this many hour, day or month keys per window (each is a posting list the index scan walks). */
export const MAX_BUCKETS = 16;

const monthOf = (d: Date) => (d.getUTCFullYear() - 1970) * 12 + d.getUTCMonth();
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

/**
 * The hour keys covering `[from, to)`, else the day keys, else the month keys, whichever first needs at most
 * {@link MAX_BUCKETS}, with `from` moved down to the first bucket's start; undefined when even the months are
 * too many. The keys are those migration 4's function gives a row: hours, days and months since 1970, UTC.
 */
export function timeBuckets(from: Date, to: Date): { from: Date; buckets: string[] } | undefined {
  for (const [size, tag] of [
    [HOUR, 'h'],
    [DAY, 'd'],
  ] as const) {
    const a = Math.floor(from.getTime() / size);
    const b = Math.ceil(to.getTime() / size);
    if (b - a <= MAX_BUCKETS)
      return { from: new Date(a * size), buckets: range(a, b).map((n) => `@${tag}${n}`) };
  }
  const m0 = monthOf(from);
  const m1 = monthOf(new Date(to.getTime() - 1)) + 1;
  if (m1 - m0 <= MAX_BUCKETS)
    return { from: new Date(Date.UTC(1970, m0, 1)), buckets: range(m0, m1).map((m) => `@m${m}`) };
  return undefined;
}

/** Candidates the first window aims at, per row of the page (a pattern's candidates are not all matches). */
export const CANDIDATES_PER_ROW = 4;
/** Each further window covers this many times the rows of the one before. */
export const GROWTH = 4;
/** Up to this many candidates in the whole table, one query rechecks them all (a few milliseconds). */
export const ONE_WINDOW_CANDIDATES = 3000;

/**
 * The table's rows along `occurred_at` as the statistics see them: the histogram's bounds at equal row steps,
 * plus the rows written since ANALYZE spread evenly up to the newest row. Linear between points.
 */
function rowLine(stats: TextStats): Array<{ at: number; rows: number }> {
  const { bounds, rows } = stats;
  const step = rows / (bounds.length - 1);
  const line = bounds.map((b, i) => ({ at: b.getTime(), rows: i * step }));
  const last = line[line.length - 1] as { at: number; rows: number };
  const recent = Math.max(0, stats.recentRows ?? 0);
  if (stats.newest && stats.newest.getTime() > last.at && recent > 0)
    line.push({ at: stats.newest.getTime(), rows: rows + recent });
  else last.rows += recent;
  return line;
}

/** Rows older than `at` along the line (all of them when `at` is undefined or past the end). */
function rowsBefore(line: Array<{ at: number; rows: number }>, at: Date | undefined): number {
  const end = line[line.length - 1] as { at: number; rows: number };
  if (at === undefined || at.getTime() >= end.at) return end.rows;
  const t = at.getTime();
  const i = line.findIndex((p) => p.at >= t);
  if (i <= 0) return 0;
  const a = line[i - 1] as { at: number; rows: number };
  const b = line[i] as { at: number; rows: number };
  return a.rows + ((b.rows - a.rows) * (t - a.at)) / (b.at - a.at);
}

/** The time at which `rows` rows lie below, along the line. */
function timeAt(line: Array<{ at: number; rows: number }>, rows: number): Date {
  const i = line.findIndex((p) => p.rows >= rows);
  const b = line[Math.max(0, i)] as { at: number; rows: number };
  const a = line[Math.max(0, i - 1)] as { at: number; rows: number };
  const share = b.rows === a.rows ? 1 : (rows - a.rows) / (b.rows - a.rows);
  return new Date(Math.floor(a.at + (b.at - a.at) * share));
}

/**
 * The windows a search walks, newest first, each ending where the previous one began: the rows newer than
 * the statistics know (if the search starts above them), then whole days or months (their keys go to the
 * index scan), the first holding about {@link CANDIDATES_PER_ROW} × `limit` candidates by the statistics (so
 * the page usually fills from it), each next one {@link GROWTH} times the rows; the last is open at the
 * bottom. Few candidates in all ({@link ONE_WINDOW_CANDIDATES}), a dense pattern, a small table or no
 * histogram give one window: the whole range.
 */
export function* textWindows(
  stats: TextStats | undefined,
  density: number,
  limit: number,
  before: Date | undefined,
): Generator<TimeWindow> {
  const total = (stats?.rows ?? 0) + Math.max(0, stats?.recentRows ?? 0);
  let size = (CANDIDATES_PER_ROW * limit) / density;
  const open: TimeWindow = { from: undefined, to: undefined, buckets: [] };
  if (!stats || stats.bounds.length < 2 || density <= 0 || stats.rows <= 0) {
    yield open;
    return;
  }
  if (size >= total / 2 || density * total <= ONE_WINDOW_CANDIDATES) {
    yield open;
    return;
  }
  const line = rowLine(stats);
  // Rows newer than the newest the statistics saw (written since they were read): a window of their own,
  // open at the top, which the btree on occurred_at bounds below; usually empty.
  const newest = stats.newest ?? (stats.bounds[stats.bounds.length - 1] as Date);
  const top = new Date(newest.getTime() + 1);
  let to = before !== undefined && before <= top ? before : top;
  if (to === top) yield { from: top, to: undefined, buckets: [] };
  // Then whole days or months, each GROWTH times the rows of the one before, until the bottom.
  for (let step = 0; step < 64; step++, size *= GROWTH) {
    const position = rowsBefore(line, to) - size;
    const raw = position > 0 ? timeAt(line, position) : undefined;
    if (raw !== undefined && raw.getTime() >= to.getTime()) continue; // many rows at one instant: grow on
    const window = raw && timeBuckets(raw, to);
    if (!window) break;
    yield { from: window.from, to, buckets: window.buckets };
    to = window.from;
  }
  yield { from: undefined, to, buckets: [] };
}
