import { describe, expect, it } from 'vitest';
import { backoff, retryWhileRetryable } from './retry.js';

class Outage extends Error {
  readonly isRetryable = true;
}
const isRetryable = (e: unknown) => e instanceof Outage;

/** A write that fails with the given errors in turn, then succeeds; and the waits it was given. */
function script(failures: Error[]) {
  const waits: number[] = [];
  let calls = 0;
  return {
    waits,
    get calls() {
      return calls;
    },
    write: async () => {
      const failure = failures[calls++];
      if (failure) throw failure;
      return 'written';
    },
    wait: async (ms: number) => {
      waits.push(ms);
    },
  };
}

describe('retryWhileRetryable', () => {
  it('writes again after each wait while the failure is retryable', async () => {
    const s = script([new Outage('down'), new Outage('down')]);
    const retries: number[] = [];
    const result = await retryWhileRetryable(s.write, {
      isRetryable,
      delaysMs: [10, 20, 40],
      wait: s.wait,
      onRetry: (_e, attempt) => retries.push(attempt),
    });
    expect([result, s.calls, s.waits, retries]).toEqual(['written', 3, [10, 20], [1, 2]]);
  });

  it('throws a failure that is not retryable at once', async () => {
    const bad = new Error('invalid');
    const s = script([bad]);
    await expect(retryWhileRetryable(s.write, { isRetryable, delaysMs: [10], wait: s.wait })).rejects.toBe(
      bad,
    );
    expect([s.calls, s.waits]).toEqual([1, []]);
  });

  it('throws the last failure when the waits run out', async () => {
    const last = new Outage('still down');
    const s = script([new Outage('down'), last]);
    await expect(retryWhileRetryable(s.write, { isRetryable, delaysMs: [10], wait: s.wait })).rejects.toBe(
      last,
    );
    expect(s.calls).toBe(2);
  });

  it('stops when the signal aborts, before a wait or during one', async () => {
    const aborted = AbortSignal.abort();
    const s = script([new Outage('down')]);
    const first = new Outage('down');
    await expect(
      retryWhileRetryable(s.write, { isRetryable, delaysMs: [10], wait: s.wait, signal: aborted }),
    ).rejects.toEqual(first);
    expect(s.waits).toEqual([]);
    // A real wait, aborted while it runs.
    const controller = new AbortController();
    const during = script([new Outage('down')]);
    const pending = retryWhileRetryable(during.write, {
      isRetryable,
      delaysMs: [60_000],
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 10);
    await expect(pending).rejects.toBeInstanceOf(Outage);
    expect(during.calls).toBe(1);
  });

  it('backs off exponentially up to a cap', () => {
    expect(backoff(250, 2000, 6)).toEqual([250, 500, 1000, 2000, 2000, 2000]);
  });
});
