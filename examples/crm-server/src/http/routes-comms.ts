import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { ApiError, badRequest } from '../errors.js';
import type { AppContext } from './context.js';
import { list, pageQuery, parse } from './validate.js';

const date = z.coerce.date();
const inboxQuery = z.object({
  channel: list(z.enum(['call', 'whatsapp', 'sms', 'email', 'note'])),
  direction: list(z.enum(['inbound', 'outbound', 'internal'])),
  status: list(z.string().max(20)),
  match: list(z.enum(['matched', 'unmatched', 'ambiguous', 'excluded'])),
  extension: z.string().max(10).optional(),
  customerId: z.string().max(100).optional(),
  text: z.string().max(200).optional(),
  from: date.optional(),
  to: date.optional(),
  ...pageQuery,
});

const logCallBody = z.strictObject({
  customerId: z.string().min(1).max(100).optional(),
  phone: z.string().min(1).max(40).optional(),
  direction: z.enum(['inbound', 'outbound']),
  disposition: z.enum(['answered', 'missed', 'busy', 'failed', 'voicemail', 'abandoned']).default('answered'),
  occurredAt: date.optional(),
  talkSeconds: z.number().int().min(0).max(86_400).default(0),
  note: z.string().max(10_000).optional(),
  idempotencyKey: z.string().min(8).max(100).optional(),
});

const noteBody = z.strictObject({
  customerId: z.string().min(1).max(100),
  body: z.string().trim().min(1).max(10_000),
  idempotencyKey: z.string().min(8).max(100).optional(),
});

const sendBody = z
  .strictObject({
    customerId: z.string().min(1).max(100).optional(),
    to: z.string().min(1).max(40).optional(),
    body: z.string().trim().min(1).max(4096),
  })
  .refine((b) => b.customerId || b.to, { message: 'give customerId or to' });

