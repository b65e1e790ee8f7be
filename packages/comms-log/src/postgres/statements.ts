import { followUpStepsSql } from './follow-ups.js';
import {
  CALL_SUM_COLUMNS,
  callCountsExpr,
  callSumExpr,
  statsBucketExpr,
  type TableNames,
} from './migrations.js';

// Entries are written set-based: one statement takes a JSON array of rows (jsonb_to_recordset), so one row or
// a batch is the same single atomic statement, and the call statistics change in that same statement.
// Never a half-written entry, never statistics out of step with the entries.

/** Column definitions of a JSON entry row. */
export const ROW_COLUMNS = `id uuid, source text, external_id text, channel text, direction text,
  occurred_at timestamptz, status text, match text, customer_id text, candidates text[], pinned boolean,
  phone text, wa_id text, bsuid text, email text, counterpart_name text, extension text,
  ring_seconds double precision, talk_seconds double precision, body text, error_code text, error_message text,
  data jsonb, created_by text, created_at timestamptz, updated_at timestamptz, version integer`;

/** The columns a call's statistics are computed from. */
const STAT_INPUT_COLUMNS = [
  'channel',
  'direction',
  'status',
  'occurred_at',
  'extension',
  'ring_seconds',
  'talk_seconds',
] as const;
const STAT_INPUTS = STAT_INPUT_COLUMNS.join(', ');

/** The columns a write decides by matching: everything else of a new row is what the caller sent. */
export const MATCH_COLUMNS = ['match', 'customer_id', 'candidates'] as const;

/**
 * Applies `changes` (rows of STAT_INPUTS plus `sign`: +1 for a new state, -1 for the state it replaced) to the
 * quarter-hour statistics. Rows are upserted in key order so concurrent writers lock them in the same order.
 */
function rollStats(t: TableNames): string {
  const sums = CALL_SUM_COLUMNS.map((c) => `sum(sign * (${callSumExpr(c, '')})) AS ${c}`).join(', ');
  const nonZero = CALL_SUM_COLUMNS.map((c) => `sum(sign * (${callSumExpr(c, '')})) <> 0`).join(' OR ');
  return `roll AS (
    INSERT INTO ${t.callStats} AS s (bucket, extension, ${CALL_SUM_COLUMNS.join(', ')})
    SELECT ${statsBucketExpr('occurred_at')}, coalesce(extension, ''), ${sums}
    FROM changes WHERE ${callCountsExpr('')}
    GROUP BY 1, 2 HAVING ${nonZero} ORDER BY 1, 2
    ON CONFLICT (bucket, extension) DO UPDATE SET
      ${CALL_SUM_COLUMNS.map((c) => `${c} = s.${c} + EXCLUDED.${c}`).join(', ')}
  )`;
}

/** The CTEs that add the rows of `ins` (which returns STAT_INPUTS) to the statistics. */
const insertedStats = (t: TableNames) =>
  `,\n  changes AS (SELECT ${STAT_INPUTS}, 1 AS sign FROM ins),\n  ${rollStats(t)}`;

/**
 * Inserts the rows of `$1` (a JSON array) that are new; returns the ids inserted. With `withStats` (calls)
 * the statistics change in the same statement; other channels skip that work.
 */
export function insertEntriesSql(t: TableNames, columns: readonly string[], withStats: boolean): string {
  const rows = `WITH rows AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(${ROW_COLUMNS}))`;
  // Key order: two batches inserting some of the same keys (each with its own new ids) wait on each other's
  // keys in the same order, so they cannot deadlock.
  const insert = `INSERT INTO ${t.entries} (${columns.join(', ')}) SELECT ${columns.join(', ')} FROM rows
    ORDER BY source, external_id ON CONFLICT DO NOTHING RETURNING id`;
  if (!withStats) return `${rows} ${insert}`;
  return `${rows},
  ins AS (${insert}, ${STAT_INPUTS})${insertedStats(t)}
  SELECT id FROM ins`;
}

/** A row's handles as (kind, value) pairs (`r` is the JSON row). */
const HANDLE_PAIRS = `(VALUES ('phone', r.phone), ('waId', r.wa_id), ('bsuid', r.bsuid), ('email', r.email))
      AS w(kind, value)`;

/**
 * The owners of the handles in `pairs` (a CTE of kind, value), read by migration 5's function: under the
 * shared matching lock and in a snapshot taken after it (see {@link settleMatchesSql}), so that a handle change
 * either is seen here or its relink sees the row this statement writes. Parameter `lock` is the lock's name.
 */
