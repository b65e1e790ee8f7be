import type { EventEmitter } from 'eventemitter3';
import { z } from 'zod';
import type { RecordResult } from '../comms-log.js';
import { CommsLogConflictError, CommsLogError, CommsLogValidationError } from '../errors.js';
import type { CommsLogEvents } from '../events.js';
import { followUpStep, reportFollowUps, trackFollowUps } from '../follow-ups.js';
import {
  type ExclusionRules,
  handleKey,
  handlesOf,
  isExcluded,
  type MatchResult,
  resolveMatch,
  withMatch,
} from '../matching.js';
import { foldInputs } from '../merge.js';
import type { ResolvedCommsLogOptions } from '../options.js';
import { Relinker } from '../relink.js';
import { type ParsedRecordInput, parseOrThrow, recordInputSchema } from '../schemas.js';
import type { CommsLogStore, FollowUpChanges, InsertOrGetItem, InsertOrGetResult } from '../store.js';
import type { CommsEntry, Handle, HandleOwner, RecordInput } from '../types.js';
import { BatchReports, type EventSink } from './batch-reports.js';
import { entryKey, uuidv7 } from './ids.js';
import { RecentEntries } from './recent-entries.js';

/**
 * The write path of the log: validation, folding observations into entries, matching, compare-and-set
 * writes with retries, events and follow-up bookkeeping. `CommsLog` delegates `record` and `recordMany` here.
 */
export class EntryWriter {
  /** Re-matches entries (shared with the log's customer operations). */
  readonly relinker: Relinker;
  /** Entries written or read lately: a compare-and-set hint for their next observation (option `entryCache`). */
  readonly #cache: RecentEntries | undefined;

