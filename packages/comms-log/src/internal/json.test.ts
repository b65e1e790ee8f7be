import { describe, expect, it } from 'vitest';
import { cloneData, encodeDates, reviveDates, sameData } from './json.js';

const at = new Date('2026-01-31T23:59:00.000Z');

describe('cloneData', () => {
  it('copies every level, Dates included, so the copy and the original never share an object', () => {
    const original = {
      sentAt: at,
      legs: [{ id: 'a', ringingAt: at, tags: ['x'] }],
      n: 1,
      ok: true,
      none: null,
    };
    const copy = cloneData(original);
    expect(copy).toEqual(original);
    expect(copy.sentAt).not.toBe(original.sentAt);
    expect(copy.legs[0]?.ringingAt).toBeInstanceOf(Date);
    copy.legs[0]?.tags.push('y');
    copy.sentAt.setTime(0);
    expect(original.legs[0]?.tags).toEqual(['x']);
    expect(original.sentAt.getTime()).toBe(at.getTime());
  });

  it('keeps a key named __proto__ as an own key, as JSON.parse does', () => {
    const original = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as Record<string, unknown>;
    const copy = cloneData(original);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.hasOwn(copy, '__proto__')).toBe(true);
    expect(JSON.stringify(copy)).toBe(JSON.stringify(original));
  });
});

describe('encodeDates / reviveDates', () => {
  it('round-trips Dates at any depth through JSON text', () => {
    const data = { answeredAt: at, legs: [{ id: 'a', endedAt: at }], transfers: [], note: 'x', n: 0 };
    const text = JSON.stringify(encodeDates(data));
    expect(text).toContain('{"$date":"2026-01-31T23:59:00.000Z"}');
    const back = reviveDates<typeof data>(JSON.parse(text));
    expect(back).toEqual(data);
    expect(back.legs[0]?.endedAt).toBeInstanceOf(Date);
  });

  it('leaves objects that only look like a date alone', () => {
    const data = { a: { $date: 5 }, b: { $date: '2026-01-01T00:00:00Z', other: 1 } };
    expect(reviveDates(JSON.parse(JSON.stringify(data)))).toEqual(data);
  });
});

describe('sameData', () => {
  it('compares structure, not key order, and treats undefined keys as absent', () => {
    expect(sameData({ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 })).toBe(true);
    expect(sameData({ a: 1, gone: undefined }, { a: 1 })).toBe(true);
    expect(sameData({ at }, { at: new Date(at.getTime()) })).toBe(true);
  });

  it('tells every difference apart', () => {
    expect(sameData({ a: 1 }, { a: 2 })).toBe(false);
    expect(sameData({ a: 1 }, { a: 1, b: null })).toBe(false);
    expect(sameData({ l: [1, 2] }, { l: [1, 2, 3] })).toBe(false);
    expect(sameData({ l: [{ x: 1 }] }, { l: [{ x: 2 }] })).toBe(false);
    expect(sameData({ at }, { at: new Date(at.getTime() + 1) })).toBe(false);
    expect(sameData({ at }, { at: at.toISOString() })).toBe(false);
    expect(sameData({ a: [] }, { a: {} })).toBe(false);
    expect(sameData({ a: '1' }, { a: 1 })).toBe(false);
    expect(sameData(null, {})).toBe(false);
  });
});
