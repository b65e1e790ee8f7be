import { whatsappWebhookPlugin } from '@pbxkit/whatsapp-cloud/fastify';
import { YeastarError } from '@pbxkit/yeastar-client';
import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from './context.js';

/**
 * Provider webhooks, authenticated by each provider's own signature over the raw bytes (so they parse
 * bodies as buffers in their own encapsulated contexts): Meta's X-Hub-Signature-256, Yeastar's X-Signature.
 */
export const webhookRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    if (ctx.whatsapp) {
      await app.register(whatsappWebhookPlugin, {
        prefix: '/webhooks/whatsapp',
        receiver: ctx.whatsapp.receiver,
      });
    }
    const yeastar = ctx.yeastar;
    if (yeastar) {
      await app.register(async (scope) => {
        scope.removeAllContentTypeParsers();
        scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 1_048_576 }, (_req, body, done) =>
          done(null, body),
        );
        scope.post('/webhooks/yeastar', async (request, reply) => {
          const raw = request.body instanceof Buffer ? request.body : Buffer.alloc(0);
          try {
            const { status } = yeastar.client.handleWebhook(raw, request.headers as Record<string, string>);
            return reply.code(status).send();
          } catch (error) {
            if (YeastarError.isInstance(error) && 'httpStatus' in error) {
              return reply
                .code(Number(error.httpStatus))
                .send({ error: { code: error.code, message: error.message } });
            }
            throw error;
          }
        });
      });
    }
  };