  constructor(
    private readonly store: CommsLogStore,
    private readonly events: EventEmitter<CommsLogEvents>,
    private readonly options: ResolvedCommsLogOptions,
    private readonly rules: ExclusionRules,
  ) {
    this.relinker = new Relinker(store, events, options, (e) => this.#matchFor(e));
    const { entryCache } = options;
    this.#cache = entryCache ? new RecentEntries(entryCache.maxEntries, entryCache.maxBytes) : undefined;
  }

  /**
   * Records one validated observation ({@link EntryWriter.parse}): an idempotent upsert keyed by
   * `(source, externalId)`. Replays change nothing; later observations merge by rule (status only forward,
   * set-once fields). Throws `CommsLogStoreError` when the store fails (nothing half-written),
   * {@link CommsLogConflictError} when concurrent writers keep winning (retryable).
   */
  async write(parsed: ParsedRecordInput): Promise<RecordResult> {
    const cached = await this.#writeCached(parsed);
    if (cached) return cached;
    const insertOrGet = this.store.insertOrGet?.bind(this.store);
    for (let attempt = 1; attempt <= this.options.maxWriteAttempts; attempt++) {
      const now = this.options.now();
      const newId = () => uuidv7(now.getTime());
      let current: CommsEntry | undefined;
      let owners: HandleOwner[] | undefined;
      if (insertOrGet) {
        // Most keys are new (a message, a call): one statement matches and inserts it, or hands back the
        // stored entry to merge into. No read-then-write round trips, one commit (issue 7 follow-up).
        const { entry: draft, match, followUp } = this.#draft(parsed, now, newId, true);
        const got = await insertOrGet(draft, { match, followUp });
        if (got.inserted && got.entry) return this.#created(got.entry, this.#settled, got.followUps);
        if (!got.entry) {
          // Committed by another writer after our statement's snapshot: it is visible on the next attempt.
          await this.#lostRace(parsed, attempt);
          continue;
        }
        current = got.entry;
      } else {
        // One round trip for the entry and the owners of the input's handles when the store can.
        const handles = handlesOf(parsed.counterpart);
        ({ entry: current, owners } =
          this.store.lookup && handles.length > 0
            ? await this.store.lookup(parsed.source, parsed.externalId, handles)
            : { entry: await this.store.getEntryByKey(parsed.source, parsed.externalId), owners: undefined });
      }
      const step = foldInputs(current, [parsed], now, newId);
      if (!step.changed) {
        if (current) this.#cache?.set(current);
        return { entry: current as CommsEntry, outcome: 'unchanged' };
      }
      // A new entry's handles are exactly the input's; a merged counterpart may hold more: ask the index.
      const match = !step.needsMatch
        ? undefined
        : owners && !current
          ? this.#matchWith(step.entry, owners)
          : await this.#matchFor(step.entry);
      const entry = match ? withMatch(step.entry, match) : step.entry;
      const written = current
        ? await this.store.updateEntry(entry, current.version)
        : await this.store.insertEntry(entry);
      if (written) return current ? this.#updated(entry, current) : this.#created(entry, false);
      // Another writer got there first: read their entry and merge into it.
      await this.#lostRace(parsed, attempt);
    }
    throw new CommsLogConflictError(
      `Gave up writing ${parsed.source}/${parsed.externalId} after ${this.options.maxWriteAttempts} concurrent updates`,
    );
  }

  /**
   * A later observation of an entry in the cache: folded into the cached copy and written with a
   * compare-and-set on the copy's version, one statement and no read. Undefined when it cannot be: no copy,
   * nothing changes against the copy (a replay is answered from the store, the copy may be behind it), or
   * the copy was stale (forgotten; the caller reads the entry).
   */
  async #writeCached(parsed: ParsedRecordInput): Promise<RecordResult | undefined> {
    const copy = this.#cache?.get(parsed.source, parsed.externalId);
    if (!copy) return undefined;
    const now = this.options.now();
    const step = foldInputs(copy, [parsed], now, () => uuidv7(now.getTime()));
    if (!step.changed) return undefined;
    const entry = step.needsMatch ? withMatch(step.entry, await this.#matchFor(step.entry)) : step.entry;
    if (await this.store.updateEntry(entry, copy.version)) return this.#updated(entry, copy);
    this.#cache?.delete(parsed.source, parsed.externalId);
    this.events.emit('debug', `record ${parsed.source}/${parsed.externalId}: cached copy was stale`);
    return undefined;
  }

  /** Reports a lost race and yields to the other writers before the next attempt. */
  async #lostRace(parsed: ParsedRecordInput, attempt: number): Promise<void> {
    this.events.emit(
      'debug',
      `record ${parsed.source}/${parsed.externalId}: lost a write race (attempt ${attempt})`,
    );
    await new Promise((resolve) => setImmediate(resolve));
  }

