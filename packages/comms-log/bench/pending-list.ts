/**
 * Migration 10's A/B: new messages from 8 writers, each awaiting one `record()`, with the Inbox text index's
 * GIN pending list at each size in turn, interleaved round by round in one process on one seeded database (the
 * full bench cannot separate the size from the drift between runs). The list is emptied before every trial,
 * so each starts from the same state. Sizes in kB and rounds from the command line:
 *
 *   ./kit exec tsx packages/comms-log/bench/pending-list.ts [sizes=256,1024] [rounds=4] [records=16000]
 */
import { createCommsLog } from '../src/index.js';
import { createPostgresStore } from '../src/postgres/index.js';
import { describeMachine, withBenchDatabase } from './database.js';
import { seed } from './seed.js';
import { concurrently, messages, WRITERS } from './writers.js';

const [sizesArg = '256,1024', roundsArg = '4', recordsArg = '16000'] = process.argv.slice(2);
const sizes = sizesArg.split(',').map((s) => Number.parseInt(s, 10));
const rounds = Number.parseInt(roundsArg, 10);
const records = Number.parseInt(recordsArg, 10);
if (sizes.some((s) => !(s >= 64)) || !(rounds >= 1) || !(records >= WRITERS))
  throw new Error('usage: pending-list.ts [sizes in kB, each ≥ 64, comma-separated] [rounds] [records]');

await withBenchDatabase(WRITERS, async ({ pool }) => {
  const store = createPostgresStore({ db: pool });
  await store.migrate();
  console.log(await describeMachine(pool));
  await seed(pool, store);
  const index = `${store.tables.schema}."${store.tables.prefix}entries_text_keys"`;
  const log = createCommsLog({ store, ownNumbers: ['+302101234567'] });
  // Every connection prepares the write path's statements once before the first trial.
  await concurrently(messages(2000, 'warm'), (m) => log.record(m));
  const rates = new Map<number, number[]>(sizes.map((s) => [s, []]));
  for (let round = 1; round <= rounds; round++) {
    for (const kb of sizes) {
      await pool.query(`ALTER INDEX ${index} SET (gin_pending_list_limit = ${kb})`);
      await pool.query(`SELECT gin_clean_pending_list('${index}'::regclass)`);
      const cpu = process.cpuUsage();
      const rate = await concurrently(messages(records, `r${round}k${kb}`), (m) => log.record(m));
      const used = process.cpuUsage(cpu);
      rates.get(kb)?.push(rate);
      console.log(
        `round ${round}  ${String(kb).padStart(5)} kB  ${rate.toFixed(0).padStart(6)} new messages/s  ${((used.user + used.system) / records).toFixed(0).padStart(4)} µs node`,
      );
    }
  }
  for (const [kb, list] of rates) {
    const sorted = [...list].sort((a, b) => a - b);
    const mid = sorted.length / 2;
    const median =
      sorted.length % 2 ? sorted[Math.floor(mid)] : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
    console.log(
      `${String(kb).padStart(5)} kB: ${list.map((r) => r.toFixed(0)).join(' · ')}  (median ${median?.toFixed(0)})`,
    );
  }
});
