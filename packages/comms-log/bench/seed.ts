import type { PostgresCommsLogStore } from '../src/postgres/index.js';
import type { PgQueryable } from '../src/postgres/queryable.js';

/** The seeded data set: what the queries and the report refer to. */
export const SEED = {
  entries: 1_000_000,
  /** The month the entries spread over (UTC). */
  from: new Date('2026-01-01T00:00:00Z'),
  to: new Date('2026-02-01T00:00:00Z'),
  phones: 200_000,
  /** Phones 0 … customers-1 belong to a customer (one each); the rest are unknown callers. */
  customers: 100_000,
  extensions: 50,
};

/**
 * Seeds entries and handles with bulk SQL (INSERT … SELECT generate_series): one statement per 250k rows,
 * not a million round trips. Deterministic: row i always gets the same values.
 */
export async function seed(db: PgQueryable, store: PostgresCommsLogStore): Promise<void> {
  const t = store.tables;
  const span = (SEED.to.getTime() - SEED.from.getTime()) / 1000;
  await db.query(
    `INSERT INTO ${t.handles} (kind, value, customer_id)
     SELECT 'phone', '+3069' || lpad(p::text, 8, '0'), 'cust-' || p FROM generate_series(0, $1::int - 1) p`,
    [SEED.customers],
  );
  // Like any bulk import: build the text keys index (migration 4) once after the load, not row by row.
  const { rows: text } = (await db.query(
    `SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' AND indexname = $1`,
    [`${t.prefix}entries_text_keys`],
  )) as { rows: Array<{ indexdef: string }> };
  if (text[0]) await db.query(`DROP INDEX "${t.prefix}entries_text_keys"`);
  const chunk = 250_000;
  for (let start = 1; start <= SEED.entries; start += chunk) {
    await db.query(
      `INSERT INTO ${t.entries} (id, source, external_id, channel, direction, occurred_at, status, match, customer_id,
         phone, counterpart_name, extension, ring_seconds, talk_seconds, body, data, created_at, updated_at, version)
       SELECT gen_random_uuid(), src, src || '-' || i, ch, dir, at, st,
         CASE WHEN dir = 'internal' THEN 'excluded' WHEN p < $4 THEN 'matched' ELSE 'unmatched' END,
         CASE WHEN dir <> 'internal' AND p < $4 THEN 'cust-' || p END,
         '+3069' || lpad(p::text, 8, '0'), 'Caller ' || p, ext, ring, talk,
         CASE WHEN ch <> 'call' THEN 'Message ' || i || ' about order #' || (i % 9973) END,
         jsonb_build_object('extension', ext, 'ringSeconds', ring, 'talkSeconds', talk), at, at, 1
       FROM (
         SELECT i, p, at, ch, dir, ext, ring, talk,
           CASE WHEN ch = 'call' THEN 'asterisk' WHEN ch = 'note' THEN 'manual' ELSE 'whatsapp' END AS src,
           CASE WHEN ch = 'call' THEN
                  CASE WHEN dir = 'inbound' THEN (ARRAY['answered','answered','answered','answered','answered','answered',
                    'missed','missed','abandoned','busy'])[1 + (i * 31) % 10]
                  ELSE (ARRAY['answered','answered','missed'])[1 + (i * 17) % 3] END
                WHEN ch = 'note' THEN 'logged'
                WHEN dir = 'inbound' THEN 'received'
                ELSE (ARRAY['sent','delivered','read','read','failed'])[1 + (i * 13) % 5] END AS st
         FROM (
           SELECT i, (i * 7919) % $3 AS p,
             $1::timestamptz + make_interval(secs => (i::double precision * $2 / $5)) AS at,
             CASE WHEN i % 20 < 12 THEN 'call' WHEN i % 20 < 19 THEN 'whatsapp' ELSE 'note' END AS ch,
             CASE WHEN i % 20 = 19 THEN 'internal' WHEN i % 4 = 0 THEN 'outbound'
                  WHEN i % 37 = 0 AND i % 20 < 12 THEN 'internal' ELSE 'inbound' END AS dir,
             (200 + (i * 13) % $6)::text AS ext,
             ((i * 11) % 40)::double precision AS ring,
             ((i * 29) % 600)::double precision AS talk
           FROM generate_series($7::bigint, $8::bigint) i
         ) base
       ) rows`,
      [
        SEED.from,
        span,
        SEED.phones,
        SEED.customers,
        SEED.entries,
        SEED.extensions,
        start,
        Math.min(start + chunk - 1, SEED.entries),
      ],
    );
  }
  if (text[0]) await db.query(text[0].indexdef);
  // The rows went in behind the store's back: derive the call statistics from them.
  await store.rebuildCallStats();
  await db.query(`VACUUM (ANALYZE) ${t.entries}`);
  await db.query(`VACUUM (ANALYZE) ${t.callStats}`);
  await db.query(`VACUUM (ANALYZE) ${t.handles}`);
  // Every run starts from the same state: the load's dirty pages written out, a checkpoint just taken. The
  // first workload then pays for full-page images, as after any checkpoint, and for index pages not yet in
  // PostgreSQL's buffers (the bench runs it again, warm, at the end of the writes; BENCHMARKS.md).
  await db.query('CHECKPOINT');
}
