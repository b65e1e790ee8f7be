import { randomBytes } from 'node:crypto';
import { CommsLogConfigError, CommsLogStoreError, createCommsLog } from '@pbxkit/comms-log';
import { createPostgresStore, PostgresCommsLogStore } from '@pbxkit/comms-log/postgres';
import { makeCallInput, makeMessageInput } from '@pbxkit/comms-log/testing';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { restoreHourlyStats } from './hourly-stats.js';

const pool = new pg.Pool({ connectionString: inject('commsLogDatabaseUrl'), max: 8 });
afterAll(() => pool.end());
const schema = () => `m_${randomBytes(5).toString('hex')}`;

describe('migrations', () => {
  it('apply once, even when several instances migrate at the same time', async () => {
    const name = schema();
    const stores = Array.from({ length: 4 }, () =>
      createPostgresStore({ db: pool, schema: name, tablePrefix: 'x_' }),
    );
    const applied = await Promise.all(stores.map((s) => s.migrate()));
    // Each migration is applied exactly once, by whichever instance got its lock first.
    expect(applied.flat().sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(await stores[0]?.migrate()).toEqual([]);
    expect(await stores[0]?.appliedMigrations()).toEqual(
      PostgresCommsLogStore.migrations.map((m) => m.version),
    );
    const { rows } = await pool.query<{ table_name: string }>(
      'SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1',
      [name],
    );
    expect(rows.map((r) => r.table_name)).toEqual([
      'x_call_stats_15m',
      'x_entries',
      'x_follow_ups',
      'x_handles',
      'x_migrations',
    ]);
    await pool.query(`DROP SCHEMA "${name}" CASCADE`);
  });

  it('migration 7: the handle owners function reads through a generic plan, and still matches', async () => {
    const store = createPostgresStore({ db: pool, schema: schema() });
    await store.migrate();
    const t = store.tables;
    const { rows } = await pool.query<{ proconfig: string[] | null }>(
      'SELECT proconfig FROM pg_proc WHERE oid = to_regprocedure($1)',
      [`${t.handleOwners}(text, text[], text[])`],
    );
    expect(rows).toEqual([{ proconfig: ['plan_cache_mode=force_generic_plan'] }]);
    const log = createCommsLog({ store });
    await log.setCustomerHandles('c1', [{ kind: 'phone', value: '+302101111111' }]);
    await log.setCustomerHandles('c2', [{ kind: 'phone', value: '+302102222222' }]);
    // More calls than the plan cache's five custom plans, on one pooled connection and several.
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        log.record(
          makeMessageInput({
            counterpart: { phone: ['+302101111111', '+302102222222', '+302103333333'][i % 3] },
          }),
        ),
      ),
    );
    expect(results.map((r) => [r.entry.match, r.entry.customerId])).toEqual(
      Array.from(
        { length: 12 },
        (_, i) =>
          [
            ['matched', 'c1'],
            ['matched', 'c2'],
            ['unmatched', undefined],
          ][i % 3],
      ),
    );
    await pool.query(`DROP SCHEMA ${t.schema} CASCADE`);
  });

  it('migration 8: status updates write no index (heap-only), pages keep room for them', async () => {
    const store = createPostgresStore({ db: pool, schema: schema() });
    await store.migrate();
    const t = store.tables;
    const { rows: table } = await pool.query<{ reloptions: string[] }>(
      'SELECT reloptions FROM pg_class WHERE oid = to_regclass($1)',
      [t.entries],
    );
    expect(table[0]?.reloptions).toEqual(['fillfactor=90']);
    // One transaction on one connection, so its own statistics (pg_stat_xact_*) count exactly its writes.
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const log = createCommsLog({
        store: createPostgresStore({ db: client, schema: t.schema.slice(1, -1) }),
      });
      const message = makeMessageInput({ direction: 'outbound', status: 'sent' });
      const at = (s: number) => new Date(Date.UTC(2026, 0, 15, 10, 1, s));
      const call = makeCallInput({ status: 'ringing', data: { extension: '201' } });
      const steps = [
        message,
        { ...message, status: 'delivered', data: { deliveredAt: at(1) } },
        { ...message, status: 'read', data: { readAt: at(2) } },
        call,
        { ...call, status: 'ongoing', data: { extension: '201', answeredAt: at(3) } },
        { ...call, status: 'answered', data: { extension: '201', ringSeconds: 3, talkSeconds: 40 } },
      ] as const;
      const outcomes = [];
      for (const input of steps) outcomes.push((await log.record(input)).outcome);
      expect(outcomes).toEqual(['created', 'updated', 'updated', 'created', 'updated', 'updated']);
      const { rows } = await client.query(
        `SELECT n_tup_ins::int AS inserted, n_tup_upd::int AS updated, n_tup_hot_upd::int AS hot
         FROM pg_stat_xact_user_tables WHERE relid = to_regclass($1)`,
        [t.entries],
      );
      // Before migration 8 the status (an INCLUDE column of the statistics index) made every update write
      // a new entry into every index: hot was 0.
      expect(rows).toEqual([{ inserted: 2, updated: 4, hot: 4 }]);
      await client.query('COMMIT');
      const day = { from: new Date('2026-01-15T00:00:00Z'), to: new Date('2026-01-16T00:00:00Z') };
      expect((await log.callStats(day)).totals).toMatchObject({
        offered: 1,
        answered: 1,
      });
    } finally {
      // A failed assertion must not hand the pool a connection inside a transaction (a no-op after COMMIT).
      await client.query('ROLLBACK');
      client.release();
    }
    await pool.query(`DROP SCHEMA ${t.schema} CASCADE`);
  });

  it('migration 9: upgrades hourly statistics to quarter hours from the entries; every zone reads them', async () => {
    const store = createPostgresStore({ db: pool, schema: schema() });
    await store.migrate();
    const t = store.tables;
    const log = createCommsLog({ store });
    const at = (h: number, m: number) => new Date(Date.UTC(2026, 0, 15, h, m, 20));
    const times: ReadonlyArray<readonly [number, number]> = [
      [9, 7],
      [9, 20],
      [9, 44],
      [10, 5],
      [10, 31],
      [13, 59],
    ];
    for (const [i, [h, m]] of times.entries())
      await log.record(
        makeCallInput({
          occurredAt: at(h, m),
          status: i % 3 ? 'answered' : 'missed',
          data: { extension: i % 2 ? '201' : '202', ringSeconds: 4, talkSeconds: i % 3 ? 30 : 0 },
        }),
      );
    const quarters = () => pool.query(`SELECT * FROM ${t.callStats} ORDER BY bucket, extension`);
    const written = (await quarters()).rows;
    expect(written.map((r) => r.bucket.toISOString().slice(11, 16))).toEqual([
      '09:00',
      '09:15',
      '09:30',
      '10:00',
      '10:30',
      '13:45',
    ]);
    // Back to a store at migration 8: the hourly table as migration 2 made it, backfilled by it.
    await restoreHourlyStats(pool, t);
    await pool.query(`DELETE FROM ${t.migrations} WHERE version = 9`);
    expect((await pool.query(`SELECT count(*)::int AS n FROM ${t.callStatsHourly}`)).rows).toEqual([
      { n: 5 },
    ]);

    expect(await createPostgresStore({ db: pool, schema: t.schema.slice(1, -1) }).migrate()).toEqual([9]);
    expect((await quarters()).rows).toEqual(written);
    expect((await pool.query('SELECT to_regclass($1) AS hourly', [t.callStatsHourly])).rows).toEqual([
      { hourly: null },
    ]);
    // Asia/Kolkata (+5:30) and Asia/Kathmandu (+5:45) read the table: a change there shows in their figures.
    const day = { from: new Date('2026-01-15T00:00:00Z'), to: new Date('2026-01-16T00:00:00Z') };
    const offered = async (timeZone: string) => (await log.callStats({ ...day, timeZone })).totals.offered;
    expect([await offered('Asia/Kolkata'), await offered('Asia/Kathmandu'), await offered('UTC')]).toEqual([
      6, 6, 6,
    ]);
    await pool.query(`UPDATE ${t.callStats} SET offered = offered + 100`);
    expect([await offered('Asia/Kolkata'), await offered('Asia/Kathmandu'), await offered('UTC')]).toEqual([
      606, 606, 606,
    ]);
    await pool.query(`DROP SCHEMA ${t.schema} CASCADE`);
  });

  it('migration 9: a call committed while it backfills is in the new table (writes wait for it)', async () => {
    const store = createPostgresStore({ db: pool, schema: schema() });
    await store.migrate();
    const t = store.tables;
    // A store at migration 8, and a writer in the middle of a transaction that adds a call.
    await restoreHourlyStats(pool, t);
    await pool.query(`DELETE FROM ${t.migrations} WHERE version = 9`);
    const writer = await pool.connect();
    try {
      await writer.query('BEGIN');
      await writer.query(
        `INSERT INTO ${t.entries} (id, source, external_id, channel, direction, occurred_at, status, match,
           extension, ring_seconds, talk_seconds, created_at, updated_at, version)
         VALUES (gen_random_uuid(), 'asterisk', 'pbx-1/late', 'call', 'inbound', '2026-01-15T09:07:00Z',
           'answered', 'unmatched', '201', 4, 30, now(), now(), 1)`,
      );
      const migrating = createPostgresStore({ db: pool, schema: t.schema.slice(1, -1) }).migrate();
      // The migration waits for the writer's lock on the entries table before it reads them.
      const waiting = async () =>
        (
          await pool.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
             WHERE NOT l.granted AND l.mode = 'ShareLock' AND c.oid = to_regclass($1)`,
            [t.entries],
          )
        ).rows[0]?.n === 1;
      for (let i = 0; i < 100 && !(await waiting()); i++) await new Promise((r) => setTimeout(r, 20));
      expect(await waiting()).toBe(true);
      await writer.query('COMMIT');
      expect(await migrating).toEqual([9]);
    } finally {
      await writer.query('ROLLBACK');
      writer.release();
    }
    expect((await pool.query(`SELECT sum(offered)::int AS offered FROM ${t.callStats}`)).rows).toEqual([
      { offered: 1 },
    ]);
    await pool.query(`DROP SCHEMA ${t.schema} CASCADE`);
  });

  it('keep two prefixes in one schema apart', async () => {
    const name = schema();
    const a = createPostgresStore({ db: pool, schema: name, tablePrefix: 'a_' });
    const b = createPostgresStore({ db: pool, schema: name, tablePrefix: 'b_' });
    await a.migrate();
    await b.migrate();
    const input = makeMessageInput();
    await createCommsLog({ store: a }).record(input);
    expect(await b.getEntryByKey(String(input.source), String(input.externalId))).toBeUndefined();
    expect(await a.getEntryByKey(String(input.source), String(input.externalId))).toBeDefined();
    await pool.query(`DROP SCHEMA "${name}" CASCADE`);
  });

  it('reject unsafe names and a missing driver', () => {
    expect(() => createPostgresStore({ db: pool, schema: 'Robert"; DROP' })).toThrow(CommsLogConfigError);
    expect(() => createPostgresStore({ db: pool, tablePrefix: 'a-b' })).toThrow(CommsLogConfigError);
    expect(() => createPostgresStore({ db: undefined as never })).toThrow(/query/);
  });
});

describe('outages', () => {
  it('an unreachable database is a typed, retryable error and nothing is half-written', async () => {
    const dead = new pg.Pool({ host: '127.0.0.1', port: 1, user: 'postgres', connectionTimeoutMillis: 2000 });
    const log = createCommsLog({ store: createPostgresStore({ db: dead }) });
    const error = await log.record(makeCallInput()).catch((e: unknown) => e);
    expect(CommsLogStoreError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ isRetryable: true, storeCode: 'ECONNREFUSED' });
    await dead.end();
  });

  it('a statement error is typed and not retryable; the entry stays whole', async () => {
    const store = createPostgresStore({ db: pool, schema: schema() });
    await store.migrate();
    const log = createCommsLog({ store });
    const input = makeMessageInput();
    const { entry } = await log.record(input);
    // The database refuses this update (a CHECK the host added), mid-way through a status stream.
    await pool.query(`ALTER TABLE ${store.tables.entries} ADD CONSTRAINT no_read CHECK (status <> 'read')`);
    const error = await log
      .record({ ...input, status: 'read', data: { readAt: new Date() } })
      .catch((e) => e);
    expect(error).toMatchObject({ code: 'STORE_FAILURE', isRetryable: false, storeCode: '23514' });
    expect(await store.getEntry(entry.id)).toEqual(entry);
    await pool.query(`DROP SCHEMA ${store.tables.schema} CASCADE`);
  });

  it('a table that does not exist yet (forgot migrate) is reported clearly', async () => {
    const log = createCommsLog({ store: createPostgresStore({ db: pool, schema: schema() }) });
    await expect(log.inbox()).rejects.toMatchObject({ code: 'STORE_FAILURE', storeCode: '42P01' });
  });
});
