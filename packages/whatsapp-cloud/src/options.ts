import { z } from 'zod';
import { WhatsAppConfigError } from './errors.js';
import { DEFAULT_GRAPH_API_VERSION } from './versions.js';

/** Meta's documented maximum webhook payload is 3 MB; anything larger is rejected with 413. */
export const DEFAULT_MAX_BODY_BYTES = 3 * 1024 * 1024;

/** zod schema of the serialisable webhook options (function-valued options are kept outside). */
export const webhookOptionsSchema = z.object({
  /** App secret(s) from the App Dashboard; several during a rotation. */
  appSecret: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
  /** The verify token entered in the App Dashboard. */
  verifyToken: z.string().min(1),
  /** Largest accepted body. */
  maxBodyBytes: z.number().int().positive().default(DEFAULT_MAX_BODY_BYTES),
  /** Drop items already handed to the callback (Meta redelivers after any non-200). */
  dedupe: z.boolean().default(true),
  /**
   * Longest wait for `onEvents` before answering 500: a hung callback must not hold Meta's request
   * (and every redelivery waiting on it) forever. The items are released for the redelivery.
   */
  callbackTimeoutMs: z.number().int().positive().default(15_000),
});

/** Serialisable webhook options as the user passes them. */
export type WebhookSchemaInput = z.input<typeof webhookOptionsSchema>;
/** Webhook options after validation and defaults. */
export type ResolvedWebhookSchemaOptions = z.output<typeof webhookOptionsSchema>;

const versionPattern = /^v\d{2}\.0$/;

/** zod schema of the serialisable client options. */
export const clientOptionsSchema = z.object({
  /** System-user or business access token (or pass `getAccessToken`). */
  accessToken: z.string().min(1).optional(),
  /** Default business phone number id for sends (overridable per call). */
  phoneNumberId: z.string().min(1).optional(),
  /** Graph API version, e.g. `v25.0`. */
  graphApiVersion: z
    .string()
    .regex(versionPattern, 'expected a Graph API version like "v25.0"')
    .default(DEFAULT_GRAPH_API_VERSION),
  /** Graph API origin (point it at the fake Graph API in tests and demos). */
  baseUrl: z.url().default('https://graph.facebook.com'),
  /** Per-request timeout in milliseconds. */
  timeoutMs: z.number().int().positive().default(30_000),
  /** Retry policy. */
  retry: z
    .object({
      /** Total attempts, the first included. */
      maxAttempts: z.number().int().min(1).max(10).default(3),
      /** First backoff step (doubled per attempt, full jitter). */
      baseDelayMs: z.number().int().min(0).default(500),
      /** Backoff cap. */
      maxDelayMs: z.number().int().min(0).default(30_000),
      /** Minimum wait before retrying after 131056 (pair rate limit). */
      pairRateLimitDelayMs: z.number().int().min(0).default(6_000),
    })
    .prefault({}),
  /** Normalise `to`: strip spaces/dashes/parentheses and add `+` to bare digits (Meta prepends the
   * business's country code to numbers without `+`, mis-delivering international wa_ids). */
  normalizeRecipient: z.boolean().default(true),
  /** Check documented limits (lengths, counts) before sending. */
  validate: z.boolean().default(true),
});

/** Serialisable client options as the user passes them. */
export type ClientSchemaInput = z.input<typeof clientOptionsSchema>;
/** Client options after validation and defaults. */
export type ResolvedClientSchemaOptions = z.output<typeof clientOptionsSchema>;

/** Validates options with a schema, throwing a {@link WhatsAppConfigError} with a readable message. */
export function resolveOptions<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success)
    throw new WhatsAppConfigError(`Invalid ${what} options:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
