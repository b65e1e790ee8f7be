import { EventEmitter } from 'eventemitter3';
import { z } from 'zod';
import { decodeCursor, encodeCursor } from './cursor.js';
import {
  CommsLogConflictError,
  CommsLogError,
  CommsLogNotFoundError,
  CommsLogValidationError,
} from './errors.js';
import type { CommsLogEvents } from './events.js';
import { trackFollowUps } from './follow-ups.js';
import { uuidv7 } from './internal/ids.js';
import {
  type ExclusionRules,
  handleKey,
  handlesOf,
  isExcluded,
  type MatchResult,
  resolveMatch,
  withMatch,
} from './matching.js';
import { foldInputs } from './merge.js';
import { type CommsLogOptions, type ResolvedCommsLogOptions, resolveCommsLogOptions } from './options.js';
import { Relinker } from './relink.js';
import {
  channelSchema,
  directionSchema,
  entryStatusSchema,
  handleSchema,
  matchStateSchema,
  type ParsedRecordInput,
  parseOrThrow,
  recordInputSchema,
  safeString,
} from './schemas.js';
import { assertTimeZone, type CallStats, summarizeCallStats } from './stats.js';
import type { CommsLogStore, EntryFilter, FollowUpFilter } from './store.js';
import type { CommsEntry, FollowUp, Handle, HandleChanges, HandleOwner, Page, RecordInput } from './types.js';

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
  readonly #rules: ExclusionRules;
  readonly #relinker: Relinker;

  /** Builds a log over a store; prefer {@link createCommsLog}. */
  constructor(options: CommsLogOptions) {
    super();
    this.options = resolveCommsLogOptions(options);
    this.#store = this.options.store;
    this.#rules = {
      ownNumbers: new Set(this.options.ownNumbers),
      extensionPattern: this.options.extensionPattern,
      exclude: this.options.exclude,
    };
    this.#relinker = new Relinker(this.#store, this, this.options, (e) => this.#matchFor(e));
  }

  /**
   * Records one observation of a call, message or note: an idempotent upsert keyed by `(source, externalId)`.
   * Replays change nothing; later observations merge by rule (status only forward, set-once fields).
   * Throws {@link CommsLogValidationError} for bad input, `CommsLogStoreError` when the store fails (nothing
   * half-written), {@link CommsLogConflictError} when concurrent writers keep winning (retryable).
   */
  async record(input: RecordInput): Promise<RecordResult> {
    const parsed = this.#parse(input, 'entry');
    for (let attempt = 1; attempt <= this.options.maxWriteAttempts; attempt++) {
      const now = this.options.now();
      const current = await this.#store.getEntryByKey(parsed.source, parsed.externalId);
      const step = foldInputs(current, [parsed], now, () => uuidv7(now.getTime()));
      if (!step.changed) return { entry: current as CommsEntry, outcome: 'unchanged' };
      const entry = step.needsMatch ? withMatch(step.entry, await this.#matchFor(step.entry)) : step.entry;
      const written = current
        ? await this.#store.updateEntry(entry, current.version)
        : await this.#store.insertEntry(entry);
      if (written) {
        const result = await this.#written(entry, current);
        if (current || !isUnknown(entry)) return result;
        const fixed = await this.#relinker.recheck([entry], (e) => this.#matchFor(e));
        return { entry: fixed.get(entry.id) ?? entry, outcome: 'created' };
      }
      // Another writer got there first: read their entry and merge into it.
      this.emit(
        'debug',
        `record ${parsed.source}/${parsed.externalId}: lost a write race (attempt ${attempt})`,
      );
      await new Promise((resolve) => setImmediate(resolve));
    }
    throw new CommsLogConflictError(
      `Gave up writing ${parsed.source}/${parsed.externalId} after ${this.options.maxWriteAttempts} concurrent updates`,
    );
  }

  /**
   * Records many observations at once: one read, one insert and one update statement for the whole batch
   * when the store supports batches (the Postgres and memory stores do), else one `record` at a time. The
   * result of each input is its key's entry after the batch. Invalid input rejects the whole batch before
   * anything is written; keys that lose a race to a concurrent writer are retried one by one.
   */
  async recordMany(inputs: RecordInput[]): Promise<RecordResult[]> {
    const parsed = parseOrThrow(z.array(z.unknown()).max(10_000), inputs, 'batch').map((input, i) =>
      this.#parse(input as RecordInput, `entry [${i}]`),
    );
    const store = this.#store;
    if (!store.getEntriesByKeys || !store.insertEntries || !store.updateEntries || !store.findHandleOwners) {
      const out: RecordResult[] = [];
      for (const input of inputs) out.push(await this.record(input));
      return out;
    }
    const groups = new Map<string, { inputs: ParsedRecordInput[]; indexes: number[] }>();
    parsed.forEach((p, i) => {
      const key = `${p.source}\u0000${p.externalId}`;
      const g = groups.get(key) ?? { inputs: [], indexes: [] };
      g.inputs.push(p);
      g.indexes.push(i);
      groups.set(key, g);
    });
    const now = this.options.now();
    const stored = await store.getEntriesByKeys(
      [...groups.values()].map(({ inputs: [first] }) => ({
        source: (first as ParsedRecordInput).source,
        externalId: (first as ParsedRecordInput).externalId,
      })),
    );
    const byKey = new Map(stored.map((e) => [`${e.source}\u0000${e.externalId}`, e]));
    const steps = [...groups].map(([key, g]) => {
      const current = byKey.get(key);
      return { g, current, ...foldInputs(current, g.inputs, now, () => uuidv7(now.getTime())) };
    });
    const toMatch = steps.filter((s) => s.needsMatch);
    const owners = await store.findHandleOwners(toMatch.flatMap((s) => handlesOf(s.entry.counterpart)));
    for (const s of toMatch) s.entry = withMatch(s.entry, this.#matchWith(s.entry, owners));
    const inserted = new Set(
      await store.insertEntries(steps.filter((s) => s.changed && !s.current).map((s) => s.entry)),
    );
    const updated = new Set(
      await store.updateEntries(
        steps
          .filter((s) => s.changed && s.current)
          .map((s) => ({ entry: s.entry, expectedVersion: (s.current as CommsEntry).version })),
      ),
    );
    const results: RecordResult[] = new Array(parsed.length);
    for (const s of steps) {
      let result: RecordResult = { entry: s.current as CommsEntry, outcome: 'unchanged' };
      if (inserted.has(s.entry.id) || updated.has(s.entry.id))
        result = await this.#written(s.entry, s.current);
      else if (s.changed) for (const input of s.g.inputs) result = await this.record(input); // lost a race
      for (const i of s.g.indexes) results[i] = result;
    }
    const fresh = steps.filter((s) => inserted.has(s.entry.id) && isUnknown(s.entry)).map((s) => s.entry);
    const again = fresh.length
      ? await store.findHandleOwners(fresh.flatMap((e) => handlesOf(e.counterpart)))
      : [];
    const fixed = await this.#relinker.recheck(fresh, (e) => this.#matchWith(e, again));
    results.forEach((r, i) => {
      const entry = fixed.get(r.entry.id);
      if (entry) results[i] = { entry, outcome: r.outcome };
    });
    return results;
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
    const rows = await this.#store.listEntries(f, {
      after: after && { occurredAt: after.at, id: after.id },
      limit: limit + 1,
    });
    return pageOf(rows, limit, (e) => encodeCursor(e.occurredAt, e.id));
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

  #parse(input: RecordInput, what: string): ParsedRecordInput {
    const parsed = parseOrThrow(recordInputSchema, input, what);
    if (parsed.body !== undefined && Buffer.byteLength(parsed.body, 'utf8') > this.options.maxBodyBytes) {
      throw new CommsLogValidationError(
        `Invalid ${what}: body is larger than ${this.options.maxBodyBytes} bytes`,
        [{ path: 'body', message: `must be at most ${this.options.maxBodyBytes} UTF-8 bytes` }],
      );
    }
    return parsed;
  }

  async #written(entry: CommsEntry, previous: CommsEntry | undefined): Promise<RecordResult> {
    if (previous) this.emit('updated', entry, previous);
    else this.emit('recorded', entry);
    await this.#afterWrite(entry, previous);
    return { entry, outcome: previous ? 'updated' : 'created' };
  }

  #matchWith(entry: CommsEntry, owners: Array<HandleOwner>): MatchResult {
    if (isExcluded(entry, this.#rules)) return { match: 'excluded', candidates: [] };
    const mine = new Set(handlesOf(entry.counterpart).map(handleKey));
    return resolveMatch(owners.filter((o) => mine.has(handleKey(o))).map((o) => o.customerId));
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

  async #matchFor(entry: CommsEntry): Promise<MatchResult> {
    if (isExcluded(entry, this.#rules)) return { match: 'excluded', candidates: [] };
    const handles = handlesOf(entry.counterpart);
    return resolveMatch(handles.length === 0 ? [] : await this.#store.findCustomersByHandles(handles));
  }

  async #afterWrite(entry: CommsEntry, previous: CommsEntry | undefined): Promise<void> {
    if (!this.options.followUps) return;
    try {
      await trackFollowUps(this.#store, this, entry, previous, this.options.now());
    } catch (error) {
      // The entry is durable already; follow-up bookkeeping is derived data, so report it, don't fail the write.
      this.emit(
        'error',
        CommsLogError.isInstance(error)
          ? error
          : new CommsLogError('Follow-up bookkeeping failed', 'STORE_FAILURE', { cause: error }),
      );
    }
  }
}

/** Unmatched or ambiguous, and not pinned: a concurrent handle change may have been missed. */
const isUnknown = (e: CommsEntry) => !e.pinned && (e.match === 'unmatched' || e.match === 'ambiguous');

function pageOf<T>(rows: T[], limit: number, cursorOf: (item: T) => string): Page<T> {
  if (rows.length <= limit) return { items: rows };
  const items = rows.slice(0, limit);
  return { items, nextCursor: cursorOf(items[items.length - 1] as T) };
}

/** Creates a {@link CommsLog}; options are validated here (throws `CommsLogConfigError`). */
export function createCommsLog(options: CommsLogOptions): CommsLog {
  return new CommsLog(options);
}
