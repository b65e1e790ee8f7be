import { randomBytes } from 'node:crypto';
import os from 'node:os';
import pg from 'pg';
import { RECOMMENDED_PG_OPTIONS } from '../src/postgres/index.js';

/** The server the benches use: 127.0.0.1:5432 as `postgres`, or `PBXKIT_PG_URL`. */
export const ADMIN_URL = process.env.PBXKIT_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A throwaway database for one bench run, with a pool on it. */
export interface BenchDatabase {
  pool: pg.Pool;
  /** The database's connection string. */
  url: string;
}

/**
 * Creates a throwaway database (`comms_log_bench_<pid>_<random>`), runs `work` with a pool of `max` connections
 * on it (with `RECOMMENDED_PG_OPTIONS`, as the README recommends), and drops it afterwards, also when the run
 * is interrupted (Ctrl-C, timeout).
 */
export async function withBenchDatabase<T>(max: number, work: (db: BenchDatabase) => Promise<T>): Promise<T> {
  const name = `comms_log_bench_${process.pid}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const pool = new pg.Pool({ connectionString: url.toString(), max, options: RECOMMENDED_PG_OPTIONS });
  const drop = () => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  const abort = async () => {
    await pool.end().catch(() => {});
    await drop().catch(() => {});
    process.exit(130);
  };
  process.once('SIGINT', abort);
  process.once('SIGTERM', abort);
  // Idle connections are cut when the database is dropped at the end; that is expected.
  pool.on('error', () => {});
  try {
    return await work({ pool, url: url.toString() });
  } finally {
    await pool.end();
    await drop();
    await admin.end();
    process.off('SIGINT', abort);
    process.off('SIGTERM', abort);
  }
}

/** One line naming the machine, Node and the PostgreSQL server a bench ran on. */
export async function describeMachine(db: pg.Pool): Promise<string> {
  const { rows } = await db.query<{ server_version: string }>('SHOW server_version');
  const cpu = os.cpus()[0]?.model ?? 'unknown';
  return `machine: ${os.cpus().length} CPU (${cpu}), node ${process.version}, PostgreSQL ${rows[0]?.server_version}`;
}
