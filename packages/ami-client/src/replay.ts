import type { AmiProtocolError } from './errors.js';
import { AmiMessage } from './protocol/message.js';
import { AmiParser } from './protocol/parser.js';
import { CallTrackerCore, type CallTrackerCoreOptions, type TrackerOutput } from './tracker/core.js';
import { parseAsteriskTime } from './tracker/state.js';
import type { CallRecord } from './tracker/types.js';

/** Options of {@link replayAmi}. */
export interface ReplayOptions extends CallTrackerCoreOptions {
  /** Bytes per chunk fed to the parser (to exercise framing). @defaultValue 65536 */
  chunkSize?: number;
}

/** What {@link replayAmi} found. */
export interface ReplayResult {
  /** One record per call, in the order the calls ended. */
  records: CallRecord[];
  /** Every tracker output (callRinging, callAnswered, callEnded), in order. */
  outputs: TrackerOutput[];
  /** Every parsed message, with `receivedAt` reconstructed. */
  messages: AmiMessage[];
  /** Frames the parser rejected. */
  errors: AmiProtocolError[];
}

/**
 * Replay a recorded AMI byte stream (the `.rx.ami` format: banner, then frames) through the
 * parser and a CallTracker, and return the call records.
 *
 * Recordings carry no read times, so each event is timed by its `Timestamp` header
 * (`timestampevents=yes`) or, failing that, by the nearest following CEL `EventTime` (Asterisk
 * emits the CEL record right after the state change it describes) and then the last known time.
 *
 * @example
 * ```ts
 * const { records } = replayAmi(readFileSync('01_inbound_answered.rx.ami'), { profile: 'freepbx' });
 * ```
 */
export function replayAmi(bytes: Uint8Array, options: ReplayOptions = {}): ReplayResult {
  const parser = new AmiParser({
    expectBanner: bytes.length > 0 && Buffer.from(bytes.subarray(0, 8)).toString() === 'Asterisk',
  });
  const messages: AmiMessage[] = [];
  const errors: AmiProtocolError[] = [];
  const step = options.chunkSize ?? 65536;
  for (let i = 0; i < bytes.length; i += step) {
    for (const item of parser.push(bytes.subarray(i, i + step))) {
      if (item instanceof AmiMessage) messages.push(item);
      else errors.push(item);
    }
  }
  const own = messages.map((m) => ownTime(m, options.pbxUtcOffsetMinutes ?? 0));
  // Untimed events take the next CEL time of the same call (Linkedid), else the previous known time.
  const times: (number | undefined)[] = new Array(messages.length).fill(undefined);
  const nextByCall = new Map<string, number>();
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i] as AmiMessage;
    const t = own[i];
    const linkedid = m.get('Linkedid');
    if (t !== undefined) {
      if (linkedid !== undefined) nextByCall.set(linkedid, t);
      times[i] = t;
    } else if (linkedid !== undefined) {
      times[i] = nextByCall.get(linkedid);
    }
  }
  let last = 0;
  for (let i = 0; i < messages.length; i++) {
    const t = times[i];
    if (t === undefined || t < last) times[i] = last;
    else last = t;
  }
  const core = new CallTrackerCore(options);
  const outputs: TrackerOutput[] = [];
  messages.forEach((m, i) => {
    m.receivedAt = times[i] ?? 0;
    if (m.kind === 'event') outputs.push(...core.push(m, m.receivedAt));
  });
  outputs.push(...core.flush(last));
  const records = outputs.filter((o) => o.type === 'callEnded').map((o) => o.payload as CallRecord);
  return { records, outputs, messages, errors };
}

function ownTime(m: AmiMessage, offset: number): number | undefined {
  if (m.kind !== 'event') return undefined;
  const ts = m.get('Timestamp');
  if (ts !== undefined) return parseAsteriskTime(ts);
  if (m.name === 'CEL') return parseAsteriskTime(m.get('EventTime'), offset);
  return undefined;
}
