import { CommsLogValidationError, createCommsLog } from '@pbxkit/comms-log';
import { createMemoryStore } from '@pbxkit/comms-log/memory';
import { withStoreFaults } from '@pbxkit/comms-log/testing';
import type { InboundMessage, WebhookEvent } from '@pbxkit/whatsapp-cloud';
import { describe, expect, it } from 'vitest';
import { describeMessage, whatsappEntry, whatsappIngest } from './whatsapp.js';

const base = {
  wabaId: 'w',
  field: 'messages',
  phoneNumberId: '106540352242922',
  displayPhoneNumber: '15550783881',
  timestamp: new Date('2026-01-02T03:04:05Z'),
  idempotencyKey: 'k',
};

describe('describeMessage', () => {
  it.each([
    [{ type: 'text', body: 'hi' }, 'hi'],
    [{ type: 'location', latitude: 37.9, longitude: 23.7 }, '[location] 37.9, 23.7'],
    [{ type: 'image', media: { id: '1', caption: 'the invoice' } }, '[image] the invoice'],
    [{ type: 'audio', media: { id: '1' } }, '[audio]'],
    [{ type: 'reaction', emoji: '👍', messageId: 'x' }, '[reaction]'],
  ])('%j → %s', (message, text) => {
    expect(describeMessage(message as unknown as InboundMessage)).toBe(text);
  });
});

describe('whatsappEntry', () => {
  it('keys statuses by wamid and keeps the failure reason', () => {
    const event = {
      ...base,
      kind: 'status',
      wamid: 'wamid.X',
      status: 'failed',
      contact: { waId: '306974015758' },
      errors: [{ code: 131047, title: 'Re-engagement message' }],
    } as unknown as WebhookEvent;
    expect(whatsappEntry(event)).toMatchObject({
      source: 'whatsapp',
      externalId: 'wamid.X',
      direction: 'outbound',
      status: 'failed',
      counterpart: { waId: '306974015758', phone: '+306974015758' },
      error: { code: '131047', message: 'Re-engagement message' },
      data: { failedAt: base.timestamp },
    });
  });

  it('maps played to read and keeps business-scoped ids apart from phones', () => {
    const event = {
      ...base,
      kind: 'status',
      wamid: 'wamid.Y',
      status: 'played',
      contact: { userId: 'US.1' },
      errors: [],
    } as unknown as WebhookEvent;
    expect(whatsappEntry(event)).toMatchObject({ status: 'read', counterpart: { bsuid: 'US.1' } });
    expect(whatsappEntry(event)?.counterpart?.phone).toBeUndefined();
  });

  it('ignores kinds the log does not keep', () => {
    expect(whatsappEntry({ ...base, kind: 'field', value: {} } as unknown as WebhookEvent)).toBeUndefined();
  });
});

describe('whatsappIngest', () => {
  const status = (wamid: string, value: string, second: number) =>
    ({
      ...base,
      kind: 'status',
      wamid,
      status: value,
      timestamp: new Date(Date.UTC(2026, 0, 2, 3, 4, second)),
      contact: { waId: '306974015758' },
      errors: [],
    }) as unknown as WebhookEvent;

  it('writes a delivery’s events together, in batches, each wamid’s in delivery order', async () => {
    const faulty = withStoreFaults(createMemoryStore());
    const log = createCommsLog({ store: faulty.store });
    const ingest = whatsappIngest(log, () => {});
    const events = [
      ...Array.from({ length: 20 }, (_, i) => status(`wamid.${i}`, 'delivered', 1)),
      status('wamid.Z', 'sent', 1),
      status('wamid.Z', 'delivered', 2),
      status('wamid.Z', 'read', 3),
    ];
    await ingest.onEvents(events);
    expect(ingest.stats).toEqual({ messages: 0, statuses: 23, skipped: 0 });
    // One write went straight out; the others waited for it and left as batches: far fewer than 23 writes.
    const writes = (faulty.calls.insertOrGet ?? 0) + (faulty.calls.insertOrGetMany ?? 0);
    expect(writes).toBeLessThanOrEqual(3);
    const page = await log.inbox({}, { limit: 50 });
    expect(page.items).toHaveLength(21);
    expect(page.items.find((e) => e.externalId === 'wamid.Z')?.status).toBe('read');
  });

  it('skips what no redelivery can mend, and rejects (so Meta redelivers) when the store fails', async () => {
    const faulty = withStoreFaults(createMemoryStore());
    const errors: string[] = [];
    const ingest = whatsappIngest(createCommsLog({ store: faulty.store }), (_e, what) => errors.push(what));
    faulty.fail('insertOrGet', new CommsLogValidationError('bad entry', []));
    await ingest.onEvents([status('wamid.bad', 'sent', 1)]);
    expect([ingest.stats.skipped, errors]).toEqual([1, ['whatsapp status']]);
    faulty.fail('insertOrGet');
    await expect(ingest.onEvents([status('wamid.down', 'sent', 1)])).rejects.toMatchObject({
      isRetryable: true,
    });
  });
});
