import type { Db } from './db.js';

/**
 * The server's own tables (comms-log migrates its own). Append only: a released migration is never
 * edited; each runs once, in order, in one transaction guarded by an advisory lock so several instances
 * can start together.
 */
const MIGRATIONS: ReadonlyArray<{ version: number; name: string; sql: string }> = [
  {
    version: 1,
    name: 'customers and users',
    sql: `
      CREATE TABLE crm_customers (
        id text PRIMARY KEY,
        name text NOT NULL,
        company text,
        email text,
        phones jsonb NOT NULL DEFAULT '[]',
        wa_ids jsonb NOT NULL DEFAULT '[]',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX crm_customers_name ON crm_customers (lower(name), id);
      CREATE TABLE crm_users (
        username text PRIMARY KEY,
        name text NOT NULL,
        extension text NOT NULL,
        password_hash text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX crm_users_extension ON crm_users (extension);
    `,
  },
];

/** Applies the migrations not applied yet (idempotent, safe from several instances at once). */
export async function migrate(db: Db): Promise<void> {
  await db.query(
    'CREATE TABLE IF NOT EXISTS crm_migrations (version int PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
  );
  for (const m of MIGRATIONS) {
    // One statement per migration (a DO block), so pg pools never split BEGIN/COMMIT across connections.
    await db.query(
      `DO $crm$ BEGIN
         PERFORM pg_advisory_xact_lock(hashtext('crm_migrations'));
         IF NOT EXISTS (SELECT 1 FROM crm_migrations WHERE version = ${m.version}) THEN
           ${m.sql}
           INSERT INTO crm_migrations (version, name) VALUES (${m.version}, '${m.name.replace(/'/g, "''")}');
         END IF;
       END $crm$;`,
    );
  }
}
