import { cloneData, encodeDates, reviveDates } from '../internal/json.js';
import { type MatchResult, withMatch } from '../matching.js';
import type { CallStatsCell } from '../store.js';
import type { CommsEntry, Counterpart, EntryData, FollowUp } from '../types.js';
import type { CallStatsRow } from './statements.js';

/** An `entries` row as the drivers return it. */
export interface EntryRow {
  id: string;
  source: string;
  external_id: string;
  channel: CommsEntry['channel'];
  direction: CommsEntry['direction'];
  occurred_at: Date;
  status: CommsEntry['status'];
  match: CommsEntry['match'];
  customer_id: string | null;
  candidates: string[];
  pinned: boolean;
  phone: string | null;
  wa_id: string | null;
  bsuid: string | null;
  email: string | null;
  counterpart_name: string | null;
  body: string | null;
  error_code: string | null;
  error_message: string | null;
  data: unknown;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
  version: number;
}

/** The columns of an entry, in the order of {@link entryParams}. */
export const ENTRY_COLUMNS = [
  'id',
  'source',
  'external_id',
  'channel',
  'direction',
  'occurred_at',
  'status',
  'match',
  'customer_id',
  'candidates',
  'pinned',
  'phone',
  'wa_id',
  'bsuid',
  'email',
  'counterpart_name',
  'extension',
  'ring_seconds',
  'talk_seconds',
  'body',
  'error_code',
  'error_message',
  'data',
  'created_by',
  'created_at',
  'updated_at',
  'version',
] as const;

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** An entry as a JSON row for `jsonb_to_recordset` (columns of {@link ENTRY_COLUMNS}). */
export function entryRow(e: CommsEntry): Record<(typeof ENTRY_COLUMNS)[number], unknown> {
  const c = e.counterpart;
  return {
    id: e.id,
    source: e.source,
    external_id: e.externalId,
    channel: e.channel,
    direction: e.direction,
    occurred_at: e.occurredAt.toISOString(),
    status: e.status,
    match: e.match,
    customer_id: e.customerId ?? null,
    candidates: e.candidates,
    pinned: e.pinned,
    phone: c.phone ?? null,
    wa_id: c.waId ?? null,
    bsuid: c.bsuid ?? null,
    email: c.email ?? null,
    counterpart_name: c.name ?? null,
    extension: typeof e.data.extension === 'string' ? e.data.extension : null,
    ring_seconds: num(e.data.ringSeconds),
    talk_seconds: num(e.data.talkSeconds),
    body: e.body ?? null,
    error_code: e.error?.code ?? null,
    error_message: e.error?.message ?? null,
    // Dates inside data keep their type through jsonb as {"$date": ISO}.
    data: encodeDates(e.data),
    created_by: e.createdBy ?? null,
    created_at: e.createdAt.toISOString(),
    updated_at: e.updatedAt.toISOString(),
    version: e.version,
  };
}

/** An entry from its row (absent values stay absent, so round trips are exact). */
export function rowToEntry(r: EntryRow): CommsEntry {
  const counterpart: Counterpart = {};
  if (r.phone !== null) counterpart.phone = r.phone;
  if (r.wa_id !== null) counterpart.waId = r.wa_id;
  if (r.bsuid !== null) counterpart.bsuid = r.bsuid;
  if (r.email !== null) counterpart.email = r.email;
  if (r.counterpart_name !== null) counterpart.name = r.counterpart_name;
  const data = typeof r.data === 'string' ? JSON.parse(r.data) : r.data;
  const e: CommsEntry = {
    id: r.id,
    source: r.source,
    externalId: r.external_id,
    channel: r.channel,
    direction: r.direction,
    occurredAt: new Date(r.occurred_at),
    counterpart,
    match: r.match,
    candidates: r.candidates ?? [],
    pinned: r.pinned,
    status: r.status,
    data: reviveDates<EntryData>(data ?? {}),
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
    version: Number(r.version),
  };
  if (r.customer_id !== null) e.customerId = r.customer_id;
  if (r.body !== null) e.body = r.body;
  if (r.error_code !== null) e.error = { code: r.error_code, message: r.error_message ?? '' };
  if (r.created_by !== null) e.createdBy = r.created_by;
  return e;
}

/**
 * The entry an insert stored from `sent` (the row it was built from): a copy of `sent` (the caller keeps its
 * own objects) with the match the statement decided (`MATCH_COLUMNS` of the returned row).
 */
export function withStoredMatch(
  sent: CommsEntry,
  row: Pick<EntryRow, 'match' | 'customer_id' | 'candidates'>,
): CommsEntry {
  const result: MatchResult = { match: row.match, candidates: row.candidates ?? [] };
  if (row.customer_id !== null) result.customerId = row.customer_id;
  return withMatch(cloneData(sent), result);
}

/** A `follow_ups` row. */
export interface FollowUpRow {
  id: string;
  phone: string;
  customer_id: string | null;
  state: FollowUp['state'];
  entry_ids: string[];
  first_missed_at: Date;
  last_missed_at: Date;
  closed_at: Date | null;
  closed_reason: FollowUp['closedReason'] | null;
  closed_by_entry_id: string | null;
  closed_by: string | null;
}

/** A follow-up from its row. */
export function rowToFollowUp(r: FollowUpRow): FollowUp {
  const f: FollowUp = {
    id: r.id,
    phone: r.phone,
    state: r.state,
    entryIds: r.entry_ids,
    firstMissedAt: new Date(r.first_missed_at),
    lastMissedAt: new Date(r.last_missed_at),
  };
  if (r.customer_id !== null) f.customerId = r.customer_id;
  if (r.closed_at !== null) f.closedAt = new Date(r.closed_at);
  if (r.closed_reason !== null) f.closedReason = r.closed_reason;
  if (r.closed_by_entry_id !== null) f.closedByEntryId = r.closed_by_entry_id;
  if (r.closed_by !== null) f.closedBy = r.closed_by;
  return f;
}

/** A statistics cell from its row (numbers may come back as strings from some drivers). */
export function rowToCell(r: CallStatsRow): CallStatsCell {
  const sums = {
    offered: Number(r.offered),
    answered: Number(r.answered),
    answeredRingSeconds: Number(r.answered_ring_seconds),
    missedRingSeconds: Number(r.missed_ring_seconds),
    talkSeconds: Number(r.talk_seconds),
    outbound: Number(r.outbound),
    outboundAnswered: Number(r.outbound_answered),
    outboundTalkSeconds: Number(r.outbound_talk_seconds),
  };
  if (Number(r.by_extension) === 1) return { kind: 'extension', extension: r.extension, ...sums };
  const local = r.local_hour ?? '';
  return { kind: 'time', day: local.slice(0, 10), hour: Number(local.slice(11, 13)), ...sums };
}
