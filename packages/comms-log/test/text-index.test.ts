import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { createCommsLog, type EntryFilter } from '@pbxkit/comms-log';
import {
  createPostgresStore,
  type PgQueryable,
  type PostgresCommsLogStore,
  RECOMMENDED_PG_OPTIONS,
} from '@pbxkit/comms-log/postgres';
import { makeMessageInput } from '@pbxkit/comms-log/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { MAX_COMMON_WINDOWS } from '../src/postgres/text-plan.js';
import { restoreHourlyStats } from './hourly-stats.js';

const pool = new pg.Pool({ connectionString: inject('commsLogDatabaseUrl'), max: 4 });
afterAll(() => pool.end());
const schema = () => `x_${randomBytes(5).toString('hex')}`;

async function indexes(db: PgQueryable, store: PostgresCommsLogStore): Promise<string[]> {
  const { rows } = (await db.query(
    'SELECT indexname FROM pg_indexes WHERE schemaname = $1 AND indexname LIKE $2 ORDER BY 1',
    [store.tables.schema.replaceAll('"', ''), `${store.tables.prefix}entries_text%`],
  )) as { rows: Array<{ indexname: string }> };
  return rows.map((r) => r.indexname);
}

/** Seeds a few entries and checks the text filter finds exactly the right ones (index or not). */
async function searchWorks(store: PostgresCommsLogStore): Promise<void> {
  const log = createCommsLog({ store });
  const bodies = [
    'Order #4242 shipped',
    'order #42420 late',
    'ORDER #4242 again',
    '100%_sure',
    'Ωmega naïve',
  ];
  for (const [i, body] of bodies.entries())
    await log.record(makeMessageInput({ externalId: `wamid.text.${i}`, body }));
  const found = async (text: string) => (await log.inbox({ text })).items.map((e) => String(e.body)).sort();
  expect(await found('order #4242')).toEqual([
    'ORDER #4242 again',
    'Order #4242 shipped',
    'order #42420 late',
  ]);
  expect(await found('#4242 ')).toEqual(['ORDER #4242 again', 'Order #4242 shipped']);
  expect(await found('rder #4242')).toHaveLength(3); // a word's tail: no padded trigram is certain there
  expect(await found('0%_')).toEqual(['100%_sure']); // LIKE wildcards match literally
  expect(await found('ΩMEGA')).toEqual(['Ωmega naïve']); // beyond ASCII: pg_trgm's own case folding
  expect(await found('ga na')).toEqual(['Ωmega naïve']);
  expect(await found('nowhere to be found')).toEqual([]);
}

