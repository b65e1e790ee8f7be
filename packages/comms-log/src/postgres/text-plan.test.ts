import { describe, expect, it } from 'vitest';
import {
  CANDIDATES_PER_ROW,
  chooseKeys,
  GROWTH,
  MAX_KEYS,
  ONE_WINDOW_CANDIDATES,
  type TextStats,
  textFragments,
  textWindows,
} from './text-plan.js';

describe('textFragments', () => {
  it('splits at ASCII separators and records the word boundaries the text shows', () => {
    expect(textFragments('order #42')).toEqual([
      { text: 'order', left: false, right: true },
      { text: '42', left: true, right: false },
    ]);
    expect(textFragments(' +30 69 ')).toEqual([
      { text: '30', left: true, right: true },
      { text: '69', left: true, right: true },
    ]);
    expect(textFragments('Caller')).toEqual([{ text: 'Caller', left: false, right: false }]);
  });

  it('keeps characters beyond ASCII inside the fragment (the database decides what they are)', () => {
    expect(textFragments('naïve café')).toEqual([
      { text: 'naïve', left: false, right: true },
      { text: 'café', left: true, right: false },
    ]);
    expect(textFragments('🙂ok')).toEqual([{ text: '🙂ok', left: false, right: false }]);
  });

  it('has nothing for text without letters or digits', () => {
    expect(textFragments('')).toEqual([]);
    expect(textFragments('%_ #!')).toEqual([]);
  });
});

const stats = (over: Partial<TextStats> = {}): TextStats => ({
  rows: 1_000_000,
  frequencies: new Map([
    ['ord', 0.4],
    ['der', 0.4],
    [' 42', 0.014],
    ['  4', 0.13],
    ['cal', 1],
  ]),
  minFrequency: 0.005,
  // 101 bounds: 100 buckets of 10k rows, one per hour from 2026-01-01T00:00Z.
  bounds: Array.from({ length: 101 }, (_, i) => new Date(Date.UTC(2026, 0, 1, i))),
  ...over,
});

describe('chooseKeys', () => {
  it('takes the rare trigrams, rarest first; one not in the statistics counts as half the rarest listed', () => {
    expect(chooseKeys(['ord', 'der', ' 42', '  4', '424', '242'], stats())).toEqual({
      keys: ['242', '424', ' 42'],
      density: 0.0025,
    });
  });

  it(`takes at most ${MAX_KEYS}`, () => {
    const keys = chooseKeys(['aaa', 'bbb', 'ccc', 'ddd', 'eee', 'fff'], stats()).keys;
    expect(keys).toHaveLength(MAX_KEYS);
  });

  it('takes none when every trigram is common (the newest-first scan serves a dense pattern)', () => {
    expect(chooseKeys(['ord', 'der', 'cal'], stats())).toEqual({ keys: [], density: 1 });
  });

  it('takes every trigram without statistics (as pg_trgm would), and none of none', () => {
    expect(chooseKeys(['ord', ' 42'], undefined)).toEqual({ keys: [' 42', 'ord'], density: 1 });
    expect(chooseKeys(['ord'], stats({ frequencies: new Map() }))).toEqual({ keys: ['ord'], density: 1 });
    expect(chooseKeys([], stats())).toEqual({ keys: [], density: 1 });
  });
});

const all = (...args: Parameters<typeof textWindows>) => [...textWindows(...args)];
const open = { from: undefined, to: undefined };

describe('textWindows', () => {
  it('one open window without statistics, for few candidates, or for a dense pattern', () => {
    expect(all(undefined, 0.01, 50, undefined)).toEqual([open]);
    expect(all(stats({ bounds: [] }), 0.01, 50, undefined)).toEqual([open]);
    expect(all(stats(), ONE_WINDOW_CANDIDATES / 1_000_000, 50, undefined)).toEqual([open]);
    expect(all(stats(), 0.5, 100_000, undefined)).toEqual([open]); // the first window would be most of the table
  });

  it('walks back from the newest bucket in growing windows that meet edge to edge, the last one open', () => {
    const s = stats();
    const windows = all(s, 0.014, 50, undefined);
    // 4 × 50 candidates at 1.4 % → 14,286 rows → 2 buckets of 10k.
    expect(Math.ceil((CANDIDATES_PER_ROW * 50) / 0.014 / 10_000)).toBe(2);
    expect(windows[0]).toEqual({ from: s.bounds[98], to: undefined });
    expect(windows[1]).toEqual({ from: s.bounds[98 - 2 * GROWTH], to: s.bounds[98] });
    expect(windows[2]).toEqual({ from: s.bounds[90 - 2 * GROWTH ** 2], to: s.bounds[90] });
    expect(windows.at(-1)).toEqual({ from: undefined, to: windows.at(-2)?.from });
    for (let i = 1; i < windows.length; i++) expect(windows[i]?.to).toBe(windows[i - 1]?.from);
  });

  it('starts at the bucket holding the cursor; a cursor before every bound is one open window', () => {
    const s = stats();
    const before = new Date(Date.UTC(2026, 0, 1, 50, 30)); // inside the bucket [bounds[50], bounds[51])
    expect(all(s, 0.014, 50, before)[0]).toEqual({ from: s.bounds[48], to: undefined });
    expect(all(s, 0.014, 50, new Date(Date.UTC(2025, 11, 31)))).toEqual([open]);
    expect(all(s, 0.014, 50, new Date(Date.UTC(2027, 0, 1)))[0]?.from).toBe(s.bounds[98]);
  });
});
