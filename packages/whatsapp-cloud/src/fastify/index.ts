/**
 * Fastify plugin for WhatsApp webhooks (`@pbxkit/whatsapp-cloud/fastify`). Fastify is an optional peer
 * dependency: only this entry point refers to it, and only for types.
 *
 * @packageDocumentation
 */
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { WebhookError } from '../errors.js';
import {
  toReceiver,
  type WebhookOptions,
  WebhookReceiver,
  type WebhookResponse,
} from '../webhook/receiver.js';
import { SIGNATURE_HEADER } from '../webhook/signature.js';

/** Options of {@link whatsappWebhookPlugin}: webhook options, or a ready {@link WebhookReceiver}. */
export type WhatsAppFastifyOptions = (
  | WebhookOptions
  | {
      /** A receiver built elsewhere (to share its events and dedupe store). */
      receiver: WebhookReceiver;
    }
) & {
  /** Route path inside the plugin's prefix. @defaultValue `'/'` */
  path?: string;
};

/**
 * Registers `GET` (verification challenge) and `POST` (events) routes. Inside its own encapsulated
 * context it replaces Fastify's JSON parser with a raw-buffer parser, so the signature is verified over
 * the exact bytes (great-detail/WhatsApp-JS-SDK#284) while the rest of your app keeps parsing JSON.
 *
 * @example
 * ```ts
 * import Fastify from 'fastify';
 * import { whatsappWebhookPlugin } from '@pbxkit/whatsapp-cloud/fastify';
 *
 * const app = Fastify();
 * await app.register(whatsappWebhookPlugin, {
 *   prefix: '/webhooks/whatsapp',
 *   appSecret: process.env.META_APP_SECRET!,
 *   verifyToken: process.env.META_VERIFY_TOKEN!,
 *   onEvents: async (events) => { await saveAll(events); },
 * });
 * ```
 */
export const whatsappWebhookPlugin: FastifyPluginAsync<WhatsAppFastifyOptions> = async (
  app: FastifyInstance,
  options: WhatsAppFastifyOptions,
) => {
  const receiver = 'receiver' in options ? options.receiver : toReceiver(pickWebhookOptions(options));
  const path = options.path ?? '/';
  const limit = receiver.options.maxBodyBytes;
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: limit }, (_request, body, done) =>
    done(null, body),
  );
  app.setErrorHandler((error: Error & { code?: string; statusCode?: number }, _request, reply) => {
    const rejection =
      error.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
        ? receiver.tooLarge(limit + 1)
        : new WebhookError('Webhook request failed', 'HANDLER_FAILED', error.statusCode ?? 500, {
            cause: error,
          });
    receiver.emit(rejection.httpStatus >= 500 ? 'error' : 'rejected', rejection);
    return send(reply, { status: rejection.httpStatus, body: rejection.message, error: rejection });
  });
  app.get(path, (request: FastifyRequest, reply: FastifyReply) =>
    send(reply, receiver.handleGet(new URL(request.url, 'http://localhost').searchParams)),
  );
  app.post(path, async (request: FastifyRequest, reply: FastifyReply) => {
    const body = request.body instanceof Uint8Array ? request.body : new Uint8Array(0);
    const header = request.headers[SIGNATURE_HEADER];
    return send(reply, await receiver.handlePost(body, Array.isArray(header) ? header[0] : header));
  });
};

function pickWebhookOptions(options: WebhookOptions & { path?: string; prefix?: string }): WebhookOptions {
  const { path: _path, prefix: _prefix, ...rest } = options;
  return rest;
}

function send(reply: FastifyReply, result: WebhookResponse): FastifyReply {
  return reply.code(result.status).type('text/plain; charset=utf-8').send(result.body);
}

export { WebhookReceiver };
