import { z } from 'zod';
import { CommsLogConfigError } from '../errors.js';
import { entryKey, uuidv7 } from '../internal/ids.js';
import { hasOffsetsInSteps } from '../stats.js';
import type {
  CallStatsCell,
  CommsLogStore,
  EntryFilter,
  EntryListPage,
  EntryLookup,
  EntryPosition,
  FollowUpChanges,
  FollowUpFilter,
  FollowUpPosition,
  FollowUpStep,
  InsertOrGetItem,
  InsertOrGetResult,
  OpenFollowUpInput,
  OpenFollowUpResult,
} from '../store.js';
import type { CommsEntry, FollowUp, Handle, HandleChanges, HandleOwner } from '../types.js';
import { type BoundedScanRow, boundedScanPage, boundedScanSql } from './bounded-scan.js';
import {
  type ChangedFollowUpRow,
  CONTACT_SQL,
  followUpChangesOf,
  PgFollowUps,
  stepJson,
  stepsToApply,
} from './follow-ups.js';
import {
  type Migration,
  migrationSql,
  migrations,
  rebuildCallStatsSql,
  STATS_BUCKET_MS,
  type TableNames,
  tableNames,
} from './migrations.js';
import { type PgQueryable, run, takesNamedStatements } from './queryable.js';
import { ENTRY_COLUMNS, type EntryRow, entryRow, rowToCell, rowToEntry, withStoredMatch } from './rows.js';
import {
  type CallStatsRow,
  callStatsSql,
  insertEntriesSql,
  insertOrGetManySql,
  settleMatchesSql,
  updateEntriesSql,
} from './statements.js';
import { PgTextSearch } from './text-search.js';
import { entryWhere, type TextKeysCondition } from './where.js';

const identifier = z
  .string()
  .regex(/^[a-z_][a-z0-9_]{0,39}$/, 'must be a lower-case SQL identifier (a-z, 0-9, _)');

/** The serialisable options of {@link createPostgresStore}. */
export const postgresStoreOptionsSchema = z.object({
  /** The schema holding the tables (created by `migrate()` if missing). @defaultValue `'public'` */
  schema: identifier.default('public'),
  /** Prefix of every table and index name. @defaultValue `'comms_'` */
  tablePrefix: z.union([identifier, z.literal('')]).default('comms_'),
  /**
   * Run the write path's statements as named (prepared) statements: parsed and planned once per connection.
   * Needs node-postgres (`pg.Pool`, `pg.Client`); `undefined` turns it on exactly for those.
   * @defaultValue `undefined` (on for node-postgres, off for PGlite and other drivers)
   */
  namedStatements: z.boolean().optional(),
  /**
   * How many rows one Inbox page may scan for a text filter that no rare trigram narrows (`er or`, or one or
   * two characters), in one statement, before it returns a short page and a cursor at the last row read
   * (`listEntriesPage`). Also bounds every text page where `pg_trgm` is not available.
   * @defaultValue `2500` (an `er or` page took about 8 ms at p95 on 1.5M entries, BENCHMARKS.md)
   */
  textScanRows: z.number().int().min(10).max(1_000_000).default(2500),
});

/** Options of {@link createPostgresStore}. */
export interface PostgresStoreOptions extends z.input<typeof postgresStoreOptionsSchema> {
  /** A `pg.Pool`, `pg.Client` or PGlite instance (anything with `query(text, params)`). */
  db: PgQueryable;
}

/** A row of `insertOrGetMany`: an entry's (`inserted` true or false) or a follow-up changed (`inserted` NULL). */
type InsertOrGetRow = EntryRow & { inserted: boolean | null } & Partial<ChangedFollowUpRow>;
type ChangedRow = InsertOrGetRow & ChangedFollowUpRow;

