import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEntry, mergeData, mergeEntry } from './merge.js';
import { type ParsedRecordInput, recordInputSchema } from './schemas.js';
import type { CallStatus, CommsEntry, MessageStatus, RecordInput } from './types.js';

const T0 = Date.UTC(2026, 0, 15, 9);
const NOW = new Date(T0 + 3_600_000);
const parse = (i: RecordInput): ParsedRecordInput => recordInputSchema.parse(i);
const ID = '0190a000-0000-7000-8000-000000000000';

/** Folds a stream of observations into one entry, as record() does for one key. */
function fold(stream: ParsedRecordInput[]): CommsEntry {
  const [first, ...rest] = stream;
  let entry = createEntry(first as ParsedRecordInput, ID, NOW);
  for (const input of rest) entry = mergeEntry(entry, input, NOW).entry;
  return entry;
}

/** The converging part of an entry (set-once fields may legitimately depend on which event came first). */
const essence = (e: CommsEntry) => ({
  status: e.status,
  data: e.data,
  occurredAt: e.occurredAt,
  error: e.error,
});

const message = (status: MessageStatus, offset: number): RecordInput => ({
  source: 'whatsapp',
  externalId: 'wamid.1',
  channel: 'whatsapp',
  direction: 'outbound',
  occurredAt: new Date(T0),
  status,
  ...(status === 'failed' ? { error: { code: '131026', message: 'undeliverable' } } : {}),
  data: { [`${status === 'pending' ? 'sent' : status}At`]: new Date(T0 + offset * 1000) },
});

const call = (status: CallStatus, s: number, ext: string): RecordInput => ({
  source: 'asterisk',
  externalId: 'pbx/1',
  channel: 'call',
  direction: 'inbound',
  occurredAt: new Date(T0 + s * 1000),
  status,
  data: {
    legs: [{ id: `leg-${ext}`, extension: ext, ringingAt: new Date(T0 + s * 1000) }],
    ...(status === 'ringing' ? {} : { answeredAt: new Date(T0 + (s + 5) * 1000) }),
    ...(status === 'ringing' || status === 'ongoing'
      ? {}
      : { endedAt: new Date(T0 + (s + 60) * 1000), ringSeconds: s, talkSeconds: 60 - s }),
  },
});

describe('merge rules (property)', () => {
  it('a message status stream converges whatever the order and duplication', () => {
    const status = fc.constantFrom<MessageStatus>('pending', 'sent', 'delivered', 'read', 'failed');
    const stream = fc.array(fc.tuple(status, fc.integer({ min: 0, max: 100 })), {
      minLength: 1,
      maxLength: 8,
    });
    fc.assert(
      fc.property(stream, fc.array(fc.nat(), { maxLength: 8 }), (events, seeds) => {
        const inputs = events.map(([s, o]) => parse(message(s, o)));
        const shuffled = [...inputs];
        seeds.forEach((seed, i) => {
          const j = seed % shuffled.length;
          [shuffled[i % shuffled.length], shuffled[j]] = [
            shuffled[j] as never,
            shuffled[i % shuffled.length] as never,
          ];
        });
        const a = fold([...inputs, ...inputs]);
        const b = fold(shuffled);
        expect(essence(b)).toEqual(essence(a));
        // The status is the furthest seen; failed absorbs.
        const order = ['pending', 'sent', 'delivered', 'read', 'failed'];
        const furthest = events.map(([s]) => s).sort((x, y) => order.indexOf(y) - order.indexOf(x))[0];
        expect(a.status).toBe(furthest);
      }),
    );
  });

  it('a call lifecycle converges and never regresses', () => {
    const status = fc.constantFrom<CallStatus>(
      'ringing',
      'ongoing',
      'answered',
      'missed',
      'voicemail',
      'busy',
    );
    const stream = fc.array(
      fc.tuple(status, fc.integer({ min: 0, max: 30 }), fc.constantFrom('201', '202')),
      {
        minLength: 1,
        maxLength: 7,
      },
    );
    fc.assert(
      fc.property(stream, (events) => {
        const inputs = events.map(([s, o, x]) => parse(call(s, o, x)));
        const forward = fold(inputs);
        const backward = fold([...inputs].reverse());
        expect(essence(backward)).toEqual(essence(forward));
        // Replaying any single event afterwards changes nothing.
        for (const input of inputs) expect(mergeEntry(forward, input, NOW).changed).toBe(false);
      }),
    );
  });
});

describe('mergeEntry', () => {
  const base = parse(call('ringing', 0, '200'));

  it('keeps identity and set-once fields, bumps version only on change', () => {
    const e = createEntry(base, ID, NOW);
    const later = new Date(NOW.getTime() + 1000);
    const same = mergeEntry(e, base, later);
    expect(same).toEqual({ entry: e, changed: false, counterpartChanged: false });
    const next = mergeEntry(
      e,
      parse({ ...call('answered', 0, '201'), counterpart: { phone: '+306974015758' } }),
      later,
    );
    expect(next.changed).toBe(true);
    expect(next.counterpartChanged).toBe(true);
    expect(next.entry.version).toBe(2);
    expect(next.entry.updatedAt).toEqual(later);
    expect(next.entry.data.legs?.map((l) => l.id)).toEqual(['leg-200', 'leg-201']);
  });

  it('lets the final record set the extension a ringing event guessed', () => {
    const ringing = createEntry(parse({ ...call('ringing', 0, '200'), data: { extension: '600' } }), ID, NOW);
    const ended = mergeEntry(
      ringing,
      parse({ ...call('answered', 0, '201'), data: { extension: '201' } }),
      NOW,
    );
    expect(ended.entry.data.extension).toBe('201');
    const late = mergeEntry(
      ended.entry,
      parse({ ...call('ongoing', 0, '200'), data: { extension: '600' } }),
      NOW,
    );
    expect(late.entry.data.extension).toBe('201');
  });
});

describe('mergeData', () => {
  it('merges legs by id, transfers by identity, keeps user keys once and clears incomplete on proof', () => {
    const at = (s: number) => new Date(T0 + s * 1000);
    const a = {
      legs: [{ id: 'b', ringingAt: at(3), endedAt: at(9) }],
      transfers: [{ kind: 'blind' as const, at: at(5), to: '202' }],
      custom: 1,
      incomplete: true,
    };
    const b = {
      legs: [
        { id: 'b', ringingAt: at(1), answeredAt: at(4), endedAt: at(8) },
        { id: 'a', ringingAt: at(2) },
      ],
      transfers: [
        { kind: 'blind' as const, at: at(5), to: '202' },
        { kind: 'attended' as const, at: at(6), to: '203' },
      ],
      custom: 2,
      incomplete: false,
    };
    const out = mergeData(a, b, false);
    expect(out.legs).toEqual([
      { id: 'a', ringingAt: at(2) },
      { id: 'b', ringingAt: at(1), answeredAt: at(4), endedAt: at(9) },
    ]);
    expect(out.transfers?.map((t) => t.to)).toEqual(['202', '203']);
    expect(out.custom).toBe(1);
    expect(out.incomplete).toBe(false);
    expect(mergeData({}, { incomplete: true }, false).incomplete).toBe(true);
  });
});
