import { z } from 'zod';
import type { DecodeResult } from '../decode/envelope.js';
import type { YeastarEvent } from '../decode/events.js';
import { optText, seconds, text } from '../decode/fields.js';
import { normaliseCdrStatus } from '../decode/p-series-schemas.js';
import { parseTolerantJson } from '../decode/tolerant-json.js';
import type { CallMember, Cdr } from '../decode/types.js';

const S = 's-series' as const;

/** A report already parsed into an object. */
export type SSeriesReport = Record<string, unknown>;
type Obj = SSeriesReport;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string =>
  typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '';
/** Format 1.0.0 repeats keys (`"ext"` twice): the tolerant reader turns them into arrays. */
const many = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : isObj(v) ? [v] : []);

const cdrSchema = z
  .looseObject({
    callid: text,
    timestart: text,
    callfrom: optText,
    callto: optText,
    // S-Series spellings kept as the PBX sends them (`callduraction`, `dsttrcunkname`); durations are strings.
    callduraction: seconds,
    talkduraction: seconds,
    srctrunkname: optText,
    dsttrcunkname: optText,
    desttrunkname: optText,
    pincode: optText,
    status: text,
    type: optText,
    recording: optText,
    didnumber: optText,
    agentringtime: seconds,
  })
  .transform(
    (m): Cdr => ({
      callId: m.callid,
      timeStart: m.timestart,
      from: m.callfrom,
      to: m.callto,
      callDuration: m.callduraction,
      talkDuration: m.talkduraction,
      srcTrunk: m.srctrunkname,
      dstTrunk: m.dsttrcunkname || m.desttrunkname,
      status: normaliseCdrStatus(m.status),
      type: m.type.toLowerCase(),
      recording: m.recording,
      did: m.didnumber,
      agentRingTime: m.agentringtime,
      pinCode: m.pincode,
    }),
  );

/** v2 `members[]` entries and v1 `ext`/`inbound`/`outbound` objects → normalised members. */
function membersOf(report: Obj, fallbackStatus: string): CallMember[] {
  const out: CallMember[] = [];
  const push = (kind: 'ext' | 'inbound' | 'outbound', o: Obj) => {
    const status = (str(o.memberstatus) || fallbackStatus).toUpperCase();
    const callPath = str(o.callpath);
    if (kind === 'ext') {
      out.push({
        kind: 'extension',
        number: str(o.number) || str(o.extid),
        channelId: str(o.channelid),
        status,
        callPath,
      });
    } else {
      out.push({
        kind: kind === 'inbound' ? 'inbound' : 'outbound',
        from: str(o.from),
        to: str(o.to),
        trunk: str(o.trunkname) || str(o.trunk),
        channelId: str(o.channelid) || str(o.inboundid) || str(o.outboundid),
        status,
        callPath,
      });
    }
  };
  const collect = (holder: Obj) => {
    for (const key of ['inbound', 'outbound', 'ext'] as const)
      for (const o of many(holder[key])) push(key, o);
  };
  if (Array.isArray(report.members)) for (const m of many(report.members)) collect(m);
  else if (Array.isArray(report.call)) for (const m of many(report.call)) collect(m);
  else collect(report);
  return out;
}

function skip(reason: string, raw: unknown, sn?: string): DecodeResult {
  return { ok: false, skipped: { reason, raw, ...(sn ? { sn } : {}) } };
}

/**
 * Decodes one S-Series report (API v1 format 1.0.0 keyed by `action`, 1.0.2 with `call:[…]` arrays, or
 * v2.0.0 keyed by `event`) into the same events as the P-Series: `CallStatus`/`RING`/`ANSWER`/… become
 * `callStateChanged` (30011), `NewCdr` → `newCdr` (30012), `CallFailed` → 30015, `Tranfer` (sic) → 30013,
 * `Forward` → 30014, `Invite`/`Incoming` → 30016, `ExtensionStatus` → 30008 or 30007, `BootUp` → `bootUp`.
 * The text goes through the tolerant reader (repeated `ext` keys, trailing commas, string durations).
 */