/** The columns an entry is read from (the call columns are copies of `data`'s). */
const ENTRY_SELECT_COLUMNS = ENTRY_COLUMNS.filter(
  (c) => !['extension', 'ring_seconds', 'talk_seconds'].includes(c),
);
const ENTRY_SELECT = ENTRY_SELECT_COLUMNS.join(', ');

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
  readonly #named: boolean;
  readonly #textScanRows: number;
  readonly #lockKey: string;
  /** The matching lock's name (migration 5). */
  readonly #matchLock: string;
  readonly #followUps: PgFollowUps;
  readonly #text: PgTextSearch;
  readonly #sql: Record<
    | 'insert'
    | 'insertCalls'
    | 'insertOrGetMany'
    | 'insertOrGetManyCalls'
    | 'insertOrGetManyCallsFollowUps'
    | 'update'
    | 'updateCalls'
    | 'stats',
    string
  >;

  /** Builds the store; prefer {@link createPostgresStore}. */
  constructor(options: PostgresStoreOptions) {
    const { db, ...rest } = options ?? ({} as PostgresStoreOptions);
    if (!db || typeof db.query !== 'function')
      throw new CommsLogConfigError('options.db must have query(text, params)');
    const parsed = postgresStoreOptionsSchema.safeParse(rest);
    if (!parsed.success)
      throw new CommsLogConfigError(z.prettifyError(parsed.error), { cause: parsed.error });
    this.#db = db;
    this.#named = parsed.data.namedStatements ?? takesNamedStatements(db);
    this.#textScanRows = parsed.data.textScanRows;
    this.tables = tableNames(parsed.data.schema, parsed.data.tablePrefix);
    this.#lockKey = `pbxkit.comms-log:${parsed.data.schema}.${parsed.data.tablePrefix}`;
    this.#matchLock = `${this.#lockKey}:matching`;
    this.#followUps = new PgFollowUps(db, this.tables, this.#named);
    this.#text = new PgTextSearch(db, this.tables, this.#named);
    this.#sql = {
      insert: insertEntriesSql(this.tables, ENTRY_COLUMNS, false),
      insertCalls: insertEntriesSql(this.tables, ENTRY_COLUMNS, true),
      insertOrGetMany: insertOrGetManySql(this.tables, ENTRY_COLUMNS, ENTRY_SELECT_COLUMNS, false),
      insertOrGetManyCalls: insertOrGetManySql(this.tables, ENTRY_COLUMNS, ENTRY_SELECT_COLUMNS, true),
      insertOrGetManyCallsFollowUps: insertOrGetManySql(
        this.tables,
        ENTRY_COLUMNS,
        ENTRY_SELECT_COLUMNS,
        true,
        true,
      ),
      update: updateEntriesSql(this.tables, ENTRY_COLUMNS, false),
      updateCalls: updateEntriesSql(this.tables, ENTRY_COLUMNS, true),
      stats: callStatsSql(this.tables),
    };
  }

  /** Runs one of the store's fixed statements, named (prepared once per connection) when the driver can. */
  #run<R>(what: string, text: string, params: unknown[] = []): Promise<R[]> {
    return run<R>(this.#db, what, text, params, this.#named);
  }

  /** The migrations this version ships. */
  static readonly migrations: readonly Migration[] = migrations;

  /** Applies the migrations not applied yet, in order; returns the versions it applied. */
  async migrate(): Promise<number[]> {
    // The run id tells this call's migrations from those a concurrent instance applied.
    const runId = uuidv7();
    for (const m of migrations)
      await run(this.#db, 'migrate', migrationSql(this.tables, m, this.#lockKey, runId));
    this.#text.refresh();
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
   * `record()`'s new-entry path in one statement: match from the handle index, insert unless the key exists
   * (the unique constraint decides), call statistics for calls, and the stored entry back when the key was
   * taken. Nothing to commit when it was (a replay or a later status costs no WAL flush here).
   */
  async insertOrGet(
    entry: CommsEntry,
    options: { match: boolean; followUp?: FollowUpStep | undefined },
  ): Promise<InsertOrGetResult> {
    return (await this.insertOrGetMany([{ entry, ...options }]))[0] as InsertOrGetResult;
  }

  /**
   * `insertOrGet` for a batch in one statement: match, insert the new keys, call statistics when the batch
   * has calls, the follow-up steps of the calls inserted, and the stored entry of every other key (none for
   * a key committed after the statement's snapshot: the caller retries it). Results in item order.
   */
  async insertOrGetMany(input: InsertOrGetItem[]): Promise<InsertOrGetResult[]> {
    if (input.length === 0) return [];
    const items = stepsToApply(input);
    const steps = items.some((i) => i.followUp);
    const calls = steps || items.some((i) => i.entry.channel === 'call');
    const sql = this.#sql;
    const rows = await this.#run<InsertOrGetRow>(
      'insert or get entries',
      steps ? sql.insertOrGetManyCallsFollowUps : calls ? sql.insertOrGetManyCalls : sql.insertOrGetMany,
      [
        JSON.stringify(
          items.map((i) => ({
            ...entryRow(i.entry),
            do_match: i.match,
            ...(i.followUp && { fu: stepJson(i.followUp) }),
          })),
        ),
        this.#matchLock,
      ],
    );
    const byKey = new Map<string, InsertOrGetRow>();
    for (const r of rows) if (r.inserted !== null) byKey.set(entryKey(r.source, r.external_id), r);
    const changes = followUpChangesOf(rows.filter((r): r is ChangedRow => r.inserted === null));
    return items.map(({ entry, followUp }) => {
      const row = byKey.get(entryKey(entry.source, entry.externalId));
      if (!row) return { inserted: false, entry: undefined };
      if (!row.inserted) return { inserted: false, entry: rowToEntry(row) };
      const stored = withStoredMatch(entry, row);
      if (!followUp) return { inserted: true, entry: stored };
      return { inserted: true, entry: stored, followUps: changes.get(followUp.phone) ?? { closed: [] } };
    });
  }

  /**
   * Waits until every `insertOrGet`/`insertOrGetMany` that read the handle index before this call has
   * committed (migration 5's matching lock, taken exclusively and let go at once).
   */
  async settleMatches(): Promise<void> {
    await this.#run('settle matches', settleMatchesSql, [this.#matchLock]);
  }

  /**
   * Inserts the entries whose key is new; returns the ids inserted. One statement per kind: calls also move
   * the call statistics, other channels skip that work.
   */
  async insertEntries(entries: CommsEntry[]): Promise<string[]> {
    const out: string[] = [];
    for (const [calls, batch] of splitCalls(entries, (e) => e)) {
      const sql = calls ? this.#sql.insertCalls : this.#sql.insert;
      const rows = await this.#run<{ id: string }>('insert entries', sql, [
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
      const rows = await this.#run<{ id: string }>('update entries', sql, [json]);
      out.push(...rows.map((r) => r.id));
    }
    return out;
  }

  /** The entries of several idempotency keys, in one query. */
  async getEntriesByKeys(keys: Array<{ source: string; externalId: string }>): Promise<CommsEntry[]> {
    if (keys.length === 0) return [];
    const rows = await this.#run<EntryRow>(
      'get entries',
      `SELECT ${ENTRY_SELECT} FROM ${this.tables.entries}
       WHERE (source, external_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
      [keys.map((k) => k.source), keys.map((k) => k.externalId)],
    );
    return rows.map(rowToEntry);
  }

  /** Recomputes the call statistics from the entries (after a bulk import that bypassed the store). */
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
    const [row] = await this.#run<EntryRow>(
      'get entry',
      `SELECT ${ENTRY_SELECT} FROM ${this.tables.entries} WHERE id = $1::uuid`,
      [id],
    );
    return row && rowToEntry(row);
  }

  async getEntryByKey(source: string, externalId: string): Promise<CommsEntry | undefined> {
    const [row] = await this.#run<EntryRow>(
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
    return (await this.#list(filter, page, undefined)).entries;
  }

  /**
   * `listEntries` with each call's work bounded: a text filter that no rare trigram narrows (`er or`, or one
   * or two characters, or any text without `pg_trgm`) reads at most `textScanRows` rows the rest of the filter
   * allows, in one statement, and when they hold less than a page, returns what they hold and `resumeAfter`,
   * the last row read, after which the next page goes on.
   */
  listEntriesPage(
    filter: EntryFilter,
    page: { after?: EntryPosition | undefined; limit: number },
  ): Promise<EntryListPage> {
    return this.#list(filter, page, this.#textScanRows);
  }

  async #list(
    filter: EntryFilter,
    page: { after?: EntryPosition | undefined; limit: number },
    scanRows: number | undefined,
  ): Promise<EntryListPage> {
    const list = async (textKeys: TextKeysCondition | undefined, limit: number) => {
      const { where, params } = entryWhere(filter, page.after, textKeys);
      params.push(limit);
      const rows = await run<EntryRow>(
        this.#db,
        'list entries',
        `SELECT ${ENTRY_SELECT} FROM ${this.tables.entries} ${where}
         ORDER BY occurred_at DESC, id DESC LIMIT $${params.length}`,
        params,
      );
      return rows.map(rowToEntry);
    };
    const { text } = filter;
    if (text === undefined) return { entries: await list(undefined, page.limit) };
    const bounded =
      scanRows === undefined
        ? undefined
        : async (limit: number) => {
            const { text: sql, params } = boundedScanSql(
              this.tables.entries,
              ENTRY_SELECT_COLUMNS,
              { ...filter, text },
              page.after,
              { rows: scanRows, limit },
            );
            return boundedScanPage(await run<BoundedScanRow>(this.#db, 'list entries', sql, params));
          };
    const found = await this.#text.list({ ...filter, text }, page, list, bounded);
    return { entries: found.rows, ...(found.resumeAfter && { resumeAfter: found.resumeAfter }) };
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

  async lookup(source: string, externalId: string, handles: Handle[]): Promise<EntryLookup> {
    const [row] = await this.#run<EntryRow & { owners: HandleOwner[] | string }>(
      'lookup',
      `SELECT e.*, o.owners FROM (SELECT 1) AS one
       LEFT JOIN LATERAL (SELECT ${ENTRY_SELECT} FROM ${this.tables.entries}
                          WHERE source = $1 AND external_id = $2) AS e ON true
       CROSS JOIN LATERAL (
         SELECT coalesce(json_agg(json_build_object('kind', h.kind, 'value', h.value, 'customerId', h.customer_id)),
                         '[]'::json) AS owners
         FROM ${this.tables.handles} h
         JOIN unnest($3::text[], $4::text[]) AS w(kind, value) ON w.kind = h.kind AND w.value = h.value
       ) AS o`,
      [source, externalId, handles.map((h) => h.kind), handles.map((h) => h.value)],
    );
    const owners = typeof row?.owners === 'string' ? JSON.parse(row.owners) : (row?.owners ?? []);
    return { entry: row?.id ? rowToEntry(row) : undefined, owners };
  }

  async findHandleOwners(handles: Handle[]): Promise<Array<HandleOwner>> {
    if (handles.length === 0) return [];
    return this.#run<HandleOwner>(
      'find handle owners',
      `SELECT DISTINCT h.kind, h.value, h.customer_id AS "customerId" FROM ${this.tables.handles} h
       JOIN unnest($1::text[], $2::text[]) AS w(kind, value) ON w.kind = h.kind AND w.value = h.value`,
      [handles.map((h) => h.kind), handles.map((h) => h.value)],
    );
  }

  async findCustomersByHandles(handles: Handle[]): Promise<string[]> {
    if (handles.length === 0) return [];
    const rows = await this.#run<{ customer_id: string }>(
      'find customers',
      `SELECT DISTINCT h.customer_id FROM ${this.tables.handles} h
       JOIN unnest($1::text[], $2::text[]) AS w(kind, value) ON w.kind = h.kind AND w.value = h.value
       ORDER BY 1`,
      [handles.map((h) => h.kind), handles.map((h) => h.value)],
    );
    return rows.map((r) => r.customer_id);
  }

  async callStatsCells(range: { from: Date; to: Date; timeZone: string }): Promise<CallStatsCell[]> {
    // Whole UTC quarter hours come from the statistics table when the zone's offsets are whole quarter hours
    // (every zone's today: then a quarter hour lies inside one local hour); the partial quarter hours at
    // either end, and offsets like a zone's local mean time before 1900, from the entries.
    const step = STATS_BUCKET_MS;
    const lo = Math.ceil(range.from.getTime() / step) * step;
    const hi = Math.floor(range.to.getTime() / step) * step;
    const useTable = lo < hi && hasOffsetsInSteps(range.timeZone, range.from, range.to, step / 60_000);
    const [a, b] = useTable ? [new Date(lo), new Date(hi)] : [range.to, range.to];
    const rows = await run<CallStatsRow>(this.#db, 'call stats', this.#sql.stats, [
      range.from,
      range.to,
      range.timeZone,
      a,
      b,
      useTable ? a : range.to,
      useTable ? b : range.to,
    ]);
    return rows.map(rowToCell);
  }

  async hasContactSince(phone: string, after: Date): Promise<boolean> {
    const rows = await this.#run(
      'find contact',
      `SELECT 1 FROM ${this.tables.entries} WHERE phone = $1 AND occurred_at > $2 AND ${CONTACT_SQL} LIMIT 1`,
      [phone, after],
    );
    return rows.length > 0;
  }

  applyFollowUpStep(
    step: FollowUpStep,
    entry: { id: string; customerId?: string | undefined },
  ): Promise<FollowUpChanges> {
    return this.#followUps.apply(step, entry);
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

/**
 * Splits items into calls and the rest (each non-empty group once), each sorted by id: concurrent batches then
 * lock their rows in the same order, which keeps them from deadlocking each other.
 */
function splitCalls<T>(items: T[], entryOf: (item: T) => CommsEntry): Array<[boolean, T[]]> {
  items = [...items].sort((a, b) => (entryOf(a).id < entryOf(b).id ? -1 : 1));
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
