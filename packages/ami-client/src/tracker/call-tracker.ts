import { EventEmitter } from 'eventemitter3';
import type { AmiClient } from '../ami-client.js';
import { AmiError } from '../errors.js';
import type { AmiMessage } from '../protocol/message.js';
import { CallTrackerCore, type CallTrackerCoreOptions, type TrackerOutput } from './core.js';
import type { CallAnsweredEvent, CallRecord, CallRingingEvent, CallTrackerStats } from './types.js';

/** Options of {@link CallTracker}. */
export interface CallTrackerOptions extends CallTrackerCoreOptions {
  /**
   * How often the tracker checks end-grace and TTL timers, in ms.
   * @defaultValue 1000
   */
  tickMs?: number;
  /** Clock for the timer tick (epoch ms). @defaultValue Date.now */
  now?: () => number;
}

/** Events of {@link CallTracker}. */
export interface CallTrackerEvents {
  /** Extensions started ringing: drives a screen pop (emitted again when more extensions ring). */
  callRinging: [event: CallRingingEvent];
  /** The other party answered. */
  callAnswered: [event: CallAnsweredEvent];
  /** The call is over: the final record. */
  callEnded: [record: CallRecord];
  /** A background failure (resync after reconnect failed). */
  error: [error: AmiError];
}

/**
 * Turns AMI events into one {@link CallRecord} per call. Feed it with {@link CallTracker.push} or
 * {@link CallTracker.attach} it to an {@link AmiClient}: then it also marks calls that overlapped
 * a reconnect `incomplete` and resyncs from `CoreShowChannels`.
 *
 * @example
 * ```ts
 * const tracker = new CallTracker({ pbx: 'main-pbx', profile: 'freepbx' });
 * tracker.attach(client);
 * tracker.on('callRinging', (e) => screenPop(e.extensions, e.caller.number));
 * tracker.on('callEnded', (record) => saveCall(record));
 * ```
 */
export class CallTracker extends EventEmitter<CallTrackerEvents> {
  readonly #core: CallTrackerCore;
  readonly #tickMs: number;
  readonly #now: () => number;
  #timer: ReturnType<typeof setInterval> | undefined;
  #detach: (() => void) | undefined;

  /** Create a tracker (no timers run until the first event). */
  constructor(options: CallTrackerOptions = {}) {
    super();
    this.#core = new CallTrackerCore(options);
    this.#tickMs = options.tickMs ?? 1000;
    this.#now = options.now ?? Date.now;
  }

  /** Counters (active calls and channels, ended, evicted, merged, events). */
  get stats(): CallTrackerStats {
    return this.#core.stats;
  }

  /** Snapshots of the calls in progress. */
  active(): CallRecord[] {
    return this.#core.active(this.#now());
  }

  /** Feed one event. Events of other kinds are ignored. */
  push(event: AmiMessage): void {
    this.#emitAll(this.#core.push(event));
    this.#ensureTimer();
  }

  /**
   * Follow a client: every event is pushed; on `disconnected` active calls are marked incomplete;
   * on `reconnected` the tracker resyncs from `CoreShowChannels`. Returns a detach function.
   */
  attach(client: AmiClient): () => void {
    this.#detach?.();
    const onEvent = (e: AmiMessage): void => this.push(e);
    const onLost = (): void => this.#core.markGap();
    const onBack = (): void => {
      client.coreShowChannels().then(
        (items) => this.#emitAll(this.#core.resync(items, this.#now())),
        (err: unknown) =>
          this.emit(
            'error',
            AmiError.isInstance(err) ? err : new AmiError(String(err), 'action_failed', { cause: err }),
          ),
      );
    };
    client.on('event', onEvent);
    client.on('disconnected', onLost);
    client.on('reconnected', onBack);
    this.#detach = () => {
      client.off('event', onEvent);
      client.off('disconnected', onLost);
      client.off('reconnected', onBack);
      this.#detach = undefined;
    };
    return this.#detach;
  }

  /** Mark active calls incomplete (a gap in the event stream you know of). */
  markGap(): void {
    this.#core.markGap();
  }

  /** Resync from `CoreShowChannels` items (what `attach` does after a reconnect). */
  resync(channels: readonly AmiMessage[]): void {
    this.#emitAll(this.#core.resync(channels, this.#now()));
  }

  /** End every active call now (marked incomplete) and emit their records. */
  flush(): void {
    this.#emitAll(this.#core.flush(this.#now()));
  }

  /** Stop timers and detach from the client. Active calls are kept (call `flush` to emit them). */
  close(): void {
    this.#detach?.();
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  #ensureTimer(): void {
    if (this.#timer !== undefined || this.#core.stats.activeCalls === 0) return;
    this.#timer = setInterval(() => {
      this.#emitAll(this.#core.advance(this.#now()));
      if (this.#core.stats.activeCalls === 0) {
        clearInterval(this.#timer);
        this.#timer = undefined;
      }
    }, this.#tickMs);
    this.#timer.unref?.();
  }

  #emitAll(outputs: TrackerOutput[]): void {
    for (const o of outputs) {
      if (o.type === 'callRinging') this.emit('callRinging', o.payload);
      else if (o.type === 'callAnswered') this.emit('callAnswered', o.payload);
      else this.emit('callEnded', o.payload);
    }
  }
}
