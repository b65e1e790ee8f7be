// The fake's inbound simulation: every message type of Meta's webhook reference, as a signed webhook.
import type { FakeState } from './fake-state.js';
import { mediaDownloadUrl, noteInbound, storeMedia } from './graph-routes.js';
import { makeWamid } from './ids.js';
import { type InboundSender, messagesValue, webhookErrorObject } from './payloads.js';

/** Fields every simulated inbound message accepts. */
export interface InboundCommon {
  /** The user: a wa_id string, or a sender with a business-scoped user id / username (phone withheld). @defaultValue `'16505551234'` */
  from?: string | InboundSender;
  /** Business number that receives it. @defaultValue the first configured number */
  phoneNumberId?: string;
  /** wamid this message replies to (`context`). */
  replyTo?: string;
  /** Forwarded (`true`) or frequently forwarded (`'frequently'`). */
  forwarded?: boolean | 'frequently';
  /** Click-to-WhatsApp `referral` object. */
  referral?: Record<string, unknown>;
}

/** Media input of a simulated inbound message. */
export interface InboundMediaInput extends InboundCommon {
  /** File bytes, stored and downloadable through the fake. @defaultValue a few placeholder bytes */
  data?: Uint8Array;
  /** MIME type. */
  mimeType?: string;
  /** Caption (image, video, document). */
  caption?: string;
  /** File name (document). */
  filename?: string;
}

/** What a simulated inbound message produced. */
export interface InboundResult {
  /** The new message's wamid. */
  wamid: string;
  /** The message object as put in the webhook. */
  message: Record<string, unknown>;
}

const DEFAULT_MIME = {
  image: 'image/jpeg',
  video: 'video/mp4',
  document: 'application/pdf',
  audio: 'audio/ogg; codecs=opus',
  sticker: 'image/webp',
};

/** The inbound API (`fake.inbound`): each call queues a signed webhook and delivers what is due. */
export class InboundSimulator {
  readonly #state: FakeState;
  readonly #deliver: () => Promise<void>;

  /** Built by the fake. */
  constructor(state: FakeState, deliver: () => Promise<void>) {
    this.#state = state;
    this.#deliver = deliver;
  }

  /** A text message. */
  text(input: InboundCommon & { body: string }): Promise<InboundResult> {
    return this.message(input, 'text', { body: input.body });
  }

  /** An image (stored, so the client can download it). */
  image(input: InboundMediaInput = {}): Promise<InboundResult> {
    return this.#media('image', input, {});
  }

  /** A video. */
  video(input: InboundMediaInput = {}): Promise<InboundResult> {
    return this.#media('video', input, {});
  }

  /** A document. */
  document(input: InboundMediaInput = {}): Promise<InboundResult> {
    return this.#media('document', input, { filename: input.filename ?? 'file.pdf' });
  }

  /** Audio; `voice: true` (default) for a recorded voice note. */
  audio(input: InboundMediaInput & { voice?: boolean } = {}): Promise<InboundResult> {
    return this.#media('audio', input, { voice: input.voice ?? true });
  }

  /** A sticker. */
  sticker(input: InboundMediaInput & { animated?: boolean } = {}): Promise<InboundResult> {
    return this.#media('sticker', input, { animated: input.animated ?? false });
  }

  /** A location pin. */
  location(
    input: InboundCommon & {
      latitude: number;
      longitude: number;
      name?: string;
      address?: string;
      url?: string;
    },
  ): Promise<InboundResult> {
    const { latitude, longitude, name, address, url } = input;
    return this.message(input, 'location', { address, latitude, longitude, name, url });
  }

  /** Shared contact cards (Meta's shape). */
  contacts(input: InboundCommon & { contacts: Array<Record<string, unknown>> }): Promise<InboundResult> {
    return this.message(input, 'contacts', input.contacts);
  }

  /** A reply-button press on one of our interactive messages. */
  buttonReply(input: InboundCommon & { id: string; title: string }): Promise<InboundResult> {
    return this.message(input, 'interactive', {
      type: 'button_reply',
      button_reply: { id: input.id, title: input.title },
    });
  }

  /** A list row choice. */
  listReply(
    input: InboundCommon & { id: string; title: string; description?: string },
  ): Promise<InboundResult> {
    const reply: Record<string, unknown> = { id: input.id, title: input.title };
    if (input.description) reply.description = input.description;
    return this.message(input, 'interactive', { type: 'list_reply', list_reply: reply });
  }

  /** A WhatsApp Flow submission (`nfm_reply`, `response_json` as a JSON string). */
  flowReply(
    input: InboundCommon & { response: unknown; name?: string; body?: string },
  ): Promise<InboundResult> {
    return this.message(input, 'interactive', {
      type: 'nfm_reply',
      nfm_reply: {
        response_json: JSON.stringify(input.response),
        body: input.body ?? 'Sent',
        name: input.name ?? 'flow',
      },
    });
  }

