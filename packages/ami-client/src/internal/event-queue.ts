/** Bounded FIFO ring buffer with an overflow policy; O(1) push and shift. */
export class BoundedQueue<T> {
  #items: (T | undefined)[];
  #head = 0;
  #size = 0;
  /** Items dropped by the overflow policy since creation. */
  dropped = 0;
  /** Highest size seen. */
  highWater = 0;

  constructor(
    readonly capacity: number,
    readonly policy: 'drop-oldest' | 'drop-newest',
  ) {
    this.#items = new Array(Math.min(capacity, 1024));
  }

  get size(): number {
    return this.#size;
  }

  /** Add an item; returns false when an item was dropped to respect the bound. */
  push(item: T): boolean {
    if (this.#size === this.capacity) {
      this.dropped++;
      if (this.policy === 'drop-newest') return false;
      this.shift();
    }
    if (this.#size === this.#items.length) this.#grow();
    this.#items[(this.#head + this.#size) % this.#items.length] = item;
    this.#size++;
    if (this.#size > this.highWater) this.highWater = this.#size;
    return true;
  }

  /** Remove and return the oldest item. */
  shift(): T | undefined {
    if (this.#size === 0) return undefined;
    const item = this.#items[this.#head];
    this.#items[this.#head] = undefined;
    this.#head = (this.#head + 1) % this.#items.length;
    this.#size--;
    return item;
  }

  /** Drop everything. */
  clear(): void {
    this.#items = new Array(Math.min(this.capacity, 1024));
    this.#head = 0;
    this.#size = 0;
  }

  #grow(): void {
    const next = new Array<T | undefined>(Math.min(this.capacity, this.#items.length * 2));
    for (let i = 0; i < this.#size; i++) next[i] = this.#items[(this.#head + i) % this.#items.length];
    this.#items = next;
    this.#head = 0;
  }
}
