import { reviveDates, stringifyWithDates } from '../internal/json.js';
import type { CallStatsCell } from '../store.js';
import type { CommsEntry, Counterpart, EntryData, FollowUp } from '../types.js';

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

/** The SQL casts of each column's parameter. */
export const ENTRY_CASTS: Partial<Record<(typeof ENTRY_COLUMNS)[number], string>> = {
  id: 'uuid',
  occurred_at: 'timestamptz',
  candidates: 'text[]',
  data: 'jsonb',
  created_at: 'timestamptz',
  updated_at: 'timestamptz',
  ring_seconds: 'float8',
  talk_seconds: 'float8',
};

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** The parameters of an entry, in {@link ENTRY_COLUMNS} order. */
export function entryParams(e: CommsEntry): unknown[] {
  const c = e.counterpart;
  return [
    e.id,
    e.source,
    e.externalId,
    e.channel,
    e.direction,
    e.occurredAt,
    e.status,
    e.match,
    e.customerId ?? null,
    e.candidates,
    e.pinned,
    c.phone ?? null,
    c.waId ?? null,
    c.bsuid ?? null,
    c.email ?? null,
    c.name ?? null,
    typeof e.data.extension === 'string' ? e.data.extension : null,
    num(e.data.ringSeconds),
    num(e.data.talkSeconds),
    e.body ?? null,
    e.error?.code ?? null,
    e.error?.message ?? null,
    stringifyWithDates(e.data),
    e.createdBy ?? null,
    e.createdAt,
    e.updatedAt,
    e.version,
  ];
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

/** A statistics row (numbers may come back as strings: bigint counts). */
export type StatsRow = Record<Exclude<keyof CallStatsCell, 'day' | 'hour' | 'extension'>, unknown> & {
  local_hour: string;
  extension: string | null;
};

/** A statistics cell from its row; `local_hour` is the local wall time `YYYY-MM-DD HH:…`. */
export function rowToCell(r: StatsRow): CallStatsCell {
  return {
    day: r.local_hour.slice(0, 10),
    hour: Number(r.local_hour.slice(11, 13)),
    extension: r.extension,
    offered: Number(r.offered),
    answered: Number(r.answered),
    answeredRingSeconds: Number(r.answeredRingSeconds),
    missedRingSeconds: Number(r.missedRingSeconds),
    talkSeconds: Number(r.talkSeconds),
    outbound: Number(r.outbound),
    outboundAnswered: Number(r.outboundAnswered),
    outboundTalkSeconds: Number(r.outboundTalkSeconds),
  };
}