  /** A quick-reply button press on a template (`type: button`). */
  templateButton(input: InboundCommon & { payload: string; text?: string }): Promise<InboundResult> {
    return this.message(input, 'button', { payload: input.payload, text: input.text ?? input.payload });
  }

  /** A reaction; omit `emoji` for the removal of a reaction. */
  reaction(input: InboundCommon & { messageId: string; emoji?: string }): Promise<InboundResult> {
    const reaction: Record<string, unknown> = { message_id: input.messageId };
    if (input.emoji) reaction.emoji = input.emoji;
    return this.message(input, 'reaction', reaction);
  }

  /** A cart order. */
  order(
    input: InboundCommon & {
      catalogId: string;
      text?: string;
      items: Array<{ productRetailerId: string; quantity: number; itemPrice: number; currency: string }>;
    },
  ): Promise<InboundResult> {
    return this.message(input, 'order', {
      catalog_id: input.catalogId,
      ...(input.text ? { text: input.text } : {}),
      product_items: input.items.map((i) => ({
        product_retailer_id: i.productRetailerId,
        quantity: i.quantity,
        item_price: i.itemPrice,
        currency: i.currency,
      })),
    });
  }

  /** A system message: the user changed their number (no `contacts[]`, like Meta). */
  numberChange(input: InboundCommon & { newWaId: string }): Promise<InboundResult> {
    const from = typeof input.from === 'string' ? input.from : (input.from?.waId ?? '16505551234');
    return this.message(
      { ...input, from: undefined },
      'system',
      {
        body: `User changed from ${from} to ${input.newWaId}`,
        wa_id: input.newWaId,
        type: 'user_changed_number',
      },
      { sender: false, fromOverride: from },
    );
  }

  /** An unsupported message (e.g. an edit or a poll) with Meta's 131051 error. */
  unsupported(input: InboundCommon & { unsupportedType?: string } = {}): Promise<InboundResult> {
    return this.message(
      input,
      'unsupported',
      { type: input.unsupportedType ?? 'edit' },
      { errors: [webhookErrorObject(131051)] },
    );
  }

  /** Any message type, with its type object as given (new or unknown kinds). */
  async message(
    input: InboundCommon,
    type: string,
    object: unknown,
    extra: { errors?: object[]; sender?: false; fromOverride?: string } = {},
  ): Promise<InboundResult> {
    const state = this.#state;
    const business = input.phoneNumberId
      ? state.phoneNumbers.get(input.phoneNumberId)
      : state.phoneNumbers.values().next().value;
    if (!business) throw new Error(`Unknown phoneNumberId ${input.phoneNumberId ?? '(none configured)'}`);
    const sender: InboundSender =
      typeof input.from === 'string'
        ? { waId: input.from }
        : (input.from ?? { waId: extra.fromOverride ?? '16505551234' });
    const wamid = makeWamid(state.random, sender.waId ?? sender.userId ?? '0', false);
    const message: Record<string, unknown> = {};
    if (input.replyTo) message.context = { from: business.displayPhoneNumber, id: input.replyTo };
    else if (input.forwarded)
      message.context =
        input.forwarded === 'frequently' ? { frequently_forwarded: true } : { forwarded: true };
    if (input.referral) message.referral = input.referral;
    if (sender.waId) message.from = sender.waId;
    if (sender.userId) message.from_user_id = sender.userId;
    Object.assign(message, { id: wamid, timestamp: String(Math.floor(state.now() / 1000)) });
    if (extra.errors) message.errors = extra.errors;
    message.type = type;
    if (type === 'contacts') message.contacts = object;
    else message[type] = object;
    noteInbound(state, business.id, sender.waId, wamid);
    state.emitter.enqueue(
      messagesValue(business, extra.sender === false ? undefined : { name: 'Sheena Nelson', ...sender }, [
        message,
      ]),
    );
    if (!state.emitter.batching) await this.#deliver();
    return { wamid, message };
  }

  #media(
    type: keyof typeof DEFAULT_MIME,
    input: InboundMediaInput,
    extra: Record<string, unknown>,
  ): Promise<InboundResult> {
    const state = this.#state;
    const business = input.phoneNumberId ?? state.phoneNumbers.keys().next().value ?? '';
    const mimeType = input.mimeType ?? DEFAULT_MIME[type];
    const data = input.data ?? new TextEncoder().encode(`fake ${type} bytes`);
    const id = storeMedia(state, business, data, mimeType);
    const media = state.media.get(id);
    const object: Record<string, unknown> = {};
    if (input.caption !== undefined) object.caption = input.caption;
    Object.assign(
      object,
      {
        mime_type: mimeType,
        sha256: Buffer.from(media?.sha256 ?? '', 'hex').toString('base64'),
        id,
        // Inbound media carries a direct URL since 2025-11 (still bearer-protected); ids live 7 days.
        url: mediaDownloadUrl(state, id, 7 * 24 * 60 * 60_000),
      },
      extra,
    );
    return this.message(input, type, object);
  }
}
