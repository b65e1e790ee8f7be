import { EventEmitter } from 'eventemitter3';
import { z } from 'zod';
import { decodeCursor, encodeCursor } from './cursor.js';
import { CommsLogNotFoundError, CommsLogValidationError } from './errors.js';
import type { CommsLogEvents } from './events.js';
import { WriteCoalescer } from './internal/coalescer.js';
import { EntryWriter } from './internal/writer.js';
import type { ExclusionRules } from './matching.js';
import { type CommsLogOptions, type ResolvedCommsLogOptions, resolveCommsLogOptions } from './options.js';
import type { Relinker } from './relink.js';
import {
  channelSchema,
  directionSchema,
  entryStatusSchema,
  handleSchema,
  matchStateSchema,
  parseOrThrow,
  phoneSchema,
  safeString,
} from './schemas.js';
import { assertTimeZone, type CallStats, summarizeCallStats } from './stats.js';
import type { CommsLogStore, EntryFilter, FollowUpFilter } from './store.js';
import type { CommsEntry, FollowUp, Handle, HandleChanges, Page, RecordInput } from './types.js';

/** What `record` did. */
export interface RecordResult {
  /** The entry after the write. */
  entry: CommsEntry;
  /** `created` (new entry), `updated` (it changed) or `unchanged` (a replay: nothing to do). */
  outcome: 'created' | 'updated' | 'unchanged';
}

/** A page request: `limit` items after `cursor` (from the previous page's `nextCursor`). */
export interface PageOptions {
  /** The previous page's `nextCursor`. */
  cursor?: string | undefined;
  /** Page size. @defaultValue `defaultPageSize` (50) */
  limit?: number | undefined;
}

const many = <T extends z.ZodType>(s: T) => z.union([s, z.array(s).min(1)]).optional();
const filterSchema = z.strictObject({
  channel: many(channelSchema),
  direction: many(directionSchema),
  status: many(entryStatusSchema),
  match: many(matchStateSchema),
  customerId: safeString(256).min(1).optional(),
  phone: phoneSchema.optional(),
  extension: safeString(64).min(1).optional(),
  text: safeString(256).min(1).optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
});
const idSchema = safeString(256).min(1);

/**
 * The communications log: every call, message and note lands here once, matched to the host's customers,
 * re-linked when customers change, and queryable as timelines, an Inbox and call statistics.
 *
 * @example
 * ```ts
 * import { createCommsLog } from '@pbxkit/comms-log';
 * import { createMemoryStore } from '@pbxkit/comms-log/memory';
 *
 * const log = createCommsLog({ store: createMemoryStore(), ownNumbers: ['+302101234567'] });
 * log.on('recorded', (entry) => console.log(entry.match, entry.customerId));
 * await log.setCustomerHandles('cust-1', [{ kind: 'phone', value: '+306974015758' }]);
 * await log.record({
 *   source: 'whatsapp', externalId: 'wamid.HBgM', channel: 'whatsapp', direction: 'inbound',
 *   occurredAt: new Date(), counterpart: { phone: '+306974015758' }, body: 'Hi!',
 * });
 * const { items } = await log.timeline('cust-1');
 * ```
 */
export class CommsLog extends EventEmitter<CommsLogEvents> {
  /** The resolved options. */
  readonly options: ResolvedCommsLogOptions;
  readonly #store: CommsLogStore;
  readonly #relinker: Relinker;
  readonly #writer: EntryWriter;
  readonly #coalescer: WriteCoalescer | undefined;

