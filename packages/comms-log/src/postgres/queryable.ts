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

/**
 * Whether `db` is node-postgres (a `pg.Pool`, `pg.Client` or pool client): it takes a `{ name, text, values }`
 * config, so a hot statement is parsed and planned once per connection instead of on every call.
 */
export function takesNamedStatements(db: PgQueryable): boolean {
  return typeof db === 'object' && db !== null && ('totalCount' in db || 'connectionParameters' in db);
}

const names = new Map<string, string>();

/**
 * A statement's name: a hash of its text (FNV-1a, two 32-bit lanes), so two stores (schemas, prefixes) on one
 * pool never reuse a name for a different text, which node-postgres rejects.
 */
export function statementName(text: string): string {
  let name = names.get(text);
  if (name !== undefined) return name;
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x5bd1e995) >>> 0;
  }
  name = `pbxkit_comms_${a.toString(36)}${b.toString(36)}`;
  names.set(text, name);
  return name;
}

/**
 * Runs a statement, mapping failures to typed store errors; `named` runs it as a node-postgres named
 * (prepared) statement.
 */
export async function run<R>(
  db: PgQueryable,
  what: string,
  text: string,
  params: unknown[] = [],
  named = false,
): Promise<R[]> {
  try {
    const result = named
      ? await (db.query as unknown as (config: object) => Promise<PgQueryResult>).call(db, {
          name: statementName(text),
          text,
          values: params,
        })
      : await db.query(text, params);
    return result.rows as R[];
  } catch (error) {
    throw toStoreError(error, what);
  }
}
