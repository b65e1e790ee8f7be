import type { RecordResult } from '../comms-log.js';
import type { ParsedRecordInput } from '../schemas.js';
import { entryKey } from './ids.js';

/** How a {@link WriteCoalescer} writes: one input straight out, or a batch through the batch statements. */
export interface CoalescerTarget {
  /** Writes one validated input. */
  write(input: ParsedRecordInput): Promise<RecordResult>;
  /** Writes validated inputs as one batch; each result is what `write` would have returned in call order. */
  writeBatch(inputs: ParsedRecordInput[]): Promise<RecordResult[]>;
}

interface Waiter {
  input: ParsedRecordInput;
  key: string;
  resolve: (result: RecordResult) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit at the application level (issue 7): a `record()` with nothing in flight goes straight out;
 * calls arriving while `maxInFlight` writes are running wait and leave together, up to `maxBatch` at a time,
 * as one batch (one insert, one update statement: one commit for all of them). Each caller's promise settles
 * with its own result once its batch is committed, or with the batch's error. Calls on a key that is being
 * written wait for that write, so one key's calls apply in call order, as if awaited one by one.
 */
export class WriteCoalescer {
  readonly #queue: Waiter[] = [];
  #inFlight = 0;
  #scheduled = false;
  /** Keys being written, with how many writes hold each. */
  readonly #busy = new Map<string, number>();

  constructor(
    private readonly target: CoalescerTarget,
    private readonly maxBatch: number,
    private readonly maxInFlight: number,
  ) {}

  /** Writes one validated input, alone or with the calls that arrive meanwhile. */
  submit(input: ParsedRecordInput): Promise<RecordResult> {
    // A lone caller keeps its latency: no waiting for a tick, no batch statements.
    const key = entryKey(input.source, input.externalId);
    if (this.#inFlight === 0 && this.#queue.length === 0)
      return this.#run([key], () => this.target.write(input));
    return new Promise<RecordResult>((resolve, reject) => {
      this.#queue.push({ input, key, resolve, reject });
      // Let the rest of this tick's callers join before a free slot sends the batch.
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => {
          this.#scheduled = false;
          this.#drain();
        });
      }
    });
  }

  #run<T>(keys: string[], work: () => Promise<T>): Promise<T> {
    this.#inFlight++;
    for (const key of keys) this.#busy.set(key, (this.#busy.get(key) ?? 0) + 1);
    const written = work();
    const done = () => {
      this.#inFlight--;
      for (const key of keys) {
        const n = (this.#busy.get(key) ?? 1) - 1;
        if (n === 0) this.#busy.delete(key);
        else this.#busy.set(key, n);
      }
      this.#drain();
    };
    written.then(done, done);
    return written;
  }

  #drain(): void {
    while (this.#queue.length > 0 && this.#inFlight < this.maxInFlight) {
      const batch = this.#take();
      const [first] = batch;
      if (!first) return; // every queued key is being written: its write's completion drains again
      const keys = [...new Set(batch.map((w) => w.key))];
      if (batch.length === 1) {
        this.#run(keys, () => this.target.write(first.input)).then(first.resolve, first.reject);
        continue;
      }
      this.#run(keys, () => this.target.writeBatch(batch.map((w) => w.input))).then(
        (results) => {
          for (const [i, w] of batch.entries()) w.resolve(results[i] as RecordResult);
        },
        // A failed batch rejects every caller with the store's same typed (retryable) error: retrying is safe.
        (error: unknown) => {
          for (const w of batch) w.reject(error);
        },
      );
    }
  }

  /** Up to `maxBatch` queued calls, oldest first, skipping keys being written (they keep their place). */
  #take(): Waiter[] {
    const batch: Waiter[] = [];
    const rest: Waiter[] = [];
    for (const w of this.#queue) {
      if (batch.length < this.maxBatch && !this.#busy.has(w.key)) batch.push(w);
      else rest.push(w);
    }
    this.#queue.splice(0, this.#queue.length, ...rest);
    return batch;
  }
}