  /** Builds a log over a store; prefer {@link createCommsLog}. */
  constructor(options: CommsLogOptions) {
    super();
    this.options = resolveCommsLogOptions(options);
    this.#store = this.options.store;
    const rules: ExclusionRules = {
      ownNumbers: new Set(this.options.ownNumbers),
      extensionPattern: this.options.extensionPattern,
      exclude: this.options.exclude,
    };
    this.#writer = new EntryWriter(this.#store, this, this.options, rules);
    this.#relinker = this.#writer.relinker;
    const { coalesce } = this.options;
    this.#coalescer =
      coalesce && this.#writer.canBatch
        ? new WriteCoalescer(this.#writer, coalesce.maxBatch, coalesce.maxInFlight)
        : undefined;
  }

  /**
   * Records one observation of a call, message or note: an idempotent upsert keyed by `(source, externalId)`.
   * Replays change nothing; later observations merge by rule (status only forward, set-once fields).
   * Throws {@link CommsLogValidationError} for bad input, `CommsLogStoreError` when the store fails (nothing
   * half-written), `CommsLogConflictError` when concurrent writers keep winning (retryable). Calls made
   * while other writes are in flight are coalesced into one batch (see the `coalesce` option); each still
   * settles with its own result, after the batch is committed.
   */
  async record(input: RecordInput): Promise<RecordResult> {
    // Validated before queueing: a bad input rejects its own caller only.
    const parsed = this.#writer.parse(input);
    return this.#coalescer ? this.#coalescer.submit(parsed) : this.#writer.write(parsed);
  }

  /**
   * Records many observations at once: one read, one insert and one update statement for the whole batch
   * when the store supports batches (the Postgres and memory stores do), else one `record` at a time. Each
   * input's result (and event) is what `record` would have given for the inputs one by one, in order. Invalid input rejects the whole batch before
   * anything is written; keys that lose a race to a concurrent writer are retried one by one.
   */
  recordMany(inputs: RecordInput[]): Promise<RecordResult[]> {
    return this.#writer.recordMany(inputs);
  }

  /** Replaces a customer's handles and relinks the entries of every added or removed handle. */
  async setCustomerHandles(customerId: string, handles: Handle[]): Promise<HandleChanges> {
    const id = parseOrThrow(idSchema, customerId, 'customer id');
    const list = parseOrThrow(z.array(handleSchema).max(1000), handles, 'handles');
    const diff = await this.#store.replaceCustomerHandles(id, list);
    await this.#relinker.relink([...diff.added, ...diff.removed], { reason: 'handles', customerId: id });
    return diff;
  }

  /** A customer's handles. */
  async customerHandles(customerId: string): Promise<Handle[]> {
    return this.#store.getCustomerHandles(parseOrThrow(idSchema, customerId, 'customer id'));
  }

  /**
   * Merges customer `from` into `into`: `into` gains `from`'s handles, every entry of `from` (pinned ones too,
   * since `from` is going away) moves to `into`, and ambiguous entries between them resolve.
   */
  async mergeCustomers(from: string, into: string): Promise<void> {
    const a = parseOrThrow(idSchema, from, 'customer id');
    const b = parseOrThrow(idSchema, into, 'customer id');
    if (a === b) return;
    await this.#relinker.merge(a, b);
  }

  /** Links an entry to a customer by hand; the link is pinned and never overwritten by matching or relinking. */
  async link(entryId: string, customerId: string, options: { by?: string } = {}): Promise<CommsEntry> {
    const customer = parseOrThrow(idSchema, customerId, 'customer id');
    return this.#relinker.setLink(parseOrThrow(idSchema, entryId, 'entry id'), customer, options.by);
  }

  /** Removes a manual link: the entry is unpinned and matched again from its handles. */
  async unlink(entryId: string): Promise<CommsEntry> {
    return this.#relinker.setLink(parseOrThrow(idSchema, entryId, 'entry id'), undefined, undefined);
  }

  /** One entry by id. */
  async get(entryId: string): Promise<CommsEntry | undefined> {
    return this.#store.getEntry(parseOrThrow(idSchema, entryId, 'entry id'));
  }

  /** A customer's timeline: their entries, newest first, keyset-paginated. */
  async timeline(customerId: string, page: PageOptions = {}): Promise<Page<CommsEntry>> {
    return this.inbox({ customerId: parseOrThrow(idSchema, customerId, 'customer id') }, page);
  }

  /** The Inbox: entries of all customers matching `filter`, newest first, keyset-paginated. */
  async inbox(filter: EntryFilter = {}, page: PageOptions = {}): Promise<Page<CommsEntry>> {
    const f = parseOrThrow(filterSchema, filter, 'filter') as EntryFilter;
    const limit = this.#limit(page.limit);
    const after = page.cursor === undefined ? undefined : decodeCursor(page.cursor);
    const request = { after: after && { occurredAt: after.at, id: after.id }, limit: limit + 1 };
    const store = this.#store;
    const found = store.listEntriesPage
      ? await store.listEntriesPage(f, request)
      : { entries: await store.listEntries(f, request) };
    const out = pageOf(found.entries, limit, (e) => encodeCursor(e.occurredAt, e.id));
    // The store stopped short of a page to bound its work: the next page goes on from where it stopped.
    const resume = found.resumeAfter;
    if (resume && out.nextCursor === undefined) out.nextCursor = encodeCursor(resume.occurredAt, resume.id);
    return out;
  }

  /** Call statistics of `[from, to)`, bucketed by local hour and day in `timeZone` (an IANA zone). */
  async callStats(range: { from: Date | string; to: Date | string; timeZone?: string }): Promise<CallStats> {
    const r = parseOrThrow(
      z.strictObject({ from: z.coerce.date(), to: z.coerce.date(), timeZone: z.string().default('UTC') }),
      range,
      'range',
    );
    let timeZone: string;
    try {
      assertTimeZone(r.timeZone);
      timeZone = r.timeZone;
    } catch (cause) {
      throw new CommsLogValidationError(
        `Invalid range: unknown time zone ${r.timeZone}`,
        [{ path: 'timeZone', message: 'is not an IANA time zone' }],
        { cause },
      );
    }
    const resolved = { from: r.from, to: r.to, timeZone };
    return summarizeCallStats(await this.#store.callStatsCells(resolved), resolved);
  }

  /** Missed-call follow-ups, newest missed call first (open ones by default). */
  async followUps(
    filter: FollowUpFilter = { state: 'open' },
    page: PageOptions = {},
  ): Promise<Page<FollowUp>> {
    const limit = this.#limit(page.limit);
    const after = page.cursor === undefined ? undefined : decodeCursor(page.cursor);
    const rows = await this.#store.listFollowUps(filter, {
      after: after && { lastMissedAt: after.at, id: after.id },
      limit: limit + 1,
    });
    return pageOf(rows, limit, (f) => encodeCursor(f.lastMissedAt, f.id));
  }

