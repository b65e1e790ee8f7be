import { CommsLogStoreError } from '../errors.js';

/**
 * The one method the Postgres store needs: `pg.Pool`, `pg.Client`, a `pg.PoolClient` and PGlite all have it.
 * `pg` is never imported at runtime, so the package works with whichever driver the host chose.
 */
export interface PgQueryable {
  /** Runs one parameterised statement and resolves with its rows. */
  query(text: string, params?: unknown[]): Promise<PgQueryResult>;
}

/** The part of a query result the store reads. */
export interface PgQueryResult {
  /** The result rows. */
  rows: unknown[];
}

// SQLSTATE classes and codes that mean "the database is unreachable or busy; the statement did not commit":
// 08 connection exception, 53 insufficient resources, 57P0x shutdown / cannot connect now, 40001
// serialization failure, 40P01 deadlock, 55P03 lock not available (PostgreSQL docs, Appendix A).
const RETRYABLE_SQLSTATE = /^(08|53|57P0|40001|40P01|55P03)/;
const RETRYABLE_NODE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'EAI_AGAIN',
]);
const RETRYABLE_MESSAGE =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Cannot use a pool after calling end|not queryable|closed/i;

/** Turns a driver error into a {@link CommsLogStoreError}, retryable when it was an outage. */
export function toStoreError(error: unknown, what: string): CommsLogStoreError {
  const code = (error as { code?: unknown } | undefined)?.code;
  const storeCode = typeof code === 'string' ? code : undefined;
  const message = error instanceof Error ? error.message : String(error);
  const isRetryable =
    (storeCode !== undefined && (RETRYABLE_SQLSTATE.test(storeCode) || RETRYABLE_NODE.has(storeCode))) ||
    (storeCode === undefined && RETRYABLE_MESSAGE.test(message));
  const options: ConstructorParameters<typeof CommsLogStoreError>[1] = { cause: error, isRetryable };
  if (storeCode !== undefined) options.storeCode = storeCode;
  return new CommsLogStoreError(`Postgres store: ${what} failed: ${message}`, options);
}

/** Runs a statement, mapping failures to typed store errors. */
export async function run<R>(
  db: PgQueryable,
  what: string,
  text: string,
  params: unknown[] = [],
): Promise<R[]> {
  try {
    const result = await db.query(text, params);
    return result.rows as R[];
  } catch (error) {
    throw toStoreError(error, what);
  }
}
