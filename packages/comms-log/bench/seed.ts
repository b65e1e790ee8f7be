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
  // The rows went in behind the store's back: derive the call statistics and the follow-ups from them.
  await store.rebuildCallStats();
  await seedFollowUps(db, store);
  await db.query(`VACUUM (ANALYZE) ${t.entries}`);
  await db.query(`VACUUM (ANALYZE) ${t.callStats}`);
  await db.query(`VACUUM (ANALYZE) ${t.handles}`);
  await db.query(`VACUUM (ANALYZE) ${t.followUps}`);
  // Every run starts from the same state: the load's dirty pages written out, a checkpoint just taken. The
  // first workload then pays for full-page images, as after any checkpoint, and for index pages not yet in
  // PostgreSQL's buffers (the bench runs it again, warm, at the end of the writes; BENCHMARKS.md).
  await db.query('CHECKPOINT');
}

/**
 * The follow-ups the seeded calls would have left, as the log keeps them: for each number, the misses since its
 * last contact (an answered inbound call or any outbound call) form one follow-up, closed by the next contact
 * (`answered`, or `called-back` for an outbound call) or still open when there was none. About a quarter of the
 * numbers end with an open one.
 */
async function seedFollowUps(db: PgQueryable, store: PostgresCommsLogStore): Promise<void> {
  const t = store.tables;
  await db.query(
    `WITH c AS (
       SELECT id, phone, customer_id, occurred_at, direction,
         direction = 'inbound' AND status IN ('missed', 'abandoned', 'busy') AS missed,
         direction = 'outbound' OR status = 'answered' AS contact
       FROM ${t.entries} WHERE channel = 'call' AND direction IN ('inbound', 'outbound') AND phone IS NOT NULL),
     n AS (SELECT c.*, count(*) FILTER (WHERE contact) OVER (PARTITION BY phone ORDER BY occurred_at, id) AS island
           FROM c)
     INSERT INTO ${t.followUps} (id, phone, customer_id, state, entry_ids, first_missed_at, last_missed_at,
       closed_at, closed_reason, closed_by_entry_id)
     SELECT gen_random_uuid(), m.phone, max(m.customer_id), CASE WHEN k.id IS NULL THEN 'open' ELSE 'closed' END,
       array_agg(m.id ORDER BY m.occurred_at), min(m.occurred_at), max(m.occurred_at), k.occurred_at,
       CASE WHEN k.direction = 'outbound' THEN 'called-back' WHEN k.id IS NOT NULL THEN 'answered' END, k.id
     FROM n AS m LEFT JOIN n AS k ON k.contact AND k.phone = m.phone AND k.island = m.island + 1
     WHERE m.missed
     GROUP BY m.phone, m.island, k.id, k.occurred_at, k.direction`,
  );
}
