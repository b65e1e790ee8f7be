// Every webhook fixture from Meta's docs goes through signature verification and the parser, once
// whole and once batched with all the others (issue 5: never index 0 only).

import {
  type InboundMessage,
  type MessageEvent,
  parseWebhook,
  prepareSignatureKeys,
  type StatusEvent,
  validateWebhookPayload,
  verifySignature,
  type WebhookEvent,
} from '@pbxkit/whatsapp-cloud';
import { encodeMetaJson, signWebhook } from '@pbxkit/whatsapp-cloud/testing';
import { describe, expect, it } from 'vitest';
import { fixture, webhookFixtureNames } from './helpers/fixtures.js';

const secret = 'fixture-secret';
const receivedAt = new Date('2026-01-01T00:00:00Z');
const SHEENA = { waId: '16505551234', profileName: 'Sheena Nelson' };

function parseSigned(name: string): WebhookEvent[] {
  const body = new TextEncoder().encode(encodeMetaJson(fixture('webhooks', name)));
  verifySignature(body, signWebhook(body, secret), prepareSignatureKeys(secret));
  return parseWebhook(body, { receivedAt }).events;
}

const onlyMessage = (events: WebhookEvent[]): MessageEvent => {
  expect(events).toHaveLength(1);
  const [event] = events;
  if (event?.kind !== 'message') throw new Error(`expected a message event, got ${event?.kind}`);
  expect(event.wabaId).toMatch(/^\d{15}$/);
  expect(event.phoneNumberId).toBe('106540352242922');
  expect(event.displayPhoneNumber).toBe('15550783881');
  expect(event.idempotencyKey).toBe(event.wamid);
  expect(event.wamid).toMatch(/^wamid\./);
  return event;
};

const onlyStatus = (events: WebhookEvent[]): StatusEvent => {
  expect(events).toHaveLength(1);
  const [event] = events;
  if (event?.kind !== 'status') throw new Error(`expected a status event, got ${event?.kind}`);
  expect(event.idempotencyKey).toBe(`${event.wamid}:${event.status}`);
  return event;
};

const message = (events: WebhookEvent[], expected: InboundMessage, contact: object = SHEENA) => {
  const event = onlyMessage(events);
  expect(event.message).toEqual(expected);
  expect(event.contact).toEqual(contact);
  return event;
};

const media = (type: string, fields: Record<string, unknown>) => ({
  type,
  media: {
    caption: undefined,
    filename: undefined,
    voice: undefined,
    animated: undefined,
    url: 'https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=133...',
    ...fields,
  },
});

