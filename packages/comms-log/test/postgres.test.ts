import { randomBytes } from 'node:crypto';
import { createPostgresStore, type PostgresCommsLogStore } from '@pbxkit/comms-log/postgres';
import { testCommsLogStore } from '@pbxkit/comms-log/testing';
import pg from 'pg';
import { afterAll, describe, inject, it } from 'vitest';

const pool = new pg.Pool({ connectionString: inject('commsLogDatabaseUrl'), max: 8 });
afterAll(() => pool.end());

const schemaName = () => `t_${randomBytes(5).toString('hex')}`;

testCommsLogStore({
  name: 'postgres',
  describe,
  it,
  async create() {
    const store = createPostgresStore({ db: pool, schema: schemaName() });
    await store.migrate();
    return store;
  },
  async cleanup(store) {
    await pool.query(`DROP SCHEMA ${(store as PostgresCommsLogStore).tables.schema} CASCADE`);
  },
});
