import { describe, expect, it } from 'vitest';
import { uuidv7 } from './ids.js';

describe('uuidv7', () => {
  it('is an RFC 9562 version 7 UUID: the milliseconds first, version 7, variant 10, random bits after', () => {
    const at = Date.UTC(2026, 10, 21, 15, 30, 0, 123);
    const ids = Array.from({ length: 1000 }, () => uuidv7(at));
    for (const id of ids) {
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(Number.parseInt(id.replaceAll('-', '').slice(0, 12), 16)).toBe(at);
    }
    expect(new Set(ids).size).toBe(1000);
    // 74 random bits: across 1,000 ids every random hex digit position takes many values.
    const randomDigits = [15, 16, 17, ...Array.from({ length: 15 }, (_, i) => 20 + i)].filter(
      (i) => i !== 23,
    );
    for (const i of randomDigits) expect(new Set(ids.map((id) => id[i])).size).toBeGreaterThan(8);
  });

  it('sorts by time, and keeps times outside 48 bits in range', () => {
    const ids = [0, 1, 255, 2 ** 32, Date.UTC(2026, 0, 1), 2 ** 48 - 1].map((ms) => uuidv7(ms));
    expect([...ids].sort()).toEqual(ids);
    expect(uuidv7(0).startsWith('00000000-0000-7')).toBe(true);
    expect(uuidv7(2 ** 48 - 1).startsWith('ffffffff-ffff-7')).toBe(true);
    expect(uuidv7(2 ** 48).startsWith('00000000-0000-7')).toBe(true);
    expect(uuidv7(-1).startsWith('ffffffff-ffff-7')).toBe(true);
  });
});
