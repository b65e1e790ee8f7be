import { createHmac } from 'node:crypto';
import { encodeMetaJson } from './meta-json.js';

/**
 * Computes the `X-Hub-Signature-256` header value Meta would send for these exact bytes.
 *
 * @example
 * ```ts
 * const body = encodeMetaJson(payload);
 * await fetch(url, { method: 'POST', body, headers: { 'x-hub-signature-256': signWebhook(body, appSecret) } });
 * ```
 */
export function signWebhook(body: string | Uint8Array, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** Computes the legacy `X-Hub-Signature` (`sha1=`) header value Meta also sends. */
export function signWebhookSha1(body: string | Uint8Array, secret: string): string {
  return `sha1=${createHmac('sha1', secret).update(body).digest('hex')}`;
}

/**
 * Builds a signed webhook POST exactly as Meta sends it: Meta-style JSON bytes (unless `body` is
 * already a string or bytes, which are sent as they are) with both signature headers.
 */
export function createSignedWebhookRequest(url: string, body: unknown, secret: string): Request {
  const bytes = typeof body === 'string' || body instanceof Uint8Array ? body : encodeMetaJson(body);
  return new Request(url, {
    method: 'POST',
    body: bytes,
    headers: {
      'content-type': 'application/json',
      'x-hub-signature-256': signWebhook(bytes, secret),
      'x-hub-signature': signWebhookSha1(bytes, secret),
    },
  });
}
