import { WebhookError } from '../errors.js';
import {
  toReceiver,
  type WebhookOptions,
  type WebhookReceiver,
  type WebhookResponse,
} from '../webhook/receiver.js';
import { SIGNATURE_HEADER } from '../webhook/signature.js';

/** A Web-standard request handler that also exposes its {@link WebhookReceiver} (for events). */
export interface FetchWebhookHandler {
  /** Handles one request. */
  (request: Request): Promise<Response>;
  /** The receiver behind the handler: listen to `rejected`, `duplicate`, `error` here. */
  readonly receiver: WebhookReceiver;
}

/**
 * A fetch-style webhook handler (`Request` → `Response`) for Hono, Next.js route handlers, Bun,
 * Deno, Workers or `node:http` via a bridge: GET answers the verification challenge, POST verifies
 * the signature over the raw bytes, parses, deduplicates, awaits `onEvents`, then answers 200.
 *
 * @example
 * ```ts
 * const handler = createWebhookHandler({
 *   appSecret: process.env.META_APP_SECRET!,
 *   verifyToken: process.env.META_VERIFY_TOKEN!,
 *   onEvents: async (events) => { await db.saveAll(events); },
 * });
 * export const GET = handler;
 * export const POST = handler;
 * ```
 */
export function createWebhookHandler(options: WebhookOptions | WebhookReceiver): FetchWebhookHandler {
  const receiver = toReceiver(options);
  const handle = async (request: Request): Promise<Response> => {
    if (request.method === 'GET') return toResponse(receiver.handleGet(new URL(request.url).searchParams));
    if (request.method !== 'POST') {
      return toResponse(
        {
          status: 405,
          body: 'Method not allowed',
          error: new WebhookError('Method not allowed', 'METHOD_NOT_ALLOWED', 405),
        },
        { allow: 'GET, POST' },
      );
    }
    const declared = Number(request.headers.get('content-length'));
    if (declared > receiver.options.maxBodyBytes) return rejectTooLarge(receiver, declared);
    const body = await readLimited(request, receiver.options.maxBodyBytes);
    if (body === undefined) return rejectTooLarge(receiver, receiver.options.maxBodyBytes + 1);
    return toResponse(await receiver.handlePost(body, request.headers.get(SIGNATURE_HEADER)));
  };
  const handler = async (request: Request): Promise<Response> => {
    try {
      return await handle(request);
    } catch (cause) {
      // A client that aborts mid-body, or any surprise: answer 500 and report, never reject.
      const error = new WebhookError('Webhook request failed', 'HANDLER_FAILED', 500, { cause });
      receiver.emit('error', error);
      return toResponse({ status: 500, body: error.message, error });
    }
  };
  return Object.assign(handler, { receiver });
}

function rejectTooLarge(receiver: WebhookReceiver, size: number): Response {
  const error = receiver.tooLarge(size);
  receiver.emit('rejected', error);
  return toResponse({ status: error.httpStatus, body: error.message, error });
}

/** Reads a request body, giving up (undefined) as soon as it exceeds `limit` bytes. */
async function readLimited(request: Request, limit: number): Promise<Uint8Array | undefined> {
  if (!request.body) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

function toResponse(result: WebhookResponse, headers: Record<string, string> = {}): Response {
  return new Response(result.body, {
    status: result.status,
    headers: { 'content-type': 'text/plain; charset=utf-8', ...headers },
  });
}