  /**
   * Whether the store matches new entries under its handle-change barrier (`settleMatches`): then a relink
   * sees every entry `insertOrGet`/`insertOrGetMany` matched before a handle change, and no recheck is needed.
   */
  get #settled(): boolean {
    return typeof this.store.settleMatches === 'function';
  }

  /**
   * After a new entry is written: events, follow-ups (reported from `followUps` when the store applied them
   * with the insert), and a recheck if a handle change may have raced it (not when the store matched it under
   * its barrier: `settled`).
   */
  async #created(entry: CommsEntry, settled: boolean, followUps?: FollowUpChanges): Promise<RecordResult> {
    const result = await this.#written(entry, undefined, followUps);
    return settled || !isUnknown(entry) ? result : this.#recheck(result);
  }

  /**
   * After an entry is updated: events, follow-ups, and a recheck when the update gave it a handle it did not
   * have and it is still unknown. Its match was read from the handle index before the write, outside any
   * barrier, and a relink scanning for a handle gained meanwhile could not see the entry carrying it yet.
   */
  async #updated(entry: CommsEntry, previous: CommsEntry): Promise<RecordResult> {
    const result = await this.#written(entry, previous);
    return isUnknown(entry) && gainedHandle(entry, previous) ? this.#recheck(result) : result;
  }

  /** Matches a just-written entry again from the handle index now; the result carries the entry it left. */
  async #recheck(result: RecordResult): Promise<RecordResult> {
    const fixed = (await this.relinker.recheck([result.entry], (e) => this.#matchFor(e))).get(
      result.entry.id,
    );
    if (!fixed) return result;
    this.#cache?.set(fixed);
    return { entry: fixed, outcome: result.outcome };
  }

  /**
   * A key's first observation as a new entry for `insertOrGet`: excluded entries (own numbers, internal
   * calls) keep that match, the others are matched by the store when their match is needed. With
   * `followUp`, the follow-up step the entry brings if inserted goes along for the store to apply.
   */
  #draft(parsed: ParsedRecordInput, now: Date, newId: () => string, followUp: boolean): InsertOrGetItem {
    const fresh = foldInputs(undefined, [parsed], now, newId);
    const excluded = fresh.needsMatch && isExcluded(fresh.entry, this.rules);
    const entry = excluded ? withMatch(fresh.entry, EXCLUDED) : fresh.entry;
    const step = followUp && this.options.followUps ? followUpStep(entry, undefined, now) : undefined;
    return { entry, match: fresh.needsMatch && !excluded, ...(step && { followUp: step }) };
  }

  /**
   * Records many observations at once: one read, one insert and one update statement for the whole batch
   * when the store supports batches (the Postgres and memory stores do), else one `record` at a time. The
   * result of each input is what `record` would have returned had the batch been recorded one by one in
   * order. Invalid input rejects the whole batch before anything is written; keys that lose a race to a
   * concurrent writer are retried one by one.
   */
  async recordMany(inputs: RecordInput[]): Promise<RecordResult[]> {
    const parsed = parseOrThrow(z.array(z.unknown()).max(10_000), inputs, 'batch').map((input, i) =>
      this.#parse(input as RecordInput, `entry [${i}]`),
    );
    if (!this.canBatch) {
      const out: RecordResult[] = [];
      for (const input of parsed) out.push(await this.write(input));
      return out;
    }
    return this.writeBatch(parsed);
  }

  /** Whether the store has the batch methods {@link EntryWriter.writeBatch} needs. */
  get canBatch(): boolean {
    const s = this.store;
    const inserts = !!s.insertOrGetMany || !!(s.getEntriesByKeys && s.insertEntries);
    return inserts && !!(s.updateEntries && s.findHandleOwners);
  }

  /** Validates one input (throws {@link CommsLogValidationError}); nothing is written. */
  parse(input: RecordInput): ParsedRecordInput {
    return this.#parse(input, 'entry');
  }

  /**
   * Writes validated inputs as one batch (needs {@link EntryWriter.canBatch}): inputs on the same key fold
   * in order, each step matched and reported (`recorded`/`updated`, follow-ups) in call order, exactly as
   * the same inputs recorded one by one. Keys with a cached copy fold into it and are written by one batch
   * compare-and-set; the others go out in one `insertOrGetMany` statement, which matches and inserts the new
   * keys and hands back the stored entry of the others, folded into and written by one more compare-and-set
   * statement. A store failure rejects the batch; entries a statement of the batch already committed still
   * get their events, so a retry (which finds them `unchanged`) loses none.
   */
  async writeBatch(parsed: ParsedRecordInput[]): Promise<RecordResult[]> {
    const store = this.store as Required<CommsLogStore>;
    const groups = new Map<string, number[]>();
    parsed.forEach((p, i) => {
      const g = groups.get(keyOf(p));
      if (g) g.push(i);
      else groups.set(keyOf(p), [i]);
    });
    const now = this.options.now();
    const newId = () => uuidv7(now.getTime());
    const owners = new HandleOwners(store);
    const steps: Step[] = new Array(parsed.length);
    const input = (i: number) => parsed[i] as ParsedRecordInput;
    /** Folds inputs into `base` step by step (sequential semantics); the entry to write, if any changed. */
    const fold = async (key: string, base: CommsEntry, indexes: number[], write: WriteState) => {
      let entry = base;
      for (const i of indexes) {
        const step = foldInputs(entry, [input(i)], now, newId);
        const after = step.needsMatch
          ? withMatch(step.entry, this.#matchWith(step.entry, await owners.of(step.entry)))
          : step.entry;
        steps[i] = { key, before: entry, after: step.changed ? after : undefined, write };
        if (step.changed) entry = after;
      }
      if (entry !== base) return { entry, expectedVersion: base.version, write };
      write.state = 'done'; // nothing to write: every step is `unchanged`
      return undefined;
    };
    type Update = NonNullable<Awaited<ReturnType<typeof fold>>>;

    // Keys this log wrote lately fold into the cached copy (a compare-and-set on its version decides);
    // a copy that nothing would change is no proof of the stored entry: such keys are read like the others.
    const cachedUpdates: Update[] = [];
    const fresh: Array<{ key: string; indexes: number[] }> = [];
    for (const [key, indexes] of groups) {
      const first = input(indexes[0] as number);
      const copy = this.#cache?.get(first.source, first.externalId);
      const update = copy && (await fold(key, copy, indexes, { state: 'pending' }));
      if (update) cachedUpdates.push(update);
      else fresh.push({ key, indexes });
    }
    // Every other key's first input as a new entry: one statement matches and inserts the new keys and
    // returns the stored entry of the others (issue 7). It runs beside the cached keys' compare-and-set.
    // A call whose phone no other input of the batch has takes its follow-up step along: the store may
    // apply it in the same statement. Other phones' steps keep call order through `BatchReports`.
    const lonePhones = phonesOnce(parsed);
    const items = fresh.map(({ indexes }) => {
      const first = input(indexes[0] as number);
      const phone = first.channel === 'call' ? first.counterpart.phone : undefined;
      return this.#draft(first, now, newId, phone !== undefined && lonePhones.has(phone));
    });
    const [got, cas] = await Promise.allSettled([
      items.length ? this.#insertOrGetMany(items) : [],
      this.#updateAll(cachedUpdates),
    ]);
    for (const u of cachedUpdates) if (u.write.state === 'lost') this.#forget(u.entry);
    const updates: Update[] = [];
    for (const [n, { key, indexes }] of fresh.entries()) {
      const got1 = got.status === 'fulfilled' ? (got.value[n] as InsertOrGetResult) : undefined;
      if (!got1?.entry) {
        // Not written (the statement failed), or committed by another writer after its snapshot: retried.
        const write: WriteState = { state: got1 ? 'lost' : 'failed' };
        for (const i of indexes) steps[i] = { key, before: undefined, after: undefined, write };
        continue;
      }
      let rest = indexes;
      if (got1.inserted) {
        const followUps = got1.followUps;
        steps[indexes[0] as number] = { key, before: undefined, after: got1.entry, write: DONE, followUps };
        rest = indexes.slice(1);
      }
      const update = await fold(key, got1.entry, rest, { state: 'pending' });
      if (update) updates.push(update);
    }
    const upd = await Promise.allSettled([this.#updateAll(updates)]);
    const failure = [got, cas, ...upd].find((r) => r.status === 'rejected');

    // Results and events in call order; a key that lost a race goes one by one, still in call order.
    const reports = new BatchReports(
      this.events,
      this.options.followUps ? (e, p, sink) => this.#afterWrite(e, p, sink) : undefined,
    );
    const results: RecordResult[] = new Array(parsed.length);
    const latest = new Map<string, CommsEntry>();
    for (const [i, s] of steps.entries()) {
      const state = s.write.state;
      if (state === 'failed' || (state === 'lost' && failure)) continue;
      if (state === 'lost') {
        await reports.flush();
        results[i] = await this.write(input(i));
        continue;
      }
      const entry = s.after ?? (s.before as CommsEntry);
      latest.set(s.key, entry);
      if (s.after) reports.add(s.after, s.before, s.followUps);
      results[i] = { entry, outcome: !s.after ? 'unchanged' : s.before ? 'updated' : 'created' };
    }
    await reports.flush();
    for (const entry of latest.values()) this.#cache?.set(entry);
    if (failure) throw (failure as PromiseRejectedResult).reason;
    // A handle change may have raced the new unmatched entries: look again, as `record` does (unless the
    // store matched them under its barrier).
    const settled = this.#settled && typeof store.insertOrGetMany === 'function';
    const created = settled ? [] : fresh.filter(({ indexes }) => steps[indexes[0] as number]?.write === DONE);
    // And updated entries that gained a handle while unknown (their match was read before the write).
    const gained = new Set<string>();
    for (const s of steps)
      if (
        s?.before &&
        s.after &&
        s.write.state !== 'lost' &&
        isUnknown(s.after) &&
        gainedHandle(s.after, s.before)
      )
        gained.add(s.key);
    const keys = new Set([...created.map(({ key }) => key), ...gained]);
    const unknown = [...keys]
      .map((key) => latest.get(key))
      .filter((e): e is CommsEntry => !!e && isUnknown(e));
    const again = unknown.length
      ? await store.findHandleOwners(unknown.flatMap((e) => handlesOf(e.counterpart)))
      : [];
    const fixed = await this.relinker.recheck(unknown, (e) => this.#matchWith(e, again));
    for (const indexes of groups.values()) {
      const last = indexes[indexes.length - 1] as number;
      const entry =
        steps[last]?.write.state !== 'lost' && fixed.get((results[last] as RecordResult).entry.id);
      if (!entry) continue;
      results[last] = { entry, outcome: (results[last] as RecordResult).outcome };
      this.#cache?.set(entry);
    }
    return results;
  }

  /** One batch compare-and-set; marks each update `done` or `lost` (a concurrent writer moved the entry). */
  async #updateAll(updates: Array<{ entry: CommsEntry; expectedVersion: number; write: WriteState }>) {
    if (updates.length === 0) return;
    const store = this.store as Required<CommsLogStore>;
    try {
      const done = new Set(await store.updateEntries(updates));
      for (const u of updates) u.write.state = done.has(u.entry.id) ? 'done' : 'lost';
    } catch (error) {
      for (const u of updates) u.write.state = 'failed';
      throw error;
    }
  }

  /**
   * The store's `insertOrGetMany`, or the same from the older batch methods: the stored entries and the
   * handle owners read side by side, then one insert statement (two round trips instead of one).
   */
  async #insertOrGetMany(items: InsertOrGetItem[]): Promise<InsertOrGetResult[]> {
    if (this.store.insertOrGetMany) return this.store.insertOrGetMany(items);
    const store = this.store as Required<CommsLogStore>;
    const handles = items.filter((i) => i.match).flatMap((i) => handlesOf(i.entry.counterpart));
    const [stored, owners] = await Promise.all([
      store.getEntriesByKeys(items.map(({ entry: e }) => ({ source: e.source, externalId: e.externalId }))),
      handles.length ? store.findHandleOwners(handles) : [],
    ]);
    const byKey = new Map(stored.map((e) => [keyOf(e), e]));
    const drafts = items.map(({ entry, match }) =>
      byKey.has(keyOf(entry)) ? undefined : match ? withMatch(entry, this.#matchWith(entry, owners)) : entry,
    );
    const news = drafts.filter((d) => d !== undefined);
    const inserted = new Set(news.length ? await store.insertEntries(news) : []);
    return items.map(({ entry }, n) => {
      const draft = drafts[n];
      if (!draft) return { inserted: false, entry: byKey.get(keyOf(entry)) };
      return inserted.has(draft.id)
        ? { inserted: true, entry: draft }
        : { inserted: false, entry: undefined };
    });
  }

  #forget(entry: CommsEntry): void {
    this.#cache?.delete(entry.source, entry.externalId);
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

  async #written(
    entry: CommsEntry,
    previous: CommsEntry | undefined,
    followUps?: FollowUpChanges,
  ): Promise<RecordResult> {
    this.#cache?.set(entry);
    if (previous) this.events.emit('updated', entry, previous);
    else this.events.emit('recorded', entry);
    if (followUps) reportFollowUps(this.events, followUps);
    else if (this.options.followUps) await this.#afterWrite(entry, previous, this.events);
    return { entry, outcome: previous ? 'updated' : 'created' };
  }

  #matchWith(entry: CommsEntry, owners: Array<HandleOwner>): MatchResult {
    if (isExcluded(entry, this.rules)) return { match: 'excluded', candidates: [] };
    const mine = new Set(handlesOf(entry.counterpart).map(handleKey));
    return resolveMatch(owners.filter((o) => mine.has(handleKey(o))).map((o) => o.customerId));
  }

  async #matchFor(entry: CommsEntry): Promise<MatchResult> {
    if (isExcluded(entry, this.rules)) return { match: 'excluded', candidates: [] };
    const handles = handlesOf(entry.counterpart);
    return resolveMatch(handles.length === 0 ? [] : await this.store.findCustomersByHandles(handles));
  }

  /** Follow-up bookkeeping of a written entry; failures are reported on `sink`, never thrown. */
  async #afterWrite(entry: CommsEntry, previous: CommsEntry | undefined, sink: EventSink): Promise<void> {
    try {
      await trackFollowUps(this.store, sink, entry, previous, this.options.now());
    } catch (error) {
      // The entry is durable already; follow-up bookkeeping is derived data, so report it, don't fail the write.
      sink.emit(
        'error',
        CommsLogError.isInstance(error)
          ? error
          : new CommsLogError('Follow-up bookkeeping failed', 'STORE_FAILURE', { cause: error }),
      );
    }
  }
}