describe('Inbox text keys (migration 4)', () => {
  it('PostgreSQL with pg_trgm: a GIN index over the trigram keys replaces the pg_trgm operator index', async () => {
    const store = createPostgresStore({ db: pool, schema: schema() });
    await store.migrate();
    expect(await indexes(pool, store)).toEqual([`${store.tables.prefix}entries_text_keys`]);
    await searchWorks(store);
    // The planner can serve a keys condition from the index (with sequential scans priced out).
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SET LOCAL enable_seqscan = off');
      const { rows } = await client.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN SELECT id FROM ${store.tables.entries}
         WHERE ${store.tables.textKeys}(body, counterpart_name, phone, occurred_at) @> '{424}'::text[]`,
      );
      expect(rows.map((r) => r['QUERY PLAN']).join('\n')).toContain(
        `${store.tables.prefix}entries_text_keys`,
      );
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
    await pool.query(`DROP SCHEMA ${store.tables.schema} CASCADE`);
  });

  it('migration 6: the keys function is PL/pgSQL with the same keys', async () => {
    const store = createPostgresStore({ db: pool, schema: schema() });
    await store.migrate();
    const t = store.tables;
    const trgm = await pool.query<{ nspname: string }>(
      `SELECT n.nspname FROM pg_extension x JOIN pg_namespace n ON n.oid = x.extnamespace WHERE x.extname = 'pg_trgm'`,
    );
    const s = `"${trgm.rows[0]?.nspname}"`;
    // Migration 4's expressions, evaluated inline: what the index was built from before migration 6.
    const { rows } = await pool.query<{ same: boolean; keys: string[] }>(
      `SELECT ${t.textKeys}(b, n, p, a) = coalesce(${s}.show_trgm(b), '{}') || coalesce(${s}.show_trgm(n), '{}')
           || coalesce(${s}.show_trgm(p), '{}') || CASE WHEN a IS NULL THEN '{}'::text[] ELSE ARRAY[
             '@h' || floor(extract(epoch FROM a) / 3600)::int, '@d' || floor(extract(epoch FROM a) / 86400)::int,
             '@m' || ((extract(year FROM a AT TIME ZONE 'UTC') - 1970) * 12
                      + extract(month FROM a AT TIME ZONE 'UTC') - 1)::int] END AS same,
         ${t.textKeys}(b, n, p, a) AS keys
       FROM (VALUES ('Order #4242 shipped', 'Caller 15', '+306900150001', timestamptz '2026-01-31T23:59:59.999Z'),
                    ('Ωmega naïve 🙂', NULL, NULL, timestamptz '1969-12-31T23:30:00+00'),
                    (NULL, NULL, NULL, NULL)) AS v(b, n, p, a)`,
    );
    expect(rows.map((r) => r.same)).toEqual([true, true, true]);
    expect(rows[0]?.keys).toEqual(expect.arrayContaining(['424', 'cal', '@h491639', '@d20484', '@m672']));
    expect(rows[1]?.keys).toEqual(expect.arrayContaining(['@h-1', '@d-1', '@m-1']));
    expect(rows[2]?.keys).toEqual([]);
    const fn = await pool.query<{ lanname: string; proconfig: string[] | null }>(
      `SELECT l.lanname, p.proconfig FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
       WHERE p.oid = to_regprocedure($1)`,
      [`${t.textKeys}(text, text, text, timestamptz)`],
    );
    expect(fn.rows).toEqual([{ lanname: 'plpgsql', proconfig: null }]);
    await searchWorks(store);
    await pool.query(`DROP SCHEMA ${t.schema} CASCADE`);
  });

  it('migration 10: a store at migration 9 gets a 1 MB pending list on its index, nothing rebuilt', async () => {
    const store = createPostgresStore({ db: pool, schema: schema() });
    await store.migrate();
    const t = store.tables;
    const index = `${t.schema}."${t.prefix}entries_text_keys"`;
    const state = async () =>
      (
        await pool.query<{ oid: number; reloptions: string[] }>(
          'SELECT oid, reloptions FROM pg_class WHERE oid = to_regclass($1)',
          [index],
        )
      ).rows[0];
    const latest = await state();
    expect(latest?.reloptions).toEqual(['gin_pending_list_limit=1024']);
    // Back to how migration 6 left the index (and no migration 10), then migrate again.
    await pool.query(`ALTER INDEX ${index} SET (gin_pending_list_limit = 256)`);
    await pool.query(`DELETE FROM ${t.migrations} WHERE version = 10`);
    expect((await state())?.reloptions).toEqual(['gin_pending_list_limit=256']);
    expect(await createPostgresStore({ db: pool, schema: t.schema.slice(1, -1) }).migrate()).toEqual([10]);
    expect(await state()).toEqual(latest); // the same index (oid), with the new list size
    await searchWorks(store);
    await pool.query(`DROP SCHEMA ${t.schema} CASCADE`);
  });

  it('upgrades a populated store from migration 3: replaces the index over the existing rows, analysed', async () => {
    const store = createPostgresStore({ db: pool, schema: schema() });
    await store.migrate();
    const log = createCommsLog({ store });
    for (let i = 0; i < 40; i++)
      await log.record(makeMessageInput({ externalId: `wamid.old.${i}`, body: `Old order #${1000 + i}` }));
    // Back to how a store that stopped at migration 3 looks: its pg_trgm operator index, no 4 to 9 (its
    // statistics in migration 2's hourly table).
    const t = store.tables;
    await restoreHourlyStats(pool, t);
    const trgm = await pool.query<{ nspname: string }>(
      `SELECT n.nspname FROM pg_extension x JOIN pg_namespace n ON n.oid = x.extnamespace WHERE x.extname = 'pg_trgm'`,
    );
    const ops = `"${trgm.rows[0]?.nspname}".gin_trgm_ops`;
    await pool.query(`DROP INDEX ${t.schema}."${t.prefix}entries_text_keys"`);
    await pool.query(`DROP FUNCTION ${t.textKeys}, ${t.handleOwners}`);
    await pool.query(`CREATE INDEX "${t.prefix}entries_text" ON ${t.entries}
      USING gin (body ${ops}, counterpart_name ${ops}, phone ${ops})`);
    await pool.query(`DELETE FROM ${t.migrations} WHERE version >= 4`);

    expect(await createPostgresStore({ db: pool, schema: t.schema.slice(1, -1) }).migrate()).toEqual([
      4, 5, 6, 7, 8, 9, 10, 11,
    ]);
    expect(await indexes(pool, store)).toEqual([`${t.prefix}entries_text_keys`]);
    const analysed = await pool.query('SELECT 1 FROM pg_stats WHERE schemaname = $1 AND tablename = $2', [
      t.schema.slice(1, -1),
      `${t.prefix}entries_text_keys`,
    ]);
    expect(analysed.rowCount).toBe(1);
    const fresh = createCommsLog({ store: createPostgresStore({ db: pool, schema: t.schema.slice(1, -1) }) });
    expect((await fresh.inbox({ text: 'order #101' })).items.map((e) => e.body).sort()).toEqual(
      Array.from({ length: 10 }, (_, i) => `Old order #${1010 + i}`),
    );
    expect((await fresh.record(makeMessageInput({ body: 'after the upgrade' }))).outcome).toBe('created');
    await pool.query(`DROP SCHEMA ${t.schema} CASCADE`);
  });

  it('without the extension (PGlite): the migrations apply, no index, search still correct', async () => {
    const db = new PGlite();
    try {
      const store = createPostgresStore({ db, schema: schema() });
      expect(await store.migrate()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
      expect(await indexes(db, store)).toEqual([]);
      await searchWorks(store);
      // Without the keys every text is the bounded scan: 10 rows a page here, pages that add up.
      const bounded = createCommsLog({
        store: createPostgresStore({ db, schema: store.tables.schema.slice(1, -1), textScanRows: 10 }),
      });
      for (let i = 0; i < 25; i++)
        await bounded.record(makeMessageInput({ externalId: `wamid.bound.${i}`, body: `bound ${i % 3}` }));
      const pages: string[][] = [];
      let cursor: string | undefined;
      do {
        const page = await bounded.inbox({ text: 'bound 1' }, { limit: 50, cursor });
        pages.push(page.items.map((e) => String(e.body)));
        cursor = page.nextCursor;
      } while (cursor);
      expect(pages.flat()).toEqual(Array(8).fill('bound 1'));
      expect(pages.length).toBeGreaterThanOrEqual(3); // 30 rows, 10 a page
    } finally {
      await db.close();
    }
  });
  it('a bounded scan stops inside an instant many rows share; its pages add up to the plain scan', async () => {
    const s = createPostgresStore({ db: pool, schema: schema(), textScanRows: 100 });
    await s.migrate();
    const at = new Date('2026-04-01T00:00:00Z');
    // 1,000 rows stamped with one instant (an import), 100 older and 100 newer; "q7" (no trigram: always the
    // bounded scan) in every ninth row.
    await pool.query(
      `INSERT INTO ${s.tables.entries} (id, source, external_id, channel, direction, occurred_at, status, match,
         body, data, created_at, updated_at, version)
       SELECT gen_random_uuid(), 'whatsapp', 'tie' || i, 'whatsapp', 'inbound',
         $1::timestamptz + make_interval(secs => CASE WHEN i < 100 THEN i - 100 WHEN i >= 1100 THEN i - 1099 ELSE 0 END),
         'received', 'unmatched', CASE WHEN i % 9 = 0 THEN 'note q7 ' ELSE 'note ' END || i, '{}', now(), now(), 1
       FROM generate_series(0, 1199) i`,
      [at],
    );
    const log = createCommsLog({ store: s });
    const pages: number[] = [];
    const out: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await log.inbox({ text: 'q7' }, { limit: 50, cursor });
      pages.push(page.items.length);
      out.push(...page.items.map((e) => e.externalId));
      cursor = page.nextCursor;
    } while (cursor && pages.length < 100);
    const { rows } = await pool.query<{ external_id: string }>(
      `SELECT external_id FROM ${s.tables.entries} WHERE body LIKE '%q7%' ORDER BY occurred_at DESC, id DESC`,
    );
    expect(rows).toHaveLength(134);
    expect(out).toEqual(rows.map((r) => r.external_id));
    // 100 rows a page: the scan stopped inside the shared instant, page after page, and went on exactly there
    // (a scan that reads every row of its last instant would read the 1,000 in one call: 6 pages in all).
    expect(pages.length).toBeGreaterThanOrEqual(12);
    await pool.query(`DROP SCHEMA ${s.tables.schema} CASCADE`);
  });
});

