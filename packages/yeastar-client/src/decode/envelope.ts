import { z } from 'zod';
import type { SkippedEvent, YeastarEvent } from './events.js';
import {
  agentAutoPauseMsg,
  agentStatusMsg,
  callFailedMsg,
  callMembersMsg,
  callTransferMsg,
  extensionCallStatusMsg,
  extensionPresenceMsg,
  extensionRegistrationMsg,
  newCdrMsg,
  noHostConferenceMsg,
  recordingDownloadMsg,
  satisfactionMsg,
  systemEventMsg,
  trunkRegistrationMsg,
  uacstaMsg,
} from './p-series-schemas.js';
import { parseJson, parseTolerantJson } from './tolerant-json.js';

/** Outcome of decoding one payload: an event, or a skip with its reason (never a throw). */
export type DecodeResult =
  | {
      /** Decoded. */
      ok: true;
      /** The event. */
      event: YeastarEvent;
    }
  | {
      /** Not decoded. */
      ok: false;
      /** Why, with the raw input. */
      skipped: SkippedEvent;
    };

/** Reads `{ type, sn, msg }` by hand: this runs for every frame, and a zod object here costs more than the rest. */
function readEnvelope(value: unknown): { type: number; sn: string | undefined; msg: unknown } | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object';
  const v = value as { type?: unknown; sn?: unknown; msg?: unknown };
  const type =
    typeof v.type === 'number'
      ? v.type
      : typeof v.type === 'string' && v.type.trim() !== ''
        ? Number(v.type)
        : Number.NaN;
  if (!Number.isInteger(type)) return '`type` is not an integer event id';
  const sn = v.sn === undefined || v.sn === null ? undefined : String(v.sn);
  return { type, sn, msg: v.msg };
}

type Builder = (msg: unknown, sn: string | undefined) => YeastarEvent | string;

/** Pairs a `msg` schema with the event it makes; built once per event id, not per event. */
function build<S extends z.ZodType>(
  schema: S,
  make: (m: z.output<S>, sn: string | undefined) => YeastarEvent,
): Builder {
  return (msg, sn) => {
    const r = schema.safeParse(msg);
    return r.success ? make(r.data, sn) : z.prettifyError(r.error).replace(/\n/g, '; ');
  };
}

const P = 'p-series' as const;

/** Event id → decoder of its `msg`. Call events carry `callId` + normalised members at top level. */
const builders = new Map<number, Builder>([
  [
    30011,
    build(callMembersMsg, (m, sn) => ({
      kind: 'callStateChanged',
      type: 30011,
      sn,
      source: P,
      callId: m.call_id,
      members: m.members,
    })),
  ],
  [
    30012,
    build(newCdrMsg, (cdr, sn) => ({ kind: 'newCdr', type: 30012, sn, source: P, callId: cdr.callId, cdr })),
  ],
  [
    30013,
    build(callTransferMsg, (m, sn) => ({
      kind: 'callTransfer',
      type: 30013,
      sn,
      source: P,
      callId: m.call_id,
      members: m.members,
      transferType: m.type,
    })),
  ],
  [
    30014,
    build(callMembersMsg, (m, sn) => ({
      kind: 'callForward',
      type: 30014,
      sn,
      source: P,
      callId: m.call_id,
      members: m.members,
    })),
  ],
  [
    30015,
    build(callFailedMsg, (m, sn) => ({
      kind: 'callFailed',
      type: 30015,
      sn,
      source: P,
      callId: m.call_id,
      members: m.members,
      reason: m.reason,
    })),
  ],
  [
    30016,
    build(callMembersMsg, (m, sn) => ({
      kind: 'inboundCallInvitation',
      type: 30016,
      sn,
      source: P,
      callId: m.call_id,
      members: m.members,
    })),
  ],
  [
    30007,
    build(extensionRegistrationMsg, (msg, sn) => ({
      kind: 'extensionRegistration',
      type: 30007,
      sn,
      source: P,
      msg,
    })),
  ],
  [
    30008,
    build(extensionCallStatusMsg, (msg, sn) => ({
      kind: 'extensionCallStatus',
      type: 30008,
      sn,
      source: P,
      msg,
    })),
  ],
  [
    30009,
    build(extensionPresenceMsg, (msg, sn) => ({
      kind: 'extensionPresence',
      type: 30009,
      sn,
      source: P,
      msg,
    })),
  ],
  [
    30010,
    build(trunkRegistrationMsg, (msg, sn) => ({
      kind: 'trunkRegistration',
      type: 30010,
      sn,
      source: P,
      msg,
    })),
  ],
  [
    30019,
    build(satisfactionMsg, (msg, sn) => ({ kind: 'satisfactionSurvey', type: 30019, sn, source: P, msg })),
  ],
  [30020, build(uacstaMsg, (msg, sn) => ({ kind: 'uacstaCall', type: 30020, sn, source: P, msg }))],
  [
    30024,
    build(noHostConferenceMsg, (msg, sn) => ({ kind: 'noHostConference', type: 30024, sn, source: P, msg })),
  ],
  [
    30025,
    build(agentAutoPauseMsg, (msg, sn) => ({ kind: 'agentAutoPause', type: 30025, sn, source: P, msg })),
  ],
  [30029, build(agentStatusMsg, (msg, sn) => ({ kind: 'agentStatus', type: 30029, sn, source: P, msg }))],
  [
    30033,
    build(recordingDownloadMsg, (msg, sn) => ({
      kind: 'recordingDownloaded',
      type: 30033,
      sn,
      source: P,
      msg,
    })),
  ],
  ...([30034, 30035, 30036] as const).map((type): [number, Builder] => [
    type,
    build(systemEventMsg, (msg, sn) => ({ kind: 'systemEvent', type, sn, source: P, msg })),
  ]),
]);

