import type { EntryFilter, EntryPosition } from '../store.js';
import type { TableNames } from './migrations.js';
import { type PgQueryable, run } from './queryable.js';
import {
  chooseKeys,
  commonKeys,
  type KeyChoice,
  MAX_COMMON_WINDOWS,
  PROBE_ROWS,
  type TextStats,
  textFragments,
  textWindows,
} from './text-plan.js';
import { entryWhere, type TextKeysCondition } from './where.js';

/**
 * How long the store trusts what it read of the statistics and the newest row (ANALYZE runs in the
 * background meanwhile; rows written since are searched in a window of their own).
 */
const STATS_TTL_MS = 30_000;
/** Search texts whose trigrams are remembered (paging a search asks for the same text again). */
const TRIGRAM_CACHE = 256;

interface StatsRow {
  available: boolean;
  rows: number | null;
  elems: string[] | null;
  freqs: number[] | null;
  bounds: Date[] | null;
  newest: Date | null;
  recent: number | null;
}

/**
 * The Inbox text filter on PostgreSQL (migration 4; the plan is in text-plan.ts): reads the keys' statistics
 * (cached for 30 seconds), asks PostgreSQL for a search text's certain trigrams (pg_trgm's own word
 * rules and case folding, so they match the index under any locale), and runs the page query window by window
 * until the page is full. Where pg_trgm was not available to the migration there is no keys function, and the
 * page query scans with the pattern alone, as before.
 */
export class PgTextSearch {
  #stats: { at: number; value: Promise<{ available: boolean; stats: TextStats | undefined }> } | undefined;
  readonly #trigrams = new Map<string, Promise<string[]>>();

  constructor(
    private readonly db: PgQueryable,
    private readonly tables: TableNames,
    private readonly named: boolean,
  ) {}

