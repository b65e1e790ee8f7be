import { createHmac, timingSafeEqual } from 'node:crypto';
import type { EventDeduplicator } from '../decode/dedupe.js';
import { decodeEventText } from '../decode/envelope.js';
import type { SkippedEvent, YeastarEvent } from '../decode/events.js';
import { YeastarWebhookError } from '../errors.js';

/** Request headers in any common shape: Node's `IncomingHttpHeaders`, a plain record, or a Fetch `Headers`. */
export type WebhookHeaders = Headers | Record<string, string | string[] | undefined>;

/** What a webhook delivery produced; answer the PBX with `status` (2xx, research §1.6). */
export interface WebhookResult {
  /** HTTP status to answer with. */
  status: 200;
  /** Decoded events, duplicates removed. */
  events: YeastarEvent[];
  /** Events dropped as duplicates (re-deliveries). */
  duplicates: number;
  /** Payloads that could not be decoded, with the reason. */
  skipped: SkippedEvent[];
}

/** Settings of {@link createPSeriesWebhookHandler}. */
export interface PSeriesWebhookHandlerOptions {
  /** The webhook's 32-character secret (Integrations > API > Webhook Event Push). */
  secret?: string | undefined;
  /**
   * Accept deliveries without `X-Signature` (never when a secret is set and a signature is present).
   * @defaultValue false
   */
  allowUnsigned?: boolean;
  /** Shared deduplicator, so WebSocket and webhook deliveries of the same event collapse. */
  deduplicator?: EventDeduplicator;
  /** Clock for the deduplicator. @defaultValue Date.now */
  now?: () => number;
}

function header(headers: WebhookHeaders, name: string): string | undefined {
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  for (const [k, v] of Object.entries(headers as Record<string, string | string[] | undefined>)) {
    if (k.toLowerCase() === name) return Array.isArray(v) ? v[0] : v;
  }
  return undefined;
}

/**
 * Checks `X-Signature` = Base64(HMAC-SHA256(secret, raw body)) in constant time (research §1.6). The raw
 * bytes are what count: never re-serialise a parsed body before verifying.
 */
export function verifyWebhookSignature(
  rawBody: string | Uint8Array,
  signature: string,
  secret: string,
): boolean {
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  let given: Buffer;
  try {
    given = Buffer.from(signature.trim(), 'base64');
  } catch {
    return false;
  }
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Signs a body the way the PBX does (for tests and the fake server). */
export function signWebhookBody(rawBody: string | Uint8Array, secret: string): string {
  return createHmac('sha256', secret).update(rawBody).digest('base64');
}

/**
 * Builds a framework-agnostic P-Series webhook handler `(rawBody, headers) => WebhookResult`. It verifies
 * the signature, decodes the `{type, sn, msg}` envelope (string or object `msg`) and drops duplicates.
 * Throws {@link YeastarWebhookError} with `httpStatus` 401 (signature) or 400 (body is not an envelope).
 *
 * @example
 * const handle = createPSeriesWebhookHandler({ secret: process.env.YEASTAR_WEBHOOK_SECRET });
 * app.post('/yeastar', { config: { rawBody: true } }, (req, reply) => {
 *   const { status, events } = handle(req.rawBody, req.headers);
 *   for (const e of events) queue.push(e);
 *   reply.code(status).send();
 * });
 */
export function createPSeriesWebhookHandler(
  options: PSeriesWebhookHandlerOptions,
): (rawBody: string | Uint8Array, headers: WebhookHeaders) => WebhookResult {
  const now = options.now ?? Date.now;
  return (rawBody, headers) => {
    const signature = header(headers, 'x-signature');
    if (options.secret) {
      if (signature === undefined && !options.allowUnsigned) {
        throw new YeastarWebhookError('webhook delivery has no X-Signature header', 'WEBHOOK_SIGNATURE', 401);
      }
      if (signature !== undefined && !verifyWebhookSignature(rawBody, signature, options.secret)) {
        throw new YeastarWebhookError(
          'webhook X-Signature does not match the body',
          'WEBHOOK_SIGNATURE',
          401,
        );
      }
    } else if (!options.allowUnsigned) {
      throw new YeastarWebhookError(
        'no webhook secret configured: set webhookSecret (or allowUnsignedWebhooks for old firmware)',
        'WEBHOOK_SIGNATURE',
        401,
      );
    }
    const result = decodeEventText(rawBody);
    if (!result.ok) {
      if (result.skipped.type === undefined) {
        throw new YeastarWebhookError(
          `webhook body is not an event envelope: ${result.skipped.reason}`,
          'WEBHOOK_BODY',
          400,
        );
      }
      return { status: 200, events: [], duplicates: 0, skipped: [result.skipped] };
    }
    if (options.deduplicator && !options.deduplicator.accept(result.event, now())) {
      return { status: 200, events: [], duplicates: 1, skipped: [] };
    }
    return { status: 200, events: [result.event], duplicates: 0, skipped: [] };
  };
}