/** The P-Series event ids this version decodes into typed events (others pass through as `unknown`). */
export const KNOWN_P_SERIES_EVENT_TYPES: readonly number[] = [...builders.keys()].sort();

/**
 * Decodes a P-Series event envelope `{ type, sn, msg }` that is already a JS value. `msg` may be a JSON
 * string (most events) or an object (30025, 30029, 30033, 30034–30036): both are accepted (research §1.7).
 * Unknown `type`s come back as `kind: 'unknown'` events; malformed input comes back as a skip with a reason.
 */
export function decodeEnvelope(value: unknown): DecodeResult {
  const env = readEnvelope(value);
  if (typeof env === 'string')
    return { ok: false, skipped: { reason: `not an event envelope: ${env}`, raw: value } };
  const { type, sn } = env;
  let msg = env.msg;
  if (typeof msg === 'string') {
    try {
      msg = parseJson(msg);
    } catch (error) {
      const builder = builders.get(type);
      if (!builder) return { ok: true, event: { kind: 'unknown', type, sn, source: P, msg: env.msg } };
      return {
        ok: false,
        skipped: {
          reason: `${type} msg is not valid JSON: ${(error as Error).message}`,
          raw: value,
          type,
          ...(sn ? { sn } : {}),
        },
      };
    }
  }
  const builder = builders.get(type);
  if (!builder) return { ok: true, event: { kind: 'unknown', type, sn, source: P, msg } };
  const out = builder(msg, sn);
  if (typeof out === 'string') {
    return {
      ok: false,
      skipped: {
        reason: `${type} msg does not match the schema: ${out}`,
        raw: value,
        type,
        ...(sn ? { sn } : {}),
      },
    };
  }
  return { ok: true, event: out };
}

/** Decodes a P-Series event from raw text or bytes (a webhook body, a WebSocket text frame). */
export function decodeEventText(body: string | Uint8Array): DecodeResult {
  const text =
    typeof body === 'string'
      ? body
      : Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
  let value: unknown;
  try {
    value = parseJson(text);
  } catch (error) {
    return { ok: false, skipped: { reason: `body is not JSON: ${(error as Error).message}`, raw: text } };
  }
  return decodeEnvelope(value);
}

/** What one WebSocket text frame from the PBX turned out to be. */
export type FrameResult =
  | {
      /** The plain-text `heartbeat response`. */
      kind: 'heartbeat';
    }
  | {
      /** A `{errcode, errmsg}` frame: subscribe ack (0) or a server message such as 10004 TOKEN EXPIRED. */
      kind: 'control';
      /** `errcode`. */
      errcode: number;
      /** `errmsg`. */
      errmsg: string;
    }
  | {
      /** An event envelope. */
      kind: 'event';
      /** The decoded event. */
      event: YeastarEvent;
    }
  | {
      /** A frame that could not be decoded. */
      kind: 'skipped';
      /** Why, with the raw frame. */
      skipped: SkippedEvent;
    };

/**
 * Classifies a P-Series WebSocket text frame: the plain-text `heartbeat response` (never JSON, may come
 * first or at any time), a control frame `{errcode, errmsg}` (subscribe ack, `10004 TOKEN EXPIRED` pushed
 * over the open socket), or an event envelope.
 */
export function decodeFrame(text: string): FrameResult {
  const t = text.trim();
  if (t === 'heartbeat response' || t === 'heartbeat') return { kind: 'heartbeat' };
  if (t.includes('"errcode"') && !t.includes('"type"')) {
    try {
      const v = parseTolerantJson(t) as { errcode?: unknown; errmsg?: unknown };
      if (v && typeof v === 'object' && v.errcode !== undefined) {
        return { kind: 'control', errcode: Number(v.errcode), errmsg: String(v.errmsg ?? '') };
      }
    } catch {
      // fall through: decodeEventText reports it with a reason
    }
  }
  const r = decodeEventText(text);
  return r.ok ? { kind: 'event', event: r.event } : { kind: 'skipped', skipped: r.skipped };
}
