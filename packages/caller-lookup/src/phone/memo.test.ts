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

  it('stays correct when far more ids than slots go through it', () => {
    const memo = new CallerIdMemo<{ key: string }>(16, 0);
    const { calls, compute } = counting();
    for (let round = 0; round < 3; round++) {
      for (let n = 0; n < 500; n++) {
        const key = `+3069${String(n).padStart(8, '0')}`;
        expect(memo.get(key, '', compute).key).toBe(key);
      }
    }
    // 500 ids through 16 slots and 2 × 16 entries: most are recomputed, none is answered wrongly.
    expect(calls.length).toBeGreaterThan(1000);
  });

  it('answers a small repeated working set from the table', () => {
    const memo = new CallerIdMemo<{ key: string }>();
    const { calls, compute } = counting();
    const ids = Array.from({ length: 50 }, (_, n) => `0${2101234500 + n}`);
    for (let round = 0; round < 20; round++) for (const id of ids) memo.get(id, '', compute);
    // The first 8 misses are not tracked, then two sightings each to be kept, then (barring a rare
    // collision) hits.
    expect(calls.length).toBeLessThan(8 + ids.length * 4);
    expect(calls.length).toBeGreaterThanOrEqual(ids.length * 2);
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

describe('CallerIdMemo generations', () => {
  it('keeps at most two generations and promotes what is still asked for', () => {
    const memo = new CallerIdMemo<{ key: string }>(4, 0);
    const calls: string[] = [];
    const compute = (key: string) => {
      calls.push(key);
      return { key };
    };
    const twice = (key: string) => {
      memo.get(key, undefined, compute);
      return memo.get(key, undefined, compute);
    };
    const hot = twice('hot');
    for (let n = 0; n < 3; n++) twice(`a${n}`); // young is full: hot, a0, a1, a2
    expect(memo.get('hot', undefined, compute)).toBe(hot);
    for (let n = 0; n < 4; n++) twice(`b${n}`); // young turns over: hot and a* are now old
    const before = calls.length;
    expect(memo.get('hot', undefined, compute)).toBe(hot); // promoted back into young
    for (let n = 0; n < 4; n++) twice(`c${n}`); // another turnover: b* dropped, hot survives in old
    expect(memo.get('hot', undefined, compute)).toBe(hot);
    expect(calls.length).toBe(before + 8);
    memo.get('a0', undefined, compute); // dropped two turnovers ago: recomputed
    expect(calls.at(-1)).toBe('a0');
  });
});
