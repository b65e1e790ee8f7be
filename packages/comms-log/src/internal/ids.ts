import { randomUUID } from 'node:crypto';

const MS_RANGE = 2 ** 48;

/**
 * A UUID version 7 (RFC 9562 §5.7): 48-bit Unix milliseconds, the version, then random bits. Time-ordered
 * ids keep the primary-key index append-mostly, which matters at millions of rows. The random bits are a
 * version 4 UUID's (`randomUUID`, which draws from a cached pool of secure random bytes: one id per write,
 * so not a system call each): its last 74 random bits and its variant, behind the time and version 7.
 */
export function uuidv7(now = Date.now()): string {
  const ms = (((Math.floor(now) % MS_RANGE) + MS_RANGE) % MS_RANGE).toString(16).padStart(12, '0');
  // randomUUID(): xxxxxxxx-xxxx-4xxx-Vxxx-xxxxxxxxxxxx; from index 15 on: the random rest and the variant V.
  return `${ms.slice(0, 8)}-${ms.slice(8)}-7${randomUUID().slice(15)}`;
}

/** An entry's idempotency key `(source, externalId)` as one map key (NUL never occurs in either part). */
export const entryKey = (source: string, externalId: string): string => `${source}\u0000${externalId}`;
