/** Which side of a call a member is on (P-Series `members[]` key, S-Series `ext` mapped to `extension`). */
export type CallMemberKind = 'extension' | 'inbound' | 'outbound';

/**
 * Known member states (research §1.8): `ALERT` caller hearing ringback, `RING` callee ringing, `ANSWERED`
 * the caller's call was answered, `ANSWER` the callee answered, `HOLD`, `BYE`, `EARLYMEDIA` (outbound 183).
 * Other strings pass through unchanged.
 */
export type MemberStatus =
  | 'ALERT'
  | 'RING'
  | 'ANSWERED'
  | 'ANSWER'
  | 'HOLD'
  | 'BYE'
  | 'EARLYMEDIA'
  | (string & {});

/** One member of a call state snapshot, normalised from P-Series snake_case or S-Series concatenated names. */
export interface CallMember {
  /** `extension`, `inbound` (trunk caller) or `outbound` (trunk callee). */
  kind: CallMemberKind;
  /** Extension number (extension members). */
  number?: string;
  /** Caller number (trunk members). */
  from?: string;
  /** Called number (trunk members). */
  to?: string;
  /** Trunk name (trunk members). */
  trunk?: string;
  /** Channel id, e.g. `PJSIP/1005-00000023`: what hangup/hold/transfer need. */
  channelId: string;
  /** Member state; upper-cased. */
  status: MemberStatus;
  /** IVR / queue / ring group the call passed through (`""` when none). */
  callPath: string;
}

/** Direction written on a CDR (`type`, lower-cased: the wire capitalises, the doc table does not). */
export type CdrType = 'inbound' | 'outbound' | 'internal' | (string & {});

/** A CDR (P-Series 30012 or `cdr/list`, S-Series `NewCdr`), normalised: blanks are `""`, durations numbers. */
export interface Cdr {
  /** `call_id`: shared by every CDR of one call (not unique per CDR). */
  callId: string;
  /** `uid`, the CDR's own id on newer firmware. */
  uid?: string;
  /** `time_start` exactly as sent: PBX-local, no zone. */
  timeStart: string;
  /** Caller (`call_from`), raw: may be `Name<number>`. */
  from: string;
  /** Callee (`call_to`), raw. */
  to: string;
  /** Total seconds, ringing included (`call_duration`). */
  callDuration: number;
  /** Seconds talking (`talk_duration`); 0 when unanswered. */
  talkDuration: number;
  /** Source trunk (inbound). */
  srcTrunk: string;
  /** Destination trunk (outbound). */
  dstTrunk: string;
  /** Status upper-cased with doc misspellings fixed: `ANSWERED`, `NO ANSWER`, `BUSY`, `FAILED`, `VOICEMAIL`. */
  status: string;
  /** `type`, lower-cased. */
  type: CdrType;
  /** Recording file name, `""` when none. */
  recording: string;
  /** DID the call came in on, `""` when none. */
  did: string;
  /** Queue agent ring seconds. */
  agentRingTime: number;
  /** PIN code used, `""` when none. */
  pinCode: string;
}
