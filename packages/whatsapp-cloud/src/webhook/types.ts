import type { WebhookErrorObject } from '../errors.js';

/**
 * Who a message came from or went to. Since 2026 Meta may withhold `wa_id` for users with a username
 * and send a business-scoped user id (BSUID) instead, so every field is optional: key customers by
 * `waId ?? userId` and merge when both are seen.
 */
export interface WhatsAppContact {
  /** WhatsApp id: the phone number in digits, no `+` (a handle, not an E.164 key). */
  waId?: string;
  /** Business-scoped user id (`US.13491208655302741918`); changes when the user changes number. */
  userId?: string;
  /** Parent business-scoped user id (`US.ENT.…`) for multi-portfolio businesses. */
  parentUserId?: string;
  /** WhatsApp username, when the user adopted one. */
  username?: string;
  /** Profile name the user set (not verified). */
  profileName?: string;
  /** Identity key hash, when the identity change check is enabled. */
  identityKeyHash?: string;
}

/** Fields every event carries. */
export interface WebhookEventBase {
  /** `entry[].id`: the WhatsApp Business Account id. */
  wabaId: string;
  /** `changes[].field`, e.g. `messages`. */
  field: string;
  /** `metadata.phone_number_id`: the business number that received or sent; route by this. */
  phoneNumberId: string | undefined;
  /** `metadata.display_phone_number`, for display only. */
  displayPhoneNumber: string | undefined;
  /** When it happened (Meta's timestamp), or when the webhook was received if Meta gave none. */
  timestamp: Date;
  /**
   * Stable across Meta's redeliveries of the same item: the wamid for messages, `wamid:status` for
   * statuses, a content hash otherwise. Upsert on it.
   */
  idempotencyKey: string;
}

/** A media attachment of an inbound message; download it with `WhatsAppClient.downloadMedia`. */
export interface InboundMedia {
  /** Media id, downloadable for 7 days. */
  id: string;
  /** MIME type, e.g. `image/jpeg` or `audio/ogg; codecs=opus`. */
  mimeType: string | undefined;
  /** Base64 sha256 of the file. */
  sha256: string | undefined;
  /** Direct download URL (rolled out from 2025-11-12; still needs the bearer token). */
  url: string | undefined;
  /** Caption (image, video, document). */
  caption: string | undefined;
  /** File name (document). */
  filename: string | undefined;
  /** Recorded voice note (audio). */
  voice: boolean | undefined;
  /** Animated sticker. */
  animated: boolean | undefined;
}

/** Media message kinds. */
export type InboundMediaType = 'image' | 'audio' | 'video' | 'document' | 'sticker';

/** A contact card shared by the user, in Meta's shape. */
export interface SharedContact {
  /** Name parts; `formatted_name` is always present. */
  name?: {
    /** Full name as displayed. */
    formatted_name?: string;
    /** First name. */
    first_name?: string;
    /** Last name. */
    last_name?: string;
    /** Other name parts. */
    [key: string]: unknown;
  };
  /** Phone numbers, with `wa_id` when the number is on WhatsApp. */
  phones?: Array<{
    /** The number as the user stored it. */
    phone?: string;
    /** WhatsApp id, when on WhatsApp. */
    wa_id?: string;
    /** `CELL`, `MAIN`, `WORK`, … */
    type?: string;
  }>;
  /** Other fields (emails, addresses, org, urls, birthday) as Meta sent them. */
  [key: string]: unknown;
}

/** One product line of an order. */
export interface OrderItem {
  /** Retailer id of the product in the catalog. */
  productRetailerId: string;
  /** Quantity ordered. */
  quantity: number;
  /** Unit price. */
  itemPrice: number;
  /** ISO 4217 currency. */
  currency: string;
}

/** A text message. */
export interface TextMessage {
  /** Discriminator. */
  type: 'text';
  /** The text. */
  body: string;
}

/** An image, audio, video, document or sticker message. */
export interface MediaMessage {
  /** Discriminator. */
  type: InboundMediaType;
  /** The attachment. */
  media: InboundMedia;
}

/** A location pin. */
export interface LocationMessage {
  /** Discriminator. */
  type: 'location';
  /** Latitude. */
  latitude: number;
  /** Longitude. */
  longitude: number;
  /** Place name (absent for a plain pin). */
  name: string | undefined;
  /** Place address. */
  address: string | undefined;
  /** Place URL. */
  url: string | undefined;
}

