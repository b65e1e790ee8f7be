interface Slot<V> {
  value: V;
  /** Read since it was last given a second chance (CLOCK / second-chance eviction). */
  used: boolean;
}

/**
 * A bounded map with second-chance (CLOCK) eviction: a read only sets a flag, so `get` costs one Map
 * lookup (the cached-hit path runs at over a million lookups a second); when full, the oldest entry
 * is evicted unless it was read since its last pass, in which case it moves to the young end.
 */
export class Lru<K, V> {
  readonly #map = new Map<K, Slot<V>>();

  constructor(readonly max: number) {}

  get size(): number {
    return this.#map.size;
  }

  get(key: K): V | undefined {
    const slot = this.#map.get(key);
    if (slot === undefined) return undefined;
    slot.used = true;
    return slot.value;
  }

  set(key: K, value: V): void {
    const slot = this.#map.get(key);
    if (slot) {
      slot.value = value;
      slot.used = true;
      return;
    }
    if (this.#map.size >= this.max) this.#evict();
    this.#map.set(key, { value, used: false });
  }

  delete(key: K): boolean {
    return this.#map.delete(key);
  }

  clear(): void {
    this.#map.clear();
  }

  #evict(): void {
    // Bounded: each pass clears a flag, so at most `size` entries move before one is evicted.
    for (const [key, slot] of this.#map) {
      this.#map.delete(key);
      if (!slot.used) return;
      slot.used = false;
      this.#map.set(key, slot);
    }
  }
}
