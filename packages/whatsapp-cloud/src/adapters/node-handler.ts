import type { IncomingMessage, ServerResponse } from 'node:http';
import { WebhookError } from '../errors.js';
import {
  toReceiver,
  type WebhookOptions,
  type WebhookReceiver,
  type WebhookResponse,
} from '../webhook/receiver.js';
import { SIGNATURE_HEADER } from '../webhook/signature.js';

/** A `node:http` request listener that also exposes its {@link WebhookReceiver}. */
export interface NodeWebhookHandler {
  /** Handles one request; never rejects. */
  (req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** The receiver behind the handler: listen to `rejected`, `duplicate`, `error` here. */
  readonly receiver: WebhookReceiver;
}

/**
 * A `node:http` (and Express/Connect-compatible) webhook handler that buffers the raw body itself,
 * with a size cap, so the signature is checked over the exact bytes Meta signed. If a framework
 * already parsed the body into an object the handler refuses with a clear error instead of
 * verifying a re-serialisation (the #1 cause of signature failures, whatsapp-api-js#335).
 *
 * @example
 * ```ts
 * const handler = createNodeWebhookHandler({ appSecret, verifyToken, onEvents: save });
 * http.createServer((req, res) => req.url?.startsWith('/webhooks/whatsapp') ? handler(req, res) : notFound(res));
 * ```
 */
export function createNodeWebhookHandler(options: WebhookOptions | WebhookReceiver): NodeWebhookHandler {
  const receiver = toReceiver(options);
  const limit = receiver.options.maxBodyBytes;
  const handler = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      if (req.method === 'GET') {
        const url = new URL(req.url ?? '/', 'http://localhost');
        return send(res, receiver.handleGet(url.searchParams));
      }
      if (req.method !== 'POST') {
        res.setHeader('allow', 'GET, POST');
        return send(res, reject(receiver, new WebhookError('Method not allowed', 'METHOD_NOT_ALLOWED', 405)));
      }
      const preParsed = (req as IncomingMessage & { body?: unknown }).body;
      let body: Uint8Array;
      if (preParsed instanceof Uint8Array) {
        body = preParsed; // express.raw() / a raw-body middleware ran first: these are still the exact bytes.
      } else if (preParsed !== undefined && preParsed !== null && typeof preParsed === 'object') {
        return send(
          res,
          reject(
            receiver,
            new WebhookError(
              'The request body was already parsed by a JSON middleware; mount this handler before it (or use express.raw)',
              'BODY_ALREADY_PARSED',
              500,
            ),
          ),
        );
      } else {
        const declared = Number(req.headers['content-length']);
        if (declared > limit) return send(res, reject(receiver, receiver.tooLarge(declared)), true);
        const read = await readBody(req, limit);
        if (read === undefined) return send(res, reject(receiver, receiver.tooLarge(limit + 1)), true);
        body = read;
      }
      const header = req.headers[SIGNATURE_HEADER];
      send(res, await receiver.handlePost(body, Array.isArray(header) ? header[0] : header));
    } catch (cause) {
      // Never let a request crash the process: answer 500 and report through the receiver.
      const error = new WebhookError('Webhook request failed', 'HANDLER_FAILED', 500, { cause });
      receiver.emit('error', error);
      if (!res.headersSent) send(res, { status: 500, body: error.message, error });
    }
  };
  return Object.assign(handler, { receiver });
}

function reject(receiver: WebhookReceiver, error: WebhookError): WebhookResponse {
  receiver.emit('rejected', error);
  return { status: error.httpStatus, body: error.message, error };
}

/** Buffers the body; resolves undefined (and stops reading) once it exceeds `limit`. */
function readBody(req: IncomingMessage, limit: number): Promise<Uint8Array | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > limit) {
        over = true;
        chunks.length = 0;
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!over) resolve(Buffer.concat(chunks, size));
    });
    req.on('error', reject);
  });
}

function send(res: ServerResponse, result: WebhookResponse, close = false): void {
  if (close) res.setHeader('connection', 'close');
  res.writeHead(result.status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(result.body);
}