/** Shared contact cards. */
export interface ContactsMessage {
  /** Discriminator. */
  type: 'contacts';
  /** The cards, in Meta's shape. */
  contacts: SharedContact[];
}

/** A reply to one of our interactive messages (button, list, flow). */
export interface InteractiveMessage {
  /** Discriminator. */
  type: 'interactive';
  /** What the user chose. */
  reply: InteractiveReply;
}

/** A quick-reply button press on a template. */
export interface ButtonMessage {
  /** Discriminator. */
  type: 'button';
  /** The button's payload. */
  payload: string;
  /** The button's label. */
  text: string;
}

/** A reaction, or the removal of one. */
export interface ReactionMessage {
  /** Discriminator. */
  type: 'reaction';
  /** wamid of the message reacted to. */
  messageId: string;
  /** The emoji; undefined when the reaction was removed. */
  emoji: string | undefined;
  /** Whether this removes the user's reaction. */
  removed: boolean;
}

/** A cart order from a catalog. */
export interface OrderMessage {
  /** Discriminator. */
  type: 'order';
  /** Catalog id. */
  catalogId: string;
  /** Text sent with the order. */
  text: string | undefined;
  /** Ordered products. */
  items: OrderItem[];
}

/** A system message (e.g. `user_changed_number`). */
export interface SystemMessage {
  /** Discriminator. */
  type: 'system';
  /** Meta's `system.type`, e.g. `user_changed_number`. */
  systemType: string;
  /** Human-readable description. */
  body: string | undefined;
  /** For `user_changed_number`: the user's new wa_id. */
  newWaId: string | undefined;
}

/** A message type WhatsApp Cloud API does not support (with a 131051 error). */
export interface UnsupportedMessage {
  /** Discriminator. */
  type: 'unsupported';
  /** What it was (`edit`, `poll_update`, …), when Meta says. */
  unsupportedType: string | undefined;
}

/** A message type this package does not know yet; the raw object is on the event. */
export interface UnknownMessage {
  /** Discriminator. */
  type: 'unknown';
  /** The `type` Meta sent. */
  originalType: string;
}

/** The typed content of an inbound message, discriminated by `type`. */
export type InboundMessage =
  | TextMessage
  | MediaMessage
  | LocationMessage
  | ContactsMessage
  | InteractiveMessage
  | ButtonMessage
  | ReactionMessage
  | OrderMessage
  | SystemMessage
  | UnsupportedMessage
  | UnknownMessage;

/** A reply button press. */
export interface ButtonReply {
  /** Discriminator. */
  type: 'button_reply';
  /** The id we gave the button. */
  id: string;
  /** The button label. */
  title: string;
}

/** A list row choice. */
export interface ListReply {
  /** Discriminator. */
  type: 'list_reply';
  /** The id we gave the row. */
  id: string;
  /** The row title. */
  title: string;
  /** The row description. */
  description: string | undefined;
}

/** A WhatsApp Flow (or address message) submission. */
export interface FlowReply {
  /** Discriminator. */
  type: 'nfm_reply';
  /** Flow name. */
  name: string | undefined;
  /** Flow body text. */
  body: string | undefined;
  /** `response_json` as sent (a JSON string). */
  responseJson: string;
  /** `response_json` parsed, or undefined if it was not valid JSON. */
  response: unknown;
}

/** An interactive reply kind this package does not know yet. */
export interface UnknownReply {
  /** Discriminator. */
  type: 'unknown';
  /** The `interactive.type` Meta sent. */
  originalType: string | undefined;
}

/** A reply to an interactive message. */
export type InteractiveReply = ButtonReply | ListReply | FlowReply | UnknownReply;

/** `context` of an inbound message: the message it replies to, forwarding, or a referred product. */
export interface MessageContext {
  /** The wamid being quoted or replied to. */
  messageId: string | undefined;
  /** The business number the quoted message came from. */
  from: string | undefined;
  /** Forwarded up to 5 times. */
  forwarded: boolean;
  /** Forwarded more than 5 times. */
  frequentlyForwarded: boolean;
  /** Product the user asked about via "Message business". */
  referredProduct:
    | {
        /** Catalog id. */
        catalogId: string;
        /** Product retailer id. */
        productRetailerId: string;
      }
    | undefined;
}

