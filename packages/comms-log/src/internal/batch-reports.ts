import type { EventEmitter } from 'eventemitter3';
import type { CommsLogEvents } from '../events.js';
import { reportFollowUps } from '../follow-ups.js';
import type { FollowUpChanges } from '../store.js';
import type { CommsEntry } from '../types.js';

/** One event, as its name and arguments. */
type Emitted = { [K in keyof CommsLogEvents]: [K, ...CommsLogEvents[K]] }[keyof CommsLogEvents];

/** Where a write's events go: the log itself, or a report that holds them back. */
export type EventSink = Pick<EventEmitter<CommsLogEvents>, 'emit'>;

/** Follow-up bookkeeping of one written entry; reports its events (and failures) on `sink`, never rejects. */
export type FollowUpWork = (
  entry: CommsEntry,
  previous: CommsEntry | undefined,
  sink: EventSink,
) => Promise<void>;

/**
 * The events and follow-up bookkeeping of a batch's committed writes (issue 7). Follow-ups of different
 * phones run side by side, one phone's in call order, so a batch of ended calls waits about one round trip
 * for them instead of one per call; every write's events (`recorded`/`updated`, then its follow-up events)
 * are held back and emitted in call order by {@link BatchReports.flush}, exactly as if the calls had been
 * written one by one.
 */
export class BatchReports {
  #pending: Array<{ events: Emitted[]; done: Promise<void> }> = [];
  readonly #phones = new Map<string, Promise<void>>();

  constructor(
    private readonly events: EventEmitter<CommsLogEvents>,
    private readonly followUps: FollowUpWork | undefined,
  ) {}

  /**
   * Reports a committed write: its event now (held back), its follow-up bookkeeping started, or reported
   * from `followUps` when the store applied the write's follow-up step with it.
   */
  add(entry: CommsEntry, previous: CommsEntry | undefined, followUps?: FollowUpChanges): void {
    const events: Emitted[] = [previous ? ['updated', entry, previous] : ['recorded', entry]];
    const sink = {
      emit: ((...e: Emitted) => {
        events.push(e);
        return true;
      }) as EventSink['emit'],
    };
    if (followUps) {
      reportFollowUps(sink, followUps);
      this.#pending.push({ events, done: Promise.resolve() });
      return;
    }
    // Follow-ups concern calls with a phone; each phone's bookkeeping waits for the one before it.
    const phone = entry.channel === 'call' ? entry.counterpart.phone : undefined;
    const work = this.followUps;
    let done = Promise.resolve();
    if (work && phone !== undefined) {
      done = (this.#phones.get(phone) ?? done).then(() => work(entry, previous, sink));
      this.#phones.set(phone, done);
    }
    this.#pending.push({ events, done });
  }

  /** Waits for the bookkeeping started so far, then emits every held-back event in call order. */
  async flush(): Promise<void> {
    const pending = this.#pending;
    this.#pending = [];
    this.#phones.clear();
    await Promise.all(pending.map((p) => p.done));
    const emit = this.events.emit as (...e: unknown[]) => boolean;
    for (const p of pending) for (const e of p.events) emit.apply(this.events, e);
  }
}
