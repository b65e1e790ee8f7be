import type { CallStatsCell, CallSums } from './store.js';

/** The figures of one group of calls. Definitions: see the README's "Call statistics". */
export interface CallStatsFigures {
  /** Inbound calls that ended (in the group). */
  offered: number;
  /** Inbound calls that were answered. */
  answered: number;
  /** Inbound calls that were not answered (missed, abandoned, busy, voicemail, failed). */
  missed: number;
  /** `answered / offered`, or null when nothing was offered. */
  answerRate: number | null;
  /** Mean `ringSeconds` of answered inbound calls (speed of answer), or null. */
  avgRingSeconds: number | null;
  /** Mean `ringSeconds` of missed inbound calls (how long callers waited before giving up), or null. */
  avgMissedRingSeconds: number | null;
  /** Mean `talkSeconds` of answered inbound calls, or null. */
  avgTalkSeconds: number | null;
  /** Outbound calls that ended. */
  outbound: number;
  /** Outbound calls answered. */
  outboundAnswered: number;
  /** Mean `talkSeconds` of answered outbound calls, or null. */
  avgOutboundTalkSeconds: number | null;
}

/** The figures of one extension. */
export interface ExtensionCallStats extends CallStatsFigures {
  /** The extension, or null for calls without one. */
  extension: string | null;
}

/** The figures of one local hour of day. */
export interface HourCallStats extends CallStatsFigures {
  /** 0–23. */
  hour: number;
}

/** The figures of one local day. */
export interface DayCallStats extends CallStatsFigures {
  /** `YYYY-MM-DD`. */
  day: string;
}

/** Call statistics over a time range, bucketed in a time zone. */
export interface CallStats {
  /** Start of the range (inclusive). */
  from: Date;
  /** End of the range (exclusive). */
  to: Date;
  /** The IANA time zone of the buckets. */
  timeZone: string;
  /** All calls of the range. */
  totals: CallStatsFigures;
  /** Per extension (calls without one are under `null`), busiest first. */
  byExtension: ExtensionCallStats[];
  /** Per local hour of day, always 24 rows (0–23). */
  byHour: HourCallStats[];
  /** Per local day (`YYYY-MM-DD`), oldest first, days with calls only. */
  byDay: DayCallStats[];
}

type Sums = CallSums;
const SUM_KEYS = [
  'offered',
  'answered',
  'answeredRingSeconds',
  'missedRingSeconds',
  'talkSeconds',
  'outbound',
  'outboundAnswered',
  'outboundTalkSeconds',
] as const satisfies readonly (keyof Sums)[];

/** A cell's sums, all zero. */
export const emptyCallSums = (): CallSums => ({
  offered: 0,
  answered: 0,
  answeredRingSeconds: 0,
  missedRingSeconds: 0,
  talkSeconds: 0,
  outbound: 0,
  outboundAnswered: 0,
  outboundTalkSeconds: 0,
});

/** Adds `cell`'s sums into `into` (scaled by `sign`, -1 to remove a contribution). */
export function addCallSums(into: CallSums, cell: CallSums, sign = 1): void {
  for (const key of SUM_KEYS) into[key] += sign * cell[key];
}
const add = addCallSums;

const mean = (sum: number, n: number) => (n === 0 ? null : sum / n);

function figures(s: Sums): CallStatsFigures {
  const missed = s.offered - s.answered;
  return {
    offered: s.offered,
    answered: s.answered,
    missed,
    answerRate: s.offered === 0 ? null : s.answered / s.offered,
    avgRingSeconds: mean(s.answeredRingSeconds, s.answered),
    avgMissedRingSeconds: mean(s.missedRingSeconds, missed),
    avgTalkSeconds: mean(s.talkSeconds, s.answered),
    outbound: s.outbound,
    outboundAnswered: s.outboundAnswered,
    avgOutboundTalkSeconds: mean(s.outboundTalkSeconds, s.outboundAnswered),
  };
}