/** Click-to-WhatsApp ad referral (`messages[].referral`), in Meta's snake_case shape. */
export interface Referral {
  /** Ad or post URL. */
  source_url?: string;
  /** Ad id. */
  source_id?: string;
  /** `ad` or `post`. */
  source_type?: string;
  /** Click id, omitted for Status ads. */
  ctwa_clid?: string;
  /** Other fields (headline, body, media_type, image_url, welcome_message, …). */
  [key: string]: unknown;
}

/** An inbound message (`value.messages[]`). */
export interface MessageEvent extends WebhookEventBase {
  /** Discriminator. */
  kind: 'message';
  /** The message id (`wamid.…`). */
  wamid: string;
  /** Who wrote (from `messages[].from`, `from_user_id`, and the matching `contacts[]` entry). */
  contact: WhatsAppContact;
  /** Typed content. */
  message: InboundMessage;
  /** Reply / forward context, when present. */
  context: MessageContext | undefined;
  /** Click-to-WhatsApp ad referral, when present. */
  referral: Referral | undefined;
  /** `messages[].errors` (e.g. 131051 on unsupported messages). */
  errors: WebhookErrorObject[];
  /** The raw message object, unknown fields included. */
  raw: Record<string, unknown>;
}

/** Delivery states of a sent message. */
export type MessageStatus = 'sent' | 'delivered' | 'read' | 'played' | 'failed';

/** Pricing of a status (`pricing`): PMP since 2025-07-01, CBP before. */
export interface StatusPricing {
  /** Deprecated by Meta but still sent. */
  billable: boolean | undefined;
  /** `PMP` (per message) or `CBP` (legacy conversation-based). */
  pricingModel: string | undefined;
  /** `regular`, `free_customer_service`, `free_entry_point`. */
  type: string | undefined;
  /** `marketing`, `utility`, `authentication`, `service`, … */
  category: string | undefined;
}

/** Conversation of a status: sent before v24.0, and after it only in free entry point windows. */
export interface StatusConversation {
  /** Conversation id. */
  id: string;
  /** When the conversation window ends (only on `sent`). */
  expiresAt: Date | undefined;
  /** `origin.type`. */
  originType: string | undefined;
}

/** A status update of a message we sent (`value.statuses[]`). */
export interface StatusEvent extends WebhookEventBase {
  /** Discriminator. */
  kind: 'status';
  /** The wamid we got when sending. */
  wamid: string;
  /** New status; merge with {@link mergeStatus} — they can arrive out of order. */
  status: MessageStatus;
  /** The recipient (`recipient_id`, `recipient_user_id`, …). */
  contact: WhatsAppContact;
  /** `group` for group messages. */
  recipientType: string | undefined;
  /** The participant of a group the status is about. */
  recipientParticipantId: string | undefined;
  /** The string sent as `biz_opaque_callback_data` with the message. */
  bizOpaqueCallbackData: string | undefined;
  /** Conversation (pre-v24 shape), when present. */
  conversation: StatusConversation | undefined;
  /** Pricing, on one of `sent`/`delivered`. */
  pricing: StatusPricing | undefined;
  /** Why it failed (`failed` status). */
  errors: WebhookErrorObject[];
  /** The raw status object. */
  raw: Record<string, unknown>;
}

/** An out-of-band error (`value.errors[]`): account or app level, not tied to a message. */
export interface ErrorEvent extends WebhookEventBase {
  /** Discriminator. */
  kind: 'error';
  /** The error object; classify it with `classifyError`. */
  error: WebhookErrorObject;
}

/** A change for a field other than `messages` (template status, account updates, …), passed through. */
export interface FieldEvent extends WebhookEventBase {
  /** Discriminator. */
  kind: 'field';
  /** `changes[].value` as Meta sent it. */
  value: unknown;
}

/** An item this parser could not read (missing fields, wrong shape, other `object`); nothing is dropped. */
export interface UnknownEvent extends WebhookEventBase {
  /** Discriminator. */
  kind: 'unknown';
  /** What was wrong with it. */
  reason: string;
  /** The item as received. */
  raw: unknown;
}

/** Everything a webhook POST can carry, one event per entry × change × message/status/error. */
export type WebhookEvent = MessageEvent | StatusEvent | ErrorEvent | FieldEvent | UnknownEvent;

/** The result of parsing one webhook body. */
export interface ParsedWebhook {
  /** The top-level `object` (`whatsapp_business_account` for WhatsApp). */
  object: string | undefined;
  /** All events, in payload order. */
  events: WebhookEvent[];
}
