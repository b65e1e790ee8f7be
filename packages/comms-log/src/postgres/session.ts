/**
 * Session settings for the connections a PostgreSQL store queries through, as a libpq `options` string:
 * JIT compilation off and no parallel workers. With node-postgres:
 *
 * ```ts
 * const pool = new pg.Pool({ connectionString, options: RECOMMENDED_PG_OPTIONS });
 * ```
 *
 * Every query of the store reads a few hundred rows at most, through an index, in a few milliseconds; what
 * the planner estimates can be far more. After ANALYZE has seen a burst of new rows, an Inbox text search
 * window that rechecks 900 rows was estimated at 73,000, which is past PostgreSQL's JIT threshold and worth
 * parallel workers: compiling the plan cost 18–230 ms and starting the workers 8–35 ms, for a query that
 * runs in 4 ms (BENCHMARKS.md). Both are meant for long analytical queries. The same settings can be given
 * to the role instead (`ALTER ROLE … SET jit = off`, `… SET max_parallel_workers_per_gather = 0`).
 */
export const RECOMMENDED_PG_OPTIONS = '-c jit=off -c max_parallel_workers_per_gather=0';
