import type {
  FollowUpChanges,
  FollowUpFilter,
  FollowUpPosition,
  FollowUpStep,
  InsertOrGetItem,
  OpenFollowUpInput,
  OpenFollowUpResult,
} from '../store.js';
import type { FollowUp } from '../types.js';
import type { TableNames } from './migrations.js';
import { type PgQueryable, run } from './queryable.js';
import { type FollowUpRow, rowToFollowUp } from './rows.js';

/** The columns of a follow-up row, in {@link FollowUpRow} order. */
const COLUMNS = [
  'id',
  'phone',
  'customer_id',
  'state',
  'entry_ids',
  'first_missed_at',
  'last_missed_at',
  'closed_at',
  'closed_reason',
  'closed_by_entry_id',
  'closed_by',
] as const;

/** An entry row that is contact with its phone: an answered (or ongoing) inbound call, or an outbound call. */
export const CONTACT_SQL = `channel = 'call'
  AND (direction = 'outbound' OR (direction = 'inbound' AND status IN ('answered', 'ongoing')))`;

/**
 * How a missed call joins the open follow-up of its phone (`ON CONFLICT … DO UPDATE`, the row proposed is
 * `EXCLUDED` with the missed call as its only entry id); a replayed miss (already in it) matches no row.
 */
const JOIN_OPEN = `ON CONFLICT (phone) WHERE state = 'open' DO UPDATE SET
    entry_ids = f.entry_ids || EXCLUDED.entry_ids,
    first_missed_at = LEAST(f.first_missed_at, EXCLUDED.first_missed_at),
    last_missed_at = GREATEST(f.last_missed_at, EXCLUDED.last_missed_at),
    customer_id = COALESCE(EXCLUDED.customer_id, f.customer_id)
  WHERE NOT (EXCLUDED.entry_ids <@ f.entry_ids)`;

/**
 * A follow-up step as migration 11's function takes it ({@link followUpStepsFunctionSql}), but for the entry it
 * belongs to (`entry_id`, `customer_id`): the insert statement adds those for the rows it inserted.
 */
export function stepJson(step: FollowUpStep): Record<string, unknown> {
  const own =
    step.kind === 'open'
      ? { kind: 'open', id: step.id, at: step.missedAt.toISOString() }
      : { kind: 'close', at: step.before.toISOString(), now: step.at.toISOString(), reason: step.reason };
  return { ...own, phone: step.phone };
}

/** The columns of a step row given to the follow-up steps function (migration 11), as SQL column definitions. */
const STEP_ROW_COLUMNS =
  'kind text, id uuid, at timestamptz, now timestamptz, reason text, phone text, entry_id uuid, customer_id text';

/**
 * Migration 11's function: applies follow-up steps (a JSON array of {@link stepJson} objects with `entry_id`
 * and `customer_id`, at most one per phone) and
 * returns the follow-ups changed: `follow_up` (the row as JSON) and `fu_created` (opened or joined: whether a
 * new one was opened; closed: NULL).
 *
 * - It first takes each phone's transaction-scoped advisory lock, in phone order: two statements crossing
 *   (one closes X and opens Y, the other the reverse) queue instead of deadlocking.
 * - Then it closes and opens in a snapshot taken after the locks (a VOLATILE function's queries do, in READ
 *   COMMITTED): a statement that waited for a number's lock sees what the statement holding it committed, so
 *   a miss and a later answered call of the number, written at the same moment, leave no follow-up open.
 * - A close names its phones (`phone = ANY (…)`), with no join to the steps: with statistics its plan probes
 *   the partial unique index once per phone (joins on phone became hash joins over every open follow-up when
 *   the table had no statistics). The plan is generic, as for migration 7's function: the steps' count does
 *   not change it.
 * - As {@link PgFollowUps.open}, a missed call after which there was contact opens nothing.
 */
