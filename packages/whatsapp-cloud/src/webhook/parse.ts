// Pure: a webhook body in, one event per entry × change × message/status/error out. Never reads only
// index 0 (pywa#229, whatsapp-api-js), never throws on a bad item: a bad item becomes an `unknown`
// event and its valid neighbours in the same batch are still delivered (issue 5, "Bad input").
import { isAscii } from 'node:buffer';
import { WebhookError } from '../errors.js';
import { readContext, readMessageContent, readReferral } from './parse-message.js';
import { arr, bool, contentKey, id, type Json, readErrors, rec, str, unixDate } from './read.js';
import type {
  MessageStatus,
  ParsedWebhook,
  StatusConversation,
  StatusPricing,
  WebhookEvent,
  WebhookEventBase,
  WhatsAppContact,
} from './types.js';

/** The `object` of WhatsApp Business webhooks. */
export const WHATSAPP_OBJECT = 'whatsapp_business_account';

const STATUSES = new Set<string>(['sent', 'delivered', 'read', 'played', 'failed']);

/** Options of {@link parseWebhook}. */
export interface ParseWebhookOptions {
  /** Timestamp for items without one (errors, other fields). @defaultValue `new Date()` */
  receivedAt?: Date;
}

/**
 * Decodes a body to text. Meta's wire form is pure ASCII (non-ASCII is `\uXXXX`-escaped), for which
 * a one-byte string is exact and what JSON.parse reads fastest; anything else is decoded as UTF-8.
 */
function decode(body: Uint8Array): string {
  const buffer = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  return isAscii(buffer) ? buffer.toString('latin1') : buffer.toString('utf8');
}

/**
 * Parses a webhook body (raw bytes, text, or an already parsed value) into typed events. Verify the
 * signature over the raw bytes first. Throws a {@link WebhookError} (400) only when the body is not
 * JSON at all; everything else becomes events.
 *
 * @example
 * ```ts
 * const { events } = parseWebhook(rawBody);
 * for (const event of events) if (event.kind === 'message') console.log(event.contact.waId, event.message);
 * ```
 */
export function parseWebhook(
  body: Uint8Array | string | object,
  options: ParseWebhookOptions = {},
): ParsedWebhook {
  let payload: unknown = body;
  if (typeof body === 'string' || body instanceof Uint8Array) {
    const text = typeof body === 'string' ? body : decode(body);
    try {
      payload = JSON.parse(text);
    } catch (cause) {
      throw new WebhookError('Webhook body is not valid JSON', 'INVALID_JSON', 400, { cause });
    }
  }
  return parseWebhookPayload(payload, options.receivedAt ?? new Date());
}

function parseWebhookPayload(payload: unknown, receivedAt: Date): ParsedWebhook {
  const root = rec(payload);
  const object = str(root?.object);
  const events: WebhookEvent[] = [];
  const base = (wabaId: string, field: string, value?: Json): WebhookEventBase => {
    const metadata = rec(value?.metadata);
    return {
      wabaId,
      field,
      phoneNumberId: id(metadata?.phone_number_id),
      displayPhoneNumber: str(metadata?.display_phone_number),
      timestamp: receivedAt,
      idempotencyKey: '',
    };
  };
  if (!root || object !== WHATSAPP_OBJECT || !Array.isArray(root.entry)) {
    // Dashboard test payloads for other Graph objects crashed other parsers (heyoo#60): surface, don't throw.
    const reason = !root
      ? 'webhook body is not a JSON object'
      : object !== WHATSAPP_OBJECT
        ? `unexpected object "${object ?? '(missing)'}", expected "${WHATSAPP_OBJECT}"`
        : 'webhook body has no entry[] array';
    events.push({
      ...base('', ''),
      kind: 'unknown',
      reason,
      raw: payload,
      idempotencyKey: contentKey('unknown', payload),
    });
    return { object, events };
  }
  for (const rawEntry of root.entry) {
    const entry = rec(rawEntry);
    const wabaId = id(entry?.id) ?? '';
    if (!entry || !Array.isArray(entry.changes)) {
      events.push({
        ...base(wabaId, ''),
        kind: 'unknown',
        reason: 'entry without a changes[] array',
        raw: rawEntry,
        idempotencyKey: contentKey('unknown', rawEntry),
      });
      continue;
    }
    for (const rawChange of entry.changes) {
      const change = rec(rawChange);
      const field = str(change?.field) ?? '';
      const value = rec(change?.value);
      if (!change || !value) {
        events.push({
          ...base(wabaId, field),
          kind: 'unknown',
          reason: 'change without a value object',
          raw: rawChange,
          idempotencyKey: contentKey('unknown', wabaId, rawChange),
        });
        continue;
      }
      if (field !== 'messages') {
        // Template status, account updates, echoes, …: passed through untouched, typed as unknown.
        events.push({
          ...base(wabaId, field, value),
          kind: 'field',
          value,
          idempotencyKey: contentKey(`field:${field}`, wabaId, value),
        });
        continue;
      }
      readMessagesValue(events, base(wabaId, field, value), value);
    }
  }
  return { object, events };
}

