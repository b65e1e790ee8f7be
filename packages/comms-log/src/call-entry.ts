import type {
  CallDirection,
  CallDisposition,
  CallLeg,
  CallStatus,
  CallTransfer,
  Counterpart,
  RecordInput,
} from './types.js';

/** One party of a call (shared vocabulary). */
export interface CallParty {
  /** The number as the PBX gave it. */
  number: string;
  /** The caller-ID name. */
  name?: string;
}

/**
 * The call record the AMI and Yeastar call trackers emit (shared vocabulary, DESIGN.md). Declared here again
 * on purpose: no pbxkit package imports another.
 */
export interface CallRecord {
  /** Which tracker produced it. */
  source: 'asterisk' | 'yeastar';
  /** The connection / PBX serial the call came from. */
  pbx: string;
  /** Asterisk Linkedid, Yeastar call_id. */
  callId: string;
  /** Which way the call went. */
  direction: CallDirection;
  /** The caller. */
  from: CallParty;
  /** The callee. */
  to: CallParty;
  /** Our extension that rang or answered. */
  extension?: string;
  /** The trunk. */
  trunk?: string;
  /** The DID dialled. */
  did?: string;
  /** When the call started (UTC). */
  startedAt: Date;
  /** When it was answered. */
  answeredAt?: Date;
  /** When it ended. */
  endedAt?: Date;
  /** Seconds it rang. */
  ringSeconds: number;
  /** Seconds of conversation. */
  talkSeconds: number;
  /** How it ended. */
  disposition: CallDisposition;
  /** The recording reference. */
  recording?: string;
  /** Per-channel or member legs. */
  legs: CallLeg[];
  /** Transfers. */
  transfers: CallTransfer[];
  /** The call overlapped a connection gap. */
  incomplete?: boolean;
}

/** Options of {@link callEntryFromRecord}. */
export interface CallEntryOptions {
  /** Turns a raw number into E.164 (e.g. caller-lookup's normaliser); undefined drops it. @defaultValue keep E.164 and short dialable numbers */
  toE164?: (number: string) => string | undefined;
  /** The status to record: the disposition for a final record, `ringing` / `ongoing` for live updates. @defaultValue `record.disposition` */
  status?: CallStatus;
}

const DIALABLE = /^(\+[1-9]\d{1,14}|[0-9*#]{1,15})$/;

/**
 * The `record` input for a tracker's call record: keyed by `(record.source, "<pbx>/<callId>")` so the same
 * Linkedid seen from two PBXs never collides, while every replay or failover duplicate of one call lands on
 * one entry. The counterpart is the caller for inbound calls and the callee otherwise.
 *
 * @example
 * ```ts
 * tracker.on('callEnded', (record) => log.record(callEntryFromRecord(record)));
 * ```
 */
export function callEntryFromRecord(record: CallRecord, options: CallEntryOptions = {}): RecordInput {
  const party = record.direction === 'inbound' ? record.from : record.to;
  const counterpart: Counterpart = {};
  const raw = party.number.trim();
  const phone = options.toE164 ? options.toE164(raw) : DIALABLE.test(raw) ? raw : undefined;
  if (phone !== undefined) counterpart.phone = phone;
  if (party.name) counterpart.name = party.name;
  const data: Record<string, unknown> = {
    pbx: record.pbx,
    ringSeconds: record.ringSeconds,
    talkSeconds: record.talkSeconds,
    legs: record.legs,
    transfers: record.transfers,
  };
  for (const key of [
    'extension',
    'trunk',
    'did',
    'answeredAt',
    'endedAt',
    'recording',
    'incomplete',
  ] as const) {
    if (record[key] !== undefined) data[key] = record[key];
  }
  return {
    source: record.source,
    externalId: `${record.pbx}/${record.callId}`,
    channel: 'call',
    direction: record.direction,
    occurredAt: record.startedAt,
    counterpart,
    status: options.status ?? record.disposition,
    data,
  };
}