const ownersCte = (t: TableNames, pairs: string, lock: string) =>
  `h AS MATERIALIZED (SELECT o_kind AS kind, o_value AS value, o_customer AS customer_id
    FROM ${t.handleOwners}(${lock}, ARRAY(SELECT kind FROM ${pairs}), ARRAY(SELECT value FROM ${pairs})))`;

/**
 * Waits until every statement that read the handle index under the shared matching lock has committed (the
 * lock is taken exclusively and released at once). A relink runs it after a handle change commits and before
 * it scans: an entry matched before that change is visible to the scan, one matched after it saw the change.
 */
export const settleMatchesSql = 'SELECT pg_advisory_xact_lock(hashtext($1)) IS NULL AS settled';

/**
 * `insertOrGet` for one new key or a batch of them (issue 7: one round trip, one commit). In ONE statement:
 * each row of `$1` with `do_match` is matched from the owners of its handles (phone, waId, bsuid, email: none
 * is `unmatched`, one `matched`, several `ambiguous` with the sorted candidates, as `resolveMatch`),
 * the rows are inserted in key order unless their key exists (the unique constraint decides; key order keeps
 * concurrent batches from deadlocking on each other's keys), calls move the statistics, and the
 * statement returns, for the other keys, the rows already holding them (`inserted` false, every column of
 * `select`) and, for the inserted rows, only what the statement decided (`inserted` true, the key and
 * {@link MATCH_COLUMNS}, the other columns NULL): the caller has the rest in the row it sent, so the
 * database formats and the driver parses no timestamps, body or data of a new row. A key committed by a
 * writer after this statement's snapshot returns no row: the caller retries it. With `withFollowUps`, the
 * rows of `$1` also carry their follow-up step (`fu`, as `stepJson` makes it; at most one row per phone), applied
 * for the rows inserted ({@link followUpStepsSql}), and the follow-ups changed come back as rows of their own.
 */
export function insertOrGetManySql(
  t: TableNames,
  columns: readonly string[],
  select: readonly string[],
  withStats: boolean,
  withFollowUps = false,
): string {
  const others = columns.filter((c) => !(MATCH_COLUMNS as readonly string[]).includes(c));
  const decided = ['id', 'source', 'external_id', ...MATCH_COLUMNS];
  const returning = withStats ? [...decided, ...STAT_INPUT_COLUMNS] : decided;
  const insert = `ins AS (INSERT INTO ${t.entries} (${columns.join(', ')})
    SELECT ${columns.join(', ')} FROM m ORDER BY source, external_id
    ON CONFLICT DO NOTHING RETURNING ${returning.join(', ')})`;
  const stats = withStats ? insertedStats(t) : '';
  const steps = withFollowUps ? ', fu jsonb' : '';
  // With follow-ups, each row's follow-up step applies if the row was inserted; the changed follow-ups come
  // back as rows of their own (`inserted` NULL, `follow_up` the row as JSON).
  const followUps = withFollowUps
    ? `,\n  ${followUpStepsSql(
        t,
        `(SELECT jsonb_agg(r.fu || jsonb_build_object('entry_id', ins.id, 'customer_id', ins.customer_id))
          FROM ins JOIN r ON r.id = ins.id WHERE r.fu IS NOT NULL)`,
      )}`
    : '';
  const [none, noneTyped] = withFollowUps
    ? [', NULL, NULL', ', NULL::jsonb AS follow_up, NULL::boolean AS fu_created']
    : ['', ''];
  const nulls = select.map(() => 'NULL').join(', ');
  const changed = withFollowUps
    ? `
  UNION ALL SELECT NULL, ${nulls}, fu.follow_up, fu.fu_created FROM fu`
    : '';
  return `WITH r AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(${ROW_COLUMNS}, do_match boolean${steps})),
  p AS (SELECT DISTINCT w.kind, w.value FROM r CROSS JOIN LATERAL ${HANDLE_PAIRS}
        WHERE r.do_match AND w.value IS NOT NULL),
  ${ownersCte(t, 'p', '$2')},
  m AS (
    SELECT ${others.map((c) => `r.${c}`).join(', ')},
      CASE WHEN NOT r.do_match THEN r.match WHEN cardinality(o.ids) = 0 THEN 'unmatched'
           WHEN cardinality(o.ids) = 1 THEN 'matched' ELSE 'ambiguous' END AS match,
      CASE WHEN NOT r.do_match THEN r.customer_id WHEN cardinality(o.ids) = 1 THEN o.ids[1] END AS customer_id,
      CASE WHEN NOT r.do_match THEN r.candidates WHEN cardinality(o.ids) > 1 THEN o.ids::text[]
           ELSE '{}'::text[] END AS candidates
    FROM r CROSS JOIN LATERAL (
      SELECT coalesce(array_agg(DISTINCT h.customer_id COLLATE "C" ORDER BY h.customer_id COLLATE "C"), '{}') AS ids
      FROM ${HANDLE_PAIRS}
      JOIN h ON h.kind = w.kind AND h.value = w.value
      WHERE r.do_match
    ) AS o
  ),
  ${insert}${stats}${followUps}
  SELECT true AS inserted, ${select.map((c) => (decided.includes(c) ? c : `NULL AS ${c}`)).join(', ')}${noneTyped}
  FROM ins
  UNION ALL
  SELECT false, ${select.join(', ')}${none} FROM ${t.entries}
  WHERE (source, external_id) IN (
    SELECT r.source, r.external_id FROM r WHERE NOT EXISTS (SELECT 1 FROM ins WHERE ins.id = r.id))${changed}`;
}

