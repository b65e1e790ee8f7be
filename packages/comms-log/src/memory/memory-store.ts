import { entryKey } from '../internal/ids.js';
import { cloneData } from '../internal/json.js';
import { handleKey, handlesOf, resolveMatch, withMatch } from '../matching.js';
import { addCallSums, callContribution, emptyCallSums, zonedDayHour } from '../stats.js';
import type {
  CallStatsCell,
  CommsLogStore,
  EntryFilter,
  EntryLookup,
  EntryPosition,
  FollowUpFilter,
  FollowUpPosition,
  InsertOrGetItem,
  InsertOrGetResult,
  OpenFollowUpInput,
  OpenFollowUpResult,
} from '../store.js';
import type { CommsEntry, FollowUp, Handle, HandleChanges, HandleOwner } from '../types.js';
import { isAfter, matchesFilter, newestFirst } from './filter.js';

/** Entries, handles and follow-ups are JSON data with Dates: copied in and out, never shared. */
const clone = cloneData;

/**
 * The in-memory store: for demos, tests and single-process tools. Every method runs to completion without
 * awaiting, so each is atomic under any concurrency within the process. Values are copied in and out, so
 * callers never share objects with the store. Queries scan, which is fine to a few hundred thousand entries.
 */
export class MemoryCommsLogStore implements CommsLogStore {
  readonly #entries = new Map<string, CommsEntry>();
  readonly #byKey = new Map<string, string>();
  readonly #handles = new Map<string, Handle[]>();
  readonly #owners = new Map<string, Set<string>>();
  readonly #followUps = new Map<string, FollowUp>();

  /** How many entries are stored. */
  get size(): number {
    return this.#entries.size;
  }

