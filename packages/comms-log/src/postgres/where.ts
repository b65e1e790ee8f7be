import type { EntryFilter, EntryPosition } from '../store.js';

const list = <T>(v: T | T[]): T[] => (Array.isArray(v) ? v : [v]);

/** Escapes LIKE wildcards so user text matches literally. */
export const likeLiteral = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** How a text filter is served by the trigram keys of migration 4 (see text-plan.ts). */
export interface TextKeysCondition {
  /** The quoted keys function (`TableNames.textKeys`). */
  fn: string;
  /** The trigrams every candidate row holds. */
  keys: string[];
  /** Only rows with `from <= occurred_at < to` (either end open when left out). */
  from?: Date | undefined;
  to?: Date | undefined;
}

/**
 * The WHERE clause of an Inbox query: every condition is a parameter (never interpolated text), written so
 * that the matching `(…, occurred_at DESC, id DESC)` index serves it and the keyset condition
 * `(occurred_at, id) < ($a, $b)` continues the scan where the previous page stopped.
 */
export function entryWhere(
  filter: EntryFilter,
  after: EntryPosition | undefined,
  textKeys?: TextKeysCondition,
): { where: string; params: unknown[] } {
  const params: unknown[] = [];
  const conds: string[] = [];
  const p = (value: unknown, cast = '') => {
    params.push(value);
    return `$${params.length}${cast}`;
  };
  const eq = (column: string, value: unknown) => {
    const values = list(value);
    conds.push(
      values.length === 1 ? `${column} = ${p(values[0])}` : `${column} = ANY(${p(values, '::text[]')})`,
    );
  };
  if (filter.channel !== undefined) eq('channel', filter.channel);
  if (filter.direction !== undefined) eq('direction', filter.direction);
  if (filter.status !== undefined) eq('status', filter.status);
  if (filter.match !== undefined) eq('match', filter.match);
  if (filter.customerId !== undefined) eq('customer_id', filter.customerId);
  if (filter.extension !== undefined) eq('extension', filter.extension);
  if (filter.phone !== undefined) eq('phone', filter.phone);
  if (filter.from !== undefined) conds.push(`occurred_at >= ${p(filter.from, '::timestamptz')}`);
  if (filter.to !== undefined) conds.push(`occurred_at < ${p(filter.to, '::timestamptz')}`);
  if (textKeys?.from !== undefined) conds.push(`occurred_at >= ${p(textKeys.from, '::timestamptz')}`);
  if (textKeys?.to !== undefined) conds.push(`occurred_at < ${p(textKeys.to, '::timestamptz')}`);
  if (filter.text !== undefined && textKeys && textKeys.keys.length > 0) {
    // Candidates from the GIN index over the keys; the pattern below rechecks them.
    conds.push(`${textKeys.fn}(body, counterpart_name, phone) @> ${p(textKeys.keys, '::text[]')}`);
  }
  if (filter.text !== undefined) {
    const pattern = p(likeLiteral(filter.text));
    conds.push(`(body ILIKE ${pattern} OR counterpart_name ILIKE ${pattern} OR phone LIKE ${pattern})`);
  }
  if (after !== undefined) {
    conds.push(`(occurred_at, id) < (${p(after.occurredAt, '::timestamptz')}, ${p(after.id, '::uuid')})`);
  }
  return { where: conds.length ? `WHERE ${conds.join(' AND ')}` : '', params };
}
