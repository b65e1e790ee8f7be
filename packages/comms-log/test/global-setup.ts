import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Connection string of this run's throwaway database. */
    commsLogDatabaseUrl: string;
  }
}

/** Where the machine's PostgreSQL listens (scripts/services/postgres.sh starts it); override with PBXKIT_PG_URL. */
const ADMIN_URL = process.env.PBXKIT_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * Creates a database with a unique name for this test run and drops it afterwards, so two runs (two
 * worktrees, CI and a developer) never see each other's tables.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const name = `comms_log_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  try {
    await admin.connect();
  } catch (cause) {
    throw new Error(`comms-log tests need PostgreSQL at ${ADMIN_URL} (run scripts/services/postgres.sh)`, {
      cause,
    });
  }
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  project.provide('commsLogDatabaseUrl', url.toString());
  return async () => {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  };
}