  async insertEntry(entry: CommsEntry): Promise<boolean> {
    const key = entryKey(entry.source, entry.externalId);
    if (this.#byKey.has(key) || this.#entries.has(entry.id)) return false;
    this.#byKey.set(key, entry.id);
    this.#entries.set(entry.id, clone(entry));
    return true;
  }

  async updateEntry(entry: CommsEntry, expectedVersion: number): Promise<boolean> {
    const current = this.#entries.get(entry.id);
    if (!current || current.version !== expectedVersion) return false;
    // Identity fields never change (the unique key stays where it is).
    this.#entries.set(entry.id, { ...clone(entry), source: current.source, externalId: current.externalId });
    return true;
  }

  async insertOrGet(entry: CommsEntry, options: { match: boolean }): Promise<InsertOrGetResult> {
    return this.#insertOrGet(entry, options.match);
  }

  async insertOrGetMany(items: InsertOrGetItem[]): Promise<InsertOrGetResult[]> {
    // No await in between: the whole batch is atomic, like the one statement of the Postgres store.
    return items.map((i) => this.#insertOrGet(i.entry, i.match));
  }

  /** Nothing to wait for: every write of this store is whole before any other code runs. */
  async settleMatches(): Promise<void> {}

  #insertOrGet(entry: CommsEntry, match: boolean): InsertOrGetResult {
    // No await between the read and the write: atomic, like the one statement of the Postgres store.
    const id = this.#byKey.get(entryKey(entry.source, entry.externalId));
    const existing = id === undefined ? undefined : this.#entries.get(id);
    if (existing) return { inserted: false, entry: clone(existing) };
    const next = match
      ? withMatch(entry, resolveMatch(this.#customersOf(handlesOf(entry.counterpart))))
      : entry;
    this.#byKey.set(entryKey(next.source, next.externalId), next.id);
    this.#entries.set(next.id, clone(next));
    return { inserted: true, entry: clone(next) };
  }

  async insertEntries(entries: CommsEntry[]): Promise<string[]> {
    const out: string[] = [];
    for (const e of entries) if (await this.insertEntry(e)) out.push(e.id);
    return out;
  }

  async updateEntries(updates: Array<{ entry: CommsEntry; expectedVersion: number }>): Promise<string[]> {
    const out: string[] = [];
    for (const u of updates) if (await this.updateEntry(u.entry, u.expectedVersion)) out.push(u.entry.id);
    return out;
  }

  async getEntriesByKeys(keys: Array<{ source: string; externalId: string }>): Promise<CommsEntry[]> {
    const out: CommsEntry[] = [];
    for (const k of keys) {
      const e = await this.getEntryByKey(k.source, k.externalId);
      if (e) out.push(e);
    }
    return out;
  }

  async lookup(source: string, externalId: string, handles: Handle[]): Promise<EntryLookup> {
    return {
      entry: await this.getEntryByKey(source, externalId),
      owners: await this.findHandleOwners(handles),
    };
  }

  async findHandleOwners(handles: Handle[]): Promise<Array<HandleOwner>> {
    const out: Array<HandleOwner> = [];
    const seen = new Set<string>();
    for (const h of handles) {
      const k = handleKey(h);
      if (seen.has(k)) continue;
      seen.add(k);
      for (const customerId of this.#owners.get(k) ?? [])
        out.push({ kind: h.kind, value: h.value, customerId });
    }
    return out;
  }

  async getEntry(id: string): Promise<CommsEntry | undefined> {
    const e = this.#entries.get(id);
    return e && clone(e);
  }

  async getEntryByKey(source: string, externalId: string): Promise<CommsEntry | undefined> {
    const id = this.#byKey.get(entryKey(source, externalId));
    return id === undefined ? undefined : this.getEntry(id);
  }

  async listEntries(
    filter: EntryFilter,
    page: { after?: EntryPosition | undefined; limit: number },
  ): Promise<CommsEntry[]> {
    const { after } = page;
    const rows = [...this.#entries.values()].filter(
      (e) => matchesFilter(e, filter) && (after === undefined || isAfter(e, after)),
    );
    return rows.sort(newestFirst).slice(0, page.limit).map(clone);
  }

  async listEntriesByHandles(
    handles: Handle[],
    page: { afterId?: string | undefined; limit: number },
  ): Promise<CommsEntry[]> {
    const wanted = new Set(handles.map(handleKey));
    const has = (e: CommsEntry) =>
      (e.counterpart.phone !== undefined && wanted.has(`phone:${e.counterpart.phone}`)) ||
      (e.counterpart.waId !== undefined && wanted.has(`waId:${e.counterpart.waId}`)) ||
      (e.counterpart.bsuid !== undefined && wanted.has(`bsuid:${e.counterpart.bsuid}`)) ||
      (e.counterpart.email !== undefined && wanted.has(`email:${e.counterpart.email}`));
    const { afterId } = page;
    return [...this.#entries.values()]
      .filter((e) => has(e) && (afterId === undefined || e.id > afterId))
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      .slice(0, page.limit)
      .map(clone);
  }

  async replaceCustomerHandles(customerId: string, handles: Handle[]): Promise<HandleChanges> {
    const before = new Map((this.#handles.get(customerId) ?? []).map((h) => [handleKey(h), h]));
    const after = new Map(handles.map((h) => [handleKey(h), { kind: h.kind, value: h.value }]));
    const added = [...after].filter(([k]) => !before.has(k)).map(([, h]) => h);
    const removed = [...before].filter(([k]) => !after.has(k)).map(([, h]) => h);
    for (const h of removed) this.#owners.get(handleKey(h))?.delete(customerId);
    for (const h of added) {
      const k = handleKey(h);
      const owners = this.#owners.get(k) ?? new Set<string>();
      this.#owners.set(k, owners.add(customerId));
    }
    if (after.size === 0) this.#handles.delete(customerId);
    else this.#handles.set(customerId, [...after.values()]);
    return { added: clone(added), removed: clone(removed) };
  }

  async getCustomerHandles(customerId: string): Promise<Handle[]> {
    return clone(this.#handles.get(customerId) ?? []);
  }

  async findCustomersByHandles(handles: Handle[]): Promise<string[]> {
    return this.#customersOf(handles);
  }

  #customersOf(handles: Handle[]): string[] {
    const out = new Set<string>();
    for (const h of handles) for (const c of this.#owners.get(handleKey(h)) ?? []) out.add(c);
    return [...out].sort();
  }

  async callStatsCells(range: { from: Date; to: Date; timeZone: string }): Promise<CallStatsCell[]> {
    const time = new Map<string, CallStatsCell>();
    const ext = new Map<string | null, CallStatsCell>();
    for (const e of this.#entries.values()) {
      if (e.occurredAt < range.from || e.occurredAt >= range.to) continue;
      const sums = callContribution(e);
      if (!sums) continue;
      const { day, hour } = zonedDayHour(e.occurredAt, range.timeZone);
      const t = time.get(`${day}|${hour}`) ?? { kind: 'time', day, hour, ...emptyCallSums() };
      time.set(`${day}|${hour}`, t);
      const extension = typeof e.data.extension === 'string' ? e.data.extension : null;
      const x = ext.get(extension) ?? { kind: 'extension', extension, ...emptyCallSums() };
      ext.set(extension, x);
      addCallSums(t, sums);
      addCallSums(x, sums);
    }
    return [...time.values(), ...ext.values()];
  }

  async hasContactSince(phone: string, after: Date): Promise<boolean> {
    for (const e of this.#entries.values()) {
      if (e.channel !== 'call' || e.counterpart.phone !== phone || e.occurredAt <= after) continue;
      if (e.direction === 'outbound') return true;
      if (e.direction === 'inbound' && (e.status === 'answered' || e.status === 'ongoing')) return true;
    }
    return false;
  }

  async openFollowUp(input: OpenFollowUpInput): Promise<OpenFollowUpResult> {
    const open = [...this.#followUps.values()].find((f) => f.phone === input.phone && f.state === 'open');
    if (open) {
      if (open.entryIds.includes(input.entryId))
        return { followUp: clone(open), created: false, changed: false };
      open.entryIds.push(input.entryId);
      if (input.missedAt < open.firstMissedAt) open.firstMissedAt = input.missedAt;
      if (input.missedAt > open.lastMissedAt) open.lastMissedAt = input.missedAt;
      if (input.customerId !== undefined) open.customerId = input.customerId;
      return { followUp: clone(open), created: false, changed: true };
    }
    const followUp: FollowUp = {
      id: input.id,
      phone: input.phone,
      state: 'open',
      entryIds: [input.entryId],
      firstMissedAt: input.missedAt,
      lastMissedAt: input.missedAt,
    };
    if (input.customerId !== undefined) followUp.customerId = input.customerId;
    this.#followUps.set(followUp.id, followUp);
    return { followUp: clone(followUp), created: true, changed: true };
  }

  async closeFollowUps(
    phone: string,
    close: { before: Date; at: Date; reason: 'answered' | 'called-back'; entryId: string },
  ): Promise<FollowUp[]> {
    const out: FollowUp[] = [];
    for (const f of this.#followUps.values()) {
      if (f.phone !== phone || f.state !== 'open' || f.lastMissedAt >= close.before) continue;
      Object.assign(f, { state: 'closed', closedAt: close.at, closedReason: close.reason });
      f.closedByEntryId = close.entryId;
      out.push(clone(f));
    }
    return out;
  }

  async closeFollowUp(
    id: string,
    close: { at: Date; by?: string | undefined },
  ): Promise<FollowUp | undefined> {
    const f = this.#followUps.get(id);
    if (!f) return undefined;
    if (f.state === 'open') {
      Object.assign(f, { state: 'closed', closedAt: close.at, closedReason: 'manual' });
      if (close.by !== undefined) f.closedBy = close.by;
    }
    return clone(f);
  }

  async setFollowUpCustomer(phone: string, customerId: string | undefined): Promise<void> {
    for (const f of this.#followUps.values()) {
      if (f.phone !== phone || f.state !== 'open') continue;
      if (customerId === undefined) delete f.customerId;
      else f.customerId = customerId;
    }
  }

  async listFollowUps(
    filter: FollowUpFilter,
    page: { after?: FollowUpPosition | undefined; limit: number },
  ): Promise<FollowUp[]> {
    const { after } = page;
    const t = (f: FollowUp) => f.lastMissedAt.getTime();
    return [...this.#followUps.values()]
      .filter(
        (f) =>
          (filter.state === undefined || f.state === filter.state) &&
          (filter.customerId === undefined || f.customerId === filter.customerId) &&
          (filter.phone === undefined || f.phone === filter.phone) &&
          (after === undefined ||
            t(f) < after.lastMissedAt.getTime() ||
            (t(f) === after.lastMissedAt.getTime() && f.id < after.id)),
      )
      .sort((a, b) => t(b) - t(a) || (a.id < b.id ? 1 : -1))
      .slice(0, page.limit)
      .map(clone);
  }
}

/**
 * Creates an in-memory {@link CommsLogStore}.
 *
 * @example
 * ```ts
 * import { createCommsLog } from '@pbxkit/comms-log';
 * import { createMemoryStore } from '@pbxkit/comms-log/memory';
 * const log = createCommsLog({ store: createMemoryStore() });
 * ```
 */
export function createMemoryStore(): MemoryCommsLogStore {
  return new MemoryCommsLogStore();
}