/** Inbox, manual entries, WhatsApp send, click-to-call, analytics and follow-ups. */
export const commsRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    app.get('/api/inbox', async (request) => {
      const { cursor, limit, ...filter } = parse(inboxQuery, request.query);
      const clean = Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined));
      const page = await ctx.log.inbox(clean, { cursor, limit });
      const names = await ctx.customers.repo.names(
        page.items.flatMap((e) => (e.customerId ? [e.customerId] : [])),
      );
      return {
        ...page,
        items: page.items.map((e) => (e.customerId ? { ...e, customerName: names.get(e.customerId) } : e)),
      };
    });

    app.get('/api/entries/:id', async (request) => {
      const { id } = parse(z.object({ id: z.string().max(100) }), request.params);
      const entry = await ctx.log.get(id);
      if (!entry) throw new ApiError(404, 'NOT_FOUND', `entry ${id} not found`);
      return entry;
    });

    app.post('/api/calls', async (request, reply) => {
      const b = parse(logCallBody, request.body);
      if (!b.customerId && !b.phone) throw badRequest('give customerId or phone');
      const phone = b.phone ? ctx.customers.repo.normalizePhones([b.phone])[0] : undefined;
      if (b.customerId) await ctx.customers.repo.require(b.customerId);
      const { entry } = await ctx.log.record({
        source: 'manual',
        externalId: b.idempotencyKey ?? randomUUID(),
        channel: 'call',
        direction: b.direction,
        occurredAt: b.occurredAt ?? new Date(),
        ...(phone ? { counterpart: { phone } } : {}),
        ...(b.customerId ? { customerId: b.customerId } : {}),
        status: b.disposition,
        ...(b.note ? { body: b.note } : {}),
        data: { talkSeconds: b.talkSeconds, extension: request.user?.extension },
        createdBy: request.user?.username ?? 'unknown',
      });
      reply.code(201);
      return entry;
    });

    app.post('/api/notes', async (request, reply) => {
      const b = parse(noteBody, request.body);
      await ctx.customers.repo.require(b.customerId);
      const { entry } = await ctx.log.record({
        source: 'manual',
        externalId: b.idempotencyKey ?? randomUUID(),
        channel: 'note',
        direction: 'internal',
        occurredAt: new Date(),
        customerId: b.customerId,
        body: b.body,
        status: 'logged',
        createdBy: request.user?.username ?? 'unknown',
      });
      reply.code(201);
      return entry;
    });

    app.post('/api/whatsapp/messages', async (request, reply) => {
      const b = parse(sendBody, request.body);
      if (!ctx.whatsapp) throw new ApiError(503, 'UNAVAILABLE', 'WhatsApp is not configured');
      let to = b.to;
      if (!to && b.customerId) {
        const c = await ctx.customers.repo.require(b.customerId);
        to = c.waIds[0] ? `+${c.waIds[0]}` : c.phones[0];
        if (!to) throw badRequest('this customer has no phone number or WhatsApp id');
      }
      const phone = ctx.customers.repo.normalizePhones([to ?? ''])[0] ?? '';
      const sent = await ctx.whatsapp.client.sendText({ to: phone, body: b.body });
      const waId = sent.waId ?? phone.slice(1);
      // The wamid is the key: the status webhooks (sent, delivered, read) update this same entry.
      const { entry } = await ctx.log.record({
        source: 'whatsapp',
        externalId: sent.wamid,
        channel: 'whatsapp',
        direction: 'outbound',
        occurredAt: new Date(),
        counterpart: { phone: `+${waId}`, waId },
        body: b.body,
        status: 'pending',
        createdBy: request.user?.username ?? 'unknown',
      });
      reply.code(201);
      return entry;
    });

    app.post('/api/click-to-call', async (request) => {
      const { number } = parse(z.strictObject({ number: z.string().min(1).max(40) }), request.body);
      const user = request.user;
      if (!user) throw new ApiError(401, 'UNAUTHENTICATED', 'sign in');
      const e164 = ctx.customers.repo.normalizePhones([number])[0] ?? number;
      const mode = ctx.config.CLICK_TO_CALL;
      if (mode === 'ami' && ctx.ami) {
        // Fail fast instead of queueing an Originate behind a reconnect: a late ring surprises the agent.
        if (ctx.ami.client.state !== 'ready')
          throw new ApiError(503, 'UNAVAILABLE', 'the PBX is not connected');
        const result = await ctx.ami.client.clickToCall({
          extension: user.extension,
          number: e164,
          context: ctx.config.AMI_CONTEXT,
        });
        if (!result.success)
          throw new ApiError(502, 'UPSTREAM', `the call did not connect: ${result.reasonText}`);
        // The originated channel's Uniqueid is the call's Linkedid: this is the entry the tracker completes
        // when the call ends (same key), so the timeline shows the call, and who placed it, right away.
        if (result.uniqueid) {
          await ctx.log.record({
            source: 'asterisk',
            externalId: `${ctx.ami.client.source}/${result.uniqueid}`,
            channel: 'call',
            direction: 'outbound',
            occurredAt: new Date(),
            counterpart: { phone: e164 },
            status: 'ringing',
            data: { pbx: ctx.ami.client.source, extension: user.extension },
            createdBy: user.username,
          });
        }
        return { provider: 'ami', callId: result.uniqueid, extension: user.extension, number: e164 };
      }
      if (mode === 'yeastar' && ctx.yeastar) {
        const { callId } = await ctx.yeastar.client.dial({ caller: user.extension, callee: e164 });
        return { provider: 'yeastar', callId, extension: user.extension, number: e164 };
      }
      throw new ApiError(503, 'UNAVAILABLE', `click-to-call (${mode}) is not configured`);
    });

    app.get('/api/analytics', async (request) => {
      const q = parse(
        z.object({ from: date.optional(), to: date.optional(), timeZone: z.string().max(64).optional() }),
        request.query,
      );
      const to = q.to ?? new Date();
      const from = q.from ?? new Date(to.getTime() - 7 * 86_400_000);
      if (from >= to) throw badRequest('from must be before to');
      try {
        Intl.DateTimeFormat('en', { timeZone: q.timeZone ?? ctx.config.TIME_ZONE });
      } catch {
        throw badRequest(`unknown time zone ${q.timeZone}`);
      }
      return ctx.log.callStats({ from, to, timeZone: q.timeZone ?? ctx.config.TIME_ZONE });
    });

    app.get('/api/follow-ups', async (request) => {
      const q = parse(
        z.object({ state: z.enum(['open', 'closed']).default('open'), ...pageQuery }),
        request.query,
      );
      return ctx.log.followUps({ state: q.state }, { cursor: q.cursor, limit: q.limit });
    });

    app.post('/api/follow-ups/:id/close', async (request) => {
      const { id } = parse(z.object({ id: z.string().max(100) }), request.params);
      return ctx.log.closeFollowUp(id, { by: request.user?.username ?? 'unknown' });
    });
  };
