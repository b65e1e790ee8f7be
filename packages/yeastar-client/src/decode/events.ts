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

/** An event whose payload is the validated `msg` (unknown fields kept). */
export interface MsgEvent<K extends string, T extends number, M> extends EventBase<K, T> {
  /** The decoded `msg`, blanks trimmed. */
  msg: M;
}

/** Fields a newer firmware adds are kept on every `msg`. */
export interface OpenFields {
  /** Fields this version does not model. */
  [field: string]: unknown;
}

/** 30007 `msg`. */
export interface ExtensionRegistrationMsg extends OpenFields {
  /** Extension number. */
  extension: string;
  /** Client kind: `Sip`, `Mobile`, `Desktop`, `Web`, `Pad`. */
  kind: string;
  /** `Registered` or `Unregistered`. */
  status: string;
  /** Registered IP. */
  registered_ip: string;
}
/** 30008 / 30009 `msg`. */
export interface ExtensionStatusMsg extends OpenFields {
  /** Extension number. */
  extension: string;
  /** 30008: `Ringing`, `Busy`, `Idle`; 30009: presence such as `business_trip`. */
  status: string;
}
/** 30010 `msg`. */
export interface TrunkRegistrationMsg extends OpenFields {
  /** Trunk name. */
  trunk_name: string;
  /** Trunk kind, e.g. `PJSIP`. */
  kind: string;
  /** Integer status code (0 unknown, 1 idle, 2 busy, …). */
  status: number;
}
/** 30019 `msg`. */
export interface SatisfactionMsg extends OpenFields {
  /** `call_id`. */
  call_id: string;
  /** DTMF key pressed. */
  survey_result: string;
}
/** 30020 `msg`. */
export interface UacstaMsg extends OpenFields {
  /** `call_start`, `call_answer`, `call_over`. */
  operation: string;
  /** Extension. */
  extension: string;
  /** The uaCSTA call id (not the PBX call id). */
  call_id: string;
  /** Phone address. */
  ip_address: string;
}
/** 30024 `msg`. */
export interface NoHostConferenceMsg extends OpenFields {
  /** Conference id. */
  conference_id: string;
  /** Host number. */
  host_num: string;
}
/** One call of a 30025 `msg`. */
export interface AgentPausedCall extends OpenFields {
  /** Caller number. */
  caller_number: string;
  /** `call_id`. */
  call_id: string;
}
/** 30025 `msg`. */
export interface AgentAutoPauseMsg extends OpenFields {
  /** Queue. */
  queue_number: string;
  /** Agent extension. */
  agent_number: string;
  /** Calls the agent missed. */
  calls: AgentPausedCall[];
}
/** 30029 `msg`. */
export interface AgentStatusMsg extends OpenFields {
  /** Queue. */
  queue_number: string;
  /** Agent extension. */
  agent_number: string;
  /** New status, e.g. `Paused`. */
  status: string;
  /** Pause reason. */
  reason: string;
}
/** 30033 `msg`. */
export interface RecordingDownloadMsg extends OpenFields {
  /** Request key. */
  key: string;
  /** `success` / `failure`. */
  result: string;
  /** File name. */
  file: string;
  /** Relative URL, valid 30 minutes. */
  download_resource_url: string;
  /** Error text. */
  error: string;
}
/** 30034–30036 `msg`. */
export interface SystemEventMsg extends OpenFields {
  /** Event name, e.g. `sip_trunk_disconnect`. */
  event_name: string;
  /** Category. */
  event_type: string;
  /** `info`, `warn`, `error`. */
  event_level: string;
  /** Human-readable text. */
  event_content: string;
  /** PBX-local `YYYY/MM/DD HH:mm:ss`. */
  create_time: string;
}

/** 30007 Extension Registration Status Changed. */
export type ExtensionRegistrationEvent = MsgEvent<'extensionRegistration', 30007, ExtensionRegistrationMsg>;
/** 30008 Extension Call Status Changed. */
export type ExtensionCallStatusEvent = MsgEvent<'extensionCallStatus', 30008, ExtensionStatusMsg>;
/** 30009 Extension Presence Status Changed. */
export type ExtensionPresenceEvent = MsgEvent<'extensionPresence', 30009, ExtensionStatusMsg>;
/** 30010 Trunk Registration Status Changed. */
export type TrunkRegistrationEvent = MsgEvent<'trunkRegistration', 30010, TrunkRegistrationMsg>;
/** 30019 Satisfaction Survey. */
export type SatisfactionSurveyEvent = MsgEvent<'satisfactionSurvey', 30019, SatisfactionMsg>;
/** 30020 uaCSTA Call Report. */
export type UacstaCallEvent = MsgEvent<'uacstaCall', 30020, UacstaMsg>;
/** 30024 No host in audio conference. */
export type NoHostConferenceEvent = MsgEvent<'noHostConference', 30024, NoHostConferenceMsg>;
/** 30025 Agent Auto Pause. */
export type AgentAutoPauseEvent = MsgEvent<'agentAutoPause', 30025, AgentAutoPauseMsg>;
/** 30029 Agent Status Changed. */
export type AgentStatusEvent = MsgEvent<'agentStatus', 30029, AgentStatusMsg>;
/** 30033 Recording Download Completed. */
export type RecordingDownloadedEvent = MsgEvent<'recordingDownloaded', 30033, RecordingDownloadMsg>;
/** 30034 / 30035 / 30036 system event notification. */
export type SystemNotificationEvent = MsgEvent<'systemEvent', 30034 | 30035 | 30036, SystemEventMsg>;

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