export function decodeSSeriesReport(body: string | Uint8Array | SSeriesReport): DecodeResult {
  let report: unknown = body;
  if (typeof body === 'string' || body instanceof Uint8Array) {
    const textBody = typeof body === 'string' ? body : Buffer.from(body).toString('utf8');
    try {
      report = parseTolerantJson(textBody);
    } catch (error) {
      return skip(`report is not JSON: ${(error as Error).message}`, textBody);
    }
  }
  if (!isObj(report)) return skip('report is not a JSON object', report);
  const sn = str(report.sn) || undefined;
  const name = str(report.event) || str(report.action);
  const callId = str(report.callid);
  const event = (e: YeastarEvent): DecodeResult => ({ ok: true, event: e });
  switch (name.toLowerCase()) {
    case 'callstatus':
    case 'ring':
    case 'alert':
    case 'answer':
    case 'answered':
    case 'bye':
    case 'hold':
    case 'unhold':
    case 'ringing': {
      if (!callId) return skip(`${name} report without callid`, report, sn);
      const status =
        name.toLowerCase() === 'callstatus'
          ? ''
          : name.toUpperCase() === 'RINGING'
            ? 'RING'
            : name.toUpperCase();
      return event({
        kind: 'callStateChanged',
        type: 30011,
        sn,
        source: S,
        callId,
        members: membersOf(report, status),
      });
    }
    case 'newcdr': {
      const r = cdrSchema.safeParse(report);
      if (!r.success)
        return skip(
          `NewCdr does not match the schema: ${z.prettifyError(r.error).replace(/\n/g, '; ')}`,
          report,
          sn,
        );
      return event({ kind: 'newCdr', type: 30012, sn, source: S, callId: r.data.callId, cdr: r.data });
    }
    case 'callfailed':
      if (!callId) return skip('CallFailed report without callid', report, sn);
      return event({
        kind: 'callFailed',
        type: 30015,
        sn,
        source: S,
        callId,
        members: membersOf(report, ''),
        reason: str(report.reason),
      });
    case 'tranfer':
    case 'transfer':
      return event({
        kind: 'callTransfer',
        type: 30013,
        sn,
        source: S,
        callId,
        members: membersOf(report, ''),
        transferType: '',
      });
    case 'forward':
      return event({
        kind: 'callForward',
        type: 30014,
        sn,
        source: S,
        callId,
        members: membersOf(report, ''),
      });
    case 'invite':
    case 'incoming':
      return event({
        kind: 'inboundCallInvitation',
        type: 30016,
        sn,
        source: S,
        callId,
        members: membersOf(report, 'ALERT'),
      });
    case 'extensionstatus': {
      const status = str(report.status);
      const extension = str(report.extension);
      if (/^(ringing|busy|idle)$/i.test(status)) {
        return event({ kind: 'extensionCallStatus', type: 30008, sn, source: S, msg: { extension, status } });
      }
      return event({
        kind: 'extensionRegistration',
        type: 30007,
        sn,
        source: S,
        msg: { extension, status, kind: '', registered_ip: str(report.registeredIP) },
      });
    }
    case 'bootup':
      return event({ kind: 'bootUp', type: 0, sn, source: S });
    case 'satisfaction':
      return event({
        kind: 'satisfactionSurvey',
        type: 30019,
        sn,
        source: S,
        msg: { call_id: callId, survey_result: str(report.surveyresult) },
      });
    case 'uacstacall':
      return event({
        kind: 'uacstaCall',
        type: 30020,
        sn,
        source: S,
        msg: {
          operation: str(report.operation),
          extension: str(report.extnumber),
          call_id: str(report.cstacallid),
          ip_address: str(report.ipaddress),
        },
      });
    default:
      if (!name) return skip('report has neither `event` nor `action`', report, sn);
      return event({ kind: 'unknown', type: 0, sn, source: S, msg: report, name });
  }
}
