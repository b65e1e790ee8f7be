import { type CommsLog, createCommsLog } from '../comms-log.js';
import type { CommsLogEvents } from '../events.js';
import type { CommsLogOptions } from '../options.js';
import type { CommsLogStore } from '../store.js';

/** One case of the conformance suite. */
export interface ConformanceCase {
  /** The case's name (stable: `skip` uses it). */
  name: string;
  /** Runs the case against a fresh store; throws when the store misbehaves. */
  run: (store: CommsLogStore) => Promise<void>;
}

/** A settable clock for the suite. */
export interface TestClock {
  /** The current time. */
  now: () => Date;
  /** Moves the clock forward. */
  advance: (ms: number) => void;
}

/** A clock starting at `start`. */
export function testClock(start = Date.UTC(2026, 0, 15, 12)): TestClock {
  let t = start;
  return {
    now: () => new Date(t),
    advance: (ms) => {
      t += ms;
    },
  };
}

/** One event a {@link logWithEvents} log emitted. */
export interface RecordedEvent {
  /** The event name. */
  name: keyof CommsLogEvents;
  /** Its arguments. */
  args: unknown[];
}

/** What {@link logWithEvents} returns. */
export interface LogWithEvents {
  /** The log. */
  log: CommsLog;
  /** Every event emitted, in order. */
  events: RecordedEvent[];
  /** The log's clock. */
  clock: TestClock;
}

/** A log over `store` with our numbers (`+302101234567`) set, a test clock, and every event recorded in order. */
export function logWithEvents(store: CommsLogStore, options: Partial<CommsLogOptions> = {}): LogWithEvents {
  const clock = testClock();
  const log = createCommsLog({ store, ownNumbers: ['+302101234567'], now: clock.now, ...options });
  const events: RecordedEvent[] = [];
  for (const name of [
    'recorded',
    'updated',
    'relinked',
    'followUpOpened',
    'followUpClosed',
    'error',
  ] as const) {
    log.on(name, (...args: unknown[]) => events.push({ name, args }));
  }
  return { log, events, clock };
}

/** Every permutation of a short list. */
export function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}

/** A deterministic shuffle (mulberry32) so a failing case replays. */
export function shuffle<T>(items: T[], seed: number): T[] {
  let s = seed >>> 0;
  const rand = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
