import type { AmiError } from './errors.js';
import type { AmiEvent, AmiTypedEventListeners } from './events.js';

/** Connection state of an {@link AmiClient}. */
export type AmiClientState = 'idle' | 'connecting' | 'ready' | 'reconnecting' | 'closed';

/** Payload of `ready`. */
export interface AmiReadyInfo {
  /** The connection's tag. */
  source: string;
  /** AMI version from the greeting (`9.0.0` = Asterisk 20). */
  amiVersion: string;
}

/** Payload of `reconnected`. */
export interface AmiReconnectedInfo extends AmiReadyInfo {
  /** Time between losing the previous session and this login. */
  downtimeMs: number;
  /** Attempts it took. */
  attempts: number;
}

/** Counters of an {@link AmiClient}. */
export interface AmiClientStats {
  /** Bytes received over all sessions. */
  bytesIn: number;
  /** Events received (after the name filter). */
  eventsIn: number;
  /** Events dropped by the client-side name filter. */
  filtered: number;
  /** Events dropped by the queue's overflow policy. */
  dropped: number;
  /** Events waiting for dispatch now. */
  queued: number;
  /** Highest queue length seen. */
  queueHighWater: number;
  /** Frames the parser rejected. */
  parseErrors: number;
  /** Successful reconnects. */
  reconnects: number;
  /** Actions awaiting a reply now. */
  pendingActions: number;
}

/** Lifecycle events of {@link AmiClient} (see {@link AmiClientEvents}). */
export interface AmiClientLifecycleEvents {
  /** Logged in (first time); events flow. */
  ready: [info: AmiReadyInfo];
  /** Logged in again after a lost session; resync state now (the CallTracker does). */
  reconnected: [info: AmiReconnectedInfo];
  /** A session was lost; a reconnect follows unless closed or fatal. */
  disconnected: [cause: AmiError];
  /** Waiting `delayMs` before reconnect attempt `attempt`. */
  reconnecting: [attempt: number, delayMs: number, cause: AmiError];
  /** Closed for good (by `close()`, an auth failure, or exhausted reconnects). */
  close: [cause: AmiError | undefined];
  /** A background failure: parse error, queue overflow, failed reconnect, listener exception. */
  error: [error: AmiError];
  /** Wire-level trace with secrets redacted. */
  debug: [message: string];
  /** Every AMI event (typed union), tagged with its `source`. */
  event: [event: AmiEvent];
}

/** Events of {@link AmiClient}: lifecycle events plus one typed event per AMI event name (`Hangup`, …). */
export type AmiClientEvents = AmiClientLifecycleEvents & AmiTypedEventListeners;
