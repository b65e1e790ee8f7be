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
  type CommsLog,
  createCommsLog,
  type EntryFilter,
  encodeCursor,
  type RecordInput,
} from '../src/index.js';
import { createPostgresStore } from '../src/postgres/index.js';
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

/** Runs `inputs` through `log.record` with `WRITERS` concurrent writers; returns records per second. */
async function upserts(
  log: CommsLog,
  inputs: RecordInput[],
): Promise<{ perSecond: number; outcomes: Record<string, number> }> {
  let next = 0;
  const outcomes: Record<string, number> = {};
  const started = performance.now();
  await Promise.all(
    Array.from({ length: WRITERS }, async () => {
      while (next < inputs.length) {
        const input = inputs[next++] as RecordInput;
        const { outcome } = await log.record(input);
        outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
      }
    }),
  );
  return { perSecond: inputs.length / ((performance.now() - started) / 1000), outcomes };
}

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
    await seed(pool, store.tables);
    line(
      `seed: ${SEED.entries.toLocaleString('en')} entries + ${SEED.customers.toLocaleString('en')} handles, bulk SQL, ${fmt((performance.now() - t) / 1000, 1)} s (incl. VACUUM ANALYZE)`,
    );

    // Upserts: 8 concurrent writers through the full log (validation, matching lookup, CAS).
    line('\nidempotent upserts, 8 concurrent writers (goal ≥ 5000/s)');
    const fresh = messages(20_000, 'a');
    const delivered = fresh.map((m, i) => ({
      ...m,
      status: 'delivered' as const,
      data: { deliveredAt: new Date(SEED.to.getTime() - 30_000 + i) },
    }));
    const mixed = fresh.flatMap((m, i) => (i % 4 === 0 ? [delivered[i] as RecordInput, m] : [m]));
    for (const [name, inputs] of [
      ['new entries (insert)', fresh],
      ['status updates (CAS update)', delivered],
      ['replays (no-op)', delivered],
      ['mixed replay/update stream', mixed],
    ] as const) {
      const r = await upserts(log, [...inputs]);
      line(
        `  ${name.padEnd(30)} ${fmt(r.perSecond, 0).padStart(7)} /s   ${JSON.stringify(r.outcomes)}   ${r.perSecond >= 5000 ? 'MET' : 'NOT MET'}`,
      );
    }

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
      const s = await measure(async () => log.inbox(filter, { cursor, limit: 50 }), {
        min_samples: 100,
        max_samples: 400,
        min_cpu_time: 300e6,
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
