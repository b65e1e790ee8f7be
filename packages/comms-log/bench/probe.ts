import pg from 'pg';
import { createCommsLog, type RecordInput } from '../src/index.js';
import { createPostgresStore } from '../src/postgres/index.js';

const msgs = (n: number, tag: string): RecordInput[] =>
  Array.from({ length: n }, (_, i) => ({
    source: 'whatsapp',
    externalId: `w.${tag}.${i}`,
    channel: 'whatsapp',
    direction: 'outbound',
    occurredAt: new Date(),
    counterpart: { phone: `+3069${String(i).padStart(8, '0')}` },
    status: 'sent',
    body: `Your order #${i} has shipped, track it at https://example.com/t/${i * 7919}`,
    data: { sentAt: new Date() },
  }));
async function conc(name: string, items: RecordInput[], f: (m: RecordInput) => Promise<unknown>) {
  let next = 0;
  const t = performance.now();
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < items.length) await f(items[next++] as RecordInput);
    }),
  );
  console.log(name.padEnd(30), Math.round(items.length / ((performance.now() - t) / 1000)), '/s');
}
const pool = new pg.Pool({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres', max: 8 });
const schema = `probe_${process.pid}`;
const store = createPostgresStore({ db: pool, schema });
await store.migrate();
const log = createCommsLog({ store });
const e = `"${schema}".comms_entries`;
await pool.query(
  `INSERT INTO "${schema}".comms_handles SELECT 'phone', '+3069' || lpad(p::text, 8, '0'), 'c' || p FROM generate_series(0, 1999) p`,
);
const idx = (
  await pool.query(
    `SELECT indexdef FROM pg_indexes WHERE indexname = 'comms_entries_text' AND schemaname = $1`,
    [schema],
  )
).rows[0].indexdef;
for (let round = 0; round < 2; round++) {
  await conc('bare', msgs(3000, `b${round}`), (m) =>
    pool.query(`INSERT INTO "${schema}".comms_handles VALUES ('x', $1, 'c') ON CONFLICT DO NOTHING`, [
      m.externalId,
    ]),
  );
  await conc('trgm fastupdate=on', msgs(3000, `a${round}`), (m) => log.record(m));
  await pool.query(`ALTER INDEX "${schema}".comms_entries_text SET (fastupdate = off)`);
  await conc('trgm fastupdate=off', msgs(3000, `c${round}`), (m) => log.record(m));
  await pool.query(`DROP INDEX "${schema}".comms_entries_text`);
  await conc('no trgm', msgs(3000, `d${round}`), (m) => log.record(m));
  await pool.query(idx);
}
await pool.query(`DROP SCHEMA "${schema}" CASCADE`);
await pool.end();
