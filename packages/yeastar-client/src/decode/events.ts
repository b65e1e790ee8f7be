import type { z } from 'zod';
import type {
  agentAutoPauseMsg,
  agentStatusMsg,
  extensionCallStatusMsg,
  extensionPresenceMsg,
  extensionRegistrationMsg,
  noHostConferenceMsg,
  recordingDownloadMsg,
  satisfactionMsg,
  systemEventMsg,
  trunkRegistrationMsg,
  uacstaMsg,
} from './p-series-schemas.js';
import type { CallMember, Cdr } from './types.js';

/** Fields every decoded event has. */
export interface EventBase<K extends string, T extends number> {
  /** Event name (the discriminant). */
  kind: K;
  /** Yeastar event id (`type`), e.g. 30011; S-Series reports get the P-Series id of their equivalent. */
  type: T;
  /** PBX serial number (`sn`); `undefined` when the PBX left it out (30025). */
  sn: string | undefined;
  /** Which product line the event came from. */
  source: 'p-series' | 's-series';
}

/** Events that belong to one call. */
export interface CallEventBase<K extends string, T extends number> extends EventBase<K, T> {
  /** `call_id`. */
  callId: string;
  /** Members, normalised (empty when the PBX sent `null`). */
  members: CallMember[];
}

/** 30011 Call State Changed: a snapshot of the members still in the call. */
export type CallStateChangedEvent = CallEventBase<'callStateChanged', 30011>;
/** 30013 Call Transfer. */
export interface CallTransferEvent extends CallEventBase<'callTransfer', 30013> {
  /** Transfer type when the PBX says (`blind` / `attended`), else `""`. */
  transferType: string;
}
/** 30014 Call Forward. */
export type CallForwardEvent = CallEventBase<'callForward', 30014>;
/** 30015 Call Failed. */
export interface CallFailedEvent extends CallEventBase<'callFailed', 30015> {
  /** Failure reason as sent, e.g. `486 Busy here`, `487 Request Terminated`, `NO Outbound Restrictin`. */
  reason: string;
}
/** 30016 Inbound Call Invitation (trunks with Control Inbound Call). */
export type InboundCallInvitationEvent = CallEventBase<'inboundCallInvitation', 30016>;
/** 30012 New CDR. */
export interface NewCdrEvent extends EventBase<'newCdr', 30012> {
  /** `call_id`. */
  callId: string;
  /** The CDR, normalised. */
  cdr: Cdr;
}

type Msg<S extends z.ZodType> = z.output<S>;
/** An event whose payload is the validated `msg` (unknown fields kept). */
export interface MsgEvent<K extends string, T extends number, M> extends EventBase<K, T> {
  /** The decoded `msg`, blanks trimmed. */
  msg: M;
}

/** 30007 Extension Registration Status Changed. */
export type ExtensionRegistrationEvent = MsgEvent<'extensionRegistration', 30007, Msg<typeof extensionRegistrationMsg>>;
/** 30008 Extension Call Status Changed. */
export type ExtensionCallStatusEvent = MsgEvent<'extensionCallStatus', 30008, Msg<typeof extensionCallStatusMsg>>;
/** 30009 Extension Presence Status Changed. */
export type ExtensionPresenceEvent = MsgEvent<'extensionPresence', 30009, Msg<typeof extensionPresenceMsg>>;
/** 30010 Trunk Registration Status Changed. */
export type TrunkRegistrationEvent = MsgEvent<'trunkRegistration', 30010, Msg<typeof trunkRegistrationMsg>>;
/** 30019 Satisfaction Survey. */
export type SatisfactionSurveyEvent = MsgEvent<'satisfactionSurvey', 30019, Msg<typeof satisfactionMsg>>;
/** 30020 uaCSTA Call Report. */
export type UacstaCallEvent = MsgEvent<'uacstaCall', 30020, Msg<typeof uacstaMsg>>;
/** 30024 No host in audio conference. */
export type NoHostConferenceEvent = MsgEvent<'noHostConference', 30024, Msg<typeof noHostConferenceMsg>>;
/** 30025 Agent Auto Pause. */
export type AgentAutoPauseEvent = MsgEvent<'agentAutoPause', 30025, Msg<typeof agentAutoPauseMsg>>;
/** 30029 Agent Status Changed. */
export type AgentStatusEvent = MsgEvent<'agentStatus', 30029, Msg<typeof agentStatusMsg>>;
/** 30033 Recording Download Completed. */
export type RecordingDownloadedEvent = MsgEvent<'recordingDownloaded', 30033, Msg<typeof recordingDownloadMsg>>;
/** 30034 / 30035 / 30036 system event notification. */
export type SystemNotificationEvent = MsgEvent<'systemEvent', 30034 | 30035 | 30036, Msg<typeof systemEventMsg>>;

/** An event type this version does not model: passed through, never thrown away. */
export interface UnknownEvent extends EventBase<'unknown', number> {
  /** The `msg`, parsed from JSON when it was a string (the raw string when it was not JSON). */
  msg: unknown;
  /** For S-Series: the report's `event` / `action` name. */
  name?: string;
}

/** S-Series reports with no P-Series equivalent (BootUp, v1 `Invite`, …) still reach the stream. */
export interface SSeriesBootUpEvent extends EventBase<'bootUp', 0> {}

/** Every decoded event: discriminate on `kind`. */
export type YeastarEvent =
  | CallStateChangedEvent
  | NewCdrEvent
  | CallTransferEvent
  | CallForwardEvent
  | CallFailedEvent
  | InboundCallInvitationEvent
  | ExtensionRegistrationEvent
  | ExtensionCallStatusEvent
  | ExtensionPresenceEvent
  | TrunkRegistrationEvent
  | SatisfactionSurveyEvent
  | UacstaCallEvent
  | NoHostConferenceEvent
  | AgentAutoPauseEvent
  | AgentStatusEvent
  | RecordingDownloadedEvent
  | SystemNotificationEvent
  | SSeriesBootUpEvent
  | UnknownEvent;

/** An event that could not be decoded: the reason and the raw input, so nothing is silently lost. */
export interface SkippedEvent {
  /** Why it was skipped, e.g. `msg is not valid JSON`, `30011 msg does not match the schema: …`. */
  reason: string;
  /** The raw input (text or parsed value). */
  raw: unknown;
  /** Event id, when it could be read. */
  type?: number;
  /** PBX serial, when it could be read. */
  sn?: string;
}
