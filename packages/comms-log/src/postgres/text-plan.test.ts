import { describe, expect, it } from 'vitest';
import {
  CANDIDATES_PER_ROW,
  chooseKeys,
  commonKeys,
  GROWTH,
  MAX_BUCKETS,
  MAX_COMMON_KEYS,
  MAX_KEYS,
  ONE_WINDOW_CANDIDATES,
  type TextStats,
  textFragments,
  textWindows,
  timeBuckets,
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
    const choice = chooseKeys(['ord', 'der', ' 42', '  4', '424', '242'], stats());
    expect(choice.keys).toEqual(['242', '424', ' 42']);
    // Between the product of the keys' shares and the rarest one's: their geometric mean.
    expect(choice.density).toBeCloseTo(Math.sqrt(0.0025 * 0.0025 * 0.0025 * 0.014), 10);
    expect(chooseKeys([' 42', 'ord'], stats()).density).toBe(0.014);
  });

  it(`takes at most ${MAX_KEYS}`, () => {
    const keys = chooseKeys(['aaa', 'bbb', 'ccc', 'ddd', 'eee', 'fff'], stats()).keys;
    expect(keys).toHaveLength(MAX_KEYS);
  });

  it('takes none when every trigram is common (the newest-first scan serves a dense pattern)', () => {
    expect(chooseKeys(['ord', 'der', 'cal'], stats())).toEqual({ keys: [], density: 1 });
  });

  it(`commonKeys: the ${MAX_COMMON_KEYS} least common trigrams of a pattern with no rare one, dense as the least common`, () => {
    expect(chooseKeys(['ord', 'der', 'cal', '  4'], stats()).keys).toEqual([]);
    expect(commonKeys(['ord', 'der', 'cal', '  4'], stats())).toEqual({
      keys: ['  4', 'der'],
      density: 0.13,
    });
    expect(commonKeys(['cal'], stats())).toEqual({ keys: ['cal'], density: 1 });
    // Nothing to narrow by without trigrams or without statistics (the plain scan serves those).
    expect(commonKeys([], stats())).toEqual({ keys: [], density: 1 });
    expect(commonKeys(['ord'], undefined)).toEqual({ keys: [], density: 1 });
    expect(commonKeys(['ord'], stats({ frequencies: new Map() }))).toEqual({ keys: [], density: 1 });
  });

  it('takes every trigram without statistics (as pg_trgm would), and none of none', () => {
    expect(chooseKeys(['ord', ' 42'], undefined)).toEqual({ keys: [' 42', 'ord'], density: 1 });
    expect(chooseKeys(['ord'], stats({ frequencies: new Map() }))).toEqual({ keys: ['ord'], density: 1 });
    expect(chooseKeys([], stats())).toEqual({ keys: [], density: 1 });
  });
});

const all = (...args: Parameters<typeof textWindows>) => [...textWindows(...args)];
const open = { from: undefined, to: undefined, buckets: [] };
const DAY = 86_400_000;

const HOUR = 3_600_000;
const hourKey = (d: Date) => `@h${d.getTime() / HOUR}`;

describe('timeBuckets', () => {
  it('covers a span with hour keys, from the start of its first hour', () => {
    const from = new Date('2026-01-31T21:40:00Z');
    const to = new Date('2026-02-01T00:00:40Z');
    const hours = [21, 22, 23]
      .map((h) => new Date(Date.UTC(2026, 0, 31, h)))
      .concat(new Date('2026-02-01T00:00Z'));
    expect(timeBuckets(from, to)).toEqual({
      from: new Date('2026-01-31T21:00:00Z'),
      buckets: hours.map(hourKey),
    });
    // A window ending on an hour's start does not take that hour.
    expect(timeBuckets(from, new Date('2026-02-01T00:00:00Z'))?.buckets).toHaveLength(3);
  });

  it(`takes day keys past ${MAX_BUCKETS} hours, month keys past ${MAX_BUCKETS} days, nothing beyond`, () => {
    const day = Date.UTC(2026, 0, 30) / DAY;
    expect(timeBuckets(new Date('2026-01-30T05:00:00Z'), new Date('2026-02-01T00:00:40Z'))).toEqual({
      from: new Date('2026-01-30T00:00:00Z'),
      buckets: [`@d${day}`, `@d${day + 1}`, `@d${day + 2}`],
    });
    const months = timeBuckets(new Date('2025-11-20T00:00:00Z'), new Date('2026-01-05T00:00:00Z'));
    expect(months).toEqual({ from: new Date('2025-11-01T00:00:00Z'), buckets: ['@m670', '@m671', '@m672'] });
    expect(timeBuckets(new Date('2020-01-01T00:00:00Z'), new Date('2026-01-05T00:00:00Z'))).toBeUndefined();
  });

  it('counts hours since 1970 as the migration does, also before it', () => {
    expect(timeBuckets(new Date(0), new Date(1))?.buckets).toEqual(['@h0']);
    expect(timeBuckets(new Date(-1), new Date(0))?.buckets).toEqual(['@h-1']);
  });
});

