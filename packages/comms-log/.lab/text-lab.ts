import pg from 'pg';
import { createCommsLog, type EntryFilter } from '../src/index.js';
import { createPostgresStore } from '../src/postgres/index.js';

const pool = new pg.Pool({ connectionString: 'postgres://postgres@127.0.0.1:5432/comms_log_lab', max: 4 });
const store = createPostgresStore({ db: pool });
let t = performance.now();
console.log('migrated', await store.migrate(), ((performance.now() - t) / 1000).toFixed(1), 's');
const log = createCommsLog({ store });
const cases: Array<[string, EntryFilter]> = [
  ['order #4242', { text: 'order #4242' }],
  ['order #42', { text: 'order #42' }],
  ['Caller 15000', { text: 'Caller 15000' }],
  ['00150001', { text: '00150001' }],
  ['order', { text: 'order' }],
  ['order #4242 + calls', { text: 'order #4242', channel: 'call' }],
  ['er or (adversarial)', { text: 'er or' }],
  ['Caller 1', { text: 'Caller 1' }],
  ['Message 99', { text: 'Message 99' }],
  ['+3069', { text: '+3069' }],
  ['ab', { text: 'ab' }],
];
for (const [name, filter] of cases) {
  const first = await log.inbox(filter, { limit: 50 });
  const next = first.nextCursor
    ? await log.inbox(filter, { limit: 50, cursor: first.nextCursor })
    : undefined;
  const samples: number[] = [];
  for (let i = 0; i < 40; i++) {
    t = performance.now();
    await log.inbox(filter, { limit: 50 });
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  console.log(
    name.padEnd(24),
    'rows',
    first.items.length,
    'next',
    next?.items.length ?? '-',
    'p50',
    samples[20]?.toFixed(2),
    'p95',
    samples[38]?.toFixed(2),
  );
}
await pool.end();
