/**
 * Benchmarks for issue #6 goals, run with `pnpm --filter @pbxkit/caller-lookup bench`:
 * - cached hit ≥ 1M lookups/s (limit shown beside it: a bare Map.get behind a resolved promise);
 * - 1,000 concurrent lookups of one uncached number → exactly 1 provider call;
 * - normalizePhone ≥ 200k/s on a mixed realistic set (peer shown beside it: libphonenumber-js parse + isValid);
 * - all providers hang → the lookup returns at the deadline (overshoot distribution).
 */
import { availableParallelism, cpus } from 'node:os';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { bench, do_not_optimize, group, run, summary } from 'mitata';
import {
  createCallerLookup,
  createPhoneBook,
  createPhoneNormalizer,
  type NormalizePhoneOptions,
} from '../src/index.js';
import { createFakeProvider } from '../src/testing/index.js';
import { realisticCallerIds } from './numbers.js';

const goals: Array<[string, string, boolean]> = [];

// --- normalizePhone -------------------------------------------------------------------------------
const mixed = realisticCallerIds(100_000);
const distinct = new Set(mixed.map(([raw]) => raw)).size;
const normalizers = new Map<string, (raw: unknown) => unknown>();
const prepared = mixed.map(([raw, options]): [string, (raw: unknown) => unknown, NormalizePhoneOptions] => {
  const key = JSON.stringify(options);
  let normalize = normalizers.get(key);
  if (!normalize) {
    normalize = createPhoneNormalizer(options);
    normalizers.set(key, normalize);
  }
  return [raw, normalize, options];
});
// A PBX's working set: the same 1,000 callers over and over (the memo's case).
const workingSet = prepared.slice(0, 1000);
let i = 0;
let j = 0;
let k = 0;

summary(() => {
  group(`normalizePhone, mixed realistic set (${mixed.length} ids, ${distinct} distinct)`, () => {
    bench('normalizePhone (pbxkit)', () => {
      const [raw, normalize] = prepared[i++ % prepared.length] as (typeof prepared)[number];
      do_not_optimize(normalize(raw));
    });
    bench('libphonenumber-js parse + isValid (peer)', () => {
      const [raw, , options] = prepared[j++ % prepared.length] as (typeof prepared)[number];
      const parsed = parsePhoneNumberFromString(raw, options.defaultRegion as 'GR');
      do_not_optimize(parsed?.isValid());
    });
    bench('normalizePhone, 1,000-caller working set', () => {
      const [raw, normalize] = workingSet[k++ % workingSet.length] as (typeof prepared)[number];
      do_not_optimize(normalize(raw));
    });
  });
});

// --- cached hit -------------------------------------------------------------------------------------
const book = createPhoneBook({ normalize: { defaultRegion: 'GR' } });
book.upsert({ id: 'c1', name: 'Maria Papadopoulou', phones: ['+306974015758'] });
const engine = createCallerLookup({ providers: [book], normalize: { defaultRegion: 'GR' } });
await engine.lookup('+306974015758');
const limitMap = new Map([['+306974015758', { status: 'hit' }]]);
summary(() => {
  group('cached hit', () => {
    bench('lookup() cached hit (pbxkit)', async () => do_not_optimize(await engine.lookup('+306974015758')));
    bench('Map.get behind a resolved promise (limit)', async () =>
      do_not_optimize(await Promise.resolve(limitMap.get('+306974015758'))),
    );
  });
});

