/**
 * comms-log benchmarks on the real PostgreSQL (127.0.0.1:5432, or PBXKIT_PG_URL), in a throwaway database
 * this script creates and drops. Goals (issue 7): idempotent upserts ≥ 5k/s with 8 concurrent writers; Inbox
 * first page and any later page on 1M entries p95 ≤ 15 ms; statistics for a month of 1M entries ≤ 500 ms.
 *
 *   pnpm --filter @pbxkit/comms-log bench
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { measure } from 'mitata';
import pg from 'pg';
import {
  callEntryFromRecord,
  createCommsLog,
  type EntryFilter,
  encodeCursor,
  type RecordInput,
} from '../src/index.js';
import { createPostgresStore } from '../src/postgres/index.js';
import { makeCallRecord } from '../src/testing/index.js';
import { SEED, seed } from './seed.js';

const ADMIN_URL = process.env.PBXKIT_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const WRITERS = 8;

const ms = (ns: number) => ns / 1e6;
const fmt = (n: number, digits = 2) => n.toFixed(digits);
const results: string[] = [];
const line = (s: string) => {
  console.log(s);
  results.push(s);
};

/** Runs `work` on `items` with `WRITERS` concurrent writers; returns items per second. */
async function concurrently<T>(items: T[], work: (item: T) => Promise<unknown>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: WRITERS }, async () => {
      while (next < items.length) await work(items[next++] as T);
    }),
  );
  return items.length / ((performance.now() - started) / 1000);
}

const chunks = <T>(items: T[], size: number) =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

const phoneOf = (p: number) => `+3069${String(p).padStart(8, '0')}`;

function messages(n: number, tag: string): RecordInput[] {
  return Array.from({ length: n }, (_, i) => ({
    source: 'whatsapp',
    externalId: `wamid.bench.${tag}.${i}`,
    channel: 'whatsapp',
    direction: 'outbound',
    occurredAt: new Date(SEED.to.getTime() - 60_000 + i),
    counterpart: { phone: phoneOf((i * 104_729) % SEED.phones) },
    status: 'sent',
    body: `Your order #${i} has shipped`,
    data: { sentAt: new Date(SEED.to.getTime() - 60_000 + i) },
  }));
}

