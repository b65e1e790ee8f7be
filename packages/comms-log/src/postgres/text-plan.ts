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
}

/** The trigrams a search asks the index for, and the share of rows that may hold all of them. */
export interface KeyChoice {
  keys: string[];
  /** Upper estimate of the candidates' share of rows (the rarest key's frequency). */
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
  // Not listed: rarer than the rarest listed one; PostgreSQL's own estimate takes half of that.
  const freq = (t: string) => stats.frequencies.get(t) ?? stats.minFrequency / 2;
  const sorted = [...trigrams].sort((a, b) => freq(a) - freq(b) || (a < b ? -1 : 1));
  const rare = sorted.filter((t) => freq(t) <= RARE).slice(0, MAX_KEYS);
  // No rare trigram: the index would hand back most of the table. Such a pattern is usually dense in the rows
  // too, and the newest-first scan with the pattern fills a page after a few hundred rows.
  if (rare.length === 0) return { keys: [], density: 1 };
  return { keys: rare, density: freq(rare[0] as string) };
}

/** One window of a search: rows with `from <= occurred_at < to` (an end left out is open). */
export interface TimeWindow {
  from: Date | undefined;
  to: Date | undefined;
}

/** Candidates the first window aims at, per row of the page (a pattern's candidates are not all matches). */
export const CANDIDATES_PER_ROW = 4;
/** Each further window covers this many times the rows of the one before. */
export const GROWTH = 4;
/** Up to this many candidates in the whole table, one query rechecks them all (a few milliseconds). */
export const ONE_WINDOW_CANDIDATES = 3000;

/**
 * The windows a search walks, newest first, each ending where the previous one began. The first holds about
 * {@link CANDIDATES_PER_ROW} × `limit` candidates by the statistics (so the page usually fills from it); each
 * next one {@link GROWTH} times the rows; the last is open at the bottom. Few candidates in all
 * ({@link ONE_WINDOW_CANDIDATES}), a dense pattern, a small table or no histogram give one window: the whole
 * range.
 */
export function* textWindows(
  stats: TextStats | undefined,
  density: number,
  limit: number,
  before: Date | undefined,
): Generator<TimeWindow> {
  const bounds = stats?.bounds ?? [];
  const buckets = bounds.length - 1;
  if (!stats || buckets < 1 || density <= 0) {
    yield { from: undefined, to: undefined };
    return;
  }
  const perBucket = stats.rows / buckets;
  const wanted = (CANDIDATES_PER_ROW * limit) / density;
  if (perBucket <= 0 || wanted >= stats.rows / 2 || density * stats.rows <= ONE_WINDOW_CANDIDATES) {
    yield { from: undefined, to: undefined };
    return;
  }
  // The bucket holding `before` (or the newest one): the window's whole buckets are counted down from it.
  const above = before === undefined ? -1 : bounds.findIndex((b) => b.getTime() >= before.getTime());
  let top = above < 0 ? buckets : above - 1;
  let span = Math.max(1, Math.ceil(wanted / perBucket));
  let to: Date | undefined;
  for (;;) {
    const low = top - span;
    // Bound 0 is the oldest row sampled: below it the window is open.
    const from = low >= 1 ? bounds[low] : undefined;
    yield { from, to };
    if (from === undefined) return;
    to = from;
    top = low;
    span *= GROWTH;
  }
}
