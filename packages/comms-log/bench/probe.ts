import pg from 'pg';
import { createCommsLog, type RecordInput } from '../src/index.js';
import { createMemoryStore } from '../src/memory/index.js';
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
    body: `Your order #${i}`,
    data: { sentAt: new Date() },
  }));
async function time(name: string, items: RecordInput[], f: (m: RecordInput) => Promise<unknown>) {
  const t = performance.now();
  for (const m of items) await f(m);
  console.log(name, ((performance.now() - t) / items.length).toFixed(3), 'ms/record (1 writer)');
}
const mem = createCommsLog({ store: createMemoryStore() });
await time('memory new', msgs(3000, 'm'), (m) => mem.record(m));
await time('memory replay', msgs(3000, 'm'), (m) => mem.record(m));
const pool = new pg.Pool({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres', max: 8 });
const schema = `probe_${process.pid}`;
const stats = new Map<string, { n: number; ms: number }>();
const timed = {
  async query(text: string, params?: unknown[]) {
    const t = performance.now();
    try {
      return await pool.query(text, params);
    } finally {
      const k = text.replace(/\s+/g, ' ').slice(0, 60);
      const s = stats.get(k) ?? { n: 0, ms: 0 };
      s.n++;
      s.ms += performance.now() - t;
      stats.set(k, s);
    }
  },
};
const store = createPostgresStore({ db: timed, schema });
await store.migrate();
const log = createCommsLog({ store });
await time('pg new', msgs(2000, 'p'), (m) => log.record(m));
await time('pg replay', msgs(2000, 'p'), (m) => log.record(m));
for (const [k, v] of stats) console.log(v.n, (v.ms / v.n).toFixed(3), k);
await time('pg bare', msgs(2000, 'b'), (m) =>
  pool.query(`INSERT INTO "${schema}".comms_handles VALUES ('x', $1, 'c') ON CONFLICT DO NOTHING`, [
    m.externalId,
  ]),
);
await pool.query(`DROP SCHEMA "${schema}" CASCADE`);
await pool.end();
