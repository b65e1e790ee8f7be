import { parsePbxTime } from '../decode/pbx-time.js';
import type { Cdr } from '../decode/types.js';
import { parseParty } from './party.js';
import type { Call } from './state.js';
import type { CallDirection, CallDisposition, CallLeg, CallParty, YeastarCallRecord } from './types.js';

export function sameCdr(a: Cdr, b: Cdr): boolean {
  if (a.uid && b.uid) return a.uid === b.uid;
  return (
    a.timeStart === b.timeStart &&
    a.from === b.from &&
    a.to === b.to &&
    a.status === b.status &&
    a.callDuration === b.callDuration
  );
}

export function directionOf(call: Pick<Call, 'inbound' | 'outbound' | 'cdrs'>): CallDirection {
  if (call.inbound) return 'inbound';
  if (call.outbound) return 'outbound';
  if (call.cdrs.some((c) => c.type === 'inbound')) return 'inbound';
  if (call.cdrs.some((c) => c.type === 'outbound') && !call.cdrs.some((c) => c.type === 'internal'))
    return 'outbound';
  return 'internal';
}

const RANK: CallDisposition[] = ['answered', 'voicemail', 'missed', 'busy', 'failed'];
function cdrDisposition(status: string): CallDisposition {
  switch (status) {
    case 'ANSWERED':
      return 'answered';
    case 'VOICEMAIL':
      return 'voicemail';
    case 'BUSY':
      return 'busy';
    case 'FAILED':
      return 'failed';
    case 'ABANDONED':
      return 'abandoned';
    default:
      return 'missed';
  }
}

function liveDisposition(call: Call): CallDisposition {
  if (call.answeredAt !== undefined) return 'answered';
  const r = call.failureReason ?? '';
  if (/486|busy/i.test(r)) return 'busy';
  if (r === '' || /487|terminated|cancel/i.test(r)) return 'missed';
  return 'failed';
}

const seconds = (ms: number) => Math.max(0, Math.round(ms / 1000));

/** Builds the final record from live state and CDRs (CDRs are the source of truth for durations). */
export function buildRecord(call: Call, timeZone: string, now: number): YeastarCallRecord {
  const cdrs = [...call.cdrs].sort((a, b) => a.timeStart.localeCompare(b.timeStart));
  const first = cdrs[0];
  const direction = directionOf(call);
  const cdrStart = cdrs
    .map((c) => parsePbxTime(c.timeStart, timeZone)?.getTime())
    .filter((t): t is number => t !== undefined);
  const live = call.legs.size > 0;
  const startedAt = live ? call.firstSeenAt : (cdrStart[0] ?? call.firstSeenAt);
  const answeredCdrs = cdrs.filter((c) => c.status === 'ANSWERED');
  const dispositions = cdrs.map((c) => cdrDisposition(c.status));
  const disposition: CallDisposition =
    cdrs.length === 0
      ? liveDisposition(call)
      : (RANK.find((d) => dispositions.includes(d)) ?? dispositions[0] ?? 'missed');
  const talkSeconds =
    cdrs.length > 0
      ? answeredCdrs.reduce((sum, c) => sum + c.talkDuration, 0)
      : call.answeredAt !== undefined
        ? seconds((call.liveEndedAt ?? now) - call.answeredAt)
        : 0;
  // Outbound: the call is answered when the far end answers, never when the caller's leg shows ANSWERED.
  let answeredAt = call.answeredAt;
  if (answeredAt === undefined && answeredCdrs[0]) {
    const s = parsePbxTime(answeredCdrs[0].timeStart, timeZone)?.getTime();
    if (s !== undefined)
      answeredAt = s + (answeredCdrs[0].callDuration - answeredCdrs[0].talkDuration) * 1000;
  }
  if (disposition !== 'answered') answeredAt = undefined;
  const cdrEnd = cdrs.reduce(
    (max, c, i) => Math.max(max, (cdrStart[i] ?? startedAt) + c.callDuration * 1000),
    0,
  );
  const endedAt = call.liveEndedAt ?? (cdrEnd || now);
  const ringSeconds =
    answeredAt !== undefined
      ? seconds(answeredAt - startedAt)
      : live
        ? seconds(endedAt - startedAt)
        : (first?.callDuration ?? 0);

  let from: CallParty;
  let to: CallParty;
  if (call.inbound) {
    from = { number: call.inbound.from ?? '' };
    to = { number: first?.did || call.inbound.to || '' };
  } else if (live) {
    from = { number: call.originator ?? call.callerExtension ?? first?.from ?? '' };
    to = { number: call.outbound?.to ?? call.calleeExtension ?? first?.to ?? '' };
  } else {
    from = parseParty(first?.from ?? '');
    to = parseParty(first?.to ?? '');
  }
  const extLegs = [...call.legs.values()].filter((l) => l.kind === 'extension' && !l.callerSide);
  const lastRinging = extLegs.filter((l) => l.ringingAt !== undefined).at(-1)?.extension;
  const extension =
    direction === 'outbound'
      ? (call.originator ?? call.callerExtension ?? first?.from)
      : (call.answeredBy ?? lastRinging ?? answeredCdrs.at(-1)?.to ?? first?.to);
  const trunk = (call.inbound?.trunk || call.outbound?.trunk || first?.srcTrunk || first?.dstTrunk) ?? '';
  const did = cdrs.find((c) => c.did)?.did ?? '';
  const recording =
    answeredCdrs.find((c) => c.recording)?.recording ?? cdrs.find((c) => c.recording)?.recording ?? '';

  const legs: CallLeg[] = live
    ? [...call.legs.values()].map((l) => ({
        id: l.id,
        ...(l.extension !== undefined ? { extension: l.extension } : {}),
        ...(l.number !== undefined ? { number: l.number } : {}),
        ...(l.channel ? { channel: l.channel } : {}),
        ...(l.ringingAt !== undefined ? { ringingAt: new Date(l.ringingAt) } : {}),
        ...(l.answeredAt !== undefined ? { answeredAt: new Date(l.answeredAt) } : {}),
        ...(l.endedAt !== undefined ? { endedAt: new Date(l.endedAt) } : {}),
        ...(l.callerSide ? {} : { disposition: l.answeredAt !== undefined ? 'answered' : 'missed' }),
      }))
    : cdrs.map((c, i) => {
        const s = cdrStart[i] ?? startedAt;
        const p = parseParty(c.to);
        return {
          id: c.uid ?? `${call.callId}#${i + 1}`,
          ...(c.type === 'outbound' ? { number: p.number } : { extension: p.number }),
          ringingAt: new Date(s),
          ...(c.status === 'ANSWERED'
            ? { answeredAt: new Date(s + (c.callDuration - c.talkDuration) * 1000) }
            : {}),
          endedAt: new Date(s + c.callDuration * 1000),
          disposition: cdrDisposition(c.status),
        };
      });

  return {
    source: 'yeastar',
    pbx: call.pbx,
    callId: call.callId,
    direction,
    from,
    to,
    ...(extension ? { extension } : {}),
    ...(trunk ? { trunk } : {}),
    ...(did ? { did } : {}),
    startedAt: new Date(startedAt),
    ...(answeredAt !== undefined ? { answeredAt: new Date(answeredAt) } : {}),
    endedAt: new Date(endedAt),
    ringSeconds,
    talkSeconds,
    disposition,
    ...(recording ? { recording } : {}),
    legs,
    transfers: call.transfers,
    ...(call.incomplete ? { incomplete: true } : {}),
    cdrs,
    ...(call.failureReason ? { failureReason: call.failureReason } : {}),
  };
}
