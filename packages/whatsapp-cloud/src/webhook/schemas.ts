// zod description of Meta's webhook payload (webhooks/reference/messages), unknown keys kept. The hot
// path (`parseWebhook`) reads the same shapes with total hand-written readers for speed; these schemas
// are for strict validation in tests and tools, and gate the fake Graph API's fidelity.
import { z } from 'zod';

const unixSeconds = z.string().regex(/^\d+$/, 'expected Unix seconds as a string');

/** A webhook error object (`errors[]` of values, messages and statuses). */
const webhookErrorObjectSchema = z.looseObject({
  code: z.number().int(),
  title: z.string().optional(),
  message: z.string().optional(),
  error_data: z.looseObject({ details: z.string() }).optional(),
  href: z.string().optional(),
});

const media = z.looseObject({
  id: z.string(),
  mime_type: z.string(),
  sha256: z.string().optional(),
  url: z.string().optional(),
  caption: z.string().optional(),
  filename: z.string().optional(),
  voice: z.boolean().optional(),
  animated: z.boolean().optional(),
});

/** One inbound message (`value.messages[]`); the type object is required for known types. */
const inboundMessageSchema = z
  .looseObject({
    id: z.string().min(1),
    from: z.string().optional(),
    from_user_id: z.string().optional(),
    timestamp: unixSeconds,
    type: z.string(),
    context: z
      .looseObject({
        from: z.string().optional(),
        id: z.string().optional(),
        forwarded: z.boolean().optional(),
        frequently_forwarded: z.boolean().optional(),
      })
      .optional(),
    referral: z.looseObject({ source_type: z.string().optional() }).optional(),
    errors: z.array(webhookErrorObjectSchema).optional(),
    text: z.looseObject({ body: z.string() }).optional(),
    image: media.optional(),
    audio: media.optional(),
    video: media.optional(),
    document: media.optional(),
    sticker: media.optional(),
    location: z.looseObject({ latitude: z.number(), longitude: z.number() }).optional(),
    contacts: z.array(z.looseObject({})).optional(),
    interactive: z.looseObject({ type: z.string() }).optional(),
    button: z.looseObject({ payload: z.string(), text: z.string() }).optional(),
    reaction: z.looseObject({ message_id: z.string(), emoji: z.string().optional() }).optional(),
    order: z.looseObject({ catalog_id: z.string(), product_items: z.array(z.looseObject({})) }).optional(),
    system: z.looseObject({ body: z.string().optional(), type: z.string().optional() }).optional(),
  })
  .refine((m) => m.from !== undefined || m.from_user_id !== undefined, 'a message needs from or from_user_id')
  .refine(
    (m) =>
      ![
        'text',
        'image',
        'audio',
        'video',
        'document',
        'sticker',
        'location',
        'interactive',
        'button',
        'reaction',
        'order',
      ].includes(m.type) || m[m.type] !== undefined,
    'a message of a known type needs its type object',
  );

/** One status (`value.statuses[]`). */
const statusSchema = z.looseObject({
  id: z.string().min(1),
  status: z.enum(['sent', 'delivered', 'read', 'played', 'failed']),
  timestamp: unixSeconds,
  recipient_id: z.string().optional(),
  biz_opaque_callback_data: z.string().optional(),
  conversation: z
    .looseObject({ id: z.string(), origin: z.looseObject({ type: z.string() }).optional() })
    .optional(),
  pricing: z
    .looseObject({
      billable: z.boolean().optional(),
      pricing_model: z.string(),
      category: z.string().optional(),
    })
    .optional(),
  errors: z.array(webhookErrorObjectSchema).optional(),
});

/** The value of a `messages` change. */
const messagesValueSchema = z.looseObject({
  messaging_product: z.literal('whatsapp'),
  metadata: z.looseObject({ display_phone_number: z.string(), phone_number_id: z.string() }),
  contacts: z
    .array(
      z.looseObject({
        profile: z.looseObject({ name: z.string().optional() }).optional(),
        wa_id: z.string().optional(),
        user_id: z.string().optional(),
      }),
    )
    .optional(),
  messages: z.array(inboundMessageSchema).optional(),
  statuses: z.array(statusSchema).optional(),
  errors: z.array(webhookErrorObjectSchema).optional(),
});

/** A WhatsApp webhook body (`object: whatsapp_business_account`). */
const webhookPayloadSchema = z.looseObject({
  object: z.literal('whatsapp_business_account'),
  entry: z.array(
    z.looseObject({
      id: z.string(),
      changes: z.array(
        z.union([
          z.looseObject({ field: z.literal('messages'), value: messagesValueSchema }),
          z.looseObject({ field: z.string(), value: z.unknown() }),
        ]),
      ),
    }),
  ),
});

/** Result of {@link validateWebhookPayload}. */
export type PayloadValidation =
  | {
      /** The payload matches. */
      success: true;
    }
  | {
      /** The payload does not match. */
      success: false;
      /** Every mismatch, readable. */
      error: string;
    };

/**
 * Strictly validates a parsed webhook body against Meta's documented shapes (unknown keys allowed).
 * `parseWebhook` never needs this: use it in tests and tools to catch payloads that drifted.
 *
 * @example
 * ```ts
 * const result = validateWebhookPayload(JSON.parse(body));
 * if (!result.success) console.warn(result.error);
 * ```
 */
export function validateWebhookPayload(payload: unknown): PayloadValidation {
  const result = webhookPayloadSchema.safeParse(payload);
  return result.success ? { success: true } : { success: false, error: z.prettifyError(result.error) };
}