const expectations: Record<string, (events: WebhookEvent[]) => void> = {
  message_text: (events) => {
    const event = message(events, { type: 'text', body: 'Does it come in another color?' });
    expect(event.timestamp).toEqual(new Date(1749416383 * 1000));
    expect(event.context).toBeUndefined();
    expect(event.referral).toBeUndefined();
    expect(event.errors).toEqual([]);
  },
  message_text_referred_product: (events) => {
    const event = message(events, { type: 'text', body: 'Is this still available?' });
    expect(event.context).toEqual({
      messageId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGA9wcm9kdWN0X2lucXVpcnkA',
      from: '15550783881',
      forwarded: false,
      frequentlyForwarded: false,
      referredProduct: { catalogId: '194836987003835', productRetailerId: 'di9ozbzfi4' },
    });
  },
  message_text_ctwa_referral: (events) => {
    const event = message(events, { type: 'text', body: 'Can I get more info about this?' });
    expect(event.referral?.source_type).toBe('ad');
    expect(event.referral?.source_id).toBe('120226305854810726');
    expect(event.referral?.ctwa_clid).toMatch(/^Aff-/);
    expect(event.referral?.welcome_message).toEqual({ text: 'Hi there! Let us know how we can help!' });
  },
  message_image: (events) =>
    message(
      events,
      media('image', {
        id: '1003383421387256',
        mimeType: 'image/jpeg',
        sha256: 'SfInY0gGKTsJlUWbwxC1k+FAD0FZHvzwfpvO0zX0GUI=',
        caption: 'Taj Mahal',
      }) as InboundMessage,
    ),
  message_audio_meta_reconstructed: (events) =>
    message(
      events,
      media('audio', {
        id: '1908647269898587',
        mimeType: 'audio/ogg; codecs=opus',
        sha256: 'wvqXMe6n7n1W0zphvLPoLj+s/NtKqmr3zZ7YzTP7xFI=',
        voice: true,
      }) as InboundMessage,
    ),
  message_document: (events) =>
    message(
      events,
      media('document', {
        id: '622684793477189',
        mimeType: 'application/pdf',
        sha256: 'V5OPpLD/gEG6Xjg0MbmQDLFgcKsL+j5LfY4ny/pZ4MY=',
        caption: 'my receipt',
        filename: 'receipt.pdf',
      }) as InboundMessage,
    ),
  message_sticker: (events) =>
    message(
      events,
      media('sticker', {
        id: '1908647269898587',
        mimeType: 'image/webp',
        sha256: 'wvqXMe6n7n1W0zphvLPoLj+s/NtKqmr3zZ7YzTP7xFI=',
        animated: true,
      }) as InboundMessage,
    ),
  message_location: (events) =>
    message(events, {
      type: 'location',
      latitude: 37.44221496582,
      longitude: -122.16165924072,
      name: 'Philz Coffee',
      address: '101 Forest Ave, Palo Alto, CA 94301',
      url: 'https://philzcoffee.com/',
    }),
  message_contacts: (events) => {
    const event = onlyMessage(events);
    expect(event.contact).toEqual(SHEENA);
    if (event.message.type !== 'contacts') throw new Error('expected contacts');
    expect(event.message.contacts).toHaveLength(1);
    expect(event.message.contacts[0]?.name?.formatted_name).toBe('Barbara J. Johnson');
    expect(event.message.contacts[0]?.phones?.[0]?.wa_id).toBe('14125550829');
    expect(event.message.contacts[0]?.org).toEqual({ company: 'Social Tsunami' });
  },
  message_interactive_button_reply: (events) => {
    const event = message(events, {
      type: 'interactive',
      reply: { type: 'button_reply', id: 'cancel-button', title: 'Cancel' },
    });
    expect(event.context?.messageId).toBe('wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI3MEM2RUJFNkI0RENGQTVDRjUA');
  },
  message_interactive_list_reply: (events) =>
    message(events, {
      type: 'interactive',
      reply: {
        type: 'list_reply',
        id: 'priority_express',
        title: 'Priority Mail Express',
        description: 'Next Day to 2 Days',
      },
    }),
  message_button_template_quick_reply: (events) => {
    const event = message(events, { type: 'button', payload: 'Unsubscribe', text: 'Unsubscribe' });
    expect(event.context?.from).toBe('15550783881');
  },
  message_reaction: (events) =>
    message(events, {
      type: 'reaction',
      messageId: 'wamid.HBgLMTQxMjU1NTA4MjkVAgASGBQzQUNCNjk5RDUwNUZGMUZEM0VBRAA=',
      emoji: '👍',
      removed: false,
    }),
  message_reaction_removed: (events) =>
    message(events, {
      type: 'reaction',
      messageId: 'wamid.HBgLMTQxMjU1NTA4MjkVAgASGBQzQUNCNjk5RDUwNUZGMUZEM0VBRAA=',
      emoji: undefined,
      removed: true,
    }),
  message_order: (events) =>
    message(events, {
      type: 'order',
      catalogId: '194836987003835',
      text: 'Love these!',
      items: [
        { productRetailerId: 'di9ozbzfi4', quantity: 2, itemPrice: 30, currency: 'USD' },
        { productRetailerId: 'nqryix03ez', quantity: 1, itemPrice: 25, currency: 'USD' },
      ],
    }),
  message_system_user_changed_number: (events) =>
    // System messages carry no contacts[]: the contact is only the sender's wa_id.
    message(
      events,
      {
        type: 'system',
        systemType: 'user_changed_number',
        body: 'User Sheena Nelson changed from 16505551234 to 12195555358',
        newWaId: '12195555358',
      },
      { waId: '16505551234' },
    ),
  message_unsupported: (events) => {
    const event = message(events, { type: 'unsupported', unsupportedType: 'edit' });
    expect(event.errors).toEqual([
      {
        code: 131051,
        title: 'Message type unknown',
        message: 'Message type unknown',
        details: 'Message type is currently not supported.',
      },
    ]);
  },
  status_sent: (events) => {
    const event = onlyStatus(events);
    expect(event.status).toBe('sent');
    expect(event.contact).toEqual({ waId: '16505551234' });
    expect(event.timestamp).toEqual(new Date(1750030073 * 1000));
    expect(event.conversation).toEqual({
      id: '72b14d6bd5407799e66f64d1b338e567',
      expiresAt: new Date(1750116480 * 1000),
      originType: 'marketing',
    });
    expect(event.pricing).toEqual({
      billable: true,
      pricingModel: 'PMP',
      type: 'regular',
      category: 'marketing',
    });
  },
  status_v24_no_conversation_no_pricing: (events) => {
    const event = onlyStatus(events);
    expect(event.status).toBe('sent');
    expect(event.conversation).toBeUndefined();
    expect(event.pricing).toBeUndefined();
    expect(event.errors).toEqual([]);
  },
  status_failed: (events) => {
    const event = onlyStatus(events);
    expect(event.status).toBe('failed');
    expect(event.errors).toHaveLength(1);
    expect(event.errors[0]?.code).toBe(131049);
    expect(event.errors[0]?.details).toMatch(/healthy ecosystem/);
    expect(event.errors[0]?.href).toBe('/documentation/business-messaging/whatsapp/support/error-codes');
  },
  value_errors_rate_limit: (events) => {
    expect(events).toHaveLength(1);
    const [event] = events;
    if (event?.kind !== 'error') throw new Error('expected an error event');
    expect(event.error.code).toBe(130429);
    expect(event.phoneNumberId).toBe('106540352242922');
    expect(event.timestamp).toEqual(receivedAt);
    expect(event.idempotencyKey).toMatch(/^error:/);
  },
};

