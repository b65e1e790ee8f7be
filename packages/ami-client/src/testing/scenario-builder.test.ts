import { describe, expect, it } from 'vitest';
import { replayAmi } from '../replay.js';
import { CallTrackerCore, type TrackerOutput } from '../tracker/core.js';
import type { CallRecord } from '../tracker/types.js';
import { type CallScenario, CallScenarioBuilder, type ExpectedCall } from './scenario-builder.js';
import { scenarioBytes, scenarioMessages } from './wire.js';

function track(scenario: CallScenario): { records: CallRecord[]; outputs: TrackerOutput[] } {
  const core = new CallTrackerCore({ pbx: 'demo', profile: 'freepbx' });
  const outputs = scenarioMessages(scenario).flatMap((m) => core.push(m));
  expect(core.stats.activeCalls).toBe(0);
  expect(core.stats.activeChannels).toBe(0);
  return { records: outputs.flatMap((o) => (o.type === 'callEnded' ? [o.payload] : [])), outputs };
}

function expectRecord(r: CallRecord | undefined, e: ExpectedCall): void {
  expect(r).toBeDefined();
  if (r === undefined) return;
  expect({
    callId: r.callId,
    direction: r.direction,
    from: r.from.number,
    to: r.to.number,
    extension: r.extension,
    did: r.did,
    disposition: r.disposition,
    ringSeconds: r.ringSeconds,
    talkSeconds: r.talkSeconds,
    transfers: r.transfers.map((t) => ({ kind: t.kind, to: t.to })),
  }).toEqual({
    callId: e.callId,
    direction: e.direction,
    from: e.from.number,
    to: e.to.number,
    extension: e.extension,
    did: e.did,
    disposition: e.disposition,
    ringSeconds: e.ringSeconds,
    talkSeconds: e.talkSeconds,
    transfers: e.transfers,
  });
  expect(r.incomplete).toBeUndefined();
}

const names = { '101': 'Alice Anderson', '102': 'Bob Brown', '103': 'Carol Clark' };
const inbound = { from: '+306974015758', name: 'Σπύρος', did: '2105551000', extension: '101' };

const cases: Array<[string, (b: CallScenarioBuilder) => CallScenarioBuilder]> = [
  ['inbound answered', (b) => b.inbound({ ...inbound, ringMs: 2500, talkMs: 3000 })],
  ['inbound answered, agent hangs up', (b) => b.inbound({ ...inbound, hangupBy: 'agent' })],
  ['inbound missed', (b) => b.inbound({ ...inbound, outcome: 'missed', ringMs: 15000 })],
  ['inbound busy', (b) => b.inbound({ ...inbound, outcome: 'busy' })],
  [
    'outbound answered',
    (b) => b.outbound({ extension: '101', to: '00306974015758', callerIdNumber: '2105551000' }),
  ],
  ['outbound busy', (b) => b.outbound({ extension: '101', to: '00306971112233', outcome: 'busy' })],
  ['outbound no answer', (b) => b.outbound({ extension: '102', to: '00306971112233', outcome: 'missed' })],
  ['internal answered', (b) => b.internal({ from: '101', to: '102', ringMs: 1200, talkMs: 9000 })],
  ['internal missed', (b) => b.internal({ from: '103', to: '101', outcome: 'missed' })],
  ['blind transfer', (b) => b.blindTransfer({ ...inbound, to: '102' })],
  ['attended transfer (Linkedid merge)', (b) => b.attendedTransfer({ ...inbound, to: '103' })],
  [
    'queue answered',
    (b) =>
      b.queue({ ...inbound, did: '2105551400', queue: '400', members: ['102', '103'], answeredBy: '103' }),
  ],
  ['queue abandoned', (b) => b.queue({ ...inbound, queue: '400', members: ['102', '103'], ringMs: 7000 })],
  [
    'click-to-call answered',
    (b) => b.clickToCall({ extension: '101', to: '00306974015758', actionId: 'x-1' }),
  ],
  [
    'click-to-call, customer busy',
    (b) => b.clickToCall({ extension: '101', to: '0030697', outcome: 'busy' }),
  ],
  [
    'click-to-call, agent busy',
    (b) => b.clickToCall({ extension: '103', to: '0030697', agentOutcome: 'busy' }),
  ],
  [
    'click-to-call, agent does not answer',
    (b) => b.clickToCall({ extension: '102', to: '0030697', agentOutcome: 'missed' }),
  ],
];

describe('CallScenarioBuilder → CallTracker (freepbx profile)', () => {
  it.each(cases)('%s', (_, add) => {
    const scenario = add(new CallScenarioBuilder({ names })).build();
    expect(scenario.calls).toHaveLength(1);
    const { records, outputs } = track(scenario);
    expect(records).toHaveLength(1);
    expectRecord(records[0], scenario.calls[0] as ExpectedCall);
    const e = scenario.calls[0] as ExpectedCall;
    if (e.direction === 'inbound' && e.disposition !== 'busy') {
      const ringing = outputs.find((o) => o.type === 'callRinging');
      expect(ringing?.type === 'callRinging' && ringing.payload.caller.number).toBe(e.from.number);
    }
    expect(outputs.some((o) => o.type === 'callAnswered')).toBe(e.disposition === 'answered');
  });

  it('a busy day of overlapping calls gives exactly the expected records', () => {
    const b = new CallScenarioBuilder({ names, noise: false });
    for (let i = 0; i < 20; i++) (cases[i % cases.length] as (typeof cases)[number])[1](b);
    const scenario = b.build();
    const { records } = track(scenario);
    expect(records.map((r) => r.callId).sort()).toEqual(scenario.calls.map((c) => c.callId).sort());
    for (const e of scenario.calls)
      expectRecord(
        records.find((r) => r.callId === e.callId),
        e,
      );
  });

  it('concurrent calls (explicit start times) stay apart', () => {
    const b = new CallScenarioBuilder({ names });
    b.inbound({ ...inbound, at: 0, ringMs: 4000, talkMs: 10_000 });
    b.inbound({ ...inbound, from: '+491701234567', extension: '102', at: 1000, outcome: 'missed' });
    b.outbound({ extension: '103', to: '0044207', at: 1500 });
    b.queue({ ...inbound, queue: '400', members: ['102', '103'], answeredBy: '102', at: 2000 });
    const scenario = b.build();
    const { records } = track(scenario);
    expect(records).toHaveLength(4);
    for (const e of scenario.calls)
      expectRecord(
        records.find((r) => r.callId === e.callId),
        e,
      );
  });

  it('replays as bytes through the parser to the same records', () => {
    const scenario = new CallScenarioBuilder({ names })
      .attendedTransfer({ ...inbound, to: '102' })
      .queue({ ...inbound, queue: '400', members: ['102', '103'], answeredBy: '102' })
      .build();
    const { records } = replayAmi(scenarioBytes(scenario), { chunkSize: 7 });
    expect(records).toHaveLength(2);
    for (const [i, e] of scenario.calls.entries()) expectRecord(records[i], e);
  });
});
