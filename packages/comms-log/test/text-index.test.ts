import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { createCommsLog } from '@pbxkit/comms-log';
import {
  createPostgresStore,
  type PgQueryable,
  type PostgresCommsLogStore,
} from '@pbxkit/comms-log/postgres';
import { makeMessageInput } from '@pbxkit/comms-log/testing';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';

const pool = new pg.Pool({ connectionString: inject('commsLogDatabaseUrl'), max: 4 });
afterAll(() => pool.end());
const schema = () => `x_${randomBytes(5).toString('hex')}`;

async function textIndex(db: PgQueryable, store: PostgresCommsLogStore): Promise<string | undefined> {
  const { rows } = (await db.query(
    'SELECT indexdef FROM pg_indexes WHERE schemaname = $1 AND indexname = $2',
    [store.tables.schema.replaceAll('"', ''), `${store.tables.prefix}entries_text`],
  )) as { rows: Array<{ indexdef: string }> };
  return rows[0]?.indexdef;
}

/** Seeds a few entries and checks the text filter finds exactly the right ones (index or not). */
async function searchWorks(store: PostgresCommsLogStore): Promise<void> {
  const log = createCommsLog({ store });
  const bodies = ['Order #4242 shipped', 'order #42420 late', 'ORDER #4242 again', '100%_sure'];
  for (const [i, body] of bodies.entries())
    await log.record(makeMessageInput({ externalId: `wamid.text.${i}`, body }));
  const found = async (text: string) => (await log.inbox({ text })).items.map((e) => String(e.body)).sort();
  expect(await found('order #4242')).toEqual([
    'ORDER #4242 again',
    'Order #4242 shipped',
    'order #42420 late',
  ]);
  expect(await found('#4242 ')).toEqual(['ORDER #4242 again', 'Order #4242 shipped']);
  expect(await found('0%_')).toEqual(['100%_sure']); // LIKE wildcards match literally
  expect(await found('nowhere to be found')).toEqual([]);
}

describe('Inbox text index (migration 3)', () => {
  it('PostgreSQL with pg_trgm: a trigram GIN index serves the text filter', async () => {
    const store = createPostgresStore({ db: pool, schema: schema() });
    await store.migrate();
    expect(await textIndex(pool, store)).toMatch(/USING gin \(body .*gin_trgm_ops, counterpart_name .*phone/);
    await searchWorks(store);
    // With sequential scans priced out, the planner reaches for the trigram index (it can: that is the point).
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SET LOCAL enable_seqscan = off');
      const { rows } = await client.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN SELECT id FROM ${store.tables.entries} WHERE body ILIKE '%order #4242%'`,
      );
      expect(rows.map((r) => r['QUERY PLAN']).join('\n')).toContain(`${store.tables.prefix}entries_text`);
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
    await pool.query(`DROP SCHEMA ${store.tables.schema} CASCADE`);
  });

  it('without the extension (PGlite): the migration applies, no index, search still correct', async () => {
    const db = new PGlite();
    try {
      const store = createPostgresStore({ db, schema: schema() });
      expect(await store.migrate()).toEqual([1, 2, 3]);
      expect(await textIndex(db, store)).toBeUndefined();
      await searchWorks(store);
    } finally {
      await db.close();
    }
  });
});
