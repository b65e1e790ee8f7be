import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { decodeSSeriesReport } from '../s-series/reports.js';
import { EventDeduplicator, eventKey } from './dedupe.js';
import { decodeEventText, decodeFrame } from './envelope.js';
import { formatPbxTime, parsePbxTime } from './pbx-time.js';
import { parseTolerantJson } from './tolerant-json.js';

const fixtures = fileURLToPath(new URL('../../test/fixtures/', import.meta.url));
const files = (dir: string) =>
  readdirSync(join(fixtures, dir))
    .filter((f) => f.endsWith('.json') && !f.endsWith('.source.txt'))
    .map((f) => readFileSync(join(fixtures, dir, f), 'utf8'));
const pEvents = files('p-series').filter((t) => t.includes('"type"'));
const sReports = files('s-series').filter((t) => /"(event|action)"/.test(t));

const noProto = (v: unknown): boolean =>
  v === null || typeof v !== 'object'
    ? true
    : Object.entries(v).every(([k, x]) => k !== '__proto__' && noProto(x));

describe('properties', () => {
  test('the tolerant reader equals JSON.parse on valid JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue().filter(noProto), (value) => {
        const text = JSON.stringify(value);
        expect(parseTolerantJson(text)).toEqual(JSON.parse(text));
      }),
      { numRuns: 300 },
    );
  });

  test('decoders never throw: arbitrary text, and every fixture truncated or corrupted anywhere', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        decodeEventText(text);
        decodeFrame(text);
        decodeSSeriesReport(text);
      }),
    );
    const all = [...pEvents, ...sReports];
    fc.assert(
      fc.property(fc.nat(all.length - 1), fc.nat(), fc.string({ maxLength: 3 }), (i, cut, junk) => {
        const text = all[i] ?? '';
        const at = cut % (text.length + 1);
        const broken = text.slice(0, at) + junk;
        const p = decodeEventText(broken);
        const s = decodeSSeriesReport(broken);
        // Every outcome is a value: an event or a skip with a reason.
        expect(p.ok || p.skipped.reason.length > 0).toBe(true);
        expect(s.ok || s.skipped.reason.length > 0).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  test('PBX-local time round-trips through the configured zone', () => {
    const zones = ['UTC', 'Asia/Kolkata', 'Asia/Tokyo', 'America/Sao_Paulo', 'Asia/Kathmandu'];
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2035, 0, 1) }),
        (zone, ms) => {
          const d = new Date(Math.floor(ms / 1000) * 1000);
          expect(parsePbxTime(formatPbxTime(d, zone), zone)).toEqual(d);
        },
      ),
    );
    // DST zones: every wall time maps back to itself (the fold resolves to one of its two instants).
    fc.assert(
      fc.property(
        fc.constantFrom('Europe/Athens', 'America/New_York'),
        fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2035, 0, 1) }),
        (zone, ms) => {
          const wall = formatPbxTime(new Date(ms), zone);
          const back = parsePbxTime(wall, zone);
          expect(back && formatPbxTime(back, zone)).toBe(wall);
        },
      ),
    );
  });

  test('the deduplicator lets exactly the first copy of every event through, whatever the interleaving', () => {
    const events = pEvents.flatMap((t) => {
      const r = decodeEventText(t);
      return r.ok ? [r.event] : [];
    });
    fc.assert(
      fc.property(fc.array(fc.nat(events.length - 1), { minLength: 1, maxLength: 60 }), (picks) => {
        const d = new EventDeduplicator();
        const passed = picks.filter((i, n) => d.accept(events[i] as (typeof events)[number], n));
        const firstSeen = picks.filter(
          (i, n) =>
            picks.findIndex(
              (j) =>
                eventKey(events[j] as (typeof events)[number]) ===
                eventKey(events[i] as (typeof events)[number]),
            ) === n,
        );
        expect(passed).toEqual(firstSeen);
      }),
    );
  });
});

test('time formats the PBX uses elsewhere', () => {
  const z = 'Europe/Athens';
  const expected = new Date('2026-10-16T12:04:09Z');
  expect(parsePbxTime('2026/10/16 15:04:09', z)).toEqual(expected);
  expect(parsePbxTime('10/16/2026 03:04:09 PM', z)).toEqual(expected);
  expect(parsePbxTime('16.10.2026 15:04:09', z)).toEqual(expected);
  expect(parsePbxTime('2026-10-16T15:04', z)).toEqual(new Date('2026-10-16T12:04:00Z'));
  expect(parsePbxTime('01/01/2026 12:00:00 AM', 'UTC')).toEqual(new Date('2026-01-01T00:00:00Z'));
  expect(parsePbxTime('yesterday', z)).toBeUndefined();
  expect(parsePbxTime('2026-13-01 00:00:00', z)).toBeUndefined();
});
