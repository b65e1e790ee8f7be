import { afterEach, expect, test } from 'vitest';
import { CallTracker, type YeastarCallRecord } from '../src/index.js';
import { type CallScenario, FakeClock, FakePSeriesServer } from '../src/testing/index.js';
import { clientFor, until } from './helpers.js';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const SCALE = 40;

function expected(s: CallScenario): Partial<YeastarCallRecord> {
  // The fake compresses call durations by SCALE; the CDR carries the compressed talk time.
  const talk = Math.round((s.talkSeconds ?? 30) / SCALE);
  switch (s.kind) {
    case 'inbound':
      return s.answeredBy
        ? {
            direction: 'inbound',
            disposition: 'answered',
            talkSeconds: talk,
            extension: s.answeredBy,
            from: { number: s.from },
          }
        : {
            direction: 'inbound',
            disposition: s.voicemail ? 'voicemail' : 'missed',
            talkSeconds: 0,
            from: { number: s.from },
          };
    case 'outbound': {
      const d = { answered: 'answered', busy: 'busy', 'no-answer': 'missed', failed: 'failed' } as const;
      const outcome = s.outcome ?? 'answered';
      return {
        direction: 'outbound',
        disposition: d[outcome],
        talkSeconds: outcome === 'answered' ? talk : 0,
        from: { number: s.extension },
        to: { number: s.to },
      };
    }
    case 'internal':
      return s.answered === false
        ? { direction: 'internal', disposition: 'missed', talkSeconds: 0 }
        : { direction: 'internal', disposition: 'answered', talkSeconds: talk, extension: s.to };
    case 'transfer':
      return { direction: 'inbound', disposition: 'answered', extension: s.transferTo };
    case 'forward':
      return { direction: 'internal', disposition: 'answered', talkSeconds: talk, extension: s.forwardTo };
    case 'dial':
      return { direction: 'outbound' };
  }
}

test('demo mode: real-time traffic with a time scale, over the WebSocket, yields a correct record per call', async () => {
  // Demo mode: a real-time clock (protocol timers keep their real meaning), calls compressed 40×.
  const clock = new FakeClock({ timeScale: 1 });
  cleanups.push(() => clock.dispose());
  const pbx = await FakePSeriesServer.start({
    clock,
    sn: 'DEMO',
    timeZone: 'Europe/Athens',
    callTimeScale: SCALE,
  });
  cleanups.push(() => pbx.close());
  const client = clientFor(pbx);
  cleanups.push(() => client.close({ revoke: false }));
  const tracker = new CallTracker({ pbx: 'demo', timeZone: 'Europe/Athens', settleMs: 300 });
  cleanups.push(() => tracker.close());
  tracker.attach(client);
  const records = new Map<string, YeastarCallRecord>();
  tracker.on('callEnded', (r) => records.set(r.callId, r));
  const rings = new Set<string>();
  tracker.on('callRinging', (r) => rings.add(r.callId));
  await client.connect();

  const calls: Array<{ callId: string; scenario: CallScenario }> = [];
  const stop = pbx.startTraffic({ seed: 7, meanIntervalSeconds: 3 }, (c) => calls.push(c));
  await until(() => calls.length >= 24, '24 calls started', 20_000);
  stop();
  await until(() => calls.every((c) => records.has(c.callId)), 'every call ended', 20_000);

  const kinds = new Set(calls.map((c) => c.scenario.kind));
  expect(kinds.size).toBeGreaterThanOrEqual(4);
  for (const { callId, scenario } of calls) {
    const record = records.get(callId);
    expect(record, callId).toMatchObject({ callId, pbx: 'DEMO', source: 'yeastar', ...expected(scenario) });
    expect(record?.incomplete).toBeUndefined();
    if (scenario.kind === 'inbound' || scenario.kind === 'internal' || scenario.kind === 'transfer')
      expect(rings.has(callId)).toBe(true);
    if (scenario.kind === 'transfer' || scenario.kind === 'forward') expect(record?.cdrs.length).toBe(2);
  }
}, 45_000);
