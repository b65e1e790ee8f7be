import { describe, expect, it } from 'vitest';
import { WebhookError } from '../errors.js';
import { parseWebhook } from './parse.js';
import type { WebhookEvent } from './types.js';

const receivedAt = new Date('2026-03-01T10:00:00Z');
const metadata = { display_phone_number: '15550783881', phone_number_id: '106540352242922' };
const envelope = (value: Record<string, unknown>, field = 'messages') => ({
  object: 'whatsapp_business_account',
  entry: [
    {
      id: '102290129340398',
      changes: [{ field, value: { messaging_product: 'whatsapp', metadata, ...value } }],
    },
  ],
});
const parse = (payload: unknown) => parseWebhook(JSON.stringify(payload), { receivedAt }).events;
const kinds = (events: WebhookEvent[]) => events.map((e) => e.kind);
const textFrom111 = (id: string, context: object) => ({
  from: '111',
  id,
  timestamp: '1700000000',
  type: 'text',
  text: { body: 'fw' },
  context,
});

describe('parseWebhook: bad input', () => {
  it('throws a 400 WebhookError for invalid JSON', () => {
    for (const body of ['{', '', 'not json', new Uint8Array([0xff, 0xfe])]) {
      expect(() => parseWebhook(body)).toThrow(WebhookError);
      try {
        parseWebhook(body);
      } catch (error) {
        expect((error as WebhookError).code).toBe('INVALID_JSON');
        expect((error as WebhookError).httpStatus).toBe(400);
      }
    }
  });

  it('turns another object, a non-object or a missing entry[] into one unknown event', () => {
    for (const payload of [
      { object: 'user', entry: [{ changed_fields: ['name'] }] },
      [1, 2],
      'str',
      null,
      { object: 'whatsapp_business_account' },
    ]) {
      const events = parse(payload);
      expect(kinds(events)).toEqual(['unknown']);
      expect(events[0]?.timestamp).toEqual(receivedAt);
      expect(events[0]?.kind === 'unknown' && events[0].raw).toEqual(payload);
    }
    const [event] = parse({ object: 'page', entry: [] });
    expect(event?.kind === 'unknown' && event.reason).toMatch(/unexpected object "page"/);
  });

  it('still delivers the valid items next to invalid ones in the same batch', () => {
    const payload = {
      object: 'whatsapp_business_account',
      entry: [
        'garbage',
        { id: '1' },
        {
          id: '2',
          changes: [
            null,
            { field: 'messages', value: 'nope' },
            {
              field: 'messages',
              value: {
                metadata,
                contacts: [{ profile: { name: 'A' }, wa_id: '300000' }],
                messages: [
                  {
                    from: '300000',
                    id: 'wamid.ok',
                    timestamp: '1700000000',
                    type: 'text',
                    text: { body: 'hi' },
                  },
                  { from: '300000', timestamp: '1700000000', type: 'text', text: { body: 'no id' } },
                  { from: '300000', id: 'wamid.noText', timestamp: '1700000000', type: 'text' },
                  { from: '300000', id: 'wamid.badImage', type: 'image', image: { caption: 'no id' } },
                  {
                    from: '300000',
                    id: 'wamid.new',
                    timestamp: 'soon',
                    type: 'poll_update',
                    poll_update: {},
                  },
                  42,
                ],
                statuses: [
                  { id: 'wamid.s', status: 'delivered', timestamp: '1700000001', recipient_id: '300000' },
                  { id: 'wamid.s', status: 'deleted', timestamp: '1700000001' },
                  { status: 'read' },
                ],
                errors: [{ code: 131000, title: 'Something went wrong' }, { title: 'no code' }],
              },
            },
          ],
        },
      ],
    };
    const events = parse(payload);
    expect(kinds(events)).toEqual([
      'unknown', // 'garbage' entry
      'unknown', // entry without changes
      'unknown', // null change
      'unknown', // value not an object
      'message',
      'unknown', // no id
      'unknown', // text without text
      'unknown', // image without media id
      'message', // unknown type, kept
      'unknown', // 42
      'status',
      'unknown', // unknown status value
      'unknown', // status without id
      'error',
    ]);
    const unknownType = events[8];
    expect(unknownType?.kind === 'message' && unknownType.message).toEqual({
      type: 'unknown',
      originalType: 'poll_update',
    });
    // A bad timestamp falls back to the reception time instead of an Invalid Date.
    expect(unknownType?.timestamp).toEqual(receivedAt);
    expect(events[6]?.idempotencyKey).toBe('wamid.noText');
    expect(events[11]?.kind === 'unknown' && events[11].reason).toBe('unknown status "deleted"');
  });

  it('passes other fields through as field events with a stable key', () => {
    const value = { event: 'APPROVED', message_template_id: 123, message_template_name: 'hello' };
    const first = parse(envelope(value, 'message_template_status_update'));
    const second = parse(envelope(value, 'message_template_status_update'));
    expect(kinds(first)).toEqual(['field']);
    expect(first[0]?.field).toBe('message_template_status_update');
    expect(first[0]?.kind === 'field' && first[0].value).toMatchObject(value);
    expect(first[0]?.idempotencyKey).toBe(second[0]?.idempotencyKey);
    expect(first[0]?.idempotencyKey).not.toBe(
      parse(envelope({ ...value, event: 'REJECTED' }, 'message_template_status_update'))[0]?.idempotencyKey,
    );
  });

  it('accepts an already parsed object', () => {
    expect(kinds(parseWebhook(envelope({ errors: [{ code: 4 }] })).events)).toEqual(['error']);
  });
});

