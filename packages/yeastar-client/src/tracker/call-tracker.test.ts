import { describe, expect, test } from 'vitest';
import { decodeEnvelope } from '../decode/envelope.js';
import type { YeastarEvent } from '../decode/events.js';
import { FakeClock } from '../testing/clock.js';
import { buildScenario, type CallScenario } from '../testing/scenarios.js';
import { CallTracker } from './call-tracker.js';
import type { CallAnsweredEvent, CallRingingEvent, YeastarCallRecord } from './types.js';

const START = Date.UTC(2026, 0, 15, 10, 0, 0);

function eventsOf(scenario: CallScenario, timeZone = 'Europe/Athens', callId = '1768471200.7') {
  let ch = 0;
  const steps = buildScenario(scenario, {
    callId,
    startMs: START,
    timeZone,
    channel: (n, t) => `PJSIP/${t ? `trunk-${n}-endpoint` : n}-${(ch++).toString(16).padStart(8, '0')}`,
  });
  return steps.map((s) => {
    const r = decodeEnvelope({ type: s.type, sn: 'SN1', msg: JSON.stringify(s.msg) });
    if (!r.ok) throw new Error(r.skipped.reason);
    return { atMs: s.atMs, event: r.event };
  });
}

function play(
  scenario: CallScenario,
  opts: { timeZone?: string; filter?: (e: YeastarEvent) => boolean; trackerZone?: string } = {},
) {
  const clock = new FakeClock({ start: START });
  const tracker = new CallTracker({
    pbx: 'main',
    timeZone: opts.trackerZone ?? opts.timeZone ?? 'Europe/Athens',
    now: () => clock.now(),
    scheduler: clock,
  });
  const ringing: CallRingingEvent[] = [];
  const answered: CallAnsweredEvent[] = [];
  const ended: YeastarCallRecord[] = [];
  tracker.on('callRinging', (e) => ringing.push(e));
  tracker.on('callAnswered', (e) => answered.push(e));
  tracker.on('callEnded', (r) => ended.push(r));
  for (const { atMs, event } of eventsOf(scenario, opts.timeZone)) {
    if (opts.filter && !opts.filter(event)) continue;
    clock.setTimeout(() => tracker.push(event), atMs);
  }
  clock.advance(3_600_000);
  return { ringing, answered, ended, record: ended[0] as YeastarCallRecord, tracker };
}

const at = (ms: number) => new Date(START + ms);

