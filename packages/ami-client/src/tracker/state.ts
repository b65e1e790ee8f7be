import type { ChannelIdentity, EndpointKind } from './profile.js';
import type { CallTransfer } from './types.js';

/** Tracker-internal state of one channel. */
export interface ChanState {
  uniqueid: string;
  name: string;
  id: ChannelIdentity;
  kind: EndpointKind;
  callId: string;
  linkedid: string;
  createdAt: number;
  firstContext: string;
  firstExten: string;
  firstCidNum: string;
  firstCidName: string;
  ringingAt: number | undefined;
  answeredAt: number | undefined;
  hungupAt: number | undefined;
  cause: string | undefined;
  dialStatus: string | undefined;
  originated: boolean;
}

/** Tracker-internal state of one call (one Linkedid, after merges). */
export interface CallState {
  id: string;
  rootId: string;
  channels: Set<string>;
  startedAt: number;
  lastActivity: number;
  did: string | undefined;
  dialed: string | undefined;
  recording: string | undefined;
  originated: boolean;
  voicemail: boolean;
  abandoned: boolean;
  incomplete: boolean;
  answeredEmitted: boolean;
  ringing: Set<string>;
  transfers: CallTransfer[];
  closeAt: number | undefined;
}

/** Names of events the tracker looks at; everything else is skipped cheaply. */
export const TRACKED_EVENTS: ReadonlySet<string> = new Set([
  'Newchannel',
  'Newstate',
  'NewCallerid',
  'Newexten',
  'DialBegin',
  'DialEnd',
  'BridgeEnter',
  'Hangup',
  'VarSet',
  'BlindTransfer',
  'AttendedTransfer',
  'QueueCallerAbandon',
  'Cdr',
]);

const UNKNOWN = new Set(['<unknown>', '']);

/** Normalize `<unknown>`/empty to undefined. */
export function known(v: string | undefined): string | undefined {
  return v === undefined || UNKNOWN.has(v) ? undefined : v;
}

/** Parse an Asterisk time: `epoch.usec` or `YYYY-MM-DD HH:MM:SS` (PBX local time, offset given). */
export function parseAsteriskTime(v: string | undefined, offsetMinutes = 0): number | undefined {
  if (v === undefined || v === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(\.\d+)?$/.exec(v);
  if (!m) return undefined;
  const utc = Date.UTC(
    +(m[1] as string),
    +(m[2] as string) - 1,
    +(m[3] as string),
    +(m[4] as string),
    +(m[5] as string),
    +(m[6] as string),
  );
  return utc + Math.round(Number(m[7] ?? 0) * 1000) - offsetMinutes * 60_000;
}
