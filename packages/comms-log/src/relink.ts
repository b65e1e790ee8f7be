import type { EventEmitter } from 'eventemitter3';
import { CommsLogConflictError, CommsLogNotFoundError } from './errors.js';
import type { CommsLogEvents, RelinkChange, RelinkedEvent } from './events.js';
import { handleKey, handlesOf, type MatchResult, resolveMatch, sameMatch, withMatch } from './matching.js';
import type { ResolvedCommsLogOptions } from './options.js';
import type { CommsLogStore } from './store.js';
import type { CommsEntry, Handle } from './types.js';

const BATCH = 200;

const matchOf = (e: CommsEntry): RelinkChange['previous'] => {
  const m: RelinkChange['previous'] = { match: e.match, candidates: e.candidates, pinned: e.pinned };
  if (e.customerId !== undefined) m.customerId = e.customerId;
  return m;
};

/**
 * Re-matches entries when customers change (ERPNext `link_existing_conversations`, Twenty
 * `matchParticipantsForPeople`): entries carrying a changed handle are matched again from the handle index,
 * except pinned (manual) and excluded ones. Each entry is written with compare-and-set, so a concurrent
 * `record` on the same entry is never overwritten.
 */
export class Relinker {
  constructor(
    private readonly store: CommsLogStore,
    private readonly events: EventEmitter<CommsLogEvents>,
    private readonly options: ResolvedCommsLogOptions,
    /** The match of an entry from the exclusion rules and the handle index. */
    private readonly matchFor: (entry: CommsEntry) => Promise<MatchResult>,
  ) {}

  /** Re-matches every unpinned, non-excluded entry carrying one of `handles`; emits one `relinked`. */
  async relink(
    handles: Handle[],
    context: Pick<RelinkedEvent, 'reason' | 'customerId' | 'mergedCustomerId'>,
  ): Promise<RelinkChange[]> {
    const changes: RelinkChange[] = [];
    if (handles.length > 0) {
      const cache = new Map<string, Promise<string[]>>();
      const customersOf = (entry: CommsEntry) => {
        const hs = handlesOf(entry.counterpart);
        const key = hs.map(handleKey).join('\u0001');
        const p = cache.get(key) ?? this.store.findCustomersByHandles(hs);
        cache.set(key, p);
        return p;
      };
      // Entries matched while the handles changed are committed before the scan (or saw the change).
      await this.store.settleMatches?.();
      let afterId: string | undefined;
      for (;;) {
        const batch = await this.store.listEntriesByHandles(handles, { afterId, limit: BATCH });
        const rematch = async (e: CommsEntry) => {
          if (e.pinned || e.match === 'excluded') return undefined;
          const result = resolveMatch(await customersOf(e));
          return sameMatch(e, result) ? undefined : withMatch(e, result);
        };
        changes.push(...(await this.#updateAll(batch, rematch)));
        if (batch.length < BATCH) break;
        afterId = batch[batch.length - 1]?.id;
      }
      // Open follow-ups of a relinked phone follow the caller to their customer.
      for (const h of handles) {
        if (h.kind !== 'phone') continue;
        const result = resolveMatch(await this.store.findCustomersByHandles([h]));
        await this.store.setFollowUpCustomer(h.value, result.customerId);
      }
    }
    this.#emit({ ...context, handles }, changes);
    this.events.emit(
      'debug',
      `relink (${context.reason}): ${handles.length} handles, ${changes.length} entries changed`,
    );
    return changes;
  }

  /** Moves `from`'s handles and entries to `into`, then re-matches what shared their handles. */
  async merge(from: string, into: string): Promise<void> {
    const fromHandles = await this.store.getCustomerHandles(from);
    const intoHandles = await this.store.getCustomerHandles(into);
    const union = new Map([...intoHandles, ...fromHandles].map((h) => [handleKey(h), h]));
    await this.store.replaceCustomerHandles(into, [...union.values()]);
    await this.store.replaceCustomerHandles(from, []);
    const context = { reason: 'merge' as const, customerId: into, mergedCustomerId: from };
    await this.relink(fromHandles, context);
    // Whatever still points at `from` (pinned links, entries matched through a handle it no longer has) moves:
    // `from` is gone. Pinned stays pinned.
    const moved: RelinkChange[] = [];
    for (;;) {
      const batch = await this.store.listEntries({ customerId: from }, { limit: BATCH });
      const move = async (e: CommsEntry) =>
        e.customerId === from ? withMatch(e, resolveMatch([into])) : undefined;
      moved.push(...(await this.#updateAll(batch, move)));
      if (batch.length < BATCH) break;
    }
    this.#emit({ ...context, handles: fromHandles }, moved);
  }

  /** Pins an entry to a customer, or unpins it (customerId undefined) and matches it again. */
  async setLink(
    entryId: string,
    customerId: string | undefined,
    by: string | undefined,
  ): Promise<CommsEntry> {
    const entry = await this.store.getEntry(entryId);
    if (!entry) throw new CommsLogNotFoundError(`No entry ${entryId}`);
    const change = await this.#update(entry, async (e) => {
      if (customerId !== undefined) {
        if (e.pinned && e.customerId === customerId) return undefined;
        const next = { ...withMatch(e, resolveMatch([customerId])), pinned: true };
        if (by !== undefined) next.data = { ...e.data, linkedBy: by };
        return next;
      }
      if (!e.pinned) return undefined;
      return { ...withMatch(e, await this.matchFor(e)), pinned: false };
    });
    if (!change) return (await this.store.getEntry(entryId)) ?? entry;
    const event: Pick<RelinkedEvent, 'reason' | 'customerId'> = { reason: customerId ? 'link' : 'unlink' };
    if (customerId !== undefined) event.customerId = customerId;
    this.#emit({ ...event, handles: [] }, [change]);
    return change.entry;
  }

  /**
   * Matches freshly inserted entries again (`matchOf` reads the handle index now). Closes the race where a
   * `record` read the handle index just before a concurrent `setCustomerHandles` committed and inserted just
   * after that call's relink scan: without it the entry would stay unmatched. Returns the entries it changed.
   */
  async recheck(
    entries: CommsEntry[],
    matchOf: (e: CommsEntry) => MatchResult | Promise<MatchResult>,
  ): Promise<Map<string, CommsEntry>> {
    const changes: RelinkChange[] = [];
    for (const entry of entries) {
      const change = await this.#update(entry, async (e) => {
        if (e.pinned || e.match === 'excluded') return undefined;
        const result = await matchOf(e);
        return sameMatch(e, result) ? undefined : withMatch(e, result);
      });
      if (change) changes.push(change);
    }
    this.#emit({ reason: 'handles', handles: [] }, changes);
    if (changes.length > 0) this.events.emit('debug', `recheck relinked ${changes.length} new entries`);
    return new Map(changes.map((c) => [c.entry.id, c.entry]));
  }

