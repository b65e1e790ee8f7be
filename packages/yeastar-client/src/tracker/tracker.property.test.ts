import fc from 'fast-check';
import { expect, test } from 'vitest';
import { EventDeduplicator } from '../decode/dedupe.js';
import { decodeEnvelope } from '../decode/envelope.js';
import type { YeastarEvent } from '../decode/events.js';
import { buildScenario, type CallScenario } from '../testing/scenarios.js';
import { TrackerCore } from './reducer.js';
import type { YeastarCallRecord } from './types.js';

const scenarios: CallScenario[] = [
  { kind: 'inbound', from: '555', extensions: ['1001', '1002'], answeredBy: '1002' },
  { kind: 'inbound', from: '555', extensions: ['1001'] },
  { kind: 'outbound', extension: '1001', to: '999', outcome: 'busy' },
  { kind: 'transfer', from: '555', extension: '1001', transferTo: '1002' },
  { kind: 'forward', from: '2001', to: '700', forwardTo: '701' },
  { kind: 'dial', caller: '1001', callee: '999' },
];

function run(events: Array<{ at: number; event: YeastarEvent }>): YeastarCallRecord[] {
  const core = new TrackerCore({
    pbx: 'p',
    timeZone: 'UTC',
    settleMs: 3000,
    cdrTimeoutMs: 30_000,
    staleCallMs: 3_600_000,
  });
  const dedupe = new EventDeduplicator();
  const out: YeastarCallRecord[] = [];
  for (const { at, event } of events) {
    for (const o of core.tick(at)) if (o.type === 'callEnded') out.push(o.record);
    if (dedupe.accept(event, at))
      for (const o of core.push(event, at)) if (o.type === 'callEnded') out.push(o.record);
  }
  for (const o of core.tick(Number.MAX_SAFE_INTEGER / 2)) if (o.type === 'callEnded') out.push(o.record);
  return out;
}

test('re-delivered events (webhook retries, socket overlap) never change the records', () => {
  fc.assert(
    fc.property(
      fc.constantFrom(...scenarios),
      fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }),
      (scenario, dup) => {
        let ch = 0;
        const steps = buildScenario(scenario, {
          callId: '1.1',
          startMs: 0,
          timeZone: 'UTC',
          channel: (n) => `PJSIP/${n}-${ch++}`,
        });
        const events = steps.flatMap((s) => {
          const r = decodeEnvelope({ type: s.type, sn: 'SN', msg: JSON.stringify(s.msg) });
          return r.ok ? [{ at: s.atMs, event: r.event }] : [];
        });
        const withCopies = events.flatMap((e, i) =>
          dup[i % dup.length] ? [e, { ...e, at: e.at + 1 }] : [e],
        );
        const once = run(events);
        expect(once).toHaveLength(1);
        expect(run(withCopies)).toEqual(once);
      },
    ),
    { numRuns: 200 },
  );
});
