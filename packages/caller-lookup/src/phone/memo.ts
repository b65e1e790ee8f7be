/**
 * A small bounded memo for caller ids: real PBX traffic repeats (the same customers call back, and one
 * call is normalised by the tracker, the lookup and the log), but most ids of a busy day are seen once.
 *
 * Keeping every answer (a `Map` cleared when full) made `normalizePhone` 2–3× slower on a mostly
 * distinct set (issue #6): each kept result survives the young-generation GC and is copied into the old
 * one. So an id is only kept the second time it is seen within the recent window: the first sighting
 * leaves a 32-bit hash in a typed array (nothing for the GC to trace). Kept answers live in a 2-way
 * set-associative table of fixed size: no growth, no rehashing, no allocation per call.
 */
export class CallerIdMemo<T> {
  readonly #size: number;
  readonly #mask: number;
  // Allocated only after `warmup` misses: `normalizePhone(raw, { defaultRegion })` with a fresh options
  // object per call (a memo per object) must not pay for tables it will never use.
  #warmup: number;
  #keys: Array<string | undefined> = [];
  #values: Array<T | undefined> = [];
  #seen: Int32Array | undefined;

  /** `size`: slots of the table and of the sightings (a power of two); `warmup`: misses before tracking. */
  constructor(size = 4096, warmup = 64) {
    this.#size = size;
    this.#mask = size - 1;
    this.#warmup = warmup;
  }

  /** The kept answer for `key`, computing (and maybe keeping) it with `compute(key, context)` on a miss. */
  get<C>(key: string, context: C, compute: (key: string, context: C) => T): T {
    const hash = fnv1a(key);
    const slot = hash & this.#mask;
    const keys = this.#keys;
    if (keys[slot] === key) return this.#values[slot] as T;
    const other = slot ^ 1;
    if (keys[other] === key) return this.#values[other] as T;
    const value = compute(key, context);
    // Second sighting (or a 32-bit hash collision, harmless): keep it. Move the slot's previous
    // occupant to its pair, so the two most recent keys of a set stay.
    if (this.#seen === undefined) {
      if (this.#warmup-- > 0) return value;
      this.#seen = new Int32Array(this.#size);
    }
    const seen = (hash >>> 16) & this.#mask;
    if (this.#seen[seen] === hash) {
      if (keys.length === 0) {
        this.#keys = new Array<string | undefined>(this.#size).fill(undefined);
        this.#values = new Array<T | undefined>(this.#size).fill(undefined);
      }
      this.#keys[other] = this.#keys[slot];
      this.#values[other] = this.#values[slot];
      this.#keys[slot] = key;
      this.#values[slot] = value;
    } else {
      this.#seen[seen] = hash;
    }
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
