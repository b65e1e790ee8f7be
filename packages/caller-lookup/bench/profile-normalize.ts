/**
 * A plain loop over the mixed set for profiling (`node --cpu-prof --import tsx bench/profile-normalize.ts`)
 * and a quick mean without mitata: passes × 100k ids, mean wall and CPU (`process.cpuUsage`, less
 * disturbed by other processes on a shared machine) ns per call of each pass.
 */
import { createPhoneNormalizer, type NormalizePhoneOptions } from '../src/index.js';
import { realisticCallerIds } from './numbers.js';

const passes = Number(process.argv[2] ?? 5);
const mixed = realisticCallerIds(100_000);
// Fresh normalisers (so empty memos) for every pass: only repeats within a pass hit the memo.
const preparePass = () => {
  const normalizers = new Map<string, (raw: unknown) => unknown>();
  return mixed.map(([raw, options]): [string, (raw: unknown) => unknown] => {
    const key = JSON.stringify(options satisfies NormalizePhoneOptions);
    let normalize = normalizers.get(key);
    if (!normalize) {
      normalize = createPhoneNormalizer({ ...options });
      normalizers.set(key, normalize);
    }
    return [raw, normalize];
  });
};
let sink = 0;
for (let pass = 0; pass < passes; pass++) {
  const prepared = preparePass();
  const start = performance.now();
  const cpu = process.cpuUsage();
  for (const [raw, normalize] of prepared) sink += (normalize(raw) as { kind: string }).kind.length;
  const ns = ((performance.now() - start) * 1e6) / prepared.length;
  const used = process.cpuUsage(cpu);
  const cpuNs = ((used.user + used.system) * 1e3) / prepared.length;
  const rate = (n: number) => `${Math.round(1e9 / n).toLocaleString('en-US')}/s`;
  console.log(
    `pass ${pass}: wall ${ns.toFixed(0)} ns/call (${rate(ns)}), cpu ${cpuNs.toFixed(0)} ns/call (${rate(cpuNs)})`,
  );
}
if (sink === 0) console.log('');