describe('textWindows', () => {
  it('one open window without statistics, for few candidates, or for a dense pattern', () => {
    expect(all(undefined, 0.01, 50, undefined)).toEqual([open]);
    expect(all(stats({ bounds: [] }), 0.01, 50, undefined)).toEqual([open]);
    expect(all(stats(), ONE_WINDOW_CANDIDATES / 1_000_000, 50, undefined)).toEqual([open]);
    expect(all(stats(), 0.5, 100_000, undefined)).toEqual([open]); // the first window would be most of the table
  });

  const hour = (h: number) => new Date(Date.UTC(2026, 0, 1) + Math.floor(h * HOUR));

  it('walks back in whole hours, then days, edge to edge, growing, the last one open', () => {
    // First the rows above the newest bound (none here); then 4 × 50 candidates at 1.4 % → 14,286 rows (1.4
    // of the one-hour, 10k-row buckets) back from hour 100: hours 98 to 100; then 4 × 14,286 rows back from
    // hour 98: hours 92 to 97; then 4 × that, 23 hours: more than 16, so whole days (3 and 4 Jan).
    expect([CANDIDATES_PER_ROW, GROWTH]).toEqual([4, 4]); // the arithmetic above
    const windows = all(stats(), 0.014, 50, undefined);
    const top = new Date(hour(100).getTime() + 1);
    const hours = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => hourKey(hour(a + i)));
    expect(windows[0]).toEqual({ from: top, to: undefined, buckets: [] });
    expect(windows[1]).toEqual({ from: hour(98), to: top, buckets: hours(98, 101) });
    expect(windows[2]).toEqual({ from: hour(92), to: hour(98), buckets: hours(92, 98) });
    const jan = (d: number) => `@d${Date.UTC(2026, 0, d) / DAY}`;
    expect(windows[3]).toEqual({ from: hour(48), to: hour(92), buckets: [jan(3), jan(4)] });
    expect(windows.at(-1)).toEqual({ from: undefined, to: windows.at(-2)?.from, buckets: [] });
    for (let i = 1; i < windows.length; i++) expect(windows[i]?.to).toBe(windows[i - 1]?.from);
    expect(windows.length).toBeLessThan(7);
  });

  it('searches the rows newer than the statistics saw first, in a window open at the top', () => {
    const s = stats({ newest: hour(101), recentRows: 100_000 });
    const windows = all(s, 0.014, 50, undefined);
    expect(windows[0]).toEqual({ from: new Date(hour(101).getTime() + 1), to: undefined, buckets: [] });
    // The 100k rows since are spread over hour 100 to 101: the next 14,286 rows lie within hour 100.
    expect(windows[1]).toMatchObject({ from: hour(100), to: windows[0]?.from });
  });

  it('starts from the cursor; a cursor before every row is one window open at the bottom', () => {
    const [first] = all(stats({ newest: hour(100) }), 0.014, 50, hour(50.5));
    expect(first).toEqual({ from: hour(49), to: hour(50.5), buckets: hours2(49, 51) });
    expect(all(stats(), 0.014, 50, hour(-1))).toEqual([{ from: undefined, to: hour(-1), buckets: [] }]);
  });
  const hours2 = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => hourKey(hour(a + i)));
});