const EXCLUDED: MatchResult = { match: 'excluded', candidates: [] };

/** Whether `entry` carries a handle `previous` did not. */
const gainedHandle = (entry: CommsEntry, previous: CommsEntry) => {
  const before = new Set(handlesOf(previous.counterpart).map(handleKey));
  return handlesOf(entry.counterpart).some((h) => !before.has(handleKey(h)));
};

/** Unmatched or ambiguous, and not pinned: a concurrent handle change may have been missed. */
const isUnknown = (e: CommsEntry) => !e.pinned && (e.match === 'unmatched' || e.match === 'ambiguous');

const keyOf = (k: { source: string; externalId: string }) => entryKey(k.source, k.externalId);

/** Where a batch's write of some steps stands. */
interface WriteState {
  state: 'pending' | 'done' | 'lost' | 'failed';
}

/** Steps written by the insert itself. */
const DONE: WriteState = { state: 'done' };

/**
 * One input of a batch: its key's entry before it, after it when it changed anything, and the write that
 * carries it (`lost`: a concurrent writer got there first, the input is written again on its own).
 */
interface Step {
  key: string;
  before: CommsEntry | undefined;
  after: CommsEntry | undefined;
  write: WriteState;
  /** The follow-up changes the store made with the insert, when it applied the step. */
  followUps?: FollowUpChanges | undefined;
}

