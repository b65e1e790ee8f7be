/** Which way a call went, seen from the PBX owner. */
export type CallDirection = 'inbound' | 'outbound' | 'internal';
/** How a call ended. */
export type CallDisposition = 'answered' | 'missed' | 'busy' | 'failed' | 'voicemail' | 'abandoned';

/** One side of a call. */
export interface CallParty {
  /** The number as the PBX saw it (verbatim; `''` when unknown). */
  number: string;
  /** Display name, when known. */
  name?: string;
}

/** One channel (dialed phone, trunk leg, queue member) of a call; Local channels are folded away. */
export interface CallLeg {
  /** Asterisk Uniqueid of the channel. */
  id: string;
  /** Internal extension, when this leg is one. */
  extension?: string;
  /** Number shown for this leg. */
  number?: string;
  /** Name shown for this leg. */
  name?: string;
  /** Channel name, e.g. `PJSIP/101-0000023a`. */
  channel?: string;
  /** When it started ringing. */
  ringingAt?: Date;
  /** When it answered. */
  answeredAt?: Date;
  /** When it hung up. */
  endedAt?: Date;
  /** This leg's own outcome. */
  disposition?: CallDisposition;
}

/** A transfer or forward during a call. */
export interface CallTransfer {
  /** Blind (BlindTransfer), attended (AttendedTransfer) or forward (Dial Forward). */
  kind: 'blind' | 'attended' | 'forward';
  /** When it happened. */
  at: Date;
  /** The party that was transferred away from. */
  from?: string;
  /** The new destination. */
  to: string;
  /** The extension that transferred. */
  by?: string;
}

/** One logical call (one Asterisk Linkedid), the shared pbxkit call record. */
export interface CallRecord {
  /** Always `asterisk` for this package. */
  source: 'asterisk' | 'yeastar';
  /** The connection / PBX the call came from. */
  pbx: string;
  /** Asterisk Linkedid of the call. */
  callId: string;
  /** Inbound, outbound or internal. */
  direction: CallDirection;
  /** Calling party. */
  from: CallParty;
  /** Called party (the DID for inbound calls, the dialed number for outbound). */
  to: CallParty;
  /** The internal party that rang or answered (inbound/internal) or placed the call (outbound). */
  extension?: string;
  /** Trunk endpoint used. */
  trunk?: string;
  /** Dialed inbound number (DID). */
  did?: string;
  /** First channel created (UTC). */
  startedAt: Date;
  /** Answered by the other party (UTC). */
  answeredAt?: Date;
  /** Last channel hung up (UTC). */
  endedAt?: Date;
  /** Seconds from start to answer (or to end when unanswered). */
  ringSeconds: number;
  /** Seconds from answer to end (hold included). */
  talkSeconds: number;
  /** Outcome. */
  disposition: CallDisposition;
  /** Recording file name, when the dialplan set one. */
  recording?: string;
  /** Per-channel legs. */
  legs: CallLeg[];
  /** Transfers, in order. */
  transfers: CallTransfer[];
  /** True when the call overlapped a connection gap or was evicted. */
  incomplete?: boolean;
}

/** Payload of `callRinging`: drives a screen pop. */
export interface CallRingingEvent {
  /** Linkedid. */
  callId: string;
  /** Connection tag. */
  pbx: string;
  /** Direction as known so far. */
  direction: CallDirection;
  /** Who calls. */
  caller: CallParty;
  /** Who is called (DID or dialed number). */
  to: CallParty;
  /** Extensions ringing now (grows for ring groups and queues). */
  extensions: string[];
  /** Inbound DID, when known. */
  did?: string;
  /** When the latest extension started ringing. */
  at: Date;
  /** Snapshot of the record so far. */
  record: CallRecord;
}

/** Payload of `callAnswered`. */
export interface CallAnsweredEvent {
  /** Linkedid. */
  callId: string;
  /** Connection tag. */
  pbx: string;
  /** Direction. */
  direction: CallDirection;
  /** The internal party involved. */
  extension?: string;
  /** When the other party answered. */
  at: Date;
  /** Snapshot of the record so far. */
  record: CallRecord;
}

/** Counters of a tracker. */
export interface CallTrackerStats {
  /** Calls in progress. */
  activeCalls: number;
  /** Channels tracked. */
  activeChannels: number;
  /** Records emitted. */
  ended: number;
  /** Calls evicted by `maxActiveCalls` or `callTtlMs` (emitted as incomplete). */
  evicted: number;
  /** Linkedid merges. */
  merged: number;
  /** Events processed. */
  events: number;
  /** Events ignored (unknown channel, irrelevant name). */
  ignored: number;
}