describe('CallTracker over the scripted P-Series orderings', () => {
  test('inbound answered: screen pop, answer, one record with CDR talk time and the recording', () => {
    const { ringing, answered, ended, record } = play({
      kind: 'inbound',
      from: '2101234567',
      to: '2100000000',
      extensions: ['1001'],
      answeredBy: '1001',
    });
    expect(ringing).toEqual([
      {
        pbx: 'SN1',
        callId: '1768471200.7',
        direction: 'inbound',
        extensions: ['1001'],
        newExtensions: ['1001'],
        from: { number: '2101234567' },
        to: { number: '2100000000' },
        trunk: 'trunk1',
        at: at(300),
      },
    ]);
    expect(answered).toEqual([
      {
        pbx: 'SN1',
        callId: '1768471200.7',
        direction: 'inbound',
        extension: '1001',
        from: { number: '2101234567' },
        to: { number: '2100000000' },
        at: at(4300),
      },
    ]);
    expect(ended).toHaveLength(1);
    expect(record).toMatchObject({
      source: 'yeastar',
      pbx: 'SN1',
      direction: 'inbound',
      from: { number: '2101234567' },
      to: { number: '2100000000' },
      extension: '1001',
      trunk: 'trunk1',
      did: '2100000000',
      startedAt: at(0),
      answeredAt: at(4300),
      endedAt: at(34_300),
      ringSeconds: 4,
      talkSeconds: 30,
      disposition: 'answered',
      recording: expect.stringContaining('-1768471200.7-2101234567-1001-Inbound.wav'),
      transfers: [],
    });
    expect(record.legs.map((l) => [l.extension ?? l.number, l.disposition])).toEqual([
      ['2101234567', undefined],
      ['1001', 'answered'],
    ]);
    expect(record.incomplete).toBeUndefined();
  });

  test('inbound missed (observed order incl. 487 and the CDR after the last BYE)', () => {
    const { ringing, answered, record } = play({
      kind: 'inbound',
      from: '2101234567',
      extensions: ['700'],
      ringSeconds: 14,
      controlled: true,
    });
    expect(ringing.map((r) => r.extensions)).toEqual([['700']]);
    expect(answered).toEqual([]);
    expect(record).toMatchObject({
      direction: 'inbound',
      disposition: 'missed',
      talkSeconds: 0,
      ringSeconds: 14,
      extension: '700',
      failureReason: '487 Request Terminated',
    });
    expect(record.answeredAt).toBeUndefined();
  });

  test('ring group: one pop listing every ringing extension, answered by the second', () => {
    const { ringing, answered, record } = play({
      kind: 'inbound',
      from: '555',
      extensions: ['1001', '1002', '1003'],
      answeredBy: '1002',
    });
    expect(ringing.map((r) => [r.extensions, r.newExtensions])).toEqual([
      [
        ['1001', '1002', '1003'],
        ['1001', '1002', '1003'],
      ],
    ]);
    expect(answered.map((a) => a.extension)).toEqual(['1002']);
    expect(record.extension).toBe('1002');
    expect(record.legs.filter((l) => l.disposition === 'missed').map((l) => l.extension)).toEqual([
      '1001',
      '1003',
    ]);
  });

  test('voicemail: disposition voicemail, talk time 0 (never the total duration)', () => {
    const { record } = play({
      kind: 'inbound',
      from: '555',
      extensions: ['1001'],
      voicemail: true,
      talkSeconds: 20,
    });
    expect(record).toMatchObject({ disposition: 'voicemail', talkSeconds: 0 });
  });

  test.each([
    ['answered', { disposition: 'answered', talkSeconds: 30 }],
    ['busy', { disposition: 'busy', talkSeconds: 0, failureReason: '486 Busy here' }],
    ['no-answer', { disposition: 'missed', talkSeconds: 0 }],
    ['failed', { disposition: 'failed', talkSeconds: 0, failureReason: '480 Temporatily Unavailable' }],
  ] as const)('outbound %s', (outcome, expected) => {
    const { ringing, answered, record } = play({
      kind: 'outbound',
      extension: '1001',
      to: '2109999999',
      outcome,
    });
    expect(ringing).toEqual([]);
    expect(answered).toHaveLength(outcome === 'answered' ? 1 : 0);
    expect(record).toMatchObject({
      direction: 'outbound',
      from: { number: '1001' },
      to: { number: '2109999999' },
      extension: '1001',
      trunk: 'trunk1',
      ...expected,
    });
    // The caller leg's ANSWERED in the busy quirk never counts as an answer (research §1.8).
    if (outcome !== 'answered') expect(record.answeredAt).toBeUndefined();
  });

  test('internal answered and missed', () => {
    const a = play({ kind: 'internal', from: '2005', to: '2002', ringSeconds: 3, talkSeconds: 21 });
    expect(a.ringing.map((r) => [r.from.number, r.extensions])).toEqual([['2005', ['2002']]]);
    expect(a.record).toMatchObject({
      direction: 'internal',
      from: { number: '2005' },
      to: { number: '2002' },
      extension: '2002',
      disposition: 'answered',
      talkSeconds: 21,
      ringSeconds: 3,
    });
    const m = play({ kind: 'internal', from: '2005', to: '2002', answered: false });
    expect(m.record).toMatchObject({ direction: 'internal', disposition: 'missed', talkSeconds: 0 });
  });

  test('blind transfer: two CDRs, talk summed, both extensions popped, transfer recorded', () => {
    const { ringing, answered, record } = play({
      kind: 'transfer',
      from: '2101234567',
      extension: '1001',
      transferTo: '1002',
      ringSeconds: 2,
      talkSeconds: 20,
    });
    expect(ringing.map((r) => r.newExtensions)).toEqual([['1001'], ['1002']]);
    expect(answered.map((a) => a.extension)).toEqual(['1001', '1002']);
    expect(record.cdrs).toHaveLength(2);
    expect(record).toMatchObject({ disposition: 'answered', extension: '1002', talkSeconds: 10 + 20 });
    expect(record.transfers).toEqual([
      { kind: 'blind', at: at(12_300), from: '1001', to: '1002', by: '1001' },
    ]);
  });

  test('forward on no answer: one call id, two CDRs (NO ANSWER then ANSWERED), forward recorded', () => {
    const { ringing, record, ended } = play({
      kind: 'forward',
      from: '2001',
      to: '700',
      forwardTo: '701',
      ringSeconds: 5,
      talkSeconds: 12,
    });
    expect(ended).toHaveLength(1);
    expect(ringing.map((r) => r.newExtensions)).toEqual([['700'], ['701']]);
    expect(record.cdrs.map((c) => c.status)).toEqual(['NO ANSWER', 'ANSWERED']);
    expect(record).toMatchObject({
      direction: 'internal',
      disposition: 'answered',
      extension: '701',
      talkSeconds: 12,
    });
    expect(record.transfers).toEqual([{ kind: 'forward', at: at(5000), from: '700', to: '701' }]);
  });

  test('click-to-call: the caller’s own phone ringing is not a screen pop; answered when the callee answers', () => {
    const ext = play({ kind: 'dial', caller: '1001', callee: '2109999999' });
    expect(ext.ringing).toEqual([]);
    expect(ext.answered).toEqual([expect.objectContaining({ extension: '1001', at: at(6300) })]);
    expect(ext.record).toMatchObject({
      direction: 'outbound',
      from: { number: '1001' },
      to: { number: '2109999999' },
      disposition: 'answered',
      ringSeconds: 6,
      talkSeconds: 30,
    });
    const internal = play({ kind: 'dial', caller: '1001', callee: '1002', calleeIsExtension: true });
    expect(internal.ringing.map((r) => [r.from.number, r.extensions])).toEqual([['1001', ['1002']]]);
    expect(internal.record).toMatchObject({ direction: 'internal', extension: '1002' });
  });

  test('CDR-only (30012 subscribed alone): time_start converted with the PBX time zone', () => {
    const onlyCdr = (e: YeastarEvent) => e.kind === 'newCdr';
    const athens = play(
      { kind: 'inbound', from: '555', extensions: ['1001'], answeredBy: '1001' },
      { filter: onlyCdr, timeZone: 'Europe/Athens' },
    );
    expect(athens.record.startedAt).toEqual(at(0));
    expect(athens.record).toMatchObject({
      direction: 'inbound',
      disposition: 'answered',
      talkSeconds: 30,
      ringSeconds: 4,
      from: { number: '555' },
    });
    expect(athens.record.answeredAt).toEqual(at(4000));
    // The same wall-clock text read as UTC lands two hours later: the zone matters.
    const wrongZone = play(
      { kind: 'inbound', from: '555', extensions: ['1001'], answeredBy: '1001' },
      { filter: onlyCdr, timeZone: 'Europe/Athens', trackerZone: 'UTC' },
    );
    expect(wrongZone.record.startedAt.getTime() - START).toBe(2 * 3600_000);
    const forward = play({ kind: 'forward', from: '2001', to: '700', forwardTo: '701' }, { filter: onlyCdr });
    expect(forward.record.legs.map((l) => [l.extension, l.disposition])).toEqual([
      ['700', 'missed'],
      ['701', 'answered'],
    ]);
  });

  test('a call whose CDR never comes ends after cdrTimeoutMs from live state; gaps flag incomplete', () => {
    const { record } = play(
      { kind: 'internal', from: '1', to: '2', talkSeconds: 5 },
      { filter: (e) => e.kind !== 'newCdr' },
    );
    expect(record).toMatchObject({ disposition: 'answered', talkSeconds: 5, cdrs: [] });
    const clock = new FakeClock({ start: START });
    const tracker = new CallTracker({
      pbx: 'main',
      timeZone: 'UTC',
      now: () => clock.now(),
      scheduler: clock,
      staleCallMs: 60_000,
    });
    const ended: YeastarCallRecord[] = [];
    tracker.on('callEnded', (r) => ended.push(r));
    const events = eventsOf({ kind: 'internal', from: '1', to: '2', talkSeconds: 500 });
    for (const { event } of events.slice(0, 3)) tracker.push(event);
    tracker.noteGap();
    expect(tracker.activeCalls).toBe(1);
    clock.advance(61_000);
    expect(ended[0]).toMatchObject({ incomplete: true });
    // Late events of an ended call do not open a second record.
    for (const { event } of events.slice(3)) tracker.push(event);
    expect(tracker.flush()).toEqual([]);
    tracker.push(events[0]?.event as YeastarEvent);
    expect(tracker.flush()).toEqual([]);
  });

  test('flush() ends calls in progress as incomplete; noteDial marks a click-to-call', () => {
    const clock = new FakeClock({ start: START });
    const tracker = new CallTracker({ pbx: 'main', timeZone: 'UTC', now: () => clock.now() });
    tracker.noteDial('9.1', '1001');
    const ringing: CallRingingEvent[] = [];
    tracker.on('callRinging', (r) => ringing.push(r));
    const r = decodeEnvelope({
      type: 30011,
      sn: 'main',
      msg: {
        call_id: '9.1',
        members: [
          { extension: { number: '1001', channel_id: 'c1', member_status: 'RING', call_path: '' } },
          {
            outbound: {
              from: '1001',
              to: '55',
              trunk_name: 't',
              channel_id: 'c2',
              member_status: 'RING',
              call_path: '',
            },
          },
        ],
      },
    });
    if (r.ok) tracker.push(r.event);
    expect(ringing).toEqual([]);
    const [rec] = tracker.flush();
    expect(rec).toMatchObject({
      callId: '9.1',
      incomplete: true,
      direction: 'outbound',
      from: { number: '1001' },
    });
    tracker.close();
    expect(() => new CallTracker({ pbx: 'x', timeZone: 'Mars/Base' })).toThrow(/time zone/);
  });
});
