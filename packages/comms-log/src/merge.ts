import { sameData } from './internal/json.js';
import type { ParsedRecordInput } from './schemas.js';
import { defaultStatus, isCallEnded, joinStatus } from './status.js';
import type { CallLeg, CallTransfer, CommsEntry, Counterpart, EntryData } from './types.js';

/** What merging one observation into an entry did. */
export interface MergeResult {
  /** The entry after the merge (a new object; the input entry is not touched). */
  entry: CommsEntry;
  /** Whether anything changed. */
  changed: boolean;
  /** Whether the counterpart gained a handle (so the match may change). */
  counterpartChanged: boolean;
}

const minDate = (a?: Date, b?: Date) => (a && b ? (a <= b ? a : b) : (a ?? b));
const maxDate = (a?: Date, b?: Date) => (a && b ? (a >= b ? a : b) : (a ?? b));
const maxNum = (a?: number, b?: number) => (a !== undefined && b !== undefined ? Math.max(a, b) : (a ?? b));

const EARLIEST = ['answeredAt', 'sentAt', 'deliveredAt', 'readAt', 'failedAt'] as const;
const TYPED = new Set<string>([
  ...EARLIEST,
  'endedAt',
  'ringSeconds',
  'talkSeconds',
  'legs',
  'transfers',
  'incomplete',
]);

function mergeLeg(a: CallLeg, b: CallLeg): CallLeg {
  const out: CallLeg = { ...b, ...a };
  const ringingAt = minDate(a.ringingAt, b.ringingAt);
  const answeredAt = minDate(a.answeredAt, b.answeredAt);
  const endedAt = maxDate(a.endedAt, b.endedAt);
  if (ringingAt) out.ringingAt = ringingAt;
  if (answeredAt) out.answeredAt = answeredAt;
  if (endedAt) out.endedAt = endedAt;
  return out;
}

function mergeLegs(a: CallLeg[] = [], b: CallLeg[] = []): CallLeg[] {
  const byId = new Map<string, CallLeg>();
  for (const leg of [...a, ...b]) {
    const seen = byId.get(leg.id);
    byId.set(leg.id, seen ? mergeLeg(seen, leg) : leg);
  }
  // Sorted by id so that legs seen in any order merge to the same list (convergence).
  return [...byId.values()].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
}

function mergeTransfers(a: CallTransfer[] = [], b: CallTransfer[] = []): CallTransfer[] {
  const key = (t: CallTransfer) => `${t.at.toISOString()}|${t.kind}|${t.to}|${t.from ?? ''}`;
  const byKey = new Map<string, CallTransfer>();
  for (const t of [...a, ...b]) if (!byKey.has(key(t))) byKey.set(key(t), t);
  return [...byKey.entries()].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)).map(([, t]) => t);
}

/**
 * Merges channel specifics: timestamps of firsts (answered, sent, delivered, read, failed) keep the earliest,
 * `endedAt` the latest, durations the largest, legs merge by id, transfers by identity; every other key is
 * set once. `authoritative` (an ended call's final record) may replace the extension a ringing event set.
 */
export function mergeData(current: EntryData, incoming: EntryData, authoritative: boolean): EntryData {
  const out: EntryData = { ...current };
  for (const [key, value] of Object.entries(incoming)) {
    if (value === undefined || TYPED.has(key)) continue;
    if (out[key] === undefined || (authoritative && key === 'extension')) out[key] = value;
  }
  for (const key of EARLIEST) {
    const v = minDate(current[key], incoming[key]);
    if (v) out[key] = v;
  }
  const endedAt = maxDate(current.endedAt, incoming.endedAt);
  if (endedAt) out.endedAt = endedAt;
  const ringSeconds = maxNum(current.ringSeconds, incoming.ringSeconds);
  if (ringSeconds !== undefined) out.ringSeconds = ringSeconds;
  const talkSeconds = maxNum(current.talkSeconds, incoming.talkSeconds);
  if (talkSeconds !== undefined) out.talkSeconds = talkSeconds;
  if (current.legs || incoming.legs) out.legs = mergeLegs(current.legs, incoming.legs);
  if (current.transfers || incoming.transfers)
    out.transfers = mergeTransfers(current.transfers, incoming.transfers);
  // A complete observation proves the call complete; `incomplete` stays only while every report says so.
  if (incoming.incomplete !== undefined)
    out.incomplete =
      current.incomplete === undefined ? incoming.incomplete : current.incomplete && incoming.incomplete;
  return out;
}

