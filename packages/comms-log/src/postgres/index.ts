/**
 * The PostgreSQL store of `@pbxkit/comms-log`: plain SQL over `pg` or PGlite, versioned migrations.
 *
 * @packageDocumentation
 */
export type { Migration, TableNames } from './migrations.js';
export {
  createPostgresStore,
  PostgresCommsLogStore,
  type PostgresStoreOptions,
  postgresStoreOptionsSchema,
} from './postgres-store.js';
export type { PgQueryable, PgQueryResult } from './queryable.js';
export { RECOMMENDED_PG_OPTIONS } from './session.js';
