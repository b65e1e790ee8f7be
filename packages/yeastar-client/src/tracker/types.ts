import type { Cdr } from '../decode/types.js';

/** Direction of a call, from configuration and members, never guessed from channel names. */
export type CallDirection = 'inbound' | 'outbound' | 'internal';
/** Final outcome of a call. */
export type CallDisposition = 'answered' | 'missed' | 'busy' | 'failed' | 'voicemail' | 'abandoned';

/** A party of a call. */
export interface CallParty {
  /** Number as the PBX gave it (extension, external number). */
  number: string;
  /** Display name, when known. */
  name?: string;
}

/** One member / channel of a call. */
export interface CallLeg {
  /** Channel id, or a CDR uid when built from CDRs only. */
  id: string;
  /** Extension of the leg, when it is an extension. */
  extension?: string;
  /** External number of the leg, when it is a trunk leg. */
  number?: string;
  /** Display name. */
  name?: string;
  /** Channel id. */
  channel?: string;
  /** When it started ringing. */
  ringingAt?: Date;
  /** When it answered. */
  answeredAt?: Date;
  /** When it left the call. */
  endedAt?: Date;
  /** Outcome of this leg. */
  disposition?: CallDisposition;
}

/** A transfer or forward during a call. */
export interface CallTransfer {
  /** Blind or attended transfer (30013), or forward (30014). */
  kind: 'blind' | 'attended' | 'forward';
  /** When it happened. */
  at: Date;
  /** Extension the call moved away from. */
  from?: string;
  /** Extension or number the call moved to. */
  to: string;
  /** Who made it, when known. */
  by?: string;
}

/** The shared call record (DESIGN.md): one per call, not per channel or CDR. */
export interface CallRecord {
  /** Always `yeastar` here. */
  source: 'asterisk' | 'yeastar';
  /** PBX serial (`sn`) or the configured connection name. */
  pbx: string;
  /** Yeastar `call_id`. */
  callId: string;
  /** Direction. */
  direction: CallDirection;
  /** Caller. */
  from: CallParty;
  /** Callee (the dialled number or extension). */
  to: CallParty;
  /** The internal party that answered, or rang last, or placed the call. */
  extension?: string;
  /** Trunk used. */
  trunk?: string;
  /** DID the call came in on. */
  did?: string;
  /** Start (UTC). */
  startedAt: Date;
  /** Answer (UTC). */
  answeredAt?: Date;
  /** End (UTC). */
  endedAt?: Date;
  /** Seconds from start to answer (or to the end when unanswered). */
  ringSeconds: number;
  /** Seconds talking: the CDRs' `talk_duration`, never the total duration. */
  talkSeconds: number;
  /** Outcome. */
  disposition: CallDisposition;
  /** Recording file name (fetch with `downloadRecording`). */
  recording?: string;
  /** Members of the call. */
  legs: CallLeg[];
  /** Transfers and forwards. */
  transfers: CallTransfer[];
  /** True when the call overlapped a connection gap (events may be missing). */
  incomplete?: boolean;
}

/** A Yeastar call record: the shared shape plus the CDRs it was built from. */
export interface YeastarCallRecord extends CallRecord {
  /** Every CDR of this call id (forwards and transfers produce several), in time order. */
  cdrs: Cdr[];
  /** 30015 failure reason, e.g. `486 Busy here`, `487 Request Terminated`. */
  failureReason?: string;
}

/** Payload of `callRinging`: drives the screen pop. */
export interface CallRingingEvent {
  /** PBX serial or connection name. */
  pbx: string;
  /** `call_id`. */
  callId: string;
  /** Direction as known so far. */
  direction: CallDirection;
  /** Every extension ringing now. */
  extensions: string[];
  /** Extensions that started ringing with this event (ring groups ring several, one after another). */
  newExtensions: string[];
  /** Who calls. */
  from: CallParty;
  /** What was dialled. */
  to: CallParty;
  /** Trunk, for trunk calls. */
  trunk?: string;
  /** When. */
  at: Date;
}

/** Payload of `callAnswered`. */
export interface CallAnsweredEvent {
  /** PBX serial or connection name. */
  pbx: string;
  /** `call_id`. */
  callId: string;
  /** Direction as known so far. */
  direction: CallDirection;
  /** Extension that answered (inbound / internal), or the calling extension (outbound). */
  extension?: string;
  /** Who called. */
  from: CallParty;
  /** Who was called. */
  to: CallParty;
  /** When. */
  at: Date;
}
