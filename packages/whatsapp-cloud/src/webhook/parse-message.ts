// Pure: one `value.messages[]` object in, one typed InboundMessage out (Meta: webhooks/reference/messages/*).

import { arr, bool, type Json, num, rec, str } from './read.js';
import type {
  InboundMedia,
  InboundMediaType,
  InboundMessage,
  InteractiveReply,
  MessageContext,
  OrderItem,
  Referral,
  SharedContact,
} from './types.js';

const MEDIA_TYPES = new Set<string>(['image', 'audio', 'video', 'document', 'sticker']);

/** Result of reading a message body: the typed content, or why it could not be read. */
export type MessageContent = { ok: true; message: InboundMessage } | { ok: false; reason: string };

const fail = (reason: string): MessageContent => ({ ok: false, reason });
const ok = (message: InboundMessage): MessageContent => ({ ok: true, message });

/**
 * Reads the type-specific part of a message. A known type whose object is missing or malformed
 * is a failure (the caller turns it into an `unknown` event, keeping the raw item); an unknown
 * type is a success with `type: 'unknown'`, since Meta adds kinds over time.
 */
export function readMessageContent(m: Json, type: string): MessageContent {
  const body = rec(m[type]);
  if (MEDIA_TYPES.has(type)) return body ? readMedia(type as InboundMediaType, body) : missing(type);
  switch (type) {
    case 'text': {
      const text = str(body?.body);
      return text === undefined ? missing(type) : ok({ type: 'text', body: text });
    }
    case 'location': {
      const latitude = num(body?.latitude);
      const longitude = num(body?.longitude);
      if (!body || latitude === undefined || longitude === undefined) return missing(type);
      return ok({
        type: 'location',
        latitude,
        longitude,
        name: str(body.name),
        address: str(body.address),
        url: str(body.url),
      });
    }
    case 'contacts': {
      // The shared cards live in `messages[].contacts`, not in `value.contacts` (which is the sender).
      const cards = m.contacts;
      if (!Array.isArray(cards)) return missing(type);
      return ok({ type: 'contacts', contacts: cards.filter((c) => rec(c) !== undefined) as SharedContact[] });
    }
    case 'interactive':
      return body ? ok({ type: 'interactive', reply: readInteractive(body) }) : missing(type);
    case 'button': {
      const payload = str(body?.payload);
      const text = str(body?.text);
      if (payload === undefined && text === undefined) return missing(type);
      return ok({ type: 'button', payload: payload ?? text ?? '', text: text ?? payload ?? '' });
    }
    case 'reaction': {
      const messageId = str(body?.message_id);
      if (messageId === undefined) return missing(type);
      // No emoji (or an empty one) means the user removed their reaction.
      const emoji = str(body?.emoji) || undefined;
      return ok({ type: 'reaction', messageId, emoji, removed: emoji === undefined });
    }
    case 'order':
      return body ? readOrder(body) : missing(type);
    case 'system':
      return ok({
        type: 'system',
        systemType: str(body?.type) ?? 'unknown',
        body: str(body?.body),
        newWaId: str(body?.wa_id) ?? str(body?.new_wa_id),
      });
    case 'unsupported':
      return ok({ type: 'unsupported', unsupportedType: str(body?.type) });
    default:
      return ok({ type: 'unknown', originalType: type });
  }
}

function missing(type: string): MessageContent {
  return fail(`message of type "${type}" has no readable "${type}" object`);
}

function readMedia(type: InboundMediaType, body: Json): MessageContent {
  const mediaId = str(body.id);
  if (mediaId === undefined) return fail(`${type} message without a media id`);
  const media: InboundMedia = {
    id: mediaId,
    mimeType: str(body.mime_type),
    sha256: str(body.sha256),
    url: str(body.url),
    caption: str(body.caption),
    filename: str(body.filename),
    voice: bool(body.voice),
    animated: bool(body.animated),
  };
  return ok({ type, media });
}

function readInteractive(body: Json): InteractiveReply {
  const kind = str(body.type);
  const reply = kind ? rec(body[kind]) : undefined;
  switch (kind) {
    case 'button_reply':
      if (reply) return { type: 'button_reply', id: str(reply.id) ?? '', title: str(reply.title) ?? '' };
      break;
    case 'list_reply':
      if (reply) {
        return {
          type: 'list_reply',
          id: str(reply.id) ?? '',
          title: str(reply.title) ?? '',
          description: str(reply.description),
        };
      }
      break;
    case 'nfm_reply':
      if (reply) {
        const responseJson = str(reply.response_json) ?? '';
        let response: unknown;
        try {
          response = responseJson ? JSON.parse(responseJson) : undefined;
        } catch {
          response = undefined;
        }
        return { type: 'nfm_reply', name: str(reply.name), body: str(reply.body), responseJson, response };
      }
      break;
  }
  return { type: 'unknown', originalType: kind };
}

function readOrder(body: Json): MessageContent {
  const catalogId = str(body.catalog_id);
  if (catalogId === undefined) return missing('order');
  const items: OrderItem[] = [];
  for (const raw of arr(body.product_items)) {
    const item = rec(raw);
    if (!item) continue;
    items.push({
      productRetailerId: str(item.product_retailer_id) ?? '',
      quantity: num(item.quantity) ?? 0,
      itemPrice: num(item.item_price) ?? 0,
      currency: str(item.currency) ?? '',
    });
  }
  return ok({ type: 'order', catalogId, text: str(body.text), items });
}

/** Reads `messages[].context` (reply, forward flags, referred product). */
export function readContext(value: unknown): MessageContext | undefined {
  const c = rec(value);
  if (!c) return undefined;
  const product = rec(c.referred_product);
  const catalogId = str(product?.catalog_id);
  const productRetailerId = str(product?.product_retailer_id);
  return {
    messageId: str(c.id),
    from: str(c.from),
    forwarded: c.forwarded === true,
    frequentlyForwarded: c.frequently_forwarded === true,
    referredProduct:
      catalogId !== undefined && productRetailerId !== undefined
        ? { catalogId, productRetailerId }
        : undefined,
  };
}

/** Reads `messages[].referral` (Click-to-WhatsApp ads), keeping every field Meta sent. */
export function readReferral(value: unknown): Referral | undefined {
  return rec(value) as Referral | undefined;
}
