import type { CallMember, Cdr } from '../decode/types.js';
import type { CallTransfer } from './types.js';

/** One member of a call, as the tracker follows it. @internal */
export interface Leg {
  id: string;
  kind: CallMember['kind'];
  extension?: string;
  number?: string;
  channel?: string;
  ringingAt?: number;
  answeredAt?: number;
  endedAt?: number;
  callerSide: boolean;
}

/** Live state of one call. @internal */
export interface Call {
  key: string;
  pbx: string;
  callId: string;
  firstSeenAt: number;
  lastEventAt: number;
  legs: Map<string, Leg>;
  present: Set<string>;
  inbound?: CallMember;
  outbound?: CallMember;
  callerExtension?: string;
  calleeExtension?: string;
  /** Extension that placed a click-to-call (its own RING/ANSWER are not the callee's). */
  originator?: string;
  announced: Set<string>;
  answeredExtensions: Set<string>;
  answeredAt?: number;
  answeredBy?: string;
  liveEndedAt?: number;
  cdrs: Cdr[];
  failureReason?: string;
  transfers: CallTransfer[];
  incomplete: boolean;
  deadline?: number;
  /** Due time of this call's entry in the deadline heap (only an earlier due pushes a new entry). */
  scheduledDue?: number;
}

/** Key of a member's leg: its channel, else kind + number. */
export const legKey = (m: CallMember): string => m.channelId || `${m.kind}:${m.number ?? m.from ?? ''}`;
/** Statuses of the calling side (research §1.8): ALERT hears ringback, ANSWERED was answered. */
export const isCallerStatus = (s: string): boolean => s === 'ALERT' || s === 'ANSWERED';
