import type { LatencySummary } from '../types.js';

const WINDOW = 512;

/** Running latency figures: totals over all time, percentiles over a ring of recent samples. */
export class LatencyRecorder {
  #count = 0;
  #sum = 0;
  #max = 0;
  readonly #ring = new Float64Array(WINDOW);

  record(ms: number): void {
    this.#ring[this.#count % WINDOW] = ms;
    this.#count++;
    this.#sum += ms;
    if (ms > this.#max) this.#max = ms;
  }

  summary(): LatencySummary {
    const n = Math.min(this.#count, WINDOW);
    const sorted = Array.from(this.#ring.subarray(0, n)).sort((a, b) => a - b);
    const at = (q: number) => (n === 0 ? 0 : (sorted[Math.min(n - 1, Math.floor(q * n))] ?? 0));
    return {
      count: this.#count,
      meanMs: this.#count === 0 ? 0 : this.#sum / this.#count,
      p50Ms: at(0.5),
      p95Ms: at(0.95),
      p99Ms: at(0.99),
      maxMs: this.#max,
    };
  }
}
