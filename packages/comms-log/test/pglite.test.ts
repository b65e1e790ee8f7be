import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { createPostgresStore, type PostgresCommsLogStore } from '@pbxkit/comms-log/postgres';
import { testCommsLogStore } from '@pbxkit/comms-log/testing';
import { afterAll, describe, it } from 'vitest';

// One PGlite for the file (start-up is the slow part); each case gets its own schema in it.
const db = new PGlite();
afterAll(() => db.close());

testCommsLogStore({
  name: 'pglite',
  describe,
  it,
  async create() {
    const store = createPostgresStore({
      db,
      schema: `t_${randomBytes(5).toString('hex')}`,
      tablePrefix: 'log_',
    });
    await store.migrate();
    return store;
  },
  async cleanup(store) {
    await db.query(`DROP SCHEMA ${(store as PostgresCommsLogStore).tables.schema} CASCADE`);
  },
});
