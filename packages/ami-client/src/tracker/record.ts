import type { CallState, ChanState } from './state.js';
import { known } from './state.js';
import type { CallDirection, CallDisposition, CallLeg, CallRecord } from './types.js';

const FAILED_STATUS = new Set(['CHANUNAVAIL', 'CONGESTION', 'INVALIDARGS', 'DONTCALL', 'TORTURE']);
const FAILED_CAUSES = new Set(['1', '3', '27', '34', '38', '41', '42']);

/** The legs that matter for a call (Local halves folded away). */
export function realLegs(call: CallState, chans: ReadonlyMap<string, ChanState>): ChanState[] {
  const out: ChanState[] = [];
  for (const u of call.channels) {
    const c = chans.get(u);
    if (c !== undefined && c.kind !== 'local') out.push(c);
  }
  return out.sort((a, b) => a.createdAt - b.createdAt);
}

/** Direction per ami.md §4.7: root on a trunk → inbound; a trunk leg → outbound; else internal. */
export function directionOf(
  root: ChanState | undefined,
  legs: ChanState[],
  originated: boolean,
): CallDirection {
  if (root?.kind === 'trunk') return 'inbound';
  if (legs.some((l) => l.kind === 'trunk')) return 'outbound';
  // A click-to-call that never reached its second leg is still an outbound attempt.
  if (originated && legs.length <= 1) return 'outbound';
  return 'internal';
}

/** The legs whose answer answers the call (everything but the caller's own leg). */
export function counterparts(
  root: ChanState | undefined,
  legs: ChanState[],
  direction: CallDirection,
): ChanState[] {
  const others = legs.filter((l) => l !== root);
  if (direction === 'outbound') {
    const trunks = others.filter((l) => l.kind === 'trunk');
    if (trunks.length > 0) return trunks;
  }
  if (others.length === 0 && root?.originated) return [root];
  return others;
}

function legDisposition(c: ChanState): CallDisposition {
  if (c.answeredAt !== undefined) return 'answered';
  if (c.dialStatus === 'BUSY' || c.cause === '17') return 'busy';
  if (
    (c.dialStatus !== undefined && FAILED_STATUS.has(c.dialStatus)) ||
    (c.ringingAt === undefined && c.cause !== undefined && FAILED_CAUSES.has(c.cause))
  )
    return 'failed';
  return 'missed';
}

const secs = (ms: number): number => Math.max(0, Math.round(ms) / 1000);

/** Build the CallRecord of a call from tracker state (a snapshot while active, final once ended). */
export function buildRecord(
  pbx: string,
  call: CallState,
  chans: ReadonlyMap<string, ChanState>,
  now: number,
): CallRecord {
  const legs = realLegs(call, chans);
  const root = chans.get(call.rootId) ?? legs[0];
  const direction = directionOf(root, legs, call.originated);
  const others = counterparts(root, legs, direction);
  let answeredAt: number | undefined;
  let answeredBy: ChanState | undefined;
  for (const l of others) {
    if (l.answeredAt !== undefined && (answeredAt === undefined || l.answeredAt < answeredAt)) {
      answeredAt = l.answeredAt;
      answeredBy = l;
    }
  }
  let endedAt: number | undefined;
  let allEnded = call.channels.size > 0;
  for (const u of call.channels) {
    const c = chans.get(u);
    if (c?.hungupAt === undefined) allEnded = false;
    else if (endedAt === undefined || c.hungupAt > endedAt) endedAt = c.hungupAt;
  }
  if (!allEnded) endedAt = undefined;
  const trunkLeg = legs.find((l) => l.kind === 'trunk');
  const extLegs = others.filter((l) => l.kind === 'extension');
  const rang = extLegs.find((l) => l.ringingAt !== undefined) ?? extLegs[0];
  const calleeExt = (answeredBy?.kind === 'extension' ? answeredBy : rang)?.id.resource;
  const rootName = known(root?.firstCidName);
  let from: CallRecord['from'];
  let to: CallRecord['to'];
  let extension: string | undefined;
  let did: string | undefined;
  const exten = root && root.firstExten !== 's' ? known(root.firstExten) : undefined;
  if (direction === 'inbound') {
    did = call.did ?? exten;
    from = { number: known(root?.firstCidNum) ?? '', ...(rootName ? { name: rootName } : {}) };
    to = { number: did ?? '' };
    extension = calleeExt;
  } else if (direction === 'outbound') {
    extension = root?.kind === 'extension' ? root.id.resource : undefined;
    if (trunkLeg === undefined && call.originated) {
      from = { number: '' };
      to = { number: extension ?? '' };
    } else {
      from = { number: extension ?? known(root?.firstCidNum) ?? '', ...(rootName ? { name: rootName } : {}) };
      to = { number: exten ?? call.dialed ?? '' };
    }
  } else {
    from = {
      number: root?.id.resource ?? known(root?.firstCidNum) ?? '',
      ...(rootName ? { name: rootName } : {}),
    };
    extension = calleeExt;
    to = { number: exten ?? calleeExt ?? call.dialed ?? '' };
  }
  let disposition: CallDisposition;
  if (answeredAt !== undefined) disposition = 'answered';
  else if (call.voicemail) disposition = 'voicemail';
  else if (call.abandoned) disposition = 'abandoned';
  else if (others.some((l) => legDisposition(l) === 'busy') || root?.cause === '17') disposition = 'busy';
  else if (others.length > 0 && others.every((l) => legDisposition(l) === 'failed')) disposition = 'failed';
  else if (others.length === 0 && root !== undefined && legDisposition(root) === 'failed')
    disposition = 'failed';
  else disposition = 'missed';
  const end = endedAt ?? now;
  const record: CallRecord = {
    source: 'asterisk',
    pbx,
    callId: call.id,
    direction,
    from,
    to,
    startedAt: new Date(call.startedAt),
    ringSeconds: secs((answeredAt ?? end) - call.startedAt),
    talkSeconds: answeredAt === undefined ? 0 : secs(end - answeredAt),
    disposition,
    legs: legs.map(toLeg),
    transfers: call.transfers.slice(),
  };
  if (extension !== undefined) record.extension = extension;
  if (trunkLeg !== undefined) record.trunk = trunkLeg.id.resource;
  if (did !== undefined) record.did = did;
  if (answeredAt !== undefined) record.answeredAt = new Date(answeredAt);
  if (endedAt !== undefined) record.endedAt = new Date(endedAt);
  if (call.recording !== undefined) record.recording = call.recording;
  if (call.incomplete) record.incomplete = true;
  return record;
}

function toLeg(c: ChanState): CallLeg {
  const leg: CallLeg = { id: c.uniqueid, channel: c.name, disposition: legDisposition(c) };
  if (c.kind === 'extension') leg.extension = c.id.resource;
  const num = known(c.firstCidNum);
  if (num !== undefined) leg.number = num;
  const name = known(c.firstCidName);
  if (name !== undefined) leg.name = name;
  if (c.ringingAt !== undefined) leg.ringingAt = new Date(c.ringingAt);
  if (c.answeredAt !== undefined) leg.answeredAt = new Date(c.answeredAt);
  if (c.hungupAt !== undefined) leg.endedAt = new Date(c.hungupAt);
  return leg;
}
