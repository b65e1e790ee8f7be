import { expectTypeOf, test } from 'vitest';
import type { WebhookError, WhatsAppError } from '../errors.js';
import type { WhatsAppClientEvents } from '../send/client.js';
import type { WebhookReceiverEvents } from './receiver.js';
import type { InboundMessage, MessageStatus, WebhookEvent } from './types.js';

test('receiver event map', () => {
  expectTypeOf<WebhookReceiverEvents['events']>().toEqualTypeOf<[events: WebhookEvent[]]>();
  expectTypeOf<WebhookReceiverEvents['rejected']>().toEqualTypeOf<[error: WebhookError]>();
  expectTypeOf<WebhookReceiverEvents['error']>().toEqualTypeOf<[error: WhatsAppError]>();
  expectTypeOf<WhatsAppClientEvents['retry']>().toEqualTypeOf<
    [attempt: number, delayMs: number, error: Error]
  >();
});

test('events narrow by kind and message type', () => {
  const event = {} as WebhookEvent;
  if (event.kind === 'status') expectTypeOf(event.status).toEqualTypeOf<MessageStatus>();
  if (event.kind === 'message') {
    expectTypeOf(event.message).toEqualTypeOf<InboundMessage>();
    if (event.message.type === 'reaction')
      expectTypeOf(event.message.emoji).toEqualTypeOf<string | undefined>();
  }
});
