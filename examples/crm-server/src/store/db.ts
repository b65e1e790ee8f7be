import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { RECOMMENDED_PG_OPTIONS } from '@pbxkit/comms-log/postgres';

/** The one thing the server and comms-log's store need from a database: parameterised queries. */
export interface Db {
  /** Runs one statement. */
  query<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<{ rows: R[] }>;
  /** Which engine is behind it (for /status). */
  readonly kind: 'postgres' | 'pglite';
  /** Closes the pool / the embedded database. */
  close(): Promise<void>;
}

/**
 * PostgreSQL through `pg` when a URL is given, else an embedded PGlite in `dataDir` (same SQL).
 * `dataDir: 'memory://'` keeps PGlite in memory (tests).
 */
export async function openDb(options: { url?: string | undefined; dataDir: string }): Promise<Db> {
  if (options.url) {
    const { default: pg } = await import('pg');
    // No JIT, no parallel workers: every query here is short, and they cost more than such a query runs.
    const pool = new pg.Pool({ connectionString: options.url, max: 10, options: RECOMMENDED_PG_OPTIONS });
    // A pool error (server restart) must not crash the process: the next query reconnects.
    pool.on('error', () => {});
    await pool.query('select 1');
    return {
      kind: 'postgres',
      query: async (text, params) => pool.query(text, params as unknown[]) as never,
      close: () => pool.end(),
    };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const memory = options.dataDir.startsWith('memory://');
  if (!memory) mkdirSync(resolve(options.dataDir), { recursive: true });
  const lite = await PGlite.create(memory ? options.dataDir : resolve(options.dataDir, 'pglite'));
  // PGlite serialises statements itself (one backend, one connection).
  return {
    kind: 'pglite',
    query: async (text, params) => lite.query(text, params as unknown[]) as never,
    close: () => lite.close(),
  };
}