function groupBy<C extends CallSums, K>(cells: C[], key: (c: C) => K): Map<K, Sums> {
  const out = new Map<K, Sums>();
  for (const cell of cells) {
    const k = key(cell);
    const sums = out.get(k) ?? emptyCallSums();
    out.set(k, sums);
    add(sums, cell);
  }
  return out;
}

/** Rolls a store's cells up into totals, per extension, per local hour of day and per local day (pure). */
export function summarizeCallStats(
  cells: CallStatsCell[],
  range: { from: Date; to: Date; timeZone: string },
): CallStats {
  const time = cells.filter((c) => c.kind === 'time');
  const extension = cells.filter((c) => c.kind === 'extension');
  const totals = emptyCallSums();
  for (const cell of time) add(totals, cell);
  const hours = groupBy(time, (c) => c.hour);
  return {
    ...range,
    totals: figures(totals),
    byExtension: [...groupBy(extension, (c) => c.extension)]
      .map(([ext, s]) => ({ extension: ext, ...figures(s) }))
      .sort(
        (a, b) =>
          b.offered + b.outbound - (a.offered + a.outbound) ||
          String(a.extension).localeCompare(String(b.extension)),
      ),
    byHour: Array.from({ length: 24 }, (_, hour) => ({
      hour,
      ...figures(hours.get(hour) ?? emptyCallSums()),
    })),
    byDay: [...groupBy(time, (c) => c.day)]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([day, s]) => ({ day, ...figures(s) })),
  };
}

/** What one call contributes to the statistics, or undefined when it does not count (live, internal, not a call). */
export function callContribution(entry: {
  channel: string;
  direction: string;
  status: string;
  data: { ringSeconds?: number | undefined; talkSeconds?: number | undefined };
}): CallSums | undefined {
  if (entry.channel !== 'call' || entry.direction === 'internal') return undefined;
  if (entry.status === 'ringing' || entry.status === 'ongoing') return undefined;
  const s = emptyCallSums();
  const answered = entry.status === 'answered';
  const ring = entry.data.ringSeconds ?? 0;
  const talk = entry.data.talkSeconds ?? 0;
  if (entry.direction === 'inbound') {
    s.offered = 1;
    if (answered) Object.assign(s, { answered: 1, answeredRingSeconds: ring, talkSeconds: talk });
    else s.missedRingSeconds = ring;
  } else {
    s.outbound = 1;
    if (answered) Object.assign(s, { outboundAnswered: 1, outboundTalkSeconds: talk });
  }
  return s;
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** The UTC offset of a zone at an instant, in minutes (with a fraction for local mean times like −0:25:21). */
export function zoneOffsetMinutes(timeZone: string, at: Date): number {
  let f = offsetFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
    offsetFormatters.set(timeZone, f);
  }
  const name = f.formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d{2}):(\d{2})(?::(\d{2}))?/.exec(name);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]) + Number(m[4] ?? 0) / 60) : 0;
}

/**
 * Whether every offset of `timeZone` in `[from, to]` is a whole number of `minutes` (a divisor of 60: then
 * each UTC span of that length starting on a multiple of it lies in one local hour). Samples every 6 hours:
 * offset changes are never closer together than that.
 */
export function hasOffsetsInSteps(timeZone: string, from: Date, to: Date, minutes: number): boolean {
  const step = 6 * 3_600_000;
  for (let t = from.getTime(); ; t = Math.min(t + step, to.getTime())) {
    if (zoneOffsetMinutes(timeZone, new Date(t)) % minutes !== 0) return false;
    if (t >= to.getTime()) return true;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Throws a RangeError unless `timeZone` is an IANA zone the runtime knows. */
export function assertTimeZone(timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', { timeZone }).resolvedOptions().timeZone;
}

/** A local day and hour. */
export interface LocalDayHour {
  /** `YYYY-MM-DD`. */
  day: string;
  /** 0–23. */
  hour: number;
}

/** The local day (`YYYY-MM-DD`) and hour of an instant in a time zone. */
export function zonedDayHour(at: Date, timeZone: string): LocalDayHour {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(at).map((p) => [p.type, p.value]));
  return { day: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour) };
}
