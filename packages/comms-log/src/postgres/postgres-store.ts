import { z } from 'zod';
import { CommsLogConfigError } from '../errors.js';
import { uuidv7 } from '../internal/ids.js';
import { hasWholeHourOffsets } from '../stats.js';
import type {
  CallStatsCell,
  CommsLogStore,
  EntryFilter,
  EntryPosition,
  FollowUpFilter,
  FollowUpPosition,
  OpenFollowUpInput,
  OpenFollowUpResult,
} from '../store.js';
import type { CommsEntry, FollowUp, Handle, HandleChanges, HandleOwner } from '../types.js';
import { PgFollowUps } from './follow-ups.js';
import {
  type Migration,
  migrationSql,
  migrations,
  rebuildCallStatsSql,
  type TableNames,
  tableNames,
} from './migrations.js';
import { type PgQueryable, run } from './queryable.js';
import { ENTRY_COLUMNS, type EntryRow, entryRow, rowToCell, rowToEntry } from './rows.js';
import { type CallStatsRow, callStatsSql, insertEntriesSql, updateEntriesSql } from './statements.js';
import { entryWhere } from './where.js';

const identifier = z
  .string()
  .regex(/^[a-z_][a-z0-9_]{0,39}$/, 'must be a lower-case SQL identifier (a-z, 0-9, _)');

/** The serialisable options of {@link createPostgresStore}. */
export const postgresStoreOptionsSchema = z.object({
  /** The schema holding the tables (created by `migrate()` if missing). */
  schema: identifier.default('public'),
  /** Prefix of every table and index name. */
  tablePrefix: z.union([identifier, z.literal('')]).default('comms_'),
});

/** Options of {@link createPostgresStore}. */
export interface PostgresStoreOptions extends z.input<typeof postgresStoreOptionsSchema> {
  /** A `pg.Pool`, `pg.Client` or PGlite instance (anything with `query(text, params)`). */
  db: PgQueryable;
}

const ENTRY_SELECT = ENTRY_COLUMNS.filter(
  (c) => !['extension', 'ring_seconds', 'talk_seconds'].includes(c),
).join(', ');

/**
 * The PostgreSQL store: plain SQL through a minimal query interface. Idempotency comes from the
 * `(source, external_id)` unique constraint and concurrency from a version compare-and-set; every method is
 * one statement, so an outage never leaves a half-written entry. Run {@link PostgresCommsLogStore.migrate}
 * once at start-up (safe to run from several instances at once).
 */
export class PostgresCommsLogStore implements CommsLogStore {
  /** The quoted table names. */
  readonly tables: TableNames;
  readonly #db: PgQueryable;
  readonly #lockKey: string;
  readonly #followUps: PgFollowUps;
  readonly #sql: Record<'insert' | 'insertCalls' | 'update' | 'updateCalls' | 'stats', string>;