describe('parseWebhook: identity, context and variants', () => {
  it('reads business-scoped user ids and usernames when the phone number is withheld', () => {
    const events = parse(
      envelope({
        contacts: [
          {
            profile: { name: 'Ana', username: 'ana.k' },
            user_id: 'US.13491208655302741918',
            parent_user_id: 'US.ENT.99',
          },
        ],
        messages: [
          {
            from_user_id: 'US.13491208655302741918',
            id: 'wamid.b',
            timestamp: '1700000000',
            type: 'text',
            text: { body: 'γειά/σου' },
          },
        ],
      }),
    );
    expect(events[0]?.kind === 'message' && events[0].contact).toEqual({
      userId: 'US.13491208655302741918',
      parentUserId: 'US.ENT.99',
      username: 'ana.k',
      profileName: 'Ana',
    });
  });

  it('matches each message of a batch to its own contact', () => {
    const events = parse(
      envelope({
        contacts: [
          { profile: { name: 'A' }, wa_id: '111', identity_key_hash: 'h1' },
          { profile: { name: 'B' }, wa_id: '222' },
        ],
        messages: [
          { from: '222', id: 'wamid.2', timestamp: '1700000000', type: 'text', text: { body: 'b' } },
          { from: '111', id: 'wamid.1', timestamp: '1700000000', type: 'text', text: { body: 'a' } },
          { from: '333', id: 'wamid.3', timestamp: '1700000000', type: 'text', text: { body: 'c' } },
        ],
      }),
    );
    expect(events.map((e) => (e.kind === 'message' ? e.contact : undefined))).toEqual([
      { waId: '222', profileName: 'B' },
      { waId: '111', profileName: 'A', identityKeyHash: 'h1' },
      { waId: '333' },
    ]);
  });

  it('reads forwarded flags, flow replies and status recipients of groups', () => {
    const events = parse(
      envelope({
        contacts: [{ profile: { name: 'A' }, wa_id: '111' }],
        messages: [
          textFrom111('wamid.f', { forwarded: true }),
          textFrom111('wamid.ff', { frequently_forwarded: true }),
          {
            from: '111',
            id: 'wamid.nfm',
            timestamp: '1700000000',
            type: 'interactive',
            context: { from: '15550783881', id: 'wamid.flow' },
            interactive: {
              type: 'nfm_reply',
              nfm_reply: { name: 'flow', body: 'Sent', response_json: '{"flow_token":"t","choice":"a"}' },
            },
          },
          {
            from: '111',
            id: 'wamid.nfm2',
            timestamp: '1700000000',
            type: 'interactive',
            interactive: { type: 'nfm_reply', nfm_reply: { response_json: '{bad' } },
          },
          {
            from: '111',
            id: 'wamid.cta',
            timestamp: '1700000000',
            type: 'interactive',
            interactive: { type: 'call_permission_reply', call_permission_reply: {} },
          },
          { from: '111', id: 'wamid.btn', timestamp: '1700000000', type: 'button', button: { text: 'Yes' } },
          {
            from: '111',
            id: 'wamid.sys',
            timestamp: '1700000000',
            type: 'system',
            system: { body: 'x', type: 'customer_identity_changed' },
          },
        ],
        statuses: [
          {
            id: 'wamid.g',
            status: 'read',
            timestamp: '1700000002',
            recipient_id: '120363000000000000',
            recipient_type: 'group',
            recipient_participant_id: '111',
            biz_opaque_callback_data: 'crm-row-17',
            conversation: { id: 'c1', origin: { type: 'service' } },
          },
        ],
      }),
    );
    const messages = events.filter((e) => e.kind === 'message');
    expect(messages[0]?.context).toMatchObject({ forwarded: true, frequentlyForwarded: false });
    expect(messages[1]?.context).toMatchObject({ forwarded: false, frequentlyForwarded: true });
    expect(messages[2]?.message).toEqual({
      type: 'interactive',
      reply: {
        type: 'nfm_reply',
        name: 'flow',
        body: 'Sent',
        responseJson: '{"flow_token":"t","choice":"a"}',
        response: { flow_token: 't', choice: 'a' },
      },
    });
    expect(messages[3]?.message).toMatchObject({ reply: { type: 'nfm_reply', response: undefined } });
    expect(messages[4]?.message).toEqual({
      type: 'interactive',
      reply: { type: 'unknown', originalType: 'call_permission_reply' },
    });
    expect(messages[5]?.message).toEqual({ type: 'button', payload: 'Yes', text: 'Yes' });
    expect(messages[6]?.message).toEqual({
      type: 'system',
      systemType: 'customer_identity_changed',
      body: 'x',
      newWaId: undefined,
    });
    const status = events.find((e) => e.kind === 'status');
    expect(status).toMatchObject({
      recipientType: 'group',
      recipientParticipantId: '111',
      bizOpaqueCallbackData: 'crm-row-17',
      conversation: { id: 'c1', expiresAt: undefined, originType: 'service' },
      pricing: undefined,
    });
  });

  it('decodes raw UTF-8 bodies as well as Meta-escaped ones', () => {
    const payload = envelope({
      messages: [{ from: '1', id: 'wamid.u', timestamp: '1', type: 'text', text: { body: 'Καλημέρα 👍' } }],
    });
    const events = parseWebhook(new TextEncoder().encode(JSON.stringify(payload))).events;
    expect(events[0]?.kind === 'message' && events[0].message).toEqual({ type: 'text', body: 'Καλημέρα 👍' });
  });
});
