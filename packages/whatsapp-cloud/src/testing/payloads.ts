// Meta-shaped webhook payload builders (webhooks/reference/messages/*), used by the fake Graph API
// and by tests that need a payload without the fake. Field order follows Meta's examples.
import { encodeMetaJson } from './meta-json.js';

/** The business side of a payload. */
export interface BusinessNumber {
  /** `metadata.phone_number_id`. */
  id: string;
  /** `metadata.display_phone_number` (digits). */
  displayPhoneNumber: string;
}

/** The user side: a phone (wa_id) or, for users with a username, a business-scoped user id only. */
export interface InboundSender {
  /** wa_id (digits, no `+`); omit to simulate a withheld phone number. */
  waId?: string;
  /** Business-scoped user id (`US.1349…`). */
  userId?: string;
  /** Username. */
  username?: string;
  /** Profile name. */
  name?: string;
}

/** One `changes[].value` of the `messages` field. */
export interface MessagesValue {
  /** The receiving/sending business number. */
  metadata: {
    /** Display number (digits). */
    display_phone_number: string;
    /** Phone number id. */
    phone_number_id: string;
  };
  /** `messaging_product`, `contacts`, `messages`, `statuses`, `errors`. */
  [key: string]: unknown;
}

/** Builds a `messages` value holding inbound messages from one sender. */
export function messagesValue(
  business: BusinessNumber,
  sender: InboundSender | undefined,
  messages: object[],
): MessagesValue {
  const value: MessagesValue = {
    messaging_product: 'whatsapp',
    metadata: { display_phone_number: business.displayPhoneNumber, phone_number_id: business.id },
  };
  if (sender) {
    const contact: Record<string, unknown> = { profile: { name: sender.name ?? 'WhatsApp User' } };
    if (sender.username) (contact.profile as Record<string, unknown>).username = sender.username;
    if (sender.waId) contact.wa_id = sender.waId;
    if (sender.userId) contact.user_id = sender.userId;
    value.contacts = [contact];
  }
  value.messages = messages;
  return value;
}

/** Builds a `messages` value holding statuses or out-of-band errors. */
export function statusesValue(
  business: BusinessNumber,
  part: { statuses?: object[]; errors?: object[] },
): MessagesValue {
  return {
    messaging_product: 'whatsapp',
    metadata: { display_phone_number: business.displayPhoneNumber, phone_number_id: business.id },
    ...part,
  };
}

/** A webhook body as Meta sends it. */
export interface WebhookPayload {
  /** Always `whatsapp_business_account`. */
  object: string;
  /** One entry per WABA. */
  entry: Array<{
    /** WABA id. */
    id: string;
    /** Changes, one per value. */
    changes: Array<{
      /** The change's content. */
      value: object;
      /** The subscribed field, e.g. `messages`. */
      field: string;
    }>;
  }>;
}

/** Wraps values into the `whatsapp_business_account` envelope, one entry per WABA. */
export function webhookEnvelope(
  wabaId: string,
  values: Array<{ field?: string; value: object }>,
): WebhookPayload {
  return {
    object: 'whatsapp_business_account',
    entry: [
      { id: wabaId, changes: values.map(({ field, value }) => ({ value, field: field ?? 'messages' })) },
    ],
  };
}

/** Serialises and wraps values, Meta style: handy for hand-made test deliveries. */
export function encodeWebhook(wabaId: string, values: Array<{ field?: string; value: object }>): string {
  return encodeMetaJson(webhookEnvelope(wabaId, values));
}

/** Meta's webhook error object for a code (statuses[].errors[], value.errors[]). */
export function webhookErrorObject(code: number): Record<string, unknown> {
  const [title, details] = ERROR_TEXTS[code] ?? ['Something went wrong', 'An unknown error occurred.'];
  return {
    code,
    title,
    message: title,
    error_data: { details },
    href: '/documentation/business-messaging/whatsapp/support/error-codes',
  };
}

/** Titles and details used by the fake for the codes it produces. */
export const ERROR_TEXTS: Record<number, [string, string]> = {
  1: ['API Unknown', 'Invalid request or possible server error.'],
  2: ['API Service', 'Temporary due to downtime or due to being overloaded.'],
  4: ['API Too Many Calls', 'The app has reached its API call rate limit.'],
  100: ['Invalid parameter', 'The request included one or more unsupported or misspelled parameters.'],
  130429: [
    'Rate limit hit',
    'Message failed to send because there were too many messages sent from this phone number in a short period of time',
  ],
  130472: [
    "User's number is part of an experiment",
    "Failed to send message because this user's phone number is part of an experiment",
  ],
  131000: ['Something went wrong', 'Message failed to send due to an unknown error.'],
  131009: ['Parameter value is not valid', 'One or more parameter values are invalid.'],
  131026: [
    'Message Undeliverable',
    'Message failed to send because the recipient is not a WhatsApp user or has not accepted the terms.',
  ],
  131047: [
    'Re-engagement message',
    'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
  ],
  131049: [
    'This message was not delivered to maintain healthy ecosystem engagement.',
    'In order to maintain a healthy ecosystem engagement, the message failed to be delivered.',
  ],
  131050: [
    'Unable to deliver the message. This recipient has chosen to stop receiving marketing messages on WhatsApp from your business',
    'User opted out of marketing messages.',
  ],
  131051: ['Message type unknown', 'Message type is currently not supported.'],
  131053: ['Media upload error', 'Unable to upload the media used in the message.'],
  131056: [
    '(Business Account, Consumer Account) pair rate limit hit',
    'Too many messages sent from the sender phone number to the same recipient phone number in a short period of time.',
  ],
  132000: [
    'Number of parameters does not match the expected number of params',
    'The number of variable parameter values does not match the template.',
  ],
  132001: [
    'Template name does not exist in the translation',
    'The template does not exist in the specified language or has not been approved.',
  ],
  132012: [
    'Parameter format does not match format in the created template',
    'Template parameters are formatted incorrectly.',
  ],
  132015: ['Template is Paused', 'Template is paused due to low quality so it cannot be sent.'],
  132016: [
    'Template is Disabled',
    'Template has been paused too many times due to low quality and is now permanently disabled.',
  ],
  190: ['Access token has expired', 'Error validating access token: Session has expired.'],
};
