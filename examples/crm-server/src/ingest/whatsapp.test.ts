import type { InboundMessage, WebhookEvent } from '@pbxkit/whatsapp-cloud';
import { describe, expect, it } from 'vitest';
import { describeMessage, whatsappEntry } from './whatsapp.js';

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