describe('webhook fixtures', () => {
  it('has an expectation for every fixture file, and no stale ones', () => {
    expect(Object.keys(expectations).sort()).toEqual(webhookFixtureNames);
  });

  it('validates every fixture against the zod payload schema', () => {
    for (const name of webhookFixtureNames) {
      expect(validateWebhookPayload(fixture('webhooks', name))).toEqual({ success: true });
    }
    expect(validateWebhookPayload({ object: 'user', entry: [] })).toMatchObject({
      success: false,
      error: expect.stringContaining('object'),
    });
  });

  for (const name of webhookFixtureNames) {
    it(`verifies and parses ${name}`, () => {
      const check = expectations[name];
      if (!check) throw new Error(`no expectation for ${name}`);
      check(parseSigned(name));
    });
  }

  it('parses all fixtures batched into one POST: several entries, changes, messages and statuses', () => {
    const entries = webhookFixtureNames.flatMap(
      (name) => fixture<{ entry: unknown[] }>('webhooks', name).entry,
    );
    // Also merge two changes' values into one change with two messages, as Meta may batch them.
    const text = fixture<{ entry: Array<{ changes: Array<{ value: { messages: unknown[] } }> }> }>(
      'webhooks',
      'message_text',
    );
    const image = fixture<typeof text>('webhooks', 'message_image');
    text.entry[0]?.changes[0]?.value.messages.push(...(image.entry[0]?.changes[0]?.value.messages ?? []));
    const batch = { object: 'whatsapp_business_account', entry: [...entries, ...text.entry] };
    const { events } = parseWebhook(encodeMetaJson(batch), { receivedAt });
    const singles = webhookFixtureNames.flatMap((name) => parseSigned(name));
    expect(events).toHaveLength(singles.length + 2);
    expect(events.slice(0, singles.length)).toEqual(singles);
    expect(events.slice(-2).map((e) => (e.kind === 'message' ? e.message.type : e.kind))).toEqual([
      'text',
      'image',
    ]);
  });
});
