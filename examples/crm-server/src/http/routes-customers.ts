import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { AppContext } from './context.js';
import { pageQuery, parse } from './validate.js';

const text = (max: number) => z.string().trim().min(1).max(max);
const customerBody = z.strictObject({
  name: text(200),
  company: text(200).nullish(),
  email: z.email().max(320).nullish(),
  phones: z.array(text(40)).max(20).optional(),
  waIds: z.array(text(20)).max(20).optional(),
});
const idParams = z.object({ id: z.string().min(1).max(100) });

/** Customers: list/search, create, read, update, add a number (relinks), merge, timeline. */
export const customerRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    app.get('/api/customers', async (request) => {
      const q = parse(z.object({ q: z.string().max(200).optional(), ...pageQuery }), request.query);
      return ctx.customers.repo.list(q);
    });

    app.post('/api/customers', async (request, reply) => {
      const body = parse(customerBody, request.body);
      reply.code(201);
      return ctx.customers.create(body);
    });

    app.get('/api/customers/:id', async (request) => {
      const { id } = parse(idParams, request.params);
      return ctx.customers.repo.require(id);
    });

    app.patch('/api/customers/:id', async (request) => {
      const { id } = parse(idParams, request.params);
      return ctx.customers.update(id, parse(customerBody.partial(), request.body));
    });

    app.post('/api/customers/:id/phones', async (request) => {
      const { id } = parse(idParams, request.params);
      const { phone } = parse(z.strictObject({ phone: text(40) }), request.body);
      return ctx.customers.addPhone(id, phone);
    });

    app.post('/api/customers/:id/merge', async (request) => {
      const { id } = parse(idParams, request.params);
      const { from } = parse(z.strictObject({ from: text(100) }), request.body);
      return ctx.customers.merge(id, from);
    });

    app.get('/api/customers/:id/timeline', async (request) => {
      const { id } = parse(idParams, request.params);
      const page = parse(z.object(pageQuery), request.query);
      await ctx.customers.repo.require(id);
      return ctx.log.timeline(id, page);
    });
  };
