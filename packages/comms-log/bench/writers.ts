import { callEntryFromRecord, type RecordInput } from '../src/index.js';
import { makeCallRecord } from '../src/testing/index.js';
import { SEED } from './seed.js';

/** Concurrent writers in every write workload (issue 7: "8 concurrent writers"). */
export const WRITERS = 8;

/**
 * Runs `work` on `items` with `WRITERS` concurrent writers, each with `depth` items in flight (1: each writer
 * awaits one item before the next); returns items per second.
 */
export async function concurrently<T>(
  items: T[],
  work: (item: T) => Promise<unknown>,
  depth = 1,
): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: WRITERS * depth }, async () => {
      while (next < items.length) await work(items[next++] as T);
    }),
  );
  return items.length / ((performance.now() - started) / 1000);
}

/** `items` in consecutive slices of `size`. */
export const chunks = <T>(items: T[], size: number) =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

/** The seed's phone number `p` (customers' below `SEED.customers`). */
export const phoneOf = (p: number) => `+3069${String(p).padStart(8, '0')}`;

/** `n` new outbound WhatsApp messages in the seed month's last minute, keyed by `tag`. */
export function messages(n: number, tag: string): RecordInput[] {
  return Array.from({ length: n }, (_, i) => ({
    source: 'whatsapp',
    externalId: `wamid.bench.${tag}.${i}`,
    channel: 'whatsapp',
    direction: 'outbound',
    occurredAt: new Date(SEED.to.getTime() - 60_000 + i),
    counterpart: { phone: phoneOf((i * 104_729) % SEED.phones) },
    status: 'sent',
    body: `Your order #${i} has shipped`,
    data: { sentAt: new Date(SEED.to.getTime() - 60_000 + i) },
  }));
}

/**
 * `n` ended calls in the seed month's last hour, 100 ms apart, keyed by `tag`: every fifth one missed, each
 * from its own number (`shift` moves the numbers: a second set of calls from other callers), to the seed's
 * extensions in turn.
 */
export function endedCalls(n: number, tag: string, shift = 0): RecordInput[] {
  return Array.from({ length: n }, (_, i) =>
    callEntryFromRecord(
      makeCallRecord({
        callId: `${tag}.${i}`,
        startedAt: new Date(SEED.to.getTime() - 3_600_000 + i * 100),
        from: { number: phoneOf((i * 7 + shift) % SEED.phones) },
        disposition: i % 5 === 0 ? 'missed' : 'answered',
        extension: String(200 + (i % SEED.extensions)),
      }),
    ),
  );
}
