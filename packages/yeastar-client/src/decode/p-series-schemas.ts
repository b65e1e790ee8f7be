import { z } from 'zod';
import { optText, seconds, text } from './fields.js';
import type { CallMember, Cdr } from './types.js';

// Every schema is loose: unknown fields are kept (newer firmware adds fields, e.g. uid / call_note_id).

const status = z.preprocess((v) => (typeof v === 'string' ? v.trim().toUpperCase() : v), z.string());

const extensionMember = z.looseObject({
  number: text,
  channel_id: optText,
  member_status: status,
  call_path: optText,
});
const trunkMember = z.looseObject({
  from: optText,
  to: optText,
  trunk_name: optText,
  channel_id: optText,
  member_status: status,
  call_path: optText,
});

/** A 30011/30013/30014/30015/30016 member: exactly one of `extension`, `inbound`, `outbound`. */
export const pMemberSchema = z
  // One object with three optional keys instead of a union: a union would build (costly) errors for every
  // branch that does not match, on every member of every event.
  .looseObject({
    extension: extensionMember.optional(),
    inbound: trunkMember.optional(),
    outbound: trunkMember.optional(),
  })
  .check((ctx) => {
    const m = ctx.value;
    const n = (m.extension ? 1 : 0) + (m.inbound ? 1 : 0) + (m.outbound ? 1 : 0);
    if (n !== 1)
      ctx.issues.push({
        code: 'custom',
        message: 'a member has exactly one of extension, inbound, outbound',
        input: m,
      });
  })
  .transform((m): CallMember => {
    if (m.extension) {
      const e = m.extension;
      return {
        kind: 'extension',
        number: e.number,
        channelId: e.channel_id,
        status: e.member_status,
        callPath: e.call_path,
      };
    }
    const kind = m.inbound ? 'inbound' : 'outbound';
    const t = (m.inbound ?? m.outbound) as z.output<typeof trunkMember>;
    return {
      kind,
      from: t.from,
      to: t.to,
      trunk: t.trunk_name,
      channelId: t.channel_id,
      status: t.member_status,
      callPath: t.call_path,
    };
  });

const MEMBER_KINDS = ['extension', 'inbound', 'outbound'];
// `null` (observed on 30015) is no members; a member of a kind this version does not know (newer firmware)
// is left out rather than failing the whole event.
const members = z.preprocess(
  (v) =>
    v === null || v === undefined
      ? []
      : Array.isArray(v)
        ? v.filter((m) => typeof m !== 'object' || m === null || MEMBER_KINDS.some((k) => k in m))
        : v,
  z.array(pMemberSchema),
);

/** 30011 Call State Changed, also 30013 transfer, 30014 forward and 30016 inbound invitation. */
export const callMembersMsg = z.looseObject({ call_id: text, members });
/** 30013 Call Transfer: like 30011, `type` (blind/attended) when present. */
export const callTransferMsg = z.looseObject({ call_id: text, type: optText, members });
/** 30015 Call Failed: `members` may be `null` (observed). */
export const callFailedMsg = z.looseObject({ call_id: text, reason: optText, members });

/** Normalises a CDR status: doc misspellings `ANSWERD`, S-Series `NO ANSWERED`. */
export function normaliseCdrStatus(raw: string): string {
  const s = raw.trim().toUpperCase().replace(/\s+/g, ' ');
  if (s === 'ANSWERD') return 'ANSWERED';
  if (s === 'NO ANSWERED' || s === 'NOANSWER') return 'NO ANSWER';
  return s;
}

/** 30012 New CDR `msg`. */
export const newCdrMsg = z
  .looseObject({
    call_id: text,
    time_start: text,
    call_from: optText,
    call_to: optText,
    call_duration: seconds,
    talk_duration: seconds,
    src_trunk_name: optText,
    dst_trunk_name: optText,
    pin_code: optText,
    status: text,
    type: optText,
    recording: optText,
    did_number: optText,
    agent_ring_time: seconds,
    uid: optText,
  })
  .transform(
    (m): Cdr => ({
      callId: m.call_id,
      ...(m.uid ? { uid: m.uid } : {}),
      timeStart: m.time_start,
      from: m.call_from,
      to: m.call_to,
      callDuration: m.call_duration,
      talkDuration: m.talk_duration,
      srcTrunk: m.src_trunk_name,
      dstTrunk: m.dst_trunk_name,
      status: normaliseCdrStatus(m.status),
      type: m.type.toLowerCase(),
      recording: m.recording,
      did: m.did_number,
      agentRingTime: m.agent_ring_time,
      pinCode: m.pin_code,
    }),
  );

/** 30007 Extension Registration Status Changed. */
export const extensionRegistrationMsg = z.looseObject({
  extension: text,
  kind: optText,
  status: text,
  registered_ip: optText,
});
/** 30008 Extension Call Status Changed (`Ringing` / `Busy` / `Idle`). */
export const extensionCallStatusMsg = z.looseObject({ extension: text, status: text });
/** 30009 Extension Presence Status Changed. */
export const extensionPresenceMsg = z.looseObject({ extension: text, status: text });
/** 30010 Trunk Registration Status Changed; `status` is an integer code. */
export const trunkRegistrationMsg = z.looseObject({
  trunk_name: text,
  kind: optText,
  status: z.coerce.number(),
});
/** 30019 Satisfaction Survey. */
export const satisfactionMsg = z.looseObject({ call_id: text, survey_result: text });
/** 30020 uaCSTA Call Report (`call_id` is the uaCSTA id, not the PBX call id). */
export const uacstaMsg = z.looseObject({
  operation: text,
  extension: text,
  call_id: text,
  ip_address: optText,
});
/** 30024 No host in audio conference. */
export const noHostConferenceMsg = z.looseObject({ conference_id: text, host_num: text });
/** 30025 Agent Auto Pause (documented with `msg` as an object and no `sn`). */
export const agentAutoPauseMsg = z.looseObject({
  queue_number: text,
  agent_number: text,
  calls: z.preprocess((v) => v ?? [], z.array(z.looseObject({ caller_number: optText, call_id: text }))),
});
/** 30029 Agent Status Changed. */
export const agentStatusMsg = z.looseObject({
  queue_number: text,
  agent_number: text,
  status: text,
  reason: optText,
});
/** 30033 Recording Download Completed. */
export const recordingDownloadMsg = z.looseObject({
  key: optText,
  result: text,
  file: optText,
  download_resource_url: optText,
  error: optText,
});
/** 30034 / 30035 / 30036 system event notifications. */
export const systemEventMsg = z.looseObject({
  event_name: text,
  event_type: optText,
  event_level: optText,
  event_content: optText,
  create_time: optText,
});