  /**
   * Lists a page of entries matching `filter` (which has `text`), newest first. `query` runs one page query
   * with the given trigram condition (undefined: the plain pattern scan, where the keys are unavailable).
   * With `bounded` (`listEntriesPage`), a pattern that no rare trigram narrows (only common trigrams, or none,
   * or no keys function at all) is searched by that one bounded scan ({@link boundedScanSql}) instead: when
   * its rows hold less than a page, the page comes back short with `resumeAfter`.
   */
  async list<T>(
    filter: EntryFilter & { text: string },
    page: { after?: EntryPosition | undefined; limit: number },
    query: (keys: TextKeysCondition | undefined, limit: number) => Promise<T[]>,
    bounded?: (limit: number) => Promise<TextPage<T>>,
  ): Promise<TextPage<T>> {
    const { available, stats } = await this.#readStats();
    if (!available) return bounded ? bounded(page.limit) : { rows: await query(undefined, page.limit) };
    const trigrams = await this.#trigramsOf(filter.text);
    const before = earliest(filter.to, page.after?.occurredAt);
    const rare = chooseKeys(trigrams, stats);
    const walk = { filter, stats, before, after: page.after, query };
    if (rare.keys.length > 0) return this.#walk(walk, rare, page.limit, false);
    if (bounded) return bounded(page.limit);
    // No trigram at all (text of one or two characters): the pattern scan, newest first, which stops as soon
    // as the page is full.
    const common = commonKeys(trigrams, stats);
    if (common.keys.length === 0)
      return { rows: await query({ fn: this.tables.textKeys, keys: [] }, page.limit) };
    // No rare trigram: a common pattern is usually dense among the newest rows, so scan those first (all of
    // the rows, when there are fewer than the probe's).
    const newest = await this.#probe(walk, page.limit);
    if (newest.edge === undefined) return { rows: newest.rows };
    // Sparse among the newest rows: the rest in time windows below the probe, narrowed by the least common
    // trigrams.
    const rest = await this.#walk(
      { ...walk, before: newest.edge },
      common,
      page.limit - newest.rows.length,
      true,
    );
    return { rows: [...newest.rows, ...rest.rows] };
  }

  /**
   * The pattern alone over the newest {@link PROBE_ROWS} rows the filter allows (and every row at the instant
   * where they end): the rows found, and that instant (`edge`) when there are more rows below it.
   */
  async #probe<T>(walk: Walk<T>, limit: number): Promise<{ rows: T[]; edge?: Date | undefined }> {
    const fn = this.tables.textKeys;
    const edge = await this.#probeEdge(walk.filter, walk.after, PROBE_ROWS);
    if (edge === undefined) return { rows: await walk.query({ fn, keys: [] }, limit) };
    const rows = await walk.query({ fn, keys: [], from: edge }, limit);
    return rows.length >= limit ? { rows } : { rows, edge };
  }

  /**
   * Runs the page query window by window below `before` until `limit` rows are found. With `common` keys, a
   * window the time keys do not bound (the open bottom, the rows newer than the statistics) is scanned
   * newest first without them: their candidates would be most of the rows there.
   */
  async #walk<T>(walk: Walk<T>, choice: KeyChoice, limit: number, common: boolean): Promise<{ rows: T[] }> {
    const { filter, query } = walk;
    const out: T[] = [];
    let narrowed = 0;
    for (const window of textWindows(walk.stats, choice.density, limit, walk.before)) {
      if (window.from !== undefined && filter.from !== undefined && window.from <= filter.from)
        window.from = undefined; // the filter's own lower end closes this window: it is the last
      // Common keys that did not find the page in the windows allowed: the rest is one open window.
      if (common && window.buckets.length > 0 && ++narrowed > MAX_COMMON_WINDOWS)
        Object.assign(window, { from: undefined, buckets: [] });
      const keys = common && window.buckets.length === 0 ? [] : choice.keys;
      out.push(...(await query({ fn: this.tables.textKeys, keys, ...window }, limit - out.length)));
      if (out.length >= limit || window.from === undefined) break;
    }
    return { rows: out };
  }

  /**
   * Where a scan of the newest `rows` rows the filter (without its text) allows below `after` ends: the
   * `occurred_at` of the last of them; undefined when there are not that many.
   */
  async #probeEdge(
    filter: EntryFilter,
    after: EntryPosition | undefined,
    rows: number,
  ): Promise<Date | undefined> {
    const { text: _, ...rest } = filter;
    const { where, params } = entryWhere(rest, after);
    params.push(rows - 1);
    const [row] = await run<{ occurred_at: Date }>(
      this.db,
      'text search probe',
      `SELECT occurred_at FROM ${this.tables.entries} ${where}
       ORDER BY occurred_at DESC, id DESC OFFSET $${params.length} LIMIT 1`,
      params,
      this.named,
    );
    return row && new Date(row.occurred_at);
  }

  /** Forgets the statistics read (tests, or after a bulk load and ANALYZE). */
  refresh(): void {
    this.#stats = undefined;
  }

  #readStats(): Promise<{ available: boolean; stats: TextStats | undefined }> {
    const cached = this.#stats;
    if (cached && Date.now() - cached.at < STATS_TTL_MS) return cached.value;
    const value = this.#fetchStats();
    this.#stats = { at: Date.now(), value };
    // A failed read is not remembered: the next search asks again.
    value.catch(() => {
      if (this.#stats?.value === value) this.#stats = undefined;
    });
    return value;
  }

  async #fetchStats(): Promise<{ available: boolean; stats: TextStats | undefined }> {
    const schema = this.tables.schema.slice(1, -1);
    const [row] = await run<StatsRow>(
      this.db,
      'text search statistics',
      `SELECT to_regprocedure($1) IS NOT NULL AS available,
         (SELECT reltuples FROM pg_class WHERE oid = to_regclass($2)) AS rows,
         k.most_common_elems::text::text[] AS elems, k.most_common_elem_freqs AS freqs,
         h.histogram_bounds::text::timestamptz[] AS bounds,
         (SELECT n_mod_since_analyze FROM pg_stat_user_tables WHERE relid = to_regclass($2)) AS recent,
         (SELECT max(occurred_at) FROM ${this.tables.entries}) AS newest
       FROM (SELECT 1) one
       LEFT JOIN pg_stats k ON k.schemaname = $3 AND k.tablename = $4
       LEFT JOIN pg_stats h ON h.schemaname = $3 AND h.tablename = $5 AND h.attname = 'occurred_at'`,
      [
        `${this.tables.textKeys}(text, text, text, timestamptz)`,
        this.tables.entries,
        schema,
        `${this.tables.prefix}entries_text_keys`,
        `${this.tables.prefix}entries`,
      ],
      this.named,
    );
    if (!row?.available) return { available: false, stats: undefined };
    const elems = row.elems ?? [];
    const freqs = (row.freqs ?? []).map(Number);
    // most_common_elem_freqs ends with the lowest and highest frequency and the null share.
    const minFrequency = freqs.length > elems.length ? (freqs[elems.length] as number) : 0;
    return {
      available: true,
      stats:
        row.rows === null || row.rows < 0
          ? undefined
          : {
              rows: Number(row.rows),
              frequencies: new Map(elems.map((e, i) => [e, freqs[i] as number])),
              minFrequency,
              bounds: (row.bounds ?? []).map((b) => new Date(b)),
              newest: row.newest === null ? undefined : new Date(row.newest),
              recentRows: Number(row.recent ?? 0),
            },
    };
  }

  /** The trigrams every row matching `text` holds, as pg_trgm makes them (cached per text). */
  #trigramsOf(text: string): Promise<string[]> {
    const cached = this.#trigrams.get(text);
    if (cached) return cached;
    const fragments = textFragments(text);
    const value =
      fragments.length === 0
        ? Promise.resolve([])
        : run<{ t: string }>(
            this.db,
            'text search trigrams',
            // A padded trigram is certain only where the text shows that word boundary.
            `SELECT DISTINCT t FROM unnest($1::text[], $2::boolean[], $3::boolean[]) AS f(frag, l, r),
               unnest(${this.tables.textKeys}(f.frag, NULL, NULL, NULL)) AS t
             WHERE (f.l OR t NOT LIKE ' %') AND (f.r OR t NOT LIKE '% ') ORDER BY t`,
            [fragments.map((f) => f.text), fragments.map((f) => f.left), fragments.map((f) => f.right)],
            this.named,
          ).then((rows) => rows.map((r) => r.t));
    if (this.#trigrams.size >= TRIGRAM_CACHE)
      this.#trigrams.delete(this.#trigrams.keys().next().value as string);
    this.#trigrams.set(text, value);
    value.catch(() => this.#trigrams.delete(text));
    return value;
  }
}

/** A page of a text search; `resumeAfter` when a bounded scan stopped short of a full page. */
export interface TextPage<T> {
  rows: T[];
  /** Every row before this position was searched: the next page goes on strictly after it. */
  resumeAfter?: EntryPosition | undefined;
}

/** What a walk over windows carries along. */
interface Walk<T> {
  filter: EntryFilter & { text: string };
  stats: TextStats | undefined;
  /** Only rows older than this (the filter's `to`, the page's cursor, or the probe's edge). */
  before: Date | undefined;
  after: EntryPosition | undefined;
  query: (keys: TextKeysCondition | undefined, limit: number) => Promise<T[]>;
}

const earliest = (...dates: Array<Date | undefined>): Date | undefined =>
  dates.reduce<Date | undefined>(
    (a, d) => (d === undefined ? a : a === undefined || d < a ? d : a),
    undefined,
  );
