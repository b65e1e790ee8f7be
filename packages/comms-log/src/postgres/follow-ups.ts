import type { FollowUpFilter, FollowUpPosition, OpenFollowUpInput, OpenFollowUpResult } from '../store.js';
import type { FollowUp } from '../types.js';
import type { TableNames } from './migrations.js';
import { type PgQueryable, run } from './queryable.js';
import { type FollowUpRow, rowToFollowUp } from './rows.js';

/** The follow-up statements of the Postgres store (one statement each; the partial unique index does the work). */
export class PgFollowUps {
  constructor(
    private readonly db: PgQueryable,
    private readonly tables: TableNames,
  ) {}

  async open(input: OpenFollowUpInput): Promise<OpenFollowUpResult> {
    const t = this.tables.followUps;
    // The partial unique index makes this an atomic "open or join"; a replayed miss matches no row.
    const rows = await run<FollowUpRow & { created: boolean }>(
      this.db,
      'open follow-up',
      `INSERT INTO ${t} AS f (id, phone, customer_id, state, entry_ids, first_missed_at, last_missed_at)
       VALUES ($1::uuid, $2, $3, 'open', ARRAY[$4::uuid], $5::timestamptz, $5::timestamptz)
       ON CONFLICT (phone) WHERE state = 'open' DO UPDATE SET
         entry_ids = f.entry_ids || $4::uuid,
         first_missed_at = LEAST(f.first_missed_at, EXCLUDED.first_missed_at),
         last_missed_at = GREATEST(f.last_missed_at, EXCLUDED.last_missed_at),
         customer_id = COALESCE(EXCLUDED.customer_id, f.customer_id)
       WHERE NOT ($4::uuid = ANY(f.entry_ids))
       RETURNING f.*, (xmax = 0) AS created`,
      [input.id, input.phone, input.customerId ?? null, input.entryId, input.missedAt],
    );
    if (rows[0]) return { followUp: rowToFollowUp(rows[0]), created: rows[0].created, changed: true };
    const [open] = await this.list({ state: 'open', phone: input.phone }, { limit: 1 });
    return { followUp: open as FollowUp, created: false, changed: false };
  }

  async closeAll(
    phone: string,
    close: { before: Date; at: Date; reason: 'answered' | 'called-back'; entryId: string },
  ): Promise<FollowUp[]> {
    const rows = await run<FollowUpRow>(
      this.db,
      'close follow-ups',
      `UPDATE ${this.tables.followUps} SET state = 'closed', closed_at = $3, closed_reason = $4, closed_by_entry_id = $5::uuid
       WHERE phone = $1 AND state = 'open' AND last_missed_at < $2 RETURNING *`,
      [phone, close.before, close.at, close.reason, close.entryId],
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