  /** Closes a follow-up by hand. */
  async closeFollowUp(id: string, options: { by?: string } = {}): Promise<FollowUp> {
    const closed = await this.#store.closeFollowUp(parseOrThrow(idSchema, id, 'follow-up id'), {
      at: this.options.now(),
      by: options.by,
    });
    if (!closed) throw new CommsLogNotFoundError(`No follow-up ${id}`);
    if (closed.closedReason === 'manual') this.emit('followUpClosed', closed);
    return closed;
  }

  #limit(limit: number | undefined): number {
    const n = limit ?? this.options.defaultPageSize;
    if (!Number.isInteger(n) || n < 1 || n > this.options.maxPageSize) {
      throw new CommsLogValidationError('Invalid page', [
        { path: 'limit', message: `must be an integer from 1 to ${this.options.maxPageSize}` },
      ]);
    }
    return n;
  }
}

function pageOf<T>(rows: T[], limit: number, cursorOf: (item: T) => string): Page<T> {
  if (rows.length <= limit) return { items: rows };
  const items = rows.slice(0, limit);
  return { items, nextCursor: cursorOf(items[items.length - 1] as T) };
}

/** Creates a {@link CommsLog}; options are validated here (throws `CommsLogConfigError`). */
export function createCommsLog(options: CommsLogOptions): CommsLog {
  return new CommsLog(options);
}