async function main() {
  const dbName = `comms_log_bench_${process.pid}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${dbName}"`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${dbName}`;
  const pool = new pg.Pool({ connectionString: url.toString(), max: WRITERS });
  // Interrupted (Ctrl-C, timeout): still drop the throwaway database.
  const abort = async () => {
    await pool.end().catch(() => {});
    await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`).catch(() => {});
    process.exit(130);
  };
  process.once('SIGINT', abort);
  process.once('SIGTERM', abort);
  // Idle connections are cut when the database is dropped at the end; that is expected.
  pool.on('error', () => {});
  try {
    const cpu = os.cpus()[0]?.model ?? 'unknown';
    const { rows } = await pool.query<{ server_version: string }>('SHOW server_version');
    line(
      `machine: ${os.cpus().length} CPU (${cpu}), node ${process.version}, PostgreSQL ${rows[0]?.server_version}`,
    );
    const store = createPostgresStore({ db: pool });
    await store.migrate();
    const log = createCommsLog({ store, ownNumbers: ['+302101234567'] });

    let t = performance.now();
    await seed(pool, store);
    line(
      `seed: ${SEED.entries.toLocaleString('en')} entries + ${SEED.customers.toLocaleString('en')} handles, bulk SQL, ${fmt((performance.now() - t) / 1000, 1)} s (incl. VACUUM ANALYZE)`,
    );

    // Upserts: 8 concurrent writers through the full log (validation, matching lookup, CAS, statistics).
    line('\nidempotent upserts, 8 concurrent writers (goal ≥ 5000/s)');
    await pool.query('CREATE TABLE raw_insert (k text PRIMARY KEY, v text)');
    const raw = await concurrently(
      Array.from({ length: 8000 }, (_, i) => i),
      (i) => pool.query('INSERT INTO raw_insert VALUES ($1, $2) ON CONFLICT DO NOTHING', [`k${i}`, 'v']),
    );
    line(
      `  ${'limit: bare 1-row INSERT, 1 commit'.padEnd(40)} ${fmt(raw, 0).padStart(7)} /s   (the disk's durable-commit ceiling here)`,
    );
    const report = (name: string, perSecond: number) =>
      line(
        `  ${name.padEnd(40)} ${fmt(perSecond, 0).padStart(7)} /s   ${perSecond >= 5000 ? 'MET' : 'NOT MET'}`,
      );
    const delivered = (batch: RecordInput[]) =>
      batch.map((m, i) => ({
        ...m,
        status: 'delivered' as const,
        data: { deliveredAt: new Date(SEED.to.getTime() - 30_000 + i) },
      }));
    const single = messages(8000, 'single');
    report('record(): new messages', await concurrently(single, (m) => log.record(m)));
    report('record(): status updates (CAS)', await concurrently(delivered(single), (m) => log.record(m)));
    report('record(): replays (no-op)', await concurrently(delivered(single), (m) => log.record(m)));
    const calls = Array.from({ length: 4000 }, (_, i) =>
      callEntryFromRecord(
        makeCallRecord({
          callId: `bench.${i}`,
          startedAt: new Date(SEED.to.getTime() - 3_600_000 + i * 100),
          from: { number: phoneOf((i * 7) % SEED.phones) },
          disposition: i % 5 === 0 ? 'missed' : 'answered',
          extension: String(200 + (i % SEED.extensions)),
        }),
      ),
    );
    report('record(): ended calls (+stats, follow-ups)', await concurrently(calls, (c) => log.record(c)));
    const inBatches = async (name: string, items: RecordInput[], size: number) =>
      report(name, (await concurrently(chunks(items, size), (b) => log.recordMany(b))) * size);
    const batched = messages(40_000, 'batch');
    await inBatches('recordMany(100): new messages', batched, 100);
    await inBatches('recordMany(100): status updates', delivered(batched), 100);
    await inBatches('recordMany(100): replays', delivered(batched), 100);
    const big = messages(40_000, 'big');
    await inBatches('recordMany(500): new messages', big, 500);
    await inBatches('recordMany(500): status updates', delivered(big), 500);
    line(
      `  (load average while measuring: ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')})`,
    );

    // Inbox pages: p95 over mitata's samples.
    line('\nInbox / timeline pages of 50 on 1M entries (goal p95 ≤ 15 ms)');
    const cursorAt = async (filter: string, offset: number) => {
      const { rows } = await pool.query(
        `SELECT occurred_at, id FROM ${store.tables.entries} ${filter} ORDER BY occurred_at DESC, id DESC OFFSET ${offset} LIMIT 1`,
      );
      const r = rows[0] as { occurred_at: Date; id: string };
      return encodeCursor(r.occurred_at, r.id);
    };
    const day = new Date('2026-01-20T00:00:00Z');
    const cases: Array<[string, EntryFilter, string | undefined]> = [
      ['all, first page', {}, undefined],
      ['all, page at 500k', {}, await cursorAt('', 500_000)],
      ['all, last page', {}, await cursorAt('', SEED.entries - 30)],
      ['calls, first page', { channel: 'call' }, undefined],
      ['calls, page at 300k', { channel: 'call' }, await cursorAt(`WHERE channel = 'call'`, 300_000)],
      ['unmatched + ambiguous', { match: ['unmatched', 'ambiguous'] }, undefined],
      [
        'unmatched, page at 200k',
        { match: 'unmatched' },
        await cursorAt(`WHERE match = 'unmatched'`, 200_000),
      ],
      ['customer timeline', { customerId: 'cust-4242' }, undefined],
      ['extension 212', { extension: '212' }, undefined],
      ['extension 212, page at 10k', { extension: '212' }, await cursorAt(`WHERE extension = '212'`, 10_000)],
      ['missed calls', { channel: 'call', status: 'missed' }, undefined],
      ['outbound WhatsApp', { channel: 'whatsapp', direction: 'outbound' }, undefined],
      ['one day', { from: day, to: new Date(day.getTime() + 86_400_000) }, undefined],
      ['text "order #4242"', { text: 'order #4242' }, undefined],
    ];
    for (const [name, filter, cursor] of cases) {
      const page = await log.inbox(filter, { cursor, limit: 50 });
      const scan = name.startsWith('text');
      const s = await measure(async () => log.inbox(filter, { cursor, limit: 50 }), {
        min_samples: scan ? 3 : 200,
        max_samples: scan ? 3 : 400,
        min_cpu_time: scan ? 1 : 300e6,
      });
      const sorted = [...s.samples].sort((a, b) => a - b);
      const p95 = ms(sorted[Math.floor(sorted.length * 0.95)] ?? Number.NaN);
      const goal = name.startsWith('text') ? '(no goal: scan)' : p95 <= 15 ? 'MET' : 'NOT MET';
      line(
        `  ${name.padEnd(28)} rows ${String(page.items.length).padStart(2)}  p50 ${fmt(ms(s.p50)).padStart(6)} ms  p95 ${fmt(p95).padStart(6)} ms  p99 ${fmt(ms(s.p99)).padStart(6)} ms  ${goal}`,
      );
    }

    line('\ncall statistics for the month (goal ≤ 500 ms)');
    for (const timeZone of ['Europe/Athens', 'UTC']) {
      t = performance.now();
      const stats = await log.callStats({ from: SEED.from, to: SEED.to, timeZone });
      const first = performance.now() - t;
      const s = await measure(async () => log.callStats({ from: SEED.from, to: SEED.to, timeZone }), {
        min_samples: 5,
        max_samples: 10,
        min_cpu_time: 1e6,
      });
      line(
        `  ${timeZone.padEnd(14)} calls ${stats.totals.offered + stats.totals.outbound}  first ${fmt(first, 0)} ms  avg ${fmt(ms(s.avg), 0)} ms  max ${fmt(ms(s.max), 0)} ms  ${ms(s.max) <= 500 ? 'MET' : 'NOT MET'}`,
      );
    }
  } finally {
    await pool.end();
    await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    await admin.end();
  }
}

await main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
