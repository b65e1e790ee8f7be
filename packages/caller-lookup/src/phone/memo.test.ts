import { describe, expect, it } from 'vitest';
import { CallerIdMemo } from './memo.js';

describe('CallerIdMemo', () => {
  const counting = () => {
    const calls: string[] = [];
    const compute = (key: string, suffix: string) => {
      calls.push(key);
      return { key: `${key}${suffix}` };
    };
    return { calls, compute };
  };

  it('keeps an answer only from the second sighting on', () => {
    const memo = new CallerIdMemo<{ key: string }>(64, 0);
    const { calls, compute } = counting();
    const first = memo.get('+302101234567', '!', compute);
    const second = memo.get('+302101234567', '!', compute);
    const third = memo.get('+302101234567', '!', compute);
    expect(calls).toEqual(['+302101234567', '+302101234567']);
    expect(first).toEqual({ key: '+302101234567!' });
    expect(first).not.toBe(second); // the first answer was not kept
    expect(third).toBe(second); // the second one was
  });

  it('stays bounded and correct when far more ids than slots go through it', () => {
    const memo = new CallerIdMemo<{ key: string }>(16, 0);
    const { calls, compute } = counting();
    for (let round = 0; round < 3; round++) {
      for (let n = 0; n < 500; n++) {
        const key = `+3069${String(n).padStart(8, '0')}`;
        expect(memo.get(key, '', compute).key).toBe(key);
      }
    }
    // 500 ids through 16 slots: almost everything is recomputed, nothing is ever answered wrongly.
    expect(calls.length).toBeGreaterThan(1400);
  });

  it('answers a small repeated working set from the table', () => {
    const memo = new CallerIdMemo<{ key: string }>();
    const { calls, compute } = counting();
    const ids = Array.from({ length: 50 }, (_, n) => `0${2101234500 + n}`);
    for (let round = 0; round < 20; round++) for (const id of ids) memo.get(id, '', compute);
    // The first 64 misses are not tracked, then two sightings each to be kept, then (barring a rare
    // collision) hits.
    expect(calls.length).toBeLessThan(64 + ids.length * 4);
    expect(calls.length).toBeGreaterThanOrEqual(64 + ids.length);
  });

  it('tracks nothing during its warm-up', () => {
    const memo = new CallerIdMemo<{ key: string }>(64, 3);
    const { calls, compute } = counting();
    for (let n = 0; n < 5; n++) memo.get('+302101234567', '', compute);
    // Misses 1-3 untracked, the 4th is the first sighting, the 5th is kept; a 6th call is a hit.
    expect(calls.length).toBe(5);
    memo.get('+302101234567', '', compute);
    expect(calls.length).toBe(5);
  });
});