describe('Inbox text search over time windows (analysed table, 100k entries)', () => {
  let store: PostgresCommsLogStore;
  const at = new Date('2026-03-01T00:00:00Z');

  beforeAll(async () => {
    store = createPostgresStore({ db: pool, schema: schema() });
    await store.migrate();
    // Row i: body "code NNzz" with NN = i % 25, so the trigram "07z" sits in 4 % of the rows (rare enough to
    // narrow by, common enough that the search walks windows); two rows share each minute (keyset ties), 35
    // days in all (windows of days, then of months);
    // outbound rows and "Contact" names only in the oldest tenth ("Client" after), so a search for them
    // widens its windows to the open bottom, and every trigram of "Contact 1" is in 10 % of rows or more.
    await pool.query(
      `INSERT INTO ${store.tables.entries} (id, source, external_id, channel, direction, occurred_at, status,
         match, phone, counterpart_name, body, data, created_at, updated_at, version)
       SELECT gen_random_uuid(), 'whatsapp', 'w' || i, 'whatsapp',
         CASE WHEN i < 10000 AND i % 3 = 0 THEN 'outbound' ELSE 'inbound' END,
         $1::timestamptz + make_interval(secs => (i / 2) * 60), 'received', 'unmatched',
         '+3069' || lpad((i % 5000)::text, 8, '0'),
         CASE WHEN i < 10000 THEN 'Contact ' ELSE 'Client ' END || (i % 5000),
         'code ' || lpad((i % 25)::text, 2, '0') || 'zz', '{}', now(), now(), 1
       FROM generate_series(0, 99999) i`,
      [at],
    );
    await pool.query(`ANALYZE ${store.tables.entries}`);
  }, 60_000);
  afterAll(() => pool.query(`DROP SCHEMA ${store.tables.schema} CASCADE`));

  /** Every match, newest first, by a plain scan: what the windows must add up to. */
  async function expected(filter: EntryFilter & { text: string }): Promise<string[]> {
    const { rows } = await pool.query<{ external_id: string }>(
      `SELECT external_id FROM ${store.tables.entries}
       WHERE (body ILIKE $1 OR counterpart_name ILIKE $1 OR phone LIKE $1)
         AND ($2::text IS NULL OR direction = $2) AND ($3::timestamptz IS NULL OR occurred_at >= $3)
         AND ($4::timestamptz IS NULL OR occurred_at < $4)
       ORDER BY occurred_at DESC, id DESC`,
      [`%${filter.text}%`, filter.direction ?? null, filter.from ?? null, filter.to ?? null],
    );
    return rows.map((r) => r.external_id);
  }

  /** Pages through the log's search, `limit` at a time, up to `max` rows. */
  async function paged(
    filter: EntryFilter,
    limit: number,
    max: number,
    log = createCommsLog({ store }),
  ): Promise<string[]> {
    const out: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await log.inbox(filter, { limit, cursor });
      out.push(...page.items.map((e) => e.externalId));
      cursor = page.nextCursor;
    } while (cursor && out.length < max);
    // Bounded pages may be short: the first `max` results, whatever the pages held.
    return out.slice(0, max);
  }

  it('pages of a medium-density pattern equal the plain scan, in order, across window edges', async () => {
    const filter = { text: '07zz' };
    const all = await expected(filter);
    expect(all).toHaveLength(4000);
    expect(await paged(filter, 50, 600)).toEqual(all.slice(0, 600));
  });

  it('matches only in the oldest rows: the windows widen to the open bottom and miss nothing', async () => {
    const filter = { text: '07zz', direction: 'outbound' as const };
    const all = await expected(filter);
    expect(all.length).toBeGreaterThan(100);
    expect(await paged(filter, 50, 10_000)).toEqual(all);
    // The first page took several window queries, each narrowed by the keys and bounded in time.
    const first = await firstPage(filter);
    expect(first.ids).toEqual(all.slice(0, 50));
    const windows = first.statements.filter((sql) => sql.includes('@>'));
    expect(windows.length).toBeGreaterThan(2);
    expect(windows[0]).toContain('occurred_at >='); // the rows newer than the statistics saw
    expect(windows.filter((sql) => sql.includes('&&')).length).toBeGreaterThan(1); // days, then months
    expect(windows.at(-1)).not.toMatch(/>=|&&/); // the last one is open at the bottom
  });

  /** The first page of a search, and the page statements it ran. */
  async function firstPage(
    filter: EntryFilter,
    through: 'inbox' | 'listEntries' = 'inbox',
  ): Promise<{ ids: string[]; nextCursor: string | undefined; statements: string[] }> {
    const seen: string[] = [];
    const counting = {
      query: (text: string | { text: string }, params?: unknown[]) => {
        seen.push(typeof text === 'string' ? text : text.text);
        return pool.query(text as string, params);
      },
    };
    const counted = createPostgresStore({ db: counting, schema: store.tables.schema.slice(1, -1) });
    const page =
      through === 'inbox'
        ? await createCommsLog({ store: counted }).inbox(filter, { limit: 50 })
        : { items: await counted.listEntries(filter, { limit: 50 }), nextCursor: undefined };
    return {
      nextCursor: page.nextCursor,
      ids: page.items.map((e) => e.externalId),
      statements: seen.filter((sql) => sql.includes('ORDER BY occurred_at DESC')),
    };
  }

  it('no rare trigram, matches only in old rows: probe, narrowed windows, then the plain scan', async () => {
    for (const filter of [
      { text: 'Contact 1' },
      { text: 'Contact 1', direction: 'outbound' as const },
      { text: 'code Client' }, // common trigrams only, no match at all
    ])
      expect(await paged(filter, 50, 2_000)).toEqual((await expected(filter)).slice(0, 2_000));
    expect(await expected({ text: 'Contact 1' })).toHaveLength(2_222);
    // listEntries (no budget): the probe, then windows narrowed by the common trigrams.
    const found = (await firstPage({ text: 'Contact 1' }, 'listEntries')).statements;
    expect(found[0]).toContain('OFFSET'); // where the newest rows the probe scans end
    expect(found[1]).toMatch(/occurred_at >=/); // those rows, with the pattern alone
    expect(found[1]).not.toContain('@>');
    expect(found.slice(2).some((sql) => sql.includes('@>') && sql.includes('&&'))).toBe(true);
    // Nothing matches: a few narrowed windows, then one scan of the rest.
    const none = (await firstPage({ text: 'code Client' }, 'listEntries')).statements;
    expect(none.filter((sql) => sql.includes('&&'))).toHaveLength(MAX_COMMON_WINDOWS);
    expect(none.at(-1)).not.toMatch(/@>|&&|>=/);
    expect(none.at(-1)).toMatch(/occurred_at </);
    // The Inbox (listEntriesPage): one statement scans the newest `textScanRows` rows and says where it
    // stopped; the empty page gets a cursor to go on from.
    const page = await firstPage({ text: 'code Client' });
    expect(page.ids).toEqual([]);
    expect(page.nextCursor).toBeDefined();
    expect(page.statements).toHaveLength(1);
    expect(page.statements[0]).not.toMatch(/@>|&&|OFFSET/);
    expect(page.statements[0]).toMatch(/LIMIT \$\d+::int\),\s*hits AS/);
  });

  it('a scan no trigram narrows reads at most textScanRows rows per page; the pages add up to the plain scan', async () => {
    const schemaName = store.tables.schema.slice(1, -1);
    const log = createCommsLog({
      store: createPostgresStore({ db: pool, schema: schemaName, textScanRows: 500 }),
    });
    for (const filter of [
      { text: 'Contact 1' }, // common trigrams only, matches in the oldest tenth
      { text: 'code Client' }, // common trigrams only, no match
      { text: '9z' }, // no trigram at all
      { text: 'Contact 1', direction: 'outbound' as const, to: new Date(at.getTime() + 3 * 86_400_000) },
    ]) {
      const all = await expected(filter);
      const pages: number[] = [];
      const out: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await log.inbox(filter, { limit: 50, cursor });
        pages.push(page.items.length);
        out.push(...page.items.map((e) => e.externalId));
        cursor = page.nextCursor;
      } while (cursor && out.length < 3_000);
      expect(out).toEqual(all.slice(0, out.length));
      expect(out.length).toBe(Math.min(all.length, 3_000));
      // Short pages with a cursor: the scan stopped at its budget (500 of the filter's rows a page).
      expect(pages.some((n) => n < 50)).toBe(true);
    }
    // Without a budget (listEntries), one call reads until the page is full.
    const full = await store.listEntries({ text: 'Contact 1' }, { limit: 50 });
    expect(full.map((e) => e.externalId)).toEqual((await expected({ text: 'Contact 1' })).slice(0, 50));
  });

  it('RECOMMENDED_PG_OPTIONS: connections without JIT or parallel workers, searching the same', async () => {
    const tuned = new pg.Pool({
      connectionString: inject('commsLogDatabaseUrl'),
      options: RECOMMENDED_PG_OPTIONS,
      max: 2,
    });
    try {
      const { rows } = await tuned.query<{ jit: string; workers: string }>(
        `SELECT current_setting('jit') AS jit, current_setting('max_parallel_workers_per_gather') AS workers`,
      );
      expect(rows).toEqual([{ jit: 'off', workers: '0' }]);
      const log = createCommsLog({
        store: createPostgresStore({ db: tuned, schema: store.tables.schema.slice(1, -1) }),
      });
      for (const filter of [{ text: '07zz' }, { text: 'Contact 1' }])
        expect((await paged(filter, 50, 50, log)).slice(0, 50)).toEqual(
          (await expected(filter)).slice(0, 50),
        );
    } finally {
      await tuned.end();
    }
  });

  it('a time range and a rare pattern (one window) still give exactly the plain scan', async () => {
    const from = new Date(at.getTime() + 5 * 86_400_000);
    const to = new Date(at.getTime() + 20 * 86_400_000);
    for (const filter of [
      { text: '07zz', from, to },
      { text: 'Client 4242', from },
      { text: '00004242' },
      { text: 'zz', to },
    ]) {
      expect(await paged(filter, 50, 1_000)).toEqual((await expected(filter)).slice(0, 1_000));
    }
  });
});
