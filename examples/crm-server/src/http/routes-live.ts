import type { FastifyPluginAsync } from 'fastify';
import type { LiveEvent } from '../live.js';
import type { AppContext } from './context.js';

/** Server-Sent Events (screen pops, call and Inbox updates) and the ops status. */
export const liveRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    // Hijacked SSE responses are not Fastify's to close: end them on shutdown, or close() waits forever.
    const open = new Set<() => void>();
    app.addHook('preClose', async () => {
      for (const end of open) end();
    });

    app.get('/api/events', (request, reply) => {
      const user = request.user;
      if (!user) return reply.code(401).send();
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      let seq = 0;
      const write = (e: LiveEvent) =>
        res.write(`id: ${++seq}\nevent: ${e.type}\ndata: ${JSON.stringify(e.data)}\n\n`);
      res.write(`retry: 2000\nevent: hello\ndata: ${JSON.stringify({ user })}\n\n`);
      const unsubscribe = ctx.live.subscribe(user.username, write);
      // A comment every 20 s keeps proxies from closing an idle stream.
      const keepalive = setInterval(() => res.write(': keepalive\n\n'), 20_000);
      const end = () => res.end();
      open.add(end);
      const close = () => {
        clearInterval(keepalive);
        unsubscribe();
        open.delete(end);
      };
      request.raw.on('close', close);
      res.on('error', close);
    });

    const status = async () => ({
      database: ctx.db.kind,
      demo: ctx.config.DEMO,
      live: { connections: ctx.live.connections, sent: ctx.live.sent },
      cluster: ctx.cluster && {
        instanceId: ctx.cluster.instanceId,
        leader: ctx.cluster.isLeader,
        published: ctx.cluster.published,
        received: ctx.cluster.received,
      },
      ami: ctx.ami && {
        state: ctx.ami.client.state,
        stats: ctx.ami.client.stats,
        tracker: ctx.ami.tracker.stats,
        ingest: ctx.ami.stats,
      },
      yeastar: ctx.yeastar && { ingest: ctx.yeastar.stats },
      whatsapp: ctx.whatsapp && { ingest: ctx.whatsapp.stats },
      callerLookup: ctx.lookup.status(),
    });
    app.get('/api/status', status);
    // The same for ops tools (Authorization: Bearer).
    app.get('/status', status);
  };
