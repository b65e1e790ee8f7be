import type { CommsEntry } from '../types.js';
import { entryKey } from './ids.js';
import { cloneData } from './json.js';

/** Rough in-memory cost of an entry beyond its body (object shells, ids, counterpart, small data). */
const ENTRY_OVERHEAD = 1024;

const sizeOf = (e: CommsEntry) => ENTRY_OVERHEAD + 2 * (e.body?.length ?? 0);

/**
 * Entries this log wrote or read recently, by `(source, externalId)`: a bounded LRU (by count and by
 * approximate bytes). A hint, never a source of truth: the writer folds a later observation into the cached
 * entry and writes it with a compare-and-set on the cached version, so a stale copy (another instance, a
 * relink) only costs the failed compare-and-set and the read the writer would have done anyway. Values are
 * copied in and out, so callers never share objects with it.
 */
export class RecentEntries {
  readonly #entries = new Map<string, { entry: CommsEntry; size: number }>();
  #bytes = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly maxBytes: number,
  ) {}

  /** How many entries are cached. */
  get size(): number {
    return this.#entries.size;
  }

  /** A copy of the cached entry of a key (and marks it recently used). */
  get(source: string, externalId: string): CommsEntry | undefined {
    const key = entryKey(source, externalId);
    const hit = this.#entries.get(key);
    if (!hit) return undefined;
    this.#entries.delete(key);
    this.#entries.set(key, hit);
    return cloneData(hit.entry);
  }

  /** Caches a copy of an entry as stored at its version, evicting the least recently used beyond the bounds. */
  set(entry: CommsEntry): void {
    const key = entryKey(entry.source, entry.externalId);
    this.delete(entry.source, entry.externalId);
    const size = sizeOf(entry);
    if (size > this.maxBytes) return;
    this.#entries.set(key, { entry: cloneData(entry), size });
    this.#bytes += size;
    if (this.#entries.size > this.maxEntries || this.#bytes > this.maxBytes) this.#evict();
  }

  /**
   * Evicts the least recently used entries down to a sixteenth below the bounds (exactly to the bounds
   * below 16 entries). A Map iterates from its oldest slot, deleted ones included until it compacts itself,
   * so evicting one entry per insert walked thousands of deleted slots each time (18 µs per record in a
   * profile of a full cache): in bulk, one walk serves a sixteenth of the cache's inserts.
   */
  #evict(): void {
    const entries = this.maxEntries - Math.floor(this.maxEntries / 16);
    const bytes = this.maxBytes - Math.floor(this.maxBytes / 16);
    for (const [oldest, { size }] of this.#entries) {
      if (this.#entries.size <= entries && this.#bytes <= bytes) break;
      this.#entries.delete(oldest);
      this.#bytes -= size;
    }
  }

  /** Forgets a key (its copy proved stale, or its write failed). */
  delete(source: string, externalId: string): void {
    const key = entryKey(source, externalId);
    const hit = this.#entries.get(key);
    if (!hit) return;
    this.#entries.delete(key);
    this.#bytes -= hit.size;
  }
}