export function followUpStepsFunctionSql(t: TableNames): string {
  return `CREATE OR REPLACE FUNCTION ${t.followUpSteps}(steps jsonb)
    RETURNS TABLE (follow_up jsonb, fu_created boolean) LANGUAGE plpgsql VOLATILE
    SET plan_cache_mode = force_generic_plan AS $f$
  BEGIN
    IF steps IS NULL THEN RETURN; END IF;
    PERFORM pg_advisory_xact_lock(hashtext('${t.followUps.replaceAll("'", "''")}'), hashtext(s.phone))
      FROM (SELECT x.phone FROM jsonb_to_recordset(steps) AS x(phone text) ORDER BY x.phone OFFSET 0) AS s;
    RETURN QUERY WITH fu AS MATERIALIZED (SELECT * FROM jsonb_to_recordset(steps) AS x(${STEP_ROW_COLUMNS})),
    closed AS (
      UPDATE ${t.followUps} AS f SET state = 'closed', (closed_at, closed_reason, closed_by_entry_id) =
        (SELECT c.now, c.reason, c.entry_id FROM fu AS c WHERE c.phone = f.phone AND c.kind = 'close')
      WHERE f.phone = ANY (ARRAY(SELECT fu.phone FROM fu WHERE fu.kind = 'close')) AND f.state = 'open'
        AND f.last_missed_at < (SELECT c.at FROM fu AS c WHERE c.phone = f.phone AND c.kind = 'close')
      RETURNING f.*),
    opened AS (
      INSERT INTO ${t.followUps} AS f (id, phone, customer_id, state, entry_ids, first_missed_at, last_missed_at)
      SELECT fu.id, fu.phone, fu.customer_id, 'open', ARRAY[fu.entry_id], fu.at, fu.at FROM fu
      WHERE fu.kind = 'open' AND NOT EXISTS (
        SELECT 1 FROM ${t.entries} AS e WHERE e.phone = fu.phone AND e.occurred_at > fu.at AND ${CONTACT_SQL})
      ORDER BY fu.phone
      ${JOIN_OPEN}
      RETURNING f.*, (f.xmax = 0) AS created)
    SELECT to_jsonb(c), NULL::boolean FROM closed AS c
    UNION ALL SELECT to_jsonb(o) - 'created', o.created FROM opened AS o;
  END
  $f$`;
}

/**
 * The CTE `fu` that applies follow-up steps inside a write statement (issue 7: a call and its follow-up in one
 * commit), through migration 11's function ({@link followUpStepsFunctionSql}). `steps` is an SQL expression
 * of the function's JSON array. `fu` yields the follow-ups changed (`follow_up`, `fu_created`); the statement
 * must read it, so that it runs before the statement's unreferenced CTEs (the statistics, whose rows it locks
 * after the numbers').
 */
export function followUpStepsSql(t: TableNames, steps: string): string {
  return `fu AS MATERIALIZED (SELECT * FROM ${t.followUpSteps}(${steps}))`;
}

/**
 * At most this many follow-up steps go into one statement: a coalesced batch (`coalesce.maxBatch` defaults to
 * 100) or a `recordMany()` of up to 100 calls applies all of its own. Each step takes a transaction-scoped
 * advisory lock, and PostgreSQL's shared lock table holds `max_locks_per_transaction` × `max_connections` locks
 * (6,400 by default) for all sessions together: four concurrent batches of 10,000 calls, each step in its
 * statement, exhausted it ("out of shared memory"). With the cap, a pool of 10 connections holds at most 1,000.
 */
export const MAX_STEPS_PER_STATEMENT = 100;

/**
 * The items with the follow-up steps this statement applies: those of phones with one step in the batch (one
 * statement touches a phone's follow-up once), the first {@link MAX_STEPS_PER_STATEMENT} of them. The other
 * steps are left to the caller (no `followUps` in their results).
 */
export function stepsToApply(items: InsertOrGetItem[]): InsertOrGetItem[] {
  if (!items.some((i) => i.followUp)) return items;
  const steps = new Map<string, number>();
  for (const { followUp } of items)
    if (followUp) steps.set(followUp.phone, (steps.get(followUp.phone) ?? 0) + 1);
  let room = MAX_STEPS_PER_STATEMENT;
  return items.map(({ followUp, ...item }) =>
    followUp && steps.get(followUp.phone) === 1 && room-- > 0 ? { ...item, followUp } : item,
  );
}

/** A follow-up row `followUpStepsSql`'s statement returned: the row as JSON, and whether it was created. */
export interface ChangedFollowUpRow {
  /** The follow-up row, as `to_jsonb` made it. */
  follow_up: unknown;
  /** Opened or joined: whether a new one was opened; closed: NULL. */
  fu_created: boolean | null;
}

/** The follow-up changes of a statement's returned rows, by phone. */
export function followUpChangesOf(rows: ChangedFollowUpRow[]): Map<string, FollowUpChanges> {
  const changes = new Map<string, FollowUpChanges>();
  for (const r of rows) {
    const f = rowToFollowUp(r.follow_up as FollowUpRow);
    const c = changes.get(f.phone) ?? { closed: [] };
    if (typeof r.fu_created !== 'boolean') c.closed.push(f);
    else c.opened = { followUp: f, created: r.fu_created, changed: true };
    changes.set(f.phone, c);
  }
  return changes;
}

