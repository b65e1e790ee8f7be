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
import { parseTolerantJson } from './tolerant-json.js';

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

const envelopeSchema = z.looseObject({
  type: z.coerce.number().int(),
  sn: z.preprocess((v) => (v === null || v === undefined ? undefined : String(v)), z.string().optional()),
  msg: z.unknown(),
});

type Builder = (msg: unknown, sn: string | undefined) => YeastarEvent | string;

function build<S extends z.ZodType>(
  schema: S,
  make: (m: z.output<S>) => YeastarEvent,
): (msg: unknown) => YeastarEvent | string {
  return (msg) => {
    const r = schema.safeParse(msg);
    return r.success ? make(r.data) : z.prettifyError(r.error).replace(/\n/g, '; ');
  };
}

const P = 'p-series' as const;

/** Event id → decoder of its `msg`. Call events carry `callId` + normalised members at top level. */
const builders = new Map<number, Builder>([
  [
    30011,
    (msg, sn) =>
      build(callMembersMsg, (m) => ({
        kind: 'callStateChanged',
        type: 30011,
        sn,
        source: P,
        callId: m.call_id,
        members: m.members,
      }))(msg),
  ],
  [
    30012,
    (msg, sn) =>
      build(newCdrMsg, (cdr) => ({ kind: 'newCdr', type: 30012, sn, source: P, callId: cdr.callId, cdr }))(
        msg,
      ),
  ],
  [
    30013,
    (msg, sn) =>
      build(callTransferMsg, (m) => ({
        kind: 'callTransfer',
        type: 30013,
        sn,
        source: P,
        callId: m.call_id,
        members: m.members,
        transferType: m.type,
      }))(msg),
  ],
  [
    30014,
    (msg, sn) =>
      build(callMembersMsg, (m) => ({
        kind: 'callForward',
        type: 30014,
        sn,
        source: P,
        callId: m.call_id,
        members: m.members,
      }))(msg),
  ],
  [
    30015,
    (msg, sn) =>
      build(callFailedMsg, (m) => ({
        kind: 'callFailed',
        type: 30015,
        sn,
        source: P,
        callId: m.call_id,
        members: m.members,
        reason: m.reason,
      }))(msg),
  ],
  [
    30016,
    (msg, sn) =>
      build(callMembersMsg, (m) => ({
        kind: 'inboundCallInvitation',
        type: 30016,
        sn,
        source: P,
        callId: m.call_id,
        members: m.members,
      }))(msg),
  ],
  [
    30007,
    (msg, sn) =>
      build(extensionRegistrationMsg, (m) => ({
        kind: 'extensionRegistration',
        type: 30007,
        sn,
        source: P,
        msg: m,
      }))(msg),
  ],
  [
    30008,
    (msg, sn) =>
      build(extensionCallStatusMsg, (m) => ({
        kind: 'extensionCallStatus',
        type: 30008,
        sn,
        source: P,
        msg: m,
      }))(msg),
  ],
  [
    30009,
    (msg, sn) =>
      build(extensionPresenceMsg, (m) => ({ kind: 'extensionPresence', type: 30009, sn, source: P, msg: m }))(
        msg,
      ),
  ],
  [
    30010,
    (msg, sn) =>
      build(trunkRegistrationMsg, (m) => ({ kind: 'trunkRegistration', type: 30010, sn, source: P, msg: m }))(
        msg,
      ),
  ],
  [
    30019,
    (msg, sn) =>
      build(satisfactionMsg, (m) => ({ kind: 'satisfactionSurvey', type: 30019, sn, source: P, msg: m }))(
        msg,
      ),
  ],
  [
    30020,
    (msg, sn) => build(uacstaMsg, (m) => ({ kind: 'uacstaCall', type: 30020, sn, source: P, msg: m }))(msg),
  ],
  [
    30024,
    (msg, sn) =>
      build(noHostConferenceMsg, (m) => ({ kind: 'noHostConference', type: 30024, sn, source: P, msg: m }))(
        msg,
      ),
  ],
  [
    30025,
    (msg, sn) =>
      build(agentAutoPauseMsg, (m) => ({ kind: 'agentAutoPause', type: 30025, sn, source: P, msg: m }))(msg),
  ],
  [
    30029,
    (msg, sn) =>
      build(agentStatusMsg, (m) => ({ kind: 'agentStatus', type: 30029, sn, source: P, msg: m }))(msg),
  ],
  [
    30033,
    (msg, sn) =>
      build(recordingDownloadMsg, (m) => ({
        kind: 'recordingDownloaded',
        type: 30033,
        sn,
        source: P,
        msg: m,
      }))(msg),
  ],
  ...([30034, 30035, 30036] as const).map((type): [number, Builder] => [
    type,
    (msg, sn) => build(systemEventMsg, (m) => ({ kind: 'systemEvent', type, sn, source: P, msg: m }))(msg),
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
  const env = envelopeSchema.safeParse(value);
  if (!env.success) {
    return {
      ok: false,
      skipped: {
        reason: `not an event envelope: ${z.prettifyError(env.error).replace(/\n/g, '; ')}`,
        raw: value,
      },
    };
  }
  const { type, sn } = env.data;
  let msg = env.data.msg;
  if (typeof msg === 'string') {
    try {
      msg = parseTolerantJson(msg);
    } catch (error) {
      const builder = builders.get(type);
      if (!builder) return { ok: true, event: { kind: 'unknown', type, sn, source: P, msg: env.data.msg } };
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
    value = JSON.parse(text);
  } catch {
    try {
      value = parseTolerantJson(text);
    } catch (error) {
      return { ok: false, skipped: { reason: `body is not JSON: ${(error as Error).message}`, raw: text } };
    }
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