  /**
   * Applies `mutate` to a page of entries with one batch compare-and-set when the store has one; entries a
   * concurrent writer changed meanwhile are re-read and retried one by one.
   */
  async #updateAll(
    batch: CommsEntry[],
    mutate: (e: CommsEntry) => Promise<CommsEntry | undefined>,
  ): Promise<RelinkChange[]> {
    const planned: Array<{ before: CommsEntry; after: CommsEntry }> = [];
    for (const before of batch) {
      const next = await mutate(before);
      if (next)
        planned.push({
          before,
          after: { ...next, version: before.version + 1, updatedAt: this.options.now() },
        });
    }
    if (planned.length === 0) return [];
    const done = this.store.updateEntries
      ? new Set(
          await this.store.updateEntries(
            planned.map((p) => ({ entry: p.after, expectedVersion: p.before.version })),
          ),
        )
      : new Set<string>();
    const changes: RelinkChange[] = [];
    for (const { before, after } of planned) {
      if (done.has(before.id)) {
        changes.push({ entry: after, previous: matchOf(before) });
        continue;
      }
      const fresh = this.store.updateEntries ? await this.store.getEntry(before.id) : before;
      const change = fresh && (await this.#update(fresh, mutate));
      if (change) changes.push(change);
    }
    return changes;
  }

  /** Compare-and-set one entry through `mutate` (undefined: nothing to change), re-reading on conflict. */
  async #update(
    first: CommsEntry,
    mutate: (e: CommsEntry) => Promise<CommsEntry | undefined>,
  ): Promise<RelinkChange | undefined> {
    let current: CommsEntry | undefined = first;
    for (let attempt = 0; attempt < this.options.maxWriteAttempts && current; attempt++) {
      const next = await mutate(current);
      if (!next) return undefined;
      const written = { ...next, version: current.version + 1, updatedAt: this.options.now() };
      if (await this.store.updateEntry(written, current.version))
        return { entry: written, previous: matchOf(current) };
      current = await this.store.getEntry(first.id);
    }
    if (!current) return undefined;
    throw new CommsLogConflictError(`Gave up relinking entry ${first.id} after concurrent updates`);
  }

  #emit(event: Omit<RelinkedEvent, 'changes'>, changes: RelinkChange[]): void {
    if (changes.length > 0) this.events.emit('relinked', { ...event, changes });
  }
}