  /** Builds the store; prefer {@link createPostgresStore}. */
  constructor(options: PostgresStoreOptions) {
    const { db, ...rest } = options ?? ({} as PostgresStoreOptions);
    if (!db || typeof db.query !== 'function')
      throw new CommsLogConfigError('options.db must have query(text, params)');
    const parsed = postgresStoreOptionsSchema.safeParse(rest);
    if (!parsed.success)
      throw new CommsLogConfigError(z.prettifyError(parsed.error), { cause: parsed.error });
    this.#db = db;
    this.tables = tableNames(parsed.data.schema, parsed.data.tablePrefix);
    this.#lockKey = `pbxkit.comms-log:${parsed.data.schema}.${parsed.data.tablePrefix}`;
    this.#followUps = new PgFollowUps(db, this.tables);
    this.#sql = {
      insert: insertEntriesSql(this.tables, ENTRY_COLUMNS, false),
      insertCalls: insertEntriesSql(this.tables, ENTRY_COLUMNS, true),
      update: updateEntriesSql(this.tables, ENTRY_COLUMNS, false),
      updateCalls: updateEntriesSql(this.tables, ENTRY_COLUMNS, true),
      stats: callStatsSql(this.tables),
    };
  }

  /** The migrations this version ships. */
  static readonly migrations: readonly Migration[] = migrations;

  /** Applies the migrations not applied yet, in order; returns the versions it applied. */
  async migrate(): Promise<number[]> {
    // The run id tells this call's migrations from those a concurrent instance applied.
    const runId = uuidv7();
    for (const m of migrations)
      await run(this.#db, 'migrate', migrationSql(this.tables, m, this.#lockKey, runId));
    const rows = await run<{ version: number }>(
      this.#db,
      'migrate',
      `SELECT version FROM ${this.tables.migrations} WHERE applied_by = $1 ORDER BY version`,
      [runId],
    );
    return rows.map((r) => Number(r.version));
  }

  /** The migration versions applied to the database. */
  async appliedMigrations(): Promise<number[]> {
    const [exists] = await run<{ t: string | null }>(
      this.#db,
      'migrations',
      'SELECT to_regclass($1)::text AS t',
      [this.tables.migrations],
    );
    if (!exists?.t) return [];
    const rows = await run<{ version: number }>(
      this.#db,
      'migrations',
      `SELECT version FROM ${this.tables.migrations} ORDER BY version`,
    );
    return rows.map((r) => Number(r.version));
  }

  async insertEntry(entry: CommsEntry): Promise<boolean> {
    return (await this.insertEntries([entry])).length === 1;
  }

  async updateEntry(entry: CommsEntry, expectedVersion: number): Promise<boolean> {
    return (await this.updateEntries([{ entry, expectedVersion }])).length === 1;
  }

  /**
   * Inserts the entries whose key is new; returns the ids inserted. One statement per kind: calls also move
   * the hourly statistics, other channels skip that work.
   */
  async insertEntries(entries: CommsEntry[]): Promise<string[]> {
    const out: string[] = [];
    for (const [calls, batch] of splitCalls(entries, (e) => e)) {
      const sql = calls ? this.#sql.insertCalls : this.#sql.insert;
      const rows = await run<{ id: string }>(this.#db, 'insert entries', sql, [
        JSON.stringify(batch.map(entryRow)),
      ]);
      out.push(...rows.map((r) => r.id));
    }
    return out;
  }

  /** Compare-and-set of several entries (one statement per kind); returns the ids replaced. */
  async updateEntries(updates: Array<{ entry: CommsEntry; expectedVersion: number }>): Promise<string[]> {
    const out: string[] = [];
    for (const [calls, batch] of splitCalls(updates, (u) => u.entry)) {
      const sql = calls ? this.#sql.updateCalls : this.#sql.update;
      const json = JSON.stringify(batch.map((u) => ({ ...entryRow(u.entry), expected: u.expectedVersion })));
      const rows = await run<{ id: string }>(this.#db, 'update entries', sql, [json]);
      out.push(...rows.map((r) => r.id));
    }
    return out;
  }

  /** The entries of several idempotency keys, in one query. */
  async getEntriesByKeys(keys: Array<{ source: string; externalId: string }>): Promise<CommsEntry[]> {
    if (keys.length === 0) return [];
    const rows = await run<EntryRow>(
      this.#db,
      'get entries',
      `SELECT ${ENTRY_SELECT} FROM ${this.tables.entries}
       WHERE (source, external_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
      [keys.map((k) => k.source), keys.map((k) => k.externalId)],
    );
    return rows.map(rowToEntry);
  }

  /** Recomputes the hourly call statistics from the entries (after a bulk import that bypassed the store). */
  async rebuildCallStats(): Promise<void> {
    await run(
      this.#db,
      'rebuild call stats',
      `DO $pbxkit$ BEGIN
         PERFORM pg_advisory_xact_lock(hashtext('${this.#lockKey}'));
         DELETE FROM ${this.tables.callStats};
         ${rebuildCallStatsSql(this.tables)};
       END $pbxkit$`,
    );
  }

  async getEntry(id: string): Promise<CommsEntry | undefined> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
    const [row] = await run<EntryRow>(
      this.#db,
      'get entry',
      `SELECT ${ENTRY_SELECT} FROM ${this.tables.entries} WHERE id = $1::uuid`,
      [id],
    );
    return row && rowToEntry(row);
  }

  async getEntryByKey(source: string, externalId: string): Promise<CommsEntry | undefined> {
    const [row] = await run<EntryRow>(
      this.#db,
      'get entry',
      `SELECT ${ENTRY_SELECT} FROM ${this.tables.entries} WHERE source = $1 AND external_id = $2`,
      [source, externalId],
    );
    return row && rowToEntry(row);
  }

  async listEntries(
    filter: EntryFilter,
    page: { after?: EntryPosition | undefined; limit: number },
  ): Promise<CommsEntry[]> {
    const { where, params } = entryWhere(filter, page.after);
    params.push(page.limit);
    const rows = await run<EntryRow>(
      this.#db,
      'list entries',
      `SELECT ${ENTRY_SELECT} FROM ${this.tables.entries} ${where}
       ORDER BY occurred_at DESC, id DESC LIMIT $${params.length}`,
      params,
    );
    return rows.map(rowToEntry);
  }

  async listEntriesByHandles(
    handles: Handle[],
    page: { afterId?: string | undefined; limit: number },
  ): Promise<CommsEntry[]> {
    const of = (kind: Handle['kind']) => handles.filter((h) => h.kind === kind).map((h) => h.value);
    const rows = await run<EntryRow>(
      this.#db,
      'list entries by handles',
      `SELECT ${ENTRY_SELECT} FROM ${this.tables.entries}
       WHERE (phone = ANY($1::text[]) OR wa_id = ANY($2::text[]) OR bsuid = ANY($3::text[]) OR email = ANY($4::text[]))
         AND ($5::uuid IS NULL OR id > $5::uuid)
       ORDER BY id LIMIT $6`,
      [of('phone'), of('waId'), of('bsuid'), of('email'), page.afterId ?? null, page.limit],
    );
    return rows.map(rowToEntry);
  }

  async replaceCustomerHandles(customerId: string, handles: Handle[]): Promise<HandleChanges> {
    const rows = await run<{ op: 'added' | 'removed'; kind: Handle['kind']; value: string }>(
      this.#db,
      'replace handles',
      `WITH wanted AS (SELECT DISTINCT * FROM unnest($2::text[], $3::text[]) AS w(kind, value)),
       del AS (DELETE FROM ${this.tables.handles} h WHERE h.customer_id = $1
                AND NOT EXISTS (SELECT 1 FROM wanted w WHERE w.kind = h.kind AND w.value = h.value)
               RETURNING h.kind, h.value),
       ins AS (INSERT INTO ${this.tables.handles} (kind, value, customer_id) SELECT kind, value, $1 FROM wanted
               ON CONFLICT DO NOTHING RETURNING kind, value)
       SELECT 'removed' AS op, kind, value FROM del UNION ALL SELECT 'added' AS op, kind, value FROM ins
       ORDER BY kind, value`,
      [customerId, handles.map((h) => h.kind), handles.map((h) => h.value)],
    );
    const pick = (op: string) =>
      rows.filter((r) => r.op === op).map((r) => ({ kind: r.kind, value: r.value }));
    return { added: pick('added'), removed: pick('removed') };
  }

  async getCustomerHandles(customerId: string): Promise<Handle[]> {
    return run<Handle>(
      this.#db,
      'get handles',
      `SELECT kind, value FROM ${this.tables.handles} WHERE customer_id = $1 ORDER BY kind, value`,
      [customerId],
    );
  }

  async findHandleOwners(handles: Handle[]): Promise<Array<HandleOwner>> {
    if (handles.length === 0) return [];
    return run<HandleOwner>(
      this.#db,
      'find handle owners',
      `SELECT DISTINCT h.kind, h.value, h.customer_id AS "customerId" FROM ${this.tables.handles} h
       JOIN unnest($1::text[], $2::text[]) AS w(kind, value) ON w.kind = h.kind AND w.value = h.value`,
      [handles.map((h) => h.kind), handles.map((h) => h.value)],
    );
  }

  async findCustomersByHandles(handles: Handle[]): Promise<string[]> {
    if (handles.length === 0) return [];
    const rows = await run<{ customer_id: string }>(
      this.#db,
      'find customers',
      `SELECT DISTINCT h.customer_id FROM ${this.tables.handles} h
       JOIN unnest($1::text[], $2::text[]) AS w(kind, value) ON w.kind = h.kind AND w.value = h.value
       ORDER BY 1`,
      [handles.map((h) => h.kind), handles.map((h) => h.value)],
    );
    return rows.map((r) => r.customer_id);
  }

  async callStatsCells(range: { from: Date; to: Date; timeZone: string }): Promise<CallStatsCell[]> {
    // Whole UTC hours come from the hourly table when the zone's offsets are whole hours (then a UTC hour
    // lies inside one local hour); the partial hours at either end, and zones like Asia/Kolkata, from entries.
    const hour = 3_600_000;
    const lo = Math.ceil(range.from.getTime() / hour) * hour;
    const hi = Math.floor(range.to.getTime() / hour) * hour;
    const useHourly = lo < hi && hasWholeHourOffsets(range.timeZone, range.from, range.to);
    const [a, b] = useHourly ? [new Date(lo), new Date(hi)] : [range.to, range.to];
    const rows = await run<CallStatsRow>(this.#db, 'call stats', this.#sql.stats, [
      range.from,
      range.to,
      range.timeZone,
      a,
      b,
      useHourly ? a : range.to,
      useHourly ? b : range.to,
    ]);
    return rows.map(rowToCell);
  }

  async hasContactSince(phone: string, after: Date): Promise<boolean> {
    const rows = await run(
      this.#db,
      'find contact',
      `SELECT 1 FROM ${this.tables.entries}
       WHERE phone = $1 AND occurred_at > $2 AND channel = 'call'
         AND (direction = 'outbound' OR (direction = 'inbound' AND status IN ('answered', 'ongoing')))
       LIMIT 1`,
      [phone, after],
    );
    return rows.length > 0;
  }

  openFollowUp(input: OpenFollowUpInput): Promise<OpenFollowUpResult> {
    return this.#followUps.open(input);
  }

  closeFollowUps(phone: string, close: Parameters<CommsLogStore['closeFollowUps']>[1]): Promise<FollowUp[]> {
    return this.#followUps.closeAll(phone, close);
  }

  closeFollowUp(id: string, close: { at: Date; by?: string | undefined }): Promise<FollowUp | undefined> {
    return this.#followUps.close(id, close);
  }

  setFollowUpCustomer(phone: string, customerId: string | undefined): Promise<void> {
    return this.#followUps.setCustomer(phone, customerId);
  }

  listFollowUps(
    filter: FollowUpFilter,
    page: { after?: FollowUpPosition | undefined; limit: number },
  ): Promise<FollowUp[]> {
    return this.#followUps.list(filter, page);
  }
}

/** Splits items into calls and the rest (each non-empty group once). */
function splitCalls<T>(items: T[], entryOf: (item: T) => CommsEntry): Array<[boolean, T[]]> {
  const calls = items.filter((i) => entryOf(i).channel === 'call');
  const rest = items.filter((i) => entryOf(i).channel !== 'call');
  return [
    [true, calls],
    [false, rest],
  ].filter(([, group]) => (group as T[]).length > 0) as Array<[boolean, T[]]>;
}

/**
 * Creates a PostgreSQL {@link CommsLogStore} over a `pg.Pool`, `pg.Client` or PGlite.
 *
 * @example
 * ```ts
 * import pg from 'pg';
 * import { createCommsLog } from '@pbxkit/comms-log';
 * import { createPostgresStore } from '@pbxkit/comms-log/postgres';
 *
 * const store = createPostgresStore({ db: new pg.Pool({ connectionString: process.env.DATABASE_URL }) });
 * await store.migrate();
 * const log = createCommsLog({ store });
 * ```
 */
export function createPostgresStore(options: PostgresStoreOptions): PostgresCommsLogStore {
  return new PostgresCommsLogStore(options);
}