function mergeCounterpart(current: Counterpart, incoming: Counterpart): Counterpart {
  const out: Counterpart = { ...current };
  for (const key of ['phone', 'waId', 'bsuid', 'email', 'name'] as const) {
    if (out[key] === undefined && incoming[key] !== undefined) out[key] = incoming[key];
  }
  return out;
}

/** A new entry from its first observation (match state `unmatched` until the log matches it). */
export function createEntry(input: ParsedRecordInput, id: string, now: Date): CommsEntry {
  const entry: CommsEntry = {
    id,
    source: input.source,
    externalId: input.externalId,
    channel: input.channel,
    direction: input.direction,
    occurredAt: input.occurredAt,
    counterpart: mergeCounterpart({}, input.counterpart),
    match: 'unmatched',
    candidates: [],
    pinned: false,
    status: input.status ?? defaultStatus(input.channel, input.direction),
    data: mergeData({}, input.data as EntryData, true),
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  if (input.body !== undefined) entry.body = input.body;
  if (input.error) entry.error = input.error;
  if (input.createdBy !== undefined) entry.createdBy = input.createdBy;
  return entry;
}

/**
 * Folds one more observation of the same `(source, externalId)` into an entry (pure). Set-once fields stay
 * set, the status only moves forward, timestamps and durations merge by rule, so replays, retries and
 * reordered streams converge on one entry (issue 7; research/crm-anchors.md §2 merge rules).
 */
export function mergeEntry(current: CommsEntry, input: ParsedRecordInput, now: Date): MergeResult {
  const incomingStatus = input.status ?? current.status;
  const status = joinStatus(current.channel, current.status, incomingStatus);
  const authoritative =
    current.channel === 'call' && isCallEnded(incomingStatus) && !isCallEnded(current.status);
  const counterpart = mergeCounterpart(current.counterpart, input.counterpart);
  const data = mergeData(current.data, input.data as EntryData, authoritative);
  const occurredAt = minDate(current.occurredAt, input.occurredAt) ?? current.occurredAt;

  const next: CommsEntry = { ...current, status, counterpart, data, occurredAt };
  if (next.body === undefined && input.body !== undefined) next.body = input.body;
  if (next.error === undefined && input.error !== undefined) next.error = input.error;
  if (next.createdBy === undefined && input.createdBy !== undefined) next.createdBy = input.createdBy;

  const counterpartChanged = !sameData(current.counterpart, counterpart);
  const changed =
    counterpartChanged ||
    status !== current.status ||
    occurredAt.getTime() !== current.occurredAt.getTime() ||
    next.body !== current.body ||
    next.error !== current.error ||
    next.createdBy !== current.createdBy ||
    !sameData(current.data, data);
  if (!changed) return { entry: current, changed: false, counterpartChanged: false };
  next.updatedAt = now;
  next.version = current.version + 1;
  return { entry: next, changed: true, counterpartChanged };
}

/** What folding a run of observations of one key into its stored entry gives. */
export interface FoldResult {
  /** The entry to write (the stored one, unchanged, when nothing changed). */
  entry: CommsEntry;
  /** Whether it differs from the stored entry (or is new). */
  changed: boolean;
  /** Whether the match must be computed again (new entry, or a counterpart that gained a handle). */
  needsMatch: boolean;
}

/**
 * Folds observations of one `(source, externalId)` into the stored entry (undefined: none yet), in order:
 * the pure step shared by `record` and `recordMany`. An input naming a `customerId` pins the entry to it
 * unless it is pinned already (a manual link is never overwritten).
 */
export function foldInputs(
  current: CommsEntry | undefined,
  inputs: ParsedRecordInput[],
  now: Date,
  newId: () => string,
): FoldResult {
  let entry = current;
  let needsMatch = false;
  for (const input of inputs) {
    if (!entry) {
      entry = createEntry(input, newId(), now);
      needsMatch = true;
    } else {
      const merged = mergeEntry(entry, input, now);
      entry = merged.entry;
      needsMatch ||= merged.counterpartChanged;
    }
    if (input.customerId !== undefined && !entry.pinned) {
      entry = { ...entry, match: 'matched', customerId: input.customerId, candidates: [], pinned: true };
    }
  }
  const result = entry as CommsEntry;
  if (result === current) return { entry: result, changed: false, needsMatch: false };
  const stamped: CommsEntry = current
    ? { ...result, version: current.version + 1, updatedAt: now }
    : { ...result, version: 1, createdAt: now, updatedAt: now };
  const rematch = needsMatch && !stamped.pinned && (current === undefined || stamped.match !== 'excluded');
  return { entry: stamped, changed: true, needsMatch: rematch };
}
