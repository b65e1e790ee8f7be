import type { CallRecord } from '../call-entry.js';
import type { RecordInput } from '../types.js';

let seq = 0;

/** A realistic final call record (inbound, answered by extension 201), with `overrides` applied. */
export function makeCallRecord(overrides: Partial<CallRecord> = {}): CallRecord {
  seq++;
  const startedAt = overrides.startedAt ?? new Date(Date.UTC(2026, 0, 15, 9, 0, seq % 60));
  const answeredAt = new Date(startedAt.getTime() + 8_000);
  const endedAt = new Date(startedAt.getTime() + 68_000);
  return {
    source: 'asterisk',
    pbx: 'pbx-1',
    callId: `1768467600.${seq}`,
    direction: 'inbound',
    from: { number: '+306974015758', name: 'Maria P.' },
    to: { number: '+302101234567' },
    extension: '201',
    did: '+302101234567',
    startedAt,
    answeredAt,
    endedAt,
    ringSeconds: 8,
    talkSeconds: 60,
    disposition: 'answered',
    legs: [
      {
        id: `leg-${seq}`,
        extension: '201',
        ringingAt: startedAt,
        answeredAt,
        endedAt,
        disposition: 'answered',
      },
    ],
    transfers: [],
    ...overrides,
  };
}

/** A `record` input for an inbound WhatsApp message, with `overrides` applied. */
export function makeMessageInput(overrides: Partial<RecordInput> = {}): RecordInput {
  seq++;
  return {
    source: 'whatsapp',
    externalId: `wamid.HBgMMzA2OTc0MDE1NzU4FQIAEhgg${seq}`,
    channel: 'whatsapp',
    direction: 'inbound',
    occurredAt: new Date(Date.UTC(2026, 0, 15, 10, 0, seq % 60)),
    counterpart: { phone: '+306974015758', waId: '306974015758', name: 'Maria P.' },
    body: 'Hello, is my order ready?',
    ...overrides,
  };
}

/** A `record` input for a call observation (live or final), with `overrides` applied. */
export function makeCallInput(overrides: Partial<RecordInput> = {}): RecordInput {
  seq++;
  return {
    source: 'asterisk',
    externalId: `pbx-1/1768467600.${seq}`,
    channel: 'call',
    direction: 'inbound',
    occurredAt: new Date(Date.UTC(2026, 0, 15, 9, 0, seq % 60)),
    counterpart: { phone: '+306974015758' },
    status: 'answered',
    data: { extension: '201', ringSeconds: 5, talkSeconds: 30 },
    ...overrides,
  };
}
