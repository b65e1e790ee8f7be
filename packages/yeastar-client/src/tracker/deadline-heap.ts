/** A binary min-heap of (due, key): O(log n) scheduling however many calls are live. */
export class DeadlineHeap {
  readonly #items: Array<{ due: number; key: string }> = [];

  peek(): { due: number; key: string } | undefined {
    return this.#items[0];
  }

  push(item: { due: number; key: string }): void {
    const a = this.#items;
    let i = a.length;
    a.push(item);
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = a[p] as { due: number; key: string };
      if (parent.due <= item.due) break;
      a[i] = parent;
      i = p;
    }
    a[i] = item;
  }

  pop(): void {
    const a = this.#items;
    const last = a.pop();
    if (a.length === 0 || !last) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= a.length) break;
      const r = l + 1;
      const left = a[l] as { due: number; key: string };
      const right = a[r];
      const [c, child] = right && right.due < left.due ? [r, right] : [l, left];
      if (child.due >= last.due) break;
      a[i] = child;
      i = c;
    }
    a[i] = last;
  }
}
