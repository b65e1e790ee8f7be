import { describe, expect, it } from 'vitest';
import {
  assertTimeZone,
  emptyCallSums,
  hasOffsetsInSteps,
  summarizeCallStats,
  zonedDayHour,
  zoneOffsetMinutes,
} from './stats.js';

const range = {
  from: new Date('2026-03-01T00:00:00Z'),
  to: new Date('2026-04-01T00:00:00Z'),
  timeZone: 'UTC',
};

describe('summarizeCallStats', () => {
  it('has nulls, not NaN, for empty groups and always 24 hours', () => {
    const s = summarizeCallStats([], range);
    expect(s.totals).toEqual({
      offered: 0,
      answered: 0,
      missed: 0,
      answerRate: null,
      avgRingSeconds: null,
      avgMissedRingSeconds: null,
      avgTalkSeconds: null,
      outbound: 0,
      outboundAnswered: 0,
      avgOutboundTalkSeconds: null,
    });
    expect(s.byHour.map((h) => h.hour)).toEqual(Array.from({ length: 24 }, (_, i) => i));
    expect([s.byDay, s.byExtension]).toEqual([[], []]);
  });

  it('rolls cells up by extension (busiest first), hour and day', () => {
    // One call group seen from both sides: its local hour and its extension.
    const cell = (day: string, hour: number, extension: string | null, offered: number, answered: number) => {
      const sums = { ...emptyCallSums(), offered, answered };
      Object.assign(sums, { answeredRingSeconds: answered * 10, talkSeconds: answered * 100 });
      return [
        { kind: 'time' as const, day, hour, ...sums },
        { kind: 'extension' as const, extension, ...sums },
      ];
    };
    const s = summarizeCallStats(
      [
        ...cell('2026-03-02', 9, '201', 4, 3),
        ...cell('2026-03-01', 9, '202', 10, 5),
        ...cell('2026-03-02', 10, '201', 2, 2),
      ],
      range,
    );
    expect(s.byExtension.map((e) => [e.extension, e.offered, e.answered])).toEqual([
      ['202', 10, 5],
      ['201', 6, 5],
    ]);
    expect(s.byDay.map((d) => d.day)).toEqual(['2026-03-01', '2026-03-02']);
    expect(s.byHour[9]).toMatchObject({
      offered: 14,
      answered: 8,
      missed: 6,
      avgRingSeconds: 10,
      avgTalkSeconds: 100,
    });
    expect(s.totals.answerRate).toBe(10 / 16);
  });
});

describe('time zones', () => {
  it('buckets across a DST change by local wall time', () => {
    // Europe/Athens moves from UTC+2 to UTC+3 at 01:00 UTC on 2026-03-29.
    expect(zonedDayHour(new Date('2026-03-29T00:30:00Z'), 'Europe/Athens')).toEqual({
      day: '2026-03-29',
      hour: 2,
    });
    expect(zonedDayHour(new Date('2026-03-29T01:30:00Z'), 'Europe/Athens')).toEqual({
      day: '2026-03-29',
      hour: 4,
    });
    expect(zonedDayHour(new Date('2026-03-29T23:30:00Z'), 'America/New_York')).toEqual({
      day: '2026-03-29',
      hour: 19,
    });
  });

  it('tells whether a zone’s offsets over a range are whole steps (the statistics table serves it)', () => {
    const year = [new Date('2026-01-01T00:00:00Z'), new Date('2027-01-01T00:00:00Z')] as const;
    const steps = (zone: string, minutes: number, [from, to]: readonly [Date, Date] = year) =>
      hasOffsetsInSteps(zone, from, to, minutes);
    expect([steps('UTC', 60), steps('Europe/Athens', 60), steps('America/New_York', 60)]).toEqual([
      true,
      true,
      true,
    ]);
    // Half and quarter hours: Asia/Kolkata +5:30, America/St_Johns −3:30 / −2:30, Asia/Kathmandu +5:45.
    expect([steps('Asia/Kolkata', 60), steps('Asia/Kolkata', 15)]).toEqual([false, true]);
    expect([steps('America/St_Johns', 60), steps('America/St_Johns', 15)]).toEqual([false, true]);
    expect([steps('Asia/Kathmandu', 30), steps('Asia/Kathmandu', 15)]).toEqual([false, true]);
    expect(zoneOffsetMinutes('Asia/Kathmandu', year[0])).toBe(345);
    // Local mean times: Dublin ran 25 min 21 s behind UTC in 1900, Kolkata 5 h 21 min 10 s ahead.
    const lmt = [new Date('1900-01-01T00:00:00Z'), new Date('1900-01-02T00:00:00Z')] as const;
    expect(zoneOffsetMinutes('Europe/Dublin', lmt[0])).toBeCloseTo(-(25 + 21 / 60), 9);
    expect([steps('Europe/Dublin', 15, lmt), steps('Asia/Kolkata', 15, lmt)]).toEqual([false, false]);
  });

  it('rejects unknown zones', () => {
    expect(assertTimeZone('Europe/Athens')).toBe('Europe/Athens');
    expect(() => assertTimeZone('Mars/Olympus')).toThrow(RangeError);
  });
});
