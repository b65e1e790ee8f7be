import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { verifyPassword } from '../auth.js';
import { ApiError } from '../errors.js';
import type { AppContext } from './context.js';
import { parse } from './validate.js';

/** Name of the HttpOnly session cookie. */
export const SESSION_COOKIE = 'crm_session';

const loginBody = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(1024) });

/** Login, logout and who-am-I. */
export const sessionRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    const cookie = (value: string, expires: Date) =>
      `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Lax; Expires=${expires.toUTCString()}${
        ctx.config.COOKIE_SECURE ? '; Secure' : ''
      }`;

    app.post('/api/login', async (request, reply) => {
      const { username, password } = parse(loginBody, request.body);
      const user = await ctx.users.withPassword(username);
      // Verify even for unknown users so timing does not reveal which usernames exist.
      const ok = verifyPassword(password, user?.passwordHash ?? 'scrypt$AAAAAAAAAAAAAAAAAAAAAA$AAAA');
      if (!user || !ok) throw new ApiError(401, 'UNAUTHENTICATED', 'wrong username or password');
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
