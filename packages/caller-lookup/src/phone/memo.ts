/**
 * A small bounded memo for caller ids: real PBX traffic repeats (the same customers call back, and one
 * call is normalised by the tracker, the lookup and the log), but most ids of a busy day are seen once.
 *
 * Keeping every answer (a `Map` cleared when full) made `normalizePhone` 2–3× slower on a mostly
 * distinct set (issue #6): each kept result survives the young-generation GC and is copied into the old
 * one. So an id is only kept the second time it is seen within the recent window: the first sighting
 * leaves a 32-bit hash in a typed array (nothing for the GC to trace). Kept answers live in two `Map`
 * generations of `size` entries: when the young one is full it becomes the old one (the previous old
 * one is dropped) and a hit in the old one is promoted, so frequent callers survive the turnover.
 */
export class CallerIdMemo<T extends object> {
  readonly #size: number;
  readonly #mask: number;
  // Sightings are tracked only after `warmup` misses: `normalizePhone(raw, { defaultRegion })` with a
  // fresh options object per call (so a memo per object) must not pay for a table it never uses.
  #warmup: number;
  #seen: Int32Array | undefined;
  #young = new Map<string, T>();
  #old = new Map<string, T>();

  /** `size`: entries per generation and slots for sightings (a power of two); `warmup`: misses before tracking. */
  constructor(size = 4096, warmup = 8) {
    this.#size = size;
    this.#mask = size - 1;
    this.#warmup = warmup;
  }

  /** The kept answer for `key`, computing (and maybe keeping) it with `compute(key, context)` on a miss. */
  get<C>(key: string, context: C, compute: (key: string, context: C) => T): T {
    let value = this.#young.get(key);
    if (value !== undefined) return value;
    value = this.#old.get(key);
    if (value !== undefined) return this.#keep(key, value);
    value = compute(key, context);
    if (this.#seen === undefined) {
      if (this.#warmup-- > 0) return value;
      this.#seen = new Int32Array(this.#size);
    }
    // Second sighting (or a 32-bit hash collision, harmless): keep it.
    const hash = fnv1a(key);
    const slot = hash & this.#mask;
    if (this.#seen[slot] === hash) return this.#keep(key, value);
    this.#seen[slot] = hash;
    return value;
  }

  #keep(key: string, value: T): T {
    if (this.#young.size >= this.#size) {
      this.#old = this.#young;
      this.#young = new Map();
    }
    this.#young.set(key, value);
    return value;
  }
}

/** 32-bit FNV-1a over UTF-16 code units (caller ids are at most 64 of them). */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
}
