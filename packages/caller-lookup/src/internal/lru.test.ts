import { describe, expect, it } from 'vitest';
import { Lru } from './lru.js';

describe('Lru (second chance)', () => {
  it('evicts the oldest entry not read since its last pass', () => {
    const lru = new Lru<string, number>(3);
    lru.set('a', 1);
    lru.set('b', 2);
    lru.set('c', 3);
    expect(lru.get('a')).toBe(1);
    lru.set('d', 4); // a was read: b goes
    expect([lru.get('a'), lru.get('b'), lru.get('c'), lru.get('d')]).toEqual([1, undefined, 3, 4]);
    lru.set('c', 30);
    expect(lru.get('c')).toBe(30);
    expect(lru.size).toBe(3);
    // Every entry read: one full pass clears the flags, then the oldest goes.
    lru.set('e', 5);
    expect(lru.size).toBe(3);
    expect(lru.delete('e')).toBe(true);
    lru.clear();
    expect(lru.size).toBe(0);
  });
});
