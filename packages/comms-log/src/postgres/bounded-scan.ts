import type { EntryFilter, EntryPosition } from '../store.js';
import type { CommsEntry } from '../types.js';
import { type EntryRow, rowToEntry } from './rows.js';
import { entryWhere, likeLiteral, textMatchSql } from './where.js';

/**
 * A text search's bounded scan (`listEntriesPage`, a pattern no rare trigram narrows) as ONE statement: the
 * newest `rows` rows the rest of `filter` allows after `after`, each rechecked with the pattern, stop at the
 * page's `limit`th match. When they hold fewer matches and there were `rows` of them, one more row says where
 * the scan ended: `resume_at`, `resume_id` (the last row read, in `(occurred_at DESC, id DESC)` order), so the
 * next page goes on exactly there, whatever rows share that instant. The other rows are the matches, with
 * `select`'s columns, newest first.
 *
 * The scan is lazy: the matches are read first, and the rest of the scan only when the page is short.
 */
export function boundedScanSql(
  entries: string,
  select: readonly string[],
  filter: EntryFilter & { text: string },
  after: EntryPosition | undefined,
  bounds: { rows: number; limit: number },
): { text: string; params: unknown[] } {
  const { text, ...rest } = filter;
  const { where, params } = entryWhere(rest, after);
  const p = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const hit = textMatchSql(p(likeLiteral(text)));
  const [rows, limit] = [p(bounds.rows), p(bounds.limit)];
  const nulls = select.map((c) => `NULL AS ${c}`).join(', ');
  return {
    text: `WITH scan AS (
      SELECT occurred_at, id, ${hit} AS hit FROM ${entries} ${where}
      ORDER BY occurred_at DESC, id DESC LIMIT ${rows}::int),
    hits AS (SELECT id FROM scan WHERE hit LIMIT ${limit}::int)
    SELECT * FROM (
      SELECT NULL::timestamptz AS resume_at, NULL::uuid AS resume_id, ${select.join(', ')}
      FROM ${entries} WHERE id IN (SELECT id FROM hits)
      UNION ALL
      SELECT last.occurred_at, last.id, ${nulls}
      FROM (SELECT occurred_at, id FROM scan ORDER BY occurred_at, id LIMIT 1) AS last
      WHERE (SELECT count(*) FROM hits) < ${limit}::int AND (SELECT count(*) FROM scan) = ${rows}::int
    ) AS page ORDER BY occurred_at DESC, id DESC`,
    params,
  };
}

/** A row of {@link boundedScanSql}: a match (`resume_id` NULL) or where the scan ended. */
export type BoundedScanRow = EntryRow & { resume_at: Date | null; resume_id: string | null };

/** The matches of a {@link boundedScanSql} page, newest first, and where its scan ended when it says so. */
export function boundedScanPage(rows: BoundedScanRow[]): {
  rows: CommsEntry[];
  resumeAfter?: EntryPosition | undefined;
} {
  const resume = rows.find((r) => r.resume_id !== null);
  return {
    rows: rows.filter((r) => r.resume_id === null).map(rowToEntry),
    resumeAfter: resume && { occurredAt: new Date(resume.resume_at as Date), id: resume.resume_id as string },
  };
}
