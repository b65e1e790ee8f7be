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
import type { CommsEntry, HandleOwner, RecordInput } from '../types.js';
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
   * Records one observation of a call, message or note: an idempotent upsert keyed by `(source, externalId)`.
   * Replays change nothing; later observations merge by rule (status only forward, set-once fields).
   * Throws {@link CommsLogValidationError} for bad input, `CommsLogStoreError` when the store fails (nothing
   * half-written), {@link CommsLogConflictError} when concurrent writers keep winning (retryable).
   */
  async record(input: RecordInput): Promise<RecordResult> {
    const parsed = this.#parse(input, 'entry');
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
   * result of each input is its key's entry after the batch. Invalid input rejects the whole batch before
   * anything is written; keys that lose a race to a concurrent writer are retried one by one.
   */
  async recordMany(inputs: RecordInput[]): Promise<RecordResult[]> {
    const parsed = parseOrThrow(z.array(z.unknown()).max(10_000), inputs, 'batch').map((input, i) =>
      this.#parse(input as RecordInput, `entry [${i}]`),
    );
    const store = this.store;
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
    const fixed = await this.relinker.recheck(fresh, (e) => this.#matchWith(e, again));
    results.forEach((r, i) => {
      const entry = fixed.get(r.entry.id);
      if (entry) results[i] = { entry, outcome: r.outcome };
    });
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
