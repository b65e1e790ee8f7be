import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { hashPassword, verifyPassword } from '../auth.js';
import { ApiError } from '../errors.js';
import { LoginThrottle } from '../login-throttle.js';
import type { AppContext } from './context.js';
import { parse } from './validate.js';

/** Name of the HttpOnly session cookie. */
export const SESSION_COOKIE = 'crm_session';

/** A real scrypt hash of a random password: unknown users cost as much to check as known ones. */
const DUMMY_HASH = hashPassword(randomBytes(16).toString('hex'));
const loginBody = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(1024) });

/** Login, logout and who-am-I. */
export const sessionRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    const cookie = (value: string, expires: Date) =>
      `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Lax; Expires=${expires.toUTCString()}${
        ctx.config.COOKIE_SECURE ? '; Secure' : ''
      }`;

    const throttle = new LoginThrottle();

    app.post('/api/login', async (request, reply) => {
      const { username, password } = parse(loginBody, request.body);
      const key = LoginThrottle.key(request.ip, username);
      const wait = throttle.retryAfterMs(key);
      if (wait > 0) {
        reply.header('retry-after', String(Math.ceil(wait / 1000)));
        throw new ApiError(429, 'RATE_LIMITED', 'too many failed logins: try again later');
      }
      const user = await ctx.users.withPassword(username);
      // Verify even for unknown users so timing does not reveal which usernames exist.
      const ok = verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
      if (!user || !ok) {
        throttle.failed(key);
        throw new ApiError(401, 'UNAUTHENTICATED', 'wrong username or password');
      }
      throttle.succeeded(key);
      const session = ctx.sessions.sign(user.username);
      reply.header('set-cookie', cookie(session.value, session.expires));
      return { user: { username: user.username, name: user.name, extension: user.extension } };
    });

    app.post('/api/logout', async (_request, reply) => {
      reply.header('set-cookie', cookie('', new Date(0)));
      return { ok: true };
    });

    app.get('/api/me', async (request) => ({ user: request.user }));
  };
