import { signWebhook } from '@pbxkit/whatsapp-cloud/testing';
import { signWebhookBody } from '@pbxkit/yeastar-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_YEASTAR_WEBHOOK_SECRET } from '../src/demo/fakes.js';
import { freshBuilder } from '../src/demo/traffic.js';
import type { CrmServer } from '../src/main.js';
import { Api, eventually, type Json, openEvents, TEST_TOKEN } from './helpers.js';

/** The API suite, run once per storage engine (PGlite, PostgreSQL). */
export function apiSuite(
  name: string,
  start: () => Promise<{ server: CrmServer; cleanup?: () => Promise<void> }>,
) {
  describe(name, () => {
    let server: CrmServer;
    let cleanup: (() => Promise<void>) | undefined;
    let api: Api;
    const demo = () => {
      if (!server.demo) throw new Error('demo fakes expected');
      return server.demo;
    };
    const timelineOf = async (customerId: string) =>
      (await api.get(`/api/customers/${customerId}/timeline?limit=200`)).body.items as Json[];

    beforeAll(async () => {
      ({ server, cleanup } = await start());
      api = await Api.login(server.url);
    });
    afterAll(async () => {
      await server?.close();
      await cleanup?.();
    });

    describe('authentication', () => {
      it('refuses API routes without a session or token', async () => {
        const anonymous = new Api(server.url);
        for (const path of [
          '/api/customers',
          '/api/inbox',
          '/api/status',
          '/status',
          '/api/events',
          '/api/me',
        ]) {
          const res = await anonymous.get(path);
          expect(res.status, path).toBe(401);
          expect(res.body.error.code).toBe('UNAUTHENTICATED');
        }
        expect((await anonymous.post('/api/click-to-call', { number: '+306974015758' })).status).toBe(401);
        expect((await anonymous.get('/healthz')).status).toBe(200);
      });

      it('rejects a wrong password and a forged cookie', async () => {
        const anonymous = new Api(server.url);
        const wrong = await anonymous.post('/api/login', { username: 'demo', password: 'nope' });
        expect(wrong.status).toBe(401);
        const unknown = await anonymous.post('/api/login', { username: 'ghost', password: 'demo' });
        expect(unknown.status).toBe(401);
        const forged = new Api(server.url, {
          cookie: `crm_session=${Buffer.from('demo').toString('base64url')}.9999999999.AAAA`,
        });
        expect((await forged.get('/api/me')).status).toBe(401);
      });

      it('throttles password guessing per address and username', async () => {
        const anonymous = new Api(server.url);
        for (let i = 0; i < 10; i++) {
          expect(
            (await anonymous.post('/api/login', { username: 'target', password: `guess-${i}` })).status,
          ).toBe(401);
        }
        const refused = await anonymous.post('/api/login', { username: 'target', password: 'guess-10' });
        expect(refused.status).toBe(429);
        expect(refused.body.error.code).toBe('RATE_LIMITED');
        expect((await anonymous.post('/api/login', { username: 'demo', password: 'demo' })).status).toBe(200);
      });

      it('sets an HttpOnly session cookie mapped to the user and extension', async () => {
        const res = await fetch(`${server.url}/api/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'demo', password: 'demo' }),
        });
        expect(res.headers.get('set-cookie')).toMatch(/^crm_session=[^;]+; Path=\/; HttpOnly; SameSite=Lax/);
        expect((await api.get('/api/me')).body.user).toEqual({
          username: 'demo',
          name: 'Demo Agent',
          extension: '101',
        });
      });

      it('accepts API tokens as Authorization: Bearer', async () => {
        const bearer = new Api(server.url, { authorization: `Bearer ${TEST_TOKEN}` });
        expect((await bearer.get('/api/me')).body.user.username).toBe('demo');
        expect((await bearer.get('/status')).body.database).toBeDefined();
        const bad = new Api(server.url, { authorization: `Bearer ${TEST_TOKEN}x` });
        expect((await bad.get('/api/me')).status).toBe(401);
      });
    });

    describe('webhooks', () => {
      it('rejects WhatsApp webhooks whose signature does not match the raw bytes', async () => {
        const body = JSON.stringify({ object: 'whatsapp_business_account', entry: [] });
        const unsigned = await fetch(`${server.url}/webhooks/whatsapp`, { method: 'POST', body });
        expect(unsigned.status).toBe(401);
        const forged = await fetch(`${server.url}/webhooks/whatsapp`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-hub-signature-256': signWebhook(body, 'wrong-secret'),
          },
          body,
        });
        expect(forged.status).toBe(401);
      });

      it('answers Meta’s verification handshake only with the verify token', async () => {
        const ok = await fetch(
          `${server.url}/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=demo-verify-token&hub.challenge=12345`,
        );
        expect(await ok.text()).toBe('12345');
        const bad = await fetch(
          `${server.url}/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=12345`,
        );
        expect(bad.status).toBe(403);
      });

      it('rejects Yeastar webhooks without a valid X-Signature', async () => {
        const body = JSON.stringify({ type: 30011, sn: 'x', msg: '{}' });
        const unsigned = await fetch(`${server.url}/webhooks/yeastar`, { method: 'POST', body });
        expect(unsigned.status).toBe(401);
        const forged = await fetch(`${server.url}/webhooks/yeastar`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-signature': signWebhookBody(body, 'wrong') },
          body,
        });
        expect(forged.status).toBe(401);
        expect(signWebhookBody(body, DEMO_YEASTAR_WEBHOOK_SECRET)).not.toBe(signWebhookBody(body, 'wrong'));
      });
    });

    describe('calls', () => {
      it('an inbound AMI call pops up on SSE for the ringing extension, then lands in the timeline', async () => {
        const events = openEvents(api);
        await events.ready;
        const scenario = freshBuilder()
          .inbound({ from: '+306974015758', did: '2105551000', extension: '101', ringMs: 500, talkMs: 1000 })
          .build();
        const linkedid = String(scenario.calls[0]?.callId ?? '');
        await demo().ami.play(scenario, { timeScale: 0.01 });
        const pop = await events.waitFor((e) => e.event === 'screenPop' && e.data.number === '+306974015758');
        expect(pop.data).toMatchObject({
          source: 'asterisk',
          direction: 'inbound',
          extensions: ['101'],
          lookup: 'hit',
          customer: { id: 'demo-maria', name: 'Maria Papadopoulou', company: 'Aegean Freight' },
        });
        await events.waitFor((e) => e.event === 'entry' && e.data.customerIds.includes('demo-maria'));
        const call = await eventually(async () =>
          (await timelineOf('demo-maria')).find(
            (e) => e.channel === 'call' && e.externalId.endsWith(linkedid),
          ),
        );
        expect(call).toMatchObject({ direction: 'inbound', status: 'answered', match: 'matched' });
        expect(call.data.extension).toBe('101');
        events.close();
      });

      it('pops nothing for users whose extension did not ring', async () => {
        const nikos = await Api.login(server.url, 'nikos', 'nikos-demo');
        const events = openEvents(nikos);
        await events.ready;
        const mine = openEvents(api);
        await mine.ready;
        await demo().ami.play(
          freshBuilder()
            .inbound({ from: '+447700900123', did: '2105551000', extension: '101', ringMs: 300, talkMs: 300 })
            .build(),
          { timeScale: 0.01 },
        );
        await mine.waitFor((e) => e.event === 'screenPop' && e.data.number === '+447700900123');
        await mine.waitFor((e) => e.event === 'call' && e.data.phase === 'ended');
        expect(events.events.filter((e) => e.event === 'screenPop')).toEqual([]);
        events.close();
        mine.close();
      });

      it('a Yeastar call over the signed webhook route lands in the timeline', async () => {
        const events = openEvents(api);
        await events.ready;
        const { yeastar, yeastarClock } = demo();
        yeastar.startCall({
          kind: 'inbound',
          from: '+302101234567',
          extensions: ['101'],
          answeredBy: '101',
          ringSeconds: 2,
          talkSeconds: 5,
        });
        for (let i = 0; i < 12; i++) yeastarClock.advance(1000);
        const pop = await events.waitFor((e) => e.event === 'screenPop' && e.data.source === 'yeastar');
        expect(pop.data.customer).toMatchObject({ id: 'demo-giorgos' });
        const call = await eventually(async () =>
          (await timelineOf('demo-giorgos')).find((e) => e.channel === 'call' && e.source === 'yeastar'),
        );
        expect(call).toMatchObject({ direction: 'inbound', status: 'answered' });
        events.close();
      });

      it('click-to-call rings the user’s extension through AMI Originate, and the call is logged', async () => {
        const res = await api.post('/api/click-to-call', { number: '697 401 5758' });
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ provider: 'ami', extension: '101', number: '+306974015758' });
        const originate = demo().ami.received.find((a) => a.get('Action')?.toLowerCase() === 'originate');
        expect(originate?.get('Channel')).toContain('101');
        // Written at once (ringing, by demo), then completed by the tracker on the same key.
        const call = await eventually(async () =>
          (await timelineOf('demo-maria')).find(
            (e) => e.channel === 'call' && e.direction === 'outbound' && e.status === 'answered',
          ),
        );
        expect(call.externalId).toBe(`asterisk/${res.body.callId}`);
        expect(call.createdBy).toBe('demo');
        const calls = (await timelineOf('demo-maria')).filter((e) => e.externalId === call.externalId);
        expect(calls).toHaveLength(1);
      });

      it('a missed call opens a follow-up; closing it records who did', async () => {
        await demo().ami.play(
          freshBuilder()
            .inbound({
              from: '+33612345678',
              did: '2105551000',
              extension: '101',
              ringMs: 300,
              outcome: 'missed',
            })
            .build(),
          { timeScale: 0.01 },
        );
        const followUp = await eventually(async () =>
          ((await api.get('/api/follow-ups')).body.items as Json[]).find((f) => f.phone === '+33612345678'),
        );
        const closed = await api.post(`/api/follow-ups/${followUp.id}/close`);
        expect(closed.body).toMatchObject({ state: 'closed', closedBy: 'demo' });
      });
    });

    describe('whatsapp', () => {
      it('stores an inbound message before answering 200, matched to the customer', async () => {
        const { wamid } = await demo().graph.inbound.text({
          from: '16505551234',
          body: 'Where is my parcel?',
        });
        // The fake posts the webhook and gets our 200 before it resolves: the entry is already durable.
        const inbox = await api.get(`/api/inbox?channel=whatsapp&text=${encodeURIComponent('parcel')}`);
        const entry = (inbox.body.items as Json[]).find((e) => e.externalId === wamid);
        expect(entry).toMatchObject({
          direction: 'inbound',
          status: 'received',
          customerId: 'demo-sheena',
          customerName: 'Sheena Nelson',
        });
        const delivery = demo().graph.deliveries.find((d) => d.body.includes(wamid));
        expect(delivery?.state).toBe('delivered');
        expect(delivery?.attempts.map((a) => a.status)).toEqual([200]);
      });

      it('sends a message and follows its statuses sent → delivered → read on the same entry', async () => {
        await demo().graph.inbound.text({ from: '306974015758', body: 'Hi!' }); // opens the 24 h window
        const sent = await api.post('/api/whatsapp/messages', {
          customerId: 'demo-maria',
          body: 'Your order ships today.',
        });
        expect(sent.status).toBe(201);
        expect(sent.body).toMatchObject({
          channel: 'whatsapp',
          direction: 'outbound',
          customerId: 'demo-maria',
        });
        expect(sent.body.externalId).toMatch(/^wamid\./);
        await demo().graph.clock.advance(5000);
        const entry = await eventually(async () => {
          const e = (await api.get(`/api/entries/${sent.body.id}`)).body;
          return e.status === 'read' ? e : undefined;
        });
        expect(entry.data.readAt).toBeDefined();
        expect(entry.createdBy).toBe('demo');
        expect(entry.body).toBe('Your order ships today.');
      });
    });

    describe('customers', () => {
      it('creates with normalised numbers and searches', async () => {
        const created = await api.post('/api/customers', {
          name: 'Eleni Georgiou',
          phones: ['694 555 0100'],
        });
        expect(created.status).toBe(201);
        expect(created.body.phones).toEqual(['+306945550100']);
        const found = await api.get('/api/customers?q=georgiou');
        expect((found.body.items as Json[]).map((c) => c.id)).toContain(created.body.id);
        const byPhone = await api.get('/api/customers?q=5550100');
        expect((byPhone.body.items as Json[]).map((c) => c.id)).toContain(created.body.id);
      });

      it('pages the list with a cursor', async () => {
        const first = await api.get('/api/customers?limit=2');
        expect(first.body.items).toHaveLength(2);
        const second = await api.get(`/api/customers?limit=2&cursor=${first.body.nextCursor}`);
        const ids = [...first.body.items, ...second.body.items].map((c: Json) => c.id);
        expect(new Set(ids).size).toBe(ids.length);
      });

      it('adding a number relinks past entries from it', async () => {
        const { wamid } = await demo().graph.inbound.text({
          from: '306945550199',
          body: 'Do you deliver to Chania?',
        });
        const before = (await api.get('/api/inbox?match=unmatched&channel=whatsapp')).body.items as Json[];
        expect(before.find((e) => e.externalId === wamid)).toBeDefined();
        const customer = (await api.post('/api/customers', { name: 'Kostas Dimitriou' })).body;
        const updated = await api.post(`/api/customers/${customer.id}/phones`, { phone: '+30 694 555 0199' });
        expect(updated.body.phones).toEqual(['+306945550199']);
        const timeline = await timelineOf(customer.id);
        expect(timeline.find((e) => e.externalId === wamid)).toMatchObject({
          match: 'matched',
          customerId: customer.id,
        });
      });

      it('merges two customers, entries included', async () => {
        const a = (await api.post('/api/customers', { name: 'Anna A', phones: ['+306945550201'] })).body;
        const b = (await api.post('/api/customers', { name: 'Anna (duplicate)', phones: ['+306945550202'] }))
          .body;
        await api.post('/api/notes', { customerId: b.id, body: 'Prefers e-mail' });
        const merged = await api.post(`/api/customers/${a.id}/merge`, { from: b.id });
        expect(merged.body.phones).toEqual(['+306945550201', '+306945550202']);
        expect((await api.get(`/api/customers/${b.id}`)).status).toBe(404);
        expect((await timelineOf(a.id)).map((e) => e.body)).toContain('Prefers e-mail');
      });

      it('logs a call and a note by hand with createdBy', async () => {
        const call = await api.post('/api/calls', {
          customerId: 'demo-oliver',
          direction: 'outbound',
          disposition: 'answered',
          talkSeconds: 120,
          note: 'Discussed the renewal',
        });
        expect(call.status).toBe(201);
        expect(call.body).toMatchObject({
          channel: 'call',
          createdBy: 'demo',
          customerId: 'demo-oliver',
          status: 'answered',
        });
        const note = await api.post('/api/notes', { customerId: 'demo-oliver', body: 'Call back Friday' });
        expect(note.body).toMatchObject({ channel: 'note', createdBy: 'demo' });
      });
    });

    describe('analytics and status', () => {
      it('reports call statistics in a time zone', async () => {
        const res = await api.get('/api/analytics?timeZone=Europe/Athens');
        expect(res.status).toBe(200);
        expect(res.body.timeZone).toBe('Europe/Athens');
        expect(res.body.byHour).toHaveLength(24);
        expect(res.body.totals.offered).toBeGreaterThan(0);
      });

      it('reports package counters on /api/status', async () => {
        const res = await api.get('/api/status');
        expect(res.body.ami.state).toBe('ready');
        expect(res.body.ami.ingest.recorded).toBeGreaterThan(0);
        expect(res.body.callerLookup.providers[0].id).toBe('phone-book');
      });
    });

    describe('bad input gets a 4xx with a typed body', () => {
      it.each([
        ['POST', '/api/customers', {}],
        ['POST', '/api/customers', { name: 'X', phones: ['not a phone'] }],
        ['POST', '/api/customers', { name: 'X', unknownField: 1 }],
        ['POST', '/api/customers', '{"name": '],
        ['GET', '/api/inbox?channel=fax', undefined],
        ['GET', '/api/inbox?from=yesterday', undefined],
        ['GET', '/api/customers?limit=0', undefined],
        ['GET', '/api/customers?cursor=garbage', undefined],
        ['GET', '/api/analytics?timeZone=Mars/Olympus', undefined],
        ['POST', '/api/calls', { direction: 'sideways' }],
        ['POST', '/api/calls', { direction: 'inbound' }],
        ['POST', '/api/whatsapp/messages', { body: 'no recipient' }],
        ['POST', '/api/click-to-call', { number: 'abc' }],
        ['POST', '/api/login', { username: '' }],
      ])('%s %s → 400', async (method, path, body) => {
        const res = await api.request(method, path, body);
        expect(res.status).toBe(400);
        expect(res.body.error.code).toBe('VALIDATION');
        expect(res.body.error.message).toBeTruthy();
      });

      it('unknown customers and entries are 404', async () => {
        expect((await api.get('/api/customers/nope')).status).toBe(404);
        expect((await api.get('/api/customers/nope/timeline')).status).toBe(404);
        expect((await api.post('/api/notes', { customerId: 'nope', body: 'x' })).status).toBe(404);
        expect((await api.get('/api/entries/nope')).status).toBe(404);
        expect((await api.post('/api/customers/demo-maria/merge', { from: 'nope' })).body.error.code).toBe(
          'NOT_FOUND',
        );
      });
    });
  });
}