/** The follow-up statements of the Postgres store (one statement each; the partial unique index does the work). */
export class PgFollowUps {
  constructor(
    private readonly db: PgQueryable,
    private readonly tables: TableNames,
    private readonly named = false,
  ) {}

  async open(input: OpenFollowUpInput): Promise<OpenFollowUpResult> {
    const t = this.tables.followUps;
    // The partial unique index makes this an atomic "open or join"; a replayed miss matches no row.
    const rows = await run<FollowUpRow & { created: boolean }>(
      this.db,
      'open follow-up',
      `INSERT INTO ${t} AS f (id, phone, customer_id, state, entry_ids, first_missed_at, last_missed_at)
       VALUES ($1::uuid, $2, $3, 'open', ARRAY[$4::uuid], $5::timestamptz, $5::timestamptz)
       ${JOIN_OPEN}
       RETURNING ${COLUMNS.map((c) => `f.${c}`).join(', ')}, (xmax = 0) AS created`,
      [input.id, input.phone, input.customerId ?? null, input.entryId, input.missedAt],
      this.named,
    );
    if (rows[0]) return { followUp: rowToFollowUp(rows[0]), created: rows[0].created, changed: true };
    const [open] = await this.list({ state: 'open', phone: input.phone }, { limit: 1 });
    return { followUp: open as FollowUp, created: false, changed: false };
  }

  /** One step through migration 11's function, in one statement (see `CommsLogStore.applyFollowUpStep`). */
  async apply(
    step: FollowUpStep,
    entry: { id: string; customerId?: string | undefined },
  ): Promise<FollowUpChanges> {
    const rows = await run<ChangedFollowUpRow>(
      this.db,
      'apply follow-up step',
      `SELECT follow_up, fu_created FROM ${this.tables.followUpSteps}($1::jsonb)`,
      [JSON.stringify([{ ...stepJson(step), entry_id: entry.id, customer_id: entry.customerId ?? null }])],
      this.named,
    );
    return followUpChangesOf(rows).get(step.phone) ?? { closed: [] };
  }

  async closeAll(
    phone: string,
    close: { before: Date; at: Date; reason: 'answered' | 'called-back'; entryId: string },
  ): Promise<FollowUp[]> {
    const rows = await run<FollowUpRow>(
      this.db,
      'close follow-ups',
      `UPDATE ${this.tables.followUps} SET state = 'closed', closed_at = $3, closed_reason = $4, closed_by_entry_id = $5::uuid
       WHERE phone = $1 AND state = 'open' AND last_missed_at < $2 RETURNING ${COLUMNS.join(', ')}`,
      [phone, close.before, close.at, close.reason, close.entryId],
      this.named,
    );
    return rows.map(rowToFollowUp);
  }

  async close(id: string, close: { at: Date; by?: string | undefined }): Promise<FollowUp | undefined> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
    const t = this.tables.followUps;
    const rows = await run<FollowUpRow>(
      this.db,
      'close follow-up',
      `WITH closed AS (UPDATE ${t} SET state = 'closed', closed_at = $2, closed_reason = 'manual', closed_by = $3
                       WHERE id = $1::uuid AND state = 'open' RETURNING *)
       SELECT * FROM closed UNION ALL SELECT * FROM ${t} WHERE id = $1::uuid AND NOT EXISTS (SELECT 1 FROM closed)`,
      [id, close.at, close.by ?? null],
    );
    return rows[0] && rowToFollowUp(rows[0]);
  }

  async setCustomer(phone: string, customerId: string | undefined): Promise<void> {
    await run(
      this.db,
      'set follow-up customer',
      `UPDATE ${this.tables.followUps} SET customer_id = $2 WHERE phone = $1 AND state = 'open'
       AND customer_id IS DISTINCT FROM $2`,
      [phone, customerId ?? null],
      this.named,
    );
  }

  async list(
    filter: FollowUpFilter,
    page: { after?: FollowUpPosition | undefined; limit: number },
  ): Promise<FollowUp[]> {
    const rows = await run<FollowUpRow>(
      this.db,
      'list follow-ups',
      `SELECT * FROM ${this.tables.followUps}
       WHERE ($1::text IS NULL OR state = $1) AND ($2::text IS NULL OR customer_id = $2)
         AND ($3::text IS NULL OR phone = $3)
         AND ($4::timestamptz IS NULL OR (last_missed_at, id) < ($4::timestamptz, $5::uuid))
       ORDER BY last_missed_at DESC, id DESC LIMIT $6`,
      [
        filter.state ?? null,
        filter.customerId ?? null,
        filter.phone ?? null,
        page.after?.lastMissedAt ?? null,
        page.after?.id ?? null,
        page.limit,
      ],
    );
    return rows.map(rowToFollowUp);
  }
}
