import type { CallerLookup } from '@pbxkit/caller-lookup';
import { normalizePhone } from '@pbxkit/caller-lookup';
import { type CallRecord, type CommsLog, CommsLogError, callEntryFromRecord } from '@pbxkit/comms-log';
import type { LiveHub, ScreenPop } from '../live.js';
import type { UserRepository } from '../store/users.js';
import { backoff, retryWhileRetryable } from './retry.js';

/**
 * Waits between attempts to write a call record while the store is unreachable: 0.25 s doubling to 30 s,
 * about 8 minutes in all. The PBX announces a call's end once; nothing redelivers it.
 */
export const CALL_WRITE_RETRY_DELAYS_MS = backoff(250, 30_000, 20);

/** The tracker events the server uses; the AMI and Yeastar trackers both fit (shared vocabulary). */
export interface TrackerLike {
  on(event: 'callRinging', listener: (e: RingingLike) => void): unknown;
  on(
    event: 'callAnswered',
    listener: (e: { callId: string; pbx: string; extension?: string }) => void,
  ): unknown;
  on(event: 'callEnded', listener: (record: CallRecord) => void): unknown;
}

/** The ringing payload of either tracker (AMI has `caller`, Yeastar `from`). */
export interface RingingLike {
  callId: string;
  pbx: string;
  direction: string;
  extensions: string[];
  caller?: { number: string; name?: string };
  from?: { number: string; name?: string };
  at: Date;
}

/** What call ingestion needs. */
export interface CallIngestDeps {
  log: CommsLog;
  lookup: CallerLookup;
  users: UserRepository;
  live: LiveHub;
  defaultRegion: string;
  lookupDeadlineMs: number;
  /** False on a standby instance in cluster mode: only the lock holder pops and records. */
  isActive: () => boolean;
  onError: (error: unknown, what: string) => void;
  /** Stops retrying call writes (server shutdown). */
  signal?: AbortSignal;
  /** Waits between attempts of a call write that failed retryably. @defaultValue {@link CALL_WRITE_RETRY_DELAYS_MS} */
  retryDelaysMs?: readonly number[];
}

/** Counters for /status. */
export interface CallIngestStats {
  ringing: number;
  screenPops: number;
  ended: number;
  recorded: number;
  /** Call writes tried again after a retryable store failure (an outage). */
  retried: number;
  /** Call writes given up: not retryable, retried for too long, or the server shut down. */
  failed: number;
}

/**
 * Wires a call tracker into the server: `callRinging` → caller lookup (deadline) → screen pop to the users
 * of the ringing extensions; `callEnded` → one comms-log call entry keyed by PBX + call id (Linkedid or
 * Yeastar call_id), so replays and failover duplicates land on the same entry.
 */
export function ingestCalls(
  tracker: TrackerLike,
  source: 'asterisk' | 'yeastar',
  deps: CallIngestDeps,
): CallIngestStats {
  const stats: CallIngestStats = {
    ringing: 0,
    screenPops: 0,
    ended: 0,
    recorded: 0,
    retried: 0,
    failed: 0,
  };
  const toE164 = (raw: string) => {
    const n = normalizePhone(raw, { defaultRegion: deps.defaultRegion });
    if (n.kind === 'e164') return n.e164;
    return n.kind === 'extension' ? raw : undefined;
  };

  tracker.on('callRinging', (event) => {
    if (!deps.isActive()) return;
    stats.ringing++;
    screenPop(event, source, deps)
      .then((sent) => {
        if (sent) stats.screenPops++;
      })
      .catch((error) => deps.onError(error, 'screen pop'));
  });
  tracker.on('callAnswered', (e) => {
    if (!deps.isActive()) return;
    deps.live.broadcast({
      type: 'call',
      data: {
        phase: 'answered',
        callId: e.callId,
        pbx: e.pbx,
        ...(e.extension ? { extension: e.extension } : {}),
      },
    });
  });
  tracker.on('callEnded', (record) => {
    if (!deps.isActive()) return;
    stats.ended++;
    deps.live.broadcast({
      type: 'call',
      data: {
        phase: 'ended',
        callId: record.callId,
        pbx: record.pbx,
        ...(record.extension ? { extension: record.extension } : {}),
      },
    });
    const what = `call ${record.pbx}/${record.callId}`;
    const entry = callEntryFromRecord(record, { toE164 });
    // A database restart or failover must not lose the call: the write is idempotent, so try it again.
    retryWhileRetryable(() => deps.log.record(entry), {
      isRetryable: (e) => CommsLogError.isInstance(e) && e.isRetryable,
      delaysMs: deps.retryDelaysMs ?? CALL_WRITE_RETRY_DELAYS_MS,
      ...(deps.signal ? { signal: deps.signal } : {}),
      onRetry: (error, attempt, delayMs) => {
        stats.retried++;
        deps.onError(error, `${what} (attempt ${attempt}; again in ${delayMs} ms)`);
      },
    })
      .then(() => stats.recorded++)
      .catch((error) => {
        stats.failed++;
        deps.onError(error, what);
      });
  });
  return stats;
}

async function screenPop(
  event: RingingLike,
  source: 'asterisk' | 'yeastar',
  deps: CallIngestDeps,
): Promise<boolean> {
  // Outbound calls ring the caller's own phone: no pop for that.
  if (event.direction === 'outbound') return false;
  const users = await deps.users.byExtensions(event.extensions);
  if (users.length === 0) return false;
  const party = event.caller ?? event.from ?? { number: '' };
  const result = await deps.lookup.lookup(party.number, { deadlineMs: deps.lookupDeadlineMs });
  const match = result.status === 'hit' ? result.match : undefined;
  const pop: ScreenPop = {
    callId: event.callId,
    pbx: event.pbx,
    source,
    direction: event.direction,
    number: party.number,
    ...(result.phone.e164 ? { e164: result.phone.e164 } : {}),
    ...(party.name ? { callerName: party.name } : {}),
    lookup: result.status,
    ...(match?.contactId && match.name
      ? {
          customer: {
            id: match.contactId,
            name: match.name,
            ...(match.company ? { company: match.company } : {}),
          },
        }
      : {}),
    extensions: event.extensions,
    at: event.at.toISOString(),
  };
  deps.live.toUsers(
    users.map((u) => u.username),
    { type: 'screenPop', data: pop },
  );
  return true;
}
