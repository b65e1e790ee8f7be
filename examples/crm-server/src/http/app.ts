import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import { AmiError } from '@pbxkit/ami-client';
import { CommsLogError } from '@pbxkit/comms-log';
import { WhatsAppError } from '@pbxkit/whatsapp-cloud';
import { YeastarError } from '@pbxkit/yeastar-client';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { readCookie } from '../auth.js';
import { ApiError } from '../errors.js';
import type { AppContext } from './context.js';
import { commsRoutes } from './routes-comms.js';
import { customerRoutes } from './routes-customers.js';
import { liveRoutes } from './routes-live.js';
import { SESSION_COOKIE, sessionRoutes } from './routes-session.js';
import { webhookRoutes } from './routes-webhooks.js';

/** Routes under /api that need no session (logging in). */
const PUBLIC_API = new Set(['/api/login']);

/** Maps any thrown error to a status and a typed body; unexpected errors are 500 and logged. */
export function toErrorBody(error: unknown): {
  status: number;
  code: string;
  message: string;
  details?: unknown;
} {
  if (ApiError.isInstance(error)) {
    return { status: error.httpStatus, code: error.code, message: error.message, details: error.details };
  }
  if (CommsLogError.isInstance(error)) {
    const status =
      { VALIDATION: 400, NOT_FOUND: 404, CONFLICT: 409, CONFIG: 500 }[error.code as string] ?? 503;
    const details = (error as { issues?: unknown }).issues;
    return { status, code: status === 503 ? 'UNAVAILABLE' : error.code, message: error.message, details };
  }
  if (WhatsAppError.isInstance(error) || AmiError.isInstance(error) || YeastarError.isInstance(error)) {
    const status = error.code === 'VALIDATION' ? 400 : 502;
    return { status, code: status === 400 ? 'VALIDATION' : 'UPSTREAM', message: error.message };
  }
  const e = error as { statusCode?: number; code?: string; message?: string };
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    return { status: e.statusCode, code: 'VALIDATION', message: e.message ?? 'bad request' };
  }
  return { status: 500, code: 'INTERNAL', message: 'internal error' };
}

/** Builds the Fastify app: auth hook, error mapping, API routes, webhooks and the UI. */
export async function buildApp(ctx: AppContext): Promise<FastifyInstance> {
  const app = Fastify({
    logger: ctx.config.LOG_LEVEL === 'silent' ? false : { level: ctx.config.LOG_LEVEL },
    bodyLimit: 1_048_576,
  });

  app.setErrorHandler((error, request, reply) => {
    const body = toErrorBody(error);
    if (body.status >= 500) request.log.error({ err: error }, 'request failed');
    return reply
      .code(body.status)
      .send({ error: { code: body.code, message: body.message, details: body.details } });
  });
  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api/') || !ctx.uiDir || request.method !== 'GET') {
      return reply
        .code(404)
        .send({ error: { code: 'NOT_FOUND', message: `${request.method} ${request.url} not found` } });
    }
    return reply.sendFile('index.html');
  });

  app.addHook('onRequest', async (request) => {
    const path = request.url.split('?')[0] ?? '';
    if (!(path.startsWith('/api/') || path === '/status') || PUBLIC_API.has(path)) return;
    const user = await authenticate(ctx, request);
    if (!user) throw new ApiError(401, 'UNAUTHENTICATED', 'sign in or send Authorization: Bearer <token>');
    request.user = user;
  });

  app.get('/healthz', async () => ({ ok: true }));
  await app.register(sessionRoutes(ctx));
  await app.register(customerRoutes(ctx));
  await app.register(commsRoutes(ctx));
  await app.register(liveRoutes(ctx));
  await app.register(webhookRoutes(ctx));

  if (ctx.uiDir && existsSync(join(ctx.uiDir, 'index.html'))) {
    await app.register(fastifyStatic, { root: ctx.uiDir, prefix: '/', index: ['index.html'] });
  }
  return app;
}

async function authenticate(ctx: AppContext, request: FastifyRequest) {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) {
    const username = ctx.tokens.usernameOf(header.slice(7).trim());
    return username ? ctx.users.get(username) : undefined;
  }
  const username = ctx.sessions.verify(readCookie(request.headers.cookie, SESSION_COOKIE));
  return username ? ctx.users.get(username) : undefined;
}