const results = await run({ colors: false });
const opsPerSecond = (name: string, stat: 'avg' | 'p50' = 'avg'): number => {
  for (const b of results.benchmarks) {
    for (const r of b.runs) if (r.name === name && r.stats) return 1e9 / r.stats[stat];
  }
  return Number.NaN;
};
const fmt = (n: number) => `${Math.round(n).toLocaleString('en-US')}/s`;
const mixedRate = opsPerSecond('normalizePhone (pbxkit)');
const workingRate = opsPerSecond('normalizePhone, 1,000-caller working set');
const cachedRate = opsPerSecond('lookup() cached hit (pbxkit)');
const mixedMedian = opsPerSecond('normalizePhone (pbxkit)', 'p50');
const peerRate = opsPerSecond('libphonenumber-js parse + isValid (peer)');
goals.push([
  'normalizePhone ≥ 200k/s (mixed realistic set, mean)',
  `${fmt(mixedRate)} (median call ${fmt(mixedMedian)}; peer libphonenumber-js ${fmt(peerRate)})`,
  mixedRate >= 200_000,
]);
goals.push(['normalizePhone ≥ 200k/s (1,000-caller working set)', fmt(workingRate), workingRate >= 200_000]);
goals.push(['cached hit ≥ 1M lookups/s', fmt(cachedRate), cachedRate >= 1_000_000]);

// --- coalescing -------------------------------------------------------------------------------------
{
  const slow = createFakeProvider({
    id: 'crm',
    defaults: { latencyMs: 20 },
    contacts: { '+302101234567': { name: 'Nikos' } },
  });
  const lookup = createCallerLookup({ providers: [slow], normalize: { defaultRegion: 'GR' } });
  const answers = await Promise.all(Array.from({ length: 1000 }, () => lookup.lookup('210 123 4567')));
  const hits = answers.filter((a) => a.match?.name === 'Nikos').length;
  goals.push([
    '1,000 concurrent lookups of one uncached number → 1 provider call',
    `${slow.calls.length} call(s), ${hits} hits`,
    slow.calls.length === 1 && hits === 1000,
  ]);
}

// --- deadline with hanging providers ----------------------------------------------------------------
{
  const deadlineMs = 50;
  const hang = [
    createFakeProvider({ id: 'a', defaults: { hang: true } }),
    createFakeProvider({ id: 'b', defaults: { hang: true, ignoreAbort: true } }),
  ];
  const lookup = createCallerLookup({
    providers: hang,
    deadlineMs,
    providerTimeoutMs: 200,
    breaker: false,
    normalize: { defaultRegion: 'GR' },
  });
  const batch = async (index: number, into: number[]) =>
    Promise.all(
      Array.from({ length: 25 }, async (_, n) => {
        const start = performance.now();
        const result = await lookup.lookup(`+30697${String(index * 100 + n).padStart(7, '0')}`);
        into.push(performance.now() - start - deadlineMs);
        if (result.complete) throw new Error('a hanging lookup claimed to be complete');
      }),
    );
  // The first batch pays one-time costs (JIT, libphonenumber metadata for the region): shown apart.
  const cold: number[] = [];
  await batch(0, cold);
  const overshoots: number[] = [];
  for (let index = 1; index <= 40; index++) await batch(index, overshoots);
  overshoots.sort((a, b) => a - b);
  const q = (p: number) =>
    (overshoots[Math.min(overshoots.length - 1, Math.floor(p * overshoots.length))] ?? 0).toFixed(2);
  const worst = overshoots.at(-1) ?? 0;
  goals.push([
    `all providers hang → answer at the ${deadlineMs} ms deadline (${overshoots.length} lookups, 25 concurrent)`,
    `overshoot ms: min ${q(0)} p50 ${q(0.5)} p95 ${q(0.95)} p99 ${q(0.99)} max ${worst.toFixed(2)}; cold first batch max ${Math.max(...cold).toFixed(2)}`,
    (overshoots[0] ?? -1) >= 0 && Number(q(0.99)) < 10,
  ]);
}

console.log(
  `\nMachine: ${availableParallelism()} cpus, ${cpus()[0]?.model ?? 'unknown CPU'}, node ${process.version}`,
);
console.log('\nGoal | Measured | Met');
for (const [goal, measured, met] of goals) console.log(`${goal} | ${measured} | ${met ? 'yes' : 'NO'}`);
process.exit(0);