/**
 * Replaces the rows of `$1` whose stored version is still their `expected` (compare-and-set); returns the
 * ids replaced. With `withStats` the old state comes from a self-join read in the same snapshot (a row
 * changed concurrently fails the version re-check under the row lock and is left alone, its writer retries)
 * and the statistics move from the old state to the new one in the same statement.
 */
export function updateEntriesSql(t: TableNames, columns: readonly string[], withStats: boolean): string {
  const skip = new Set(['id', 'source', 'external_id', 'created_at']);
  const sets = columns.filter((c) => !skip.has(c)).map((c) => `${c} = r.${c}`);
  const rows = `WITH rows AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(${ROW_COLUMNS}, expected integer))`;
  if (!withStats) {
    return `${rows} UPDATE ${t.entries} e SET ${sets.join(', ')} FROM rows r
      WHERE e.id = r.id AND e.version = r.expected RETURNING e.id`;
  }
  const cols = STAT_INPUT_COLUMNS;
  return `${rows},
  upd AS (
    UPDATE ${t.entries} e SET ${sets.join(', ')}
    FROM rows r JOIN ${t.entries} o ON o.id = r.id AND o.version = r.expected
    WHERE e.id = r.id AND e.version = r.expected
    RETURNING e.id, ${cols.map((c) => `e.${c}`).join(', ')}, ${cols.map((c) => `o.${c} AS o_${c}`).join(', ')}
  ),
  changes AS (
    SELECT ${STAT_INPUTS}, 1 AS sign FROM upd
    UNION ALL
    SELECT ${cols.map((c) => `o_${c}`).join(', ')}, -1 FROM upd
  ),
  ${rollStats(t)}
  SELECT id FROM upd`;
}

/**
 * Statistics cells of a range: whole UTC quarter hours from the statistics table, the partial ones at either
 * end from the entries, regrouped by local hour (in `$3`) and by extension. Params: from, to, timeZone, the bucket
 * range [$4, $5) and the two raw ranges [$1, $6) and [$7, $2). A bucket whose calls all moved away (a
 * correction of the extension) keeps a row of zeros: it counts no call, so it must not show an extension or day.
 */
export function callStatsSql(t: TableNames): string {
  const raw = (lo: string, hi: string) => `SELECT occurred_at AS at, extension,
      ${CALL_SUM_COLUMNS.map((c) => `${callSumExpr(c, '')} AS ${c}`).join(', ')}
    FROM ${t.entries} WHERE channel = 'call' AND occurred_at >= ${lo} AND occurred_at < ${hi} AND ${callCountsExpr('')}`;
  const local = `date_trunc('hour', at AT TIME ZONE $3::text)`;
  return `WITH cells AS (
    SELECT bucket AS at, nullif(extension, '') AS extension, ${CALL_SUM_COLUMNS.join(', ')}
    FROM ${t.callStats} WHERE bucket >= $4::timestamptz AND bucket < $5::timestamptz
      AND (offered <> 0 OR outbound <> 0)
    UNION ALL ${raw('$1::timestamptz', '$6::timestamptz')}
    UNION ALL ${raw('$7::timestamptz', '$2::timestamptz')}
  )
  SELECT ${local}::text AS local_hour, extension, GROUPING(${local}) AS by_extension,
    ${CALL_SUM_COLUMNS.map((c) => `sum(${c}) AS ${c}`).join(', ')}
  FROM cells GROUP BY GROUPING SETS ((${local}), (extension))`;
}

/** Rows of {@link callStatsSql}. */
export interface CallStatsRow {
  local_hour: string | null;
  extension: string | null;
  by_extension: number;
  offered: unknown;
  answered: unknown;
  answered_ring_seconds: unknown;
  missed_ring_seconds: unknown;
  talk_seconds: unknown;
  outbound: unknown;
  outbound_answered: unknown;
  outbound_talk_seconds: unknown;
}
