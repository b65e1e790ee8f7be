/**
 * Benchmarks for issue #6 goals, run with `pnpm --filter @pbxkit/caller-lookup bench`:
 * - cached hit ≥ 1M lookups/s (limit shown beside it: a bare Map.get behind a resolved promise);
 * - 1,000 concurrent lookups of one uncached number → exactly 1 provider call;
 * - normalizePhone ≥ 200k/s on a mixed realistic set (peer shown beside it: libphonenumber-js parse + isValid),
 *   judged on that set's mean; shown beside it a Zipf-popularity set, a 1,000-caller working set and
 *   each form of the mixed set on its own;
 * - all providers hang → the lookup returns at the deadline (overshoot distribution).
 */
import { availableParallelism, cpus, loadavg } from 'node:os';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { bench, do_not_optimize, group, run, summary } from 'mitata';
import {
  createCallerLookup,
  createPhoneBook,
  createPhoneNormalizer,
  type NormalizePhoneOptions,
} from '../src/index.js';
import { createFakeProvider } from '../src/testing/index.js';
import { type CallerId, type CallerIdForm, realisticCallerIds, zipfCallerIds } from './numbers.js';

const goals: Array<[string, string, boolean]> = [];
const loadAtStart = loadavg()
  .map((l) => l.toFixed(2))
  .join(' ');

// --- normalizePhone -------------------------------------------------------------------------------
// Every id is normalised with the options it came with (its PBX's region; `international` for wa_ids):
// one normaliser per distinct options object, as a multi-tenant server would hold.
type Prepared = [raw: string, normalize: (raw: unknown) => unknown, options: NormalizePhoneOptions];
const normalizers = new Map<string, (raw: unknown) => unknown>();
const prepare = ([raw, options]: CallerId): Prepared => {
  const key = JSON.stringify(options);
  let normalize = normalizers.get(key);
  if (!normalize) {
    normalize = createPhoneNormalizer(options);
    normalizers.set(key, normalize);
  }
  return [raw, normalize, options];
};
const mixed = realisticCallerIds(100_000);
const distinct = (set: readonly CallerId[]) => new Set(set.map(([raw]) => raw)).size;
const prepared = mixed.map(prepare);
// A second realistic set: 100k calls from the same ids with Zipf popularity (callers repeat).
const zipf = zipfCallerIds(mixed, 100_000);
// A PBX's working set: the same 1,000 callers over and over, one set of normalisers throughout (the
// memo's case).
const workingSet = prepared.slice(0, 1000);
const byForm = new Map<CallerIdForm, CallerId[]>();
for (const id of mixed) {
  const list = byForm.get(id[2]) ?? [];
  list.push(id);
  byForm.set(id[2], list);
}
const cycle = (set: readonly Prepared[]) => {
  let n = 0;
  return () => {
    const [raw, normalize] = set[n++ % set.length] as Prepared;
    do_not_optimize(normalize(raw));
  };
};
// mitata calls a bench function far more often than a set has ids, so a set is run many times over.
// Each pass gets fresh normalisers (fresh options objects, so empty memos): an id is only answered from
// the memo when it repeats within the pass, never because an earlier pass saw it.
const passes = (set: readonly CallerId[]) => {
  const optionsList: NormalizePhoneOptions[] = [];
  const slotOf = new Map<string, number>();
  const slots = set.map(([, options]) => {
    const key = JSON.stringify(options);
    let slot = slotOf.get(key);
    if (slot === undefined) {
      slot = optionsList.push(options) - 1;
      slotOf.set(key, slot);
    }
    return slot;
  });
  let normalizersOfPass: Array<(raw: unknown) => unknown> = [];
  let n = 0;
  return () => {
    const at = n++ % set.length;
    if (at === 0) normalizersOfPass = optionsList.map((options) => createPhoneNormalizer({ ...options }));
    const normalize = normalizersOfPass[slots[at] as number] as (raw: unknown) => unknown;
    do_not_optimize(normalize((set[at] as CallerId)[0]));
  };
};

summary(() => {
  group(`normalizePhone, mixed realistic set (${mixed.length} ids, ${distinct(mixed)} distinct)`, () => {
    bench('normalizePhone (pbxkit), mixed set', passes(mixed));
    let j = 0;
    bench('libphonenumber-js parse + isValid (peer), mixed set', () => {
      const [raw, , options] = prepared[j++ % prepared.length] as Prepared;
      const parsed = parsePhoneNumberFromString(raw, options.defaultRegion as 'GR');
      do_not_optimize(parsed?.isValid());
    });
    bench(`normalizePhone, Zipf set (${zipf.length} calls, ${distinct(zipf)} distinct)`, passes(zipf));
    bench('normalizePhone, 1,000-caller working set', cycle(workingSet));
  });
});
group('normalizePhone per form (the ids of the mixed set, one form at a time)', () => {
  for (const [form, set] of byForm) bench(`${form} (${set.length} ids)`, passes(set));
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
const mixedRate = opsPerSecond('normalizePhone (pbxkit), mixed set');
const zipfRate = opsPerSecond(`normalizePhone, Zipf set (${zipf.length} calls, ${distinct(zipf)} distinct)`);
const workingRate = opsPerSecond('normalizePhone, 1,000-caller working set');
const cachedRate = opsPerSecond('lookup() cached hit (pbxkit)');
const mixedMedian = opsPerSecond('normalizePhone (pbxkit), mixed set', 'p50');
const peerRate = opsPerSecond('libphonenumber-js parse + isValid (peer), mixed set');
goals.push([
  'normalizePhone ≥ 200k/s (mixed realistic set, mean)',
  `${fmt(mixedRate)} (median call ${fmt(mixedMedian)}; peer libphonenumber-js ${fmt(peerRate)})`,
  mixedRate >= 200_000,
]);
goals.push(["normalizePhone ≥ 200k/s (Zipf set; not the goal's set)", fmt(zipfRate), zipfRate >= 200_000]);
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
  `\nMachine: ${availableParallelism()} cpus, ${cpus()[0]?.model ?? 'unknown CPU'}, node ${process.version}, load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')} (1/5/15 min; ${loadAtStart} at the start)`,
);
console.log('\nGoal | Measured | Met');
for (const [goal, measured, met] of goals) console.log(`${goal} | ${measured} | ${met ? 'yes' : 'NO'}`);
process.exit(0);