/** The phones exactly one call input of `inputs` has. */
function phonesOnce(inputs: ParsedRecordInput[]): Set<string> {
  const seen = new Map<string, number>();
  for (const i of inputs) {
    const phone = i.channel === 'call' ? i.counterpart.phone : undefined;
    if (phone !== undefined) seen.set(phone, (seen.get(phone) ?? 0) + 1);
  }
  return new Set([...seen].filter(([, n]) => n === 1).map(([phone]) => phone));
}

/** The owners of handles, fetched once for a batch and again only for handles not looked up yet. */
class HandleOwners {
  readonly #seen = new Set<string>();
  readonly #owners: HandleOwner[] = [];

  constructor(private readonly store: Required<CommsLogStore>) {}

  /** Looks up the owners of the handles not looked up yet. */
  async fetch(handles: Handle[]): Promise<void> {
    const missing = handles.filter((h) => {
      const k = handleKey(h);
      if (this.#seen.has(k)) return false;
      this.#seen.add(k);
      return true;
    });
    if (missing.length > 0) this.#owners.push(...(await this.store.findHandleOwners(missing)));
  }

  /** Every owner known so far, after looking up the entry's handles if needed. */
  async of(entry: CommsEntry): Promise<HandleOwner[]> {
    await this.fetch(handlesOf(entry.counterpart));
    return this.#owners;
  }
}
