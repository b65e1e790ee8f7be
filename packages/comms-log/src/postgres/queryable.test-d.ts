import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';
import { expectTypeOf, test } from 'vitest';
import type { PgQueryable } from './queryable.js';

test('pg.Pool, pg.Client, pg.PoolClient and PGlite satisfy the query interface', () => {
  expectTypeOf<pg.Pool>().toMatchTypeOf<PgQueryable>();
  expectTypeOf<pg.Client>().toMatchTypeOf<PgQueryable>();
  expectTypeOf<pg.PoolClient>().toMatchTypeOf<PgQueryable>();
  expectTypeOf<PGlite>().toMatchTypeOf<PgQueryable>();
});
