import { EventEmitter } from 'eventemitter3';
import type { YeastarEvent } from '../decode/events.js';
import {
  type CallTrackerOptions,
  callTrackerOptionsSchema,
  type ResolvedCallTrackerOptions,
  resolveOptions,
} from '../options.js';
import type { YeastarPSeriesClient } from '../p-series/client.js';
import type { YeastarSSeriesClient } from '../s-series/client.js';
import { TrackerCore, type TrackerOutput } from './reducer.js';
import type { CallAnsweredEvent, CallRingingEvent, YeastarCallRecord } from './types.js';

/** Events of {@link CallTracker}. */
export interface CallTrackerEvents {
  /** Extensions started ringing: drives the screen pop. */
  callRinging: [event: CallRingingEvent];
  /** A callee answered (once per answering party: a transfer target answers too). */
  callAnswered: [event: CallAnsweredEvent];
  /** The call is over and its CDRs have settled: the final record. */
  callEnded: [record: YeastarCallRecord];
}

/**
 * What {@link CallTracker.attach} listens to: a {@link YeastarPSeriesClient} or {@link YeastarSSeriesClient}
 * (`event`, `dialed`, and `disconnected` when the source has it).
 */
export interface CallTrackerSource {
  /** Subscribes to one of the source's events. */
  on(event: 'event' | 'dialed' | 'disconnected', fn: (...args: unknown[]) => void): unknown;
  /** Unsubscribes. */
  off(event: 'event' | 'dialed' | 'disconnected', fn: (...args: unknown[]) => void): unknown;
}

/** Timer functions; a `FakeClock` from the testing entry point fits. */
export interface TrackerScheduler {
  /** Schedules `fn` after `ms`. */
  setTimeout(fn: () => void, ms: number): unknown;
  /** Cancels a timer. */
  clearTimeout(handle: never): void;
}

/**
 * Builds call records from decoded events (30011 state snapshots, 30012 CDRs, 30013/30014/30015/30016) of
 * P-Series or S-Series PBXs, and emits `callRinging` (screen pop), `callAnswered` and `callEnded`.
 * A call ends once every member has left and its CDRs have settled (`settleMs`): one call id may produce
 * several CDRs, and the record lists them all.
 *
 * @example
 * const tracker = new CallTracker({ pbx: 'main', timeZone: 'Europe/Athens' });
 * tracker.attach(client); // or client.on('event', (e) => tracker.push(e))
 * tracker.on('callRinging', (r) => screenPop(r.extensions, r.from.number));
 * tracker.on('callEnded', (record) => commsLog.upsert(record));
 */
export class CallTracker extends EventEmitter<CallTrackerEvents> {
  /** Validated options. */
  readonly options: ResolvedCallTrackerOptions;
  readonly #core: TrackerCore;
  readonly #now: () => number;
  readonly #scheduler: TrackerScheduler;
  #timer: unknown;
  #timerDue: number | undefined;

  /** Validates options (throws `YeastarConfigError`). */
  constructor(options: CallTrackerOptions & { scheduler?: TrackerScheduler }) {
    super();
    const { now, scheduler, ...rest } = options;
    this.options = resolveOptions(callTrackerOptionsSchema, rest, 'CallTracker');
    this.#now = now ?? Date.now;
    this.#scheduler = scheduler ?? {
      setTimeout: (fn, ms) => setTimeout(fn, ms).unref(),
      clearTimeout: (h) => clearTimeout(h),
    };
    this.#core = new TrackerCore(this.options);
  }

  /** Calls in progress. */
  get activeCalls(): number {
    return this.#core.size;
  }

  /** Feeds one decoded event (from `client.on('event')`, a webhook result or `decodeSSeriesReport`). */
  push(event: YeastarEvent): void {
    this.#emit(this.#core.push(event, this.#now()));
    this.#arm();
  }

  /** Tells the tracker a click-to-call was placed, so the caller's own ringing is not a screen pop. */
  noteDial(callId: string, caller: string): void {
    this.#core.noteDial(callId, caller, this.#now());
  }

  /** Marks calls in progress as `incomplete` (the event connection dropped; events may be lost). */
  noteGap(): void {
    this.#core.noteGap();
  }

  /** Wires the tracker to a client's `event`, `dialed` and `disconnected`; returns the unsubscribe function. */
  attach(source: CallTrackerSource): () => void {
    const onEvent = (e: YeastarEvent) => this.push(e);
    const onDialed = (c: { callId: string; caller: string }) => this.noteDial(c.callId, c.caller);
    const onGap = () => this.noteGap();
    const listeners = [
      ['event', onEvent],
      ['dialed', onDialed],
      ['disconnected', onGap],
    ] as unknown as Array<['event' | 'dialed' | 'disconnected', (...args: unknown[]) => void]>;
    for (const [name, fn] of listeners) source.on(name, fn);
    return () => {
      for (const [name, fn] of listeners) source.off(name, fn);
    };
  }

  /** Ends calls whose deadline passed (runs by itself on the scheduler; call it after moving a fake clock). */
  tick(): void {
    this.#timerDue = undefined;
    this.#emit(this.#core.tick(this.#now()));
    this.#arm();
  }

  /** Ends every call now and returns the records (also emitted as `callEnded`); use on shutdown. */
  flush(): YeastarCallRecord[] {
    const out = this.#core.flush(this.#now());
    this.#emit(out);
    return out.flatMap((o) => (o.type === 'callEnded' ? [o.record] : []));
  }

  /** Stops the timer (calls in progress are kept; call `flush()` first to get them). */
  close(): void {
    if (this.#timer !== undefined) this.#scheduler.clearTimeout(this.#timer as never);
    this.#timer = undefined;
    this.#timerDue = undefined;
  }

  #emit(outputs: TrackerOutput[]): void {
    for (const o of outputs) {
      if (o.type === 'callRinging') this.emit('callRinging', o.event);
      else if (o.type === 'callAnswered') this.emit('callAnswered', o.event);
      else this.emit('callEnded', o.record);
    }
  }

  #arm(): void {
    const due = this.#core.nextDeadline();
    if (due === undefined || due === this.#timerDue) return;
    if (this.#timer !== undefined) this.#scheduler.clearTimeout(this.#timer as never);
    this.#timerDue = due;
    this.#timer = this.#scheduler.setTimeout(() => this.tick(), Math.max(0, due - this.#now()));
  }
}
