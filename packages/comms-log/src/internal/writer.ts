import type { EventEmitter } from 'eventemitter3';
import { z } from 'zod';
import type { RecordResult } from '../comms-log.js';
import { CommsLogConflictError, CommsLogError, CommsLogValidationError } from '../errors.js';
import type { CommsLogEvents } from '../events.js';
import { trackFollowUps } from '../follow-ups.js';
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
import type { CommsLogStore } from '../store.js';
import type { CommsEntry, Handle, HandleOwner, RecordInput } from '../types.js';
import { uuidv7 } from './ids.js';

/**
 * The write path of the log: validation, folding observations into entries, matching, compare-and-set
 * writes with retries, events and follow-up bookkeeping. `CommsLog` delegates `record` and `recordMany` here.
 */
export class EntryWriter {
  /** Re-matches entries (shared with the log's customer operations). */
  readonly relinker: Relinker;

  constructor(
    private readonly store: CommsLogStore,
    private readonly events: EventEmitter<CommsLogEvents>,
    private readonly options: ResolvedCommsLogOptions,
    private readonly rules: ExclusionRules,
  ) {
    this.relinker = new Relinker(store, events, options, (e) => this.#matchFor(e));
  }

  /**
   * Records one validated observation ({@link EntryWriter.parse}): an idempotent upsert keyed by
   * `(source, externalId)`. Replays change nothing; later observations merge by rule (status only forward,
   * set-once fields). Throws `CommsLogStoreError` when the store fails (nothing half-written),
   * {@link CommsLogConflictError} when concurrent writers keep winning (retryable).
   */
  async write(parsed: ParsedRecordInput): Promise<RecordResult> {
    const insertOrGet = this.store.insertOrGet?.bind(this.store);
    for (let attempt = 1; attempt <= this.options.maxWriteAttempts; attempt++) {
      const now = this.options.now();
      const newId = () => uuidv7(now.getTime());
      let current: CommsEntry | undefined;
      let owners: HandleOwner[] | undefined;
      if (insertOrGet) {
        // Most keys are new (a message, a call): one statement matches and inserts it, or hands back the
        // stored entry to merge into. No read-then-write round trips, one commit (issue 7 follow-up).
        const fresh = foldInputs(undefined, [parsed], now, newId);
        const excluded = fresh.needsMatch && isExcluded(fresh.entry, this.rules);
        const draft = excluded ? withMatch(fresh.entry, EXCLUDED) : fresh.entry;
        const got = await insertOrGet(draft, { match: fresh.needsMatch && !excluded });
        if (got.inserted && got.entry) return this.#created(got.entry);
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
      if (!step.changed) return { entry: current as CommsEntry, outcome: 'unchanged' };
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
      if (written) return current ? this.#written(entry, current) : this.#created(entry);
      // Another writer got there first: read their entry and merge into it.
      await this.#lostRace(parsed, attempt);
    }
    throw new CommsLogConflictError(
      `Gave up writing ${parsed.source}/${parsed.externalId} after ${this.options.maxWriteAttempts} concurrent updates`,
    );
  }

  /** Reports a lost race and yields to the other writers before the next attempt. */
  async #lostRace(parsed: ParsedRecordInput, attempt: number): Promise<void> {
    this.events.emit(
      'debug',
      `record ${parsed.source}/${parsed.externalId}: lost a write race (attempt ${attempt})`,
    );
    await new Promise((resolve) => setImmediate(resolve));
  }

  /** After a new entry is written: events, follow-ups, and a recheck if a handle change may have raced it. */
  async #created(entry: CommsEntry): Promise<RecordResult> {
    const result = await this.#written(entry, undefined);
    if (!isUnknown(entry)) return result;
    const fixed = await this.relinker.recheck([entry], (e) => this.#matchFor(e));
    return { entry: fixed.get(entry.id) ?? entry, outcome: 'created' };
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
    return !!(s.getEntriesByKeys && s.insertEntries && s.updateEntries && s.findHandleOwners);
  }

  /** Validates one input (throws {@link CommsLogValidationError}); nothing is written. */
  parse(input: RecordInput): ParsedRecordInput {
    return this.#parse(input, 'entry');
  }

  /**
   * Writes validated inputs as one batch (needs {@link EntryWriter.canBatch}): inputs on the same key fold
   * in order, each step matched and reported (`recorded`/`updated`, follow-ups) in call order, exactly as
   * the same inputs recorded one by one; one statement inserts and one updates the whole batch. A store
   * failure rejects the batch; entries an earlier statement of the batch already committed still get their
   * events, so a retry (which finds them `unchanged`) loses none.
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
    // The stored entries and the owners of the inputs' handles, read side by side (one round trip's wait);
    // a stored counterpart's extra handles, if any, are looked up when a step needs them.
    const owners = new HandleOwners(store);
    const [stored] = await Promise.all([
      store.getEntriesByKeys(
        [...groups.values()].map(([i]) => {
          const { source, externalId } = parsed[i as number] as ParsedRecordInput;
          return { source, externalId };
        }),
      ),
      owners.fetch(parsed.flatMap((p) => handlesOf(p.counterpart))),
    ]);
    const byKey = new Map(stored.map((e) => [keyOf(e), e]));
    // Each input folds into its key's entry as it stood after the previous input: sequential semantics.
    const steps: Step[] = new Array(parsed.length);
    const finals = new Map<string, { current: CommsEntry | undefined; entry: CommsEntry | undefined }>();
    for (const [key, indexes] of groups) {
      const current = byKey.get(key);
      let entry = current;
      for (const i of indexes) {
        const step = foldInputs(entry, [parsed[i] as ParsedRecordInput], now, newId);
        const after = step.needsMatch
          ? withMatch(step.entry, this.#matchWith(step.entry, await owners.of(step.entry)))
          : step.entry;
        steps[i] = { key, before: entry, after: step.changed ? after : undefined };
        if (step.changed) entry = after;
      }
      finals.set(key, { current, entry: entry === current ? undefined : entry });
    }
    const written = [...finals.values()].filter((f) => f.entry !== undefined);
    const inserts = written.filter((f) => !f.current).map((f) => f.entry as CommsEntry);
    const updates = written
      .filter((f) => f.current)
      .map((f) => ({ entry: f.entry as CommsEntry, expectedVersion: (f.current as CommsEntry).version }));
    // Inserts and updates touch different keys: both statements run side by side. If one fails, what the
    // other committed is whole and still reported below; the batch then rejects with the failure.
    const [ins, upd] = await Promise.allSettled([
      inserts.length ? store.insertEntries(inserts) : [],
      updates.length ? store.updateEntries(updates) : [],
    ]);
    const inserted = new Set(ins.status === 'fulfilled' ? ins.value : []);
    const updated = new Set(upd.status === 'fulfilled' ? upd.value : []);
    const failure = [ins, upd].find((r) => r.status === 'rejected');
    const results: RecordResult[] = new Array(parsed.length);
    const lost = new Set<string>();
    for (const [i, s] of steps.entries()) {
      const final = finals.get(s.key)?.entry;
      const stored = final !== undefined && (inserted.has(final.id) || updated.has(final.id));
      if (final !== undefined && !stored) {
        if (failure) continue; // not written: the whole batch rejects below
        // Lost a race to a concurrent writer: this key's inputs go one by one, still in call order.
        lost.add(s.key);
        results[i] = await this.write(parsed[i] as ParsedRecordInput);
      } else if (s.after) results[i] = await this.#written(s.after, s.before);
      else results[i] = { entry: s.before as CommsEntry, outcome: 'unchanged' };
    }
    if (failure) throw (failure as PromiseRejectedResult).reason;
    // A handle change may have raced the new unmatched entries: look again, as `record` does.
    const fresh = inserts.filter((e) => inserted.has(e.id) && isUnknown(e));
    const again = fresh.length
      ? await store.findHandleOwners(fresh.flatMap((e) => handlesOf(e.counterpart)))
      : [];
    const fixed = await this.relinker.recheck(fresh, (e) => this.#matchWith(e, again));
    for (const [key, indexes] of groups) {
      const last = indexes[indexes.length - 1] as number;
      const entry = !lost.has(key) && fixed.get((results[last] as RecordResult).entry.id);
      if (entry) results[last] = { entry, outcome: (results[last] as RecordResult).outcome };
    }
    return results;
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
    if (previous) this.events.emit('updated', entry, previous);
    else this.events.emit('recorded', entry);
    await this.#afterWrite(entry, previous);
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

  async #afterWrite(entry: CommsEntry, previous: CommsEntry | undefined): Promise<void> {
    if (!this.options.followUps) return;
    try {
      await trackFollowUps(this.store, this.events, entry, previous, this.options.now());
    } catch (error) {
      // The entry is durable already; follow-up bookkeeping is derived data, so report it, don't fail the write.
      this.events.emit(
        'error',
        CommsLogError.isInstance(error)
          ? error
          : new CommsLogError('Follow-up bookkeeping failed', 'STORE_FAILURE', { cause: error }),
      );
    }
  }
}

const EXCLUDED: MatchResult = { match: 'excluded', candidates: [] };

/** Unmatched or ambiguous, and not pinned: a concurrent handle change may have been missed. */
const isUnknown = (e: CommsEntry) => !e.pinned && (e.match === 'unmatched' || e.match === 'ambiguous');

const keyOf = (k: { source: string; externalId: string }) => `${k.source}\u0000${k.externalId}`;

/** One input of a batch: its key's entry before it, and after it when it changed anything. */
interface Step {
  key: string;
  before: CommsEntry | undefined;
  after: CommsEntry | undefined;
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
