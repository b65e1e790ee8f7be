import { describe, expect, it } from 'vitest';
import { callEntryFromRecord } from './call-entry.js';
import { createCommsLog } from './comms-log.js';
import { createMemoryStore } from './memory/memory-store.js';
import { makeCallRecord } from './testing/fixtures.js';

describe('callEntryFromRecord', () => {
  it('keys by pbx and callId, takes the caller as counterpart of an inbound call', () => {
    const record = makeCallRecord({ callId: '1768467600.42', recording: 'rec/1.wav' });
    const input = callEntryFromRecord(record);
    expect(input).toMatchObject({
      source: 'asterisk',
      externalId: 'pbx-1/1768467600.42',
      channel: 'call',
      direction: 'inbound',
      status: 'answered',
      occurredAt: record.startedAt,
      counterpart: { phone: '+306974015758', name: 'Maria P.' },
      data: { extension: '201', ringSeconds: 8, talkSeconds: 60, recording: 'rec/1.wav', pbx: 'pbx-1' },
    });
  });

  it('takes the callee for outbound calls, drops anonymous numbers, uses the normaliser', () => {
    const outbound = makeCallRecord({ direction: 'outbound', to: { number: '6974015758' } });
    expect(callEntryFromRecord(outbound).counterpart).toEqual({ phone: '6974015758' });
    expect(callEntryFromRecord(outbound, { toE164: (n) => `+30${n}` }).counterpart).toEqual({
      phone: '+306974015758',
    });
    const anonymous = makeCallRecord({ from: { number: 'anonymous' } });
    expect(callEntryFromRecord(anonymous).counterpart).toEqual({});
    expect(callEntryFromRecord(anonymous, { status: 'ringing' }).status).toBe('ringing');
  });

  it('records through a log: replays of the same record make one entry', async () => {
    const log = createCommsLog({ store: createMemoryStore() });
    await log.setCustomerHandles('c1', [{ kind: 'phone', value: '+306974015758' }]);
    const record = makeCallRecord();
    const first = await log.record(callEntryFromRecord(record));
    const again = await log.record(callEntryFromRecord(record));
    expect([first.outcome, again.outcome, first.entry.customerId]).toEqual(['created', 'unchanged', 'c1']);
    expect(first.entry.data.legs?.[0]?.answeredAt).toEqual(record.answeredAt);
  });
});