function readMessagesValue(events: WebhookEvent[], base: WebhookEventBase, value: Json): void {
  const contacts = arr(value.contacts);
  for (const rawMessage of arr(value.messages)) readMessage(events, base, rawMessage, contacts);
  for (const rawStatus of arr(value.statuses)) readStatus(events, base, rawStatus);
  for (const error of readErrors(value.errors)) {
    events.push({
      ...base,
      kind: 'error',
      error,
      idempotencyKey: contentKey('error', base.wabaId, base.phoneNumberId, error),
    });
  }
}

/** Finds the `value.contacts[]` entry of the sender, by wa_id or by business-scoped user id. */
function findContact(
  contacts: unknown[],
  waId: string | undefined,
  userId: string | undefined,
): Json | undefined {
  let only: Json | undefined;
  for (const raw of contacts) {
    const c = rec(raw);
    if (!c) continue;
    if ((waId !== undefined && c.wa_id === waId) || (userId !== undefined && c.user_id === userId)) return c;
    only = only === undefined ? c : undefined;
  }
  // A single contact next to a single sender is that sender even when ids are formatted differently.
  return contacts.length === 1 ? only : undefined;
}

function readMessage(
  events: WebhookEvent[],
  base: WebhookEventBase,
  raw: unknown,
  contacts: unknown[],
): void {
  const m = rec(raw);
  const wamid = str(m?.id);
  const type = str(m?.type);
  if (!m || wamid === undefined || type === undefined) {
    events.push({
      ...base,
      kind: 'unknown',
      reason: 'message without an id or a type',
      raw,
      idempotencyKey: contentKey('unknown', base.phoneNumberId, raw),
    });
    return;
  }
  const content = readMessageContent(m, type);
  if (!content.ok) {
    events.push({ ...base, kind: 'unknown', reason: content.reason, raw, idempotencyKey: wamid });
    return;
  }
  const from = str(m.from);
  const fromUserId = str(m.from_user_id);
  const c = findContact(contacts, from, fromUserId);
  const contact: WhatsAppContact = {};
  const waId = from ?? str(c?.wa_id);
  const userId = fromUserId ?? str(c?.user_id);
  if (waId !== undefined) contact.waId = waId;
  if (userId !== undefined) contact.userId = userId;
  assign(contact, 'parentUserId', str(m.from_parent_user_id) ?? str(c?.parent_user_id));
  assign(contact, 'username', str(rec(c?.profile)?.username) ?? str(c?.username));
  assign(contact, 'profileName', str(rec(c?.profile)?.name));
  assign(contact, 'identityKeyHash', str(c?.identity_key_hash));
  events.push({
    ...base,
    kind: 'message',
    timestamp: unixDate(m.timestamp) ?? base.timestamp,
    idempotencyKey: wamid,
    wamid,
    contact,
    message: content.message,
    context: readContext(m.context),
    referral: readReferral(m.referral),
    errors: readErrors(m.errors),
    raw: m,
  });
}

function readStatus(events: WebhookEvent[], base: WebhookEventBase, raw: unknown): void {
  const s = rec(raw);
  const wamid = str(s?.id);
  const status = str(s?.status);
  if (!s || wamid === undefined || status === undefined || !STATUSES.has(status)) {
    events.push({
      ...base,
      kind: 'unknown',
      reason:
        status && !STATUSES.has(status) ? `unknown status "${status}"` : 'status without an id or a status',
      raw,
      idempotencyKey: contentKey('unknown', base.phoneNumberId, raw),
    });
    return;
  }
  const contact: WhatsAppContact = {};
  assign(contact, 'waId', str(s.recipient_id));
  assign(contact, 'userId', str(s.recipient_user_id));
  assign(contact, 'parentUserId', str(s.recipient_parent_user_id));
  assign(contact, 'identityKeyHash', str(s.recipient_identity_key_hash));
  events.push({
    ...base,
    kind: 'status',
    timestamp: unixDate(s.timestamp) ?? base.timestamp,
    idempotencyKey: `${wamid}:${status}`,
    wamid,
    status: status as MessageStatus,
    contact,
    recipientType: str(s.recipient_type),
    recipientParticipantId: str(s.recipient_participant_id),
    bizOpaqueCallbackData: str(s.biz_opaque_callback_data),
    conversation: readConversation(s.conversation),
    pricing: readPricing(s.pricing),
    errors: readErrors(s.errors),
    raw: s,
  });
}

function readConversation(value: unknown): StatusConversation | undefined {
  const c = rec(value);
  const convId = str(c?.id);
  if (!c || convId === undefined) return undefined;
  return { id: convId, expiresAt: unixDate(c.expiration_timestamp), originType: str(rec(c.origin)?.type) };
}

function readPricing(value: unknown): StatusPricing | undefined {
  const p = rec(value);
  if (!p) return undefined;
  return {
    billable: bool(p.billable),
    pricingModel: str(p.pricing_model),
    type: str(p.type),
    category: str(p.category),
  };
}

function assign<K extends keyof WhatsAppContact>(target: WhatsAppContact, key: K, value: string | undefined) {
  if (value !== undefined) target[key] = value;
}
