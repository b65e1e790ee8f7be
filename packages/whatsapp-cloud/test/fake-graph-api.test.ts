import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createNodeWebhookHandler,
  createWebhookHandler,
  type MessageEvent,
  type MessageStatus,
  mergeStatus,
  parseWebhook,
  type StatusEvent,
  validateWebhookPayload,
  type WebhookEvent,
  WhatsAppClient,
} from '@pbxkit/whatsapp-cloud';
import { FakeGraphApi, type FakeGraphApiOptions } from '@pbxkit/whatsapp-cloud/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { fixture, webhookFixtureNames } from './helpers/fixtures.js';

const CUSTOMER = '16505551234';
const closers: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** A fake wired to an in-process webhook handler that records every accepted event. */
function inProcess(options: FakeGraphApiOptions = {}, onEvents?: (events: WebhookEvent[]) => Promise<void>) {
  const events: WebhookEvent[] = [];
  const handler = createWebhookHandler({
    appSecret: options.appSecret ?? 'test-app-secret',
    verifyToken: 'test-verify-token',
    onEvents: async (batch) => {
      await onEvents?.(batch);
      events.push(...batch);
    },
  });
  const fake = new FakeGraphApi({
    startTime: Date.parse('2026-06-01T10:00:00Z'),
    callback: handler,
    ...options,
  });
  const client = new WhatsAppClient({
    accessToken: 'test-access-token',
    phoneNumberId: fake.phoneNumberId,
    fetch: fake.fetch,
    rateLimiter: false,
  });
  const statuses = () => events.filter((e): e is StatusEvent => e.kind === 'status');
  return { fake, client, events, handler, statuses };
}

describe('FakeGraphApi: inbound webhooks', () => {
  it('posts signed, Meta-serialised webhooks for every inbound type, which the parser reads', async () => {
    const { fake, events } = inProcess();
    const wamid = (await fake.inbound.text({ from: CUSTOMER, body: 'Καλημέρα 👍 a/b' })).wamid;
    await fake.inbound.text({ from: CUSTOMER, body: 'quoted', replyTo: wamid });
    await fake.inbound.text({ from: CUSTOMER, body: 'fw', forwarded: true });
    await fake.inbound.text({
      from: CUSTOMER,
      body: 'ffw',
      forwarded: 'frequently',
      referral: { source_type: 'ad', source_id: '1', ctwa_clid: 'c' },
    });
    await fake.inbound.image({ caption: 'pic' });
    await fake.inbound.video();
    await fake.inbound.document({ filename: 'x.pdf' });
    await fake.inbound.audio();
    await fake.inbound.sticker({ animated: true });
    await fake.inbound.location({ latitude: 1.5, longitude: 2.5, name: 'here' });
    await fake.inbound.contacts({ contacts: [{ name: { formatted_name: 'N' } }] });
    await fake.inbound.buttonReply({ id: 'b', title: 'B', replyTo: wamid });
    await fake.inbound.listReply({ id: 'l', title: 'L', description: 'd' });
    await fake.inbound.flowReply({ response: { flow_token: 't' } });
    await fake.inbound.templateButton({ payload: 'STOP' });
    await fake.inbound.reaction({ messageId: wamid, emoji: '❤️' });
    await fake.inbound.reaction({ messageId: wamid });
    await fake.inbound.order({
      catalogId: 'c',
      text: 'hi',
      items: [{ productRetailerId: 'p', quantity: 2, itemPrice: 3, currency: 'EUR' }],
    });
    await fake.inbound.numberChange({ from: CUSTOMER, newWaId: '12195555358' });
    await fake.inbound.unsupported();
    await fake.inbound.message({ from: { userId: 'US.1349', username: 'ana' } }, 'request_welcome', {});
    const messages = events as MessageEvent[];
    expect(messages.every((e) => e.kind === 'message')).toBe(true);
    expect(
      messages.map((e) => (e.message.type === 'interactive' ? e.message.reply.type : e.message.type)),
    ).toEqual([
      'text',
      'text',
      'text',
      'text',
      'image',
      'video',
      'document',
      'audio',
      'sticker',
      'location',
      'contacts',
      'button_reply',
      'list_reply',
      'nfm_reply',
      'button',
      'reaction',
      'reaction',
      'order',
      'system',
      'unsupported',
      'unknown',
    ]);
    expect(messages[0]?.message).toEqual({ type: 'text', body: 'Καλημέρα 👍 a/b' });
    expect(messages[1]?.context?.messageId).toBe(wamid);
    expect(messages[2]?.context?.forwarded).toBe(true);
    expect(messages[3]?.referral?.ctwa_clid).toBe('c');
    expect(messages[16]?.message).toMatchObject({ removed: true });
    expect(messages[18]?.message).toMatchObject({ newWaId: '12195555358' });
    expect(messages[19]?.errors[0]?.code).toBe(131051);
    expect(messages[20]?.contact).toEqual({
      userId: 'US.1349',
      username: 'ana',
      profileName: 'Sheena Nelson',
    });
    // The wire bytes are Meta's escaped form.
    const first = fake.deliveries[0]?.body ?? '';
    expect(first).toContain('\\u039a\\u03b1\\u03bb\\u03b7\\u03bc\\u03ad\\u03c1\\u03b1 \\ud83d\\udc4d a\\/b');
    expect([...first].every((c) => c.charCodeAt(0) < 0x80)).toBe(true);
  });

  it('emits payloads structurally like Meta’s fixtures (fidelity gate)', async () => {
    const { fake } = inProcess();
    await fake.inbound.text({ from: CUSTOMER, body: 'hi' });
    await fake.inbound.image({ caption: 'c' });
    await fake.inbound.location({ latitude: 1, longitude: 2, name: 'n', address: 'a', url: 'u' });
    await fake.inbound.reaction({ messageId: 'wamid.x', emoji: '👍' });
    await fake.inbound.order({
      catalogId: 'c',
      text: 't',
      items: [{ productRetailerId: 'p', quantity: 1, itemPrice: 1, currency: 'USD' }],
    });
    const shapes = new Map([
      [0, 'message_text'],
      [1, 'message_image'],
      [2, 'message_location'],
      [3, 'message_reaction'],
      [4, 'message_order'],
    ]);
    const keysOf = (value: unknown, prefix = ''): string[] =>
      value && typeof value === 'object' && !Array.isArray(value)
        ? Object.entries(value).flatMap(([k, v]) => [`${prefix}${k}`, ...keysOf(v, `${prefix}${k}.`)])
        : Array.isArray(value)
          ? keysOf(value[0], `${prefix}[].`)
          : [];
    for (const [index, name] of shapes) {
      const emitted = keysOf(fake.deliveries[index]?.payload);
      // Every key the fake emits exists in Meta's example (the `url` of inbound media is the one optional addition Meta documents).
      const documented = new Set(keysOf(fixture('webhooks', name)));
      expect(emitted.filter((k) => !documented.has(k))).toEqual([]);
    }
    expect(webhookFixtureNames.length).toBeGreaterThan(20);
  });

  it('emits only payloads that validate against the zod schema and parse without unknown events', async () => {
    const { fake, client } = inProcess({ webhookShape: 'pre-v24' });
    await fake.inbound.text({ from: { userId: 'US.1', username: 'u' }, body: 'bsuid' });
    await fake.inbound.numberChange({ newWaId: '12195555358' });
    await fake.inbound.flowReply({ response: { a: 1 } });
    await fake.inbound.video();
    await client.sendAudio({ to: CUSTOMER, media: { link: 'https://x/a.ogg' }, voice: true });
    fake.setRecipient('306900000001', { failWith: 131049 });
    await client.sendTemplate({ to: '306900000001', name: 'hello_world', language: 'en_US' });
    await fake.emitValueError(130429);
    await fake.settle();
    expect(fake.deliveries.length).toBeGreaterThan(10);
    for (const delivery of fake.deliveries) {
      expect(validateWebhookPayload(JSON.parse(delivery.body))).toEqual({ success: true });
      expect(parseWebhook(delivery.body).events.filter((e) => e.kind === 'unknown')).toEqual([]);
    }
  });

  it('opens the 24 h window: free-form works after an inbound message and fails 24 h later', async () => {
    const { fake, client } = inProcess();
    await expect(client.sendText({ to: CUSTOMER, body: 'cold' })).rejects.toMatchObject({ code: 131047 });
    await fake.inbound.text({ from: CUSTOMER, body: 'hi' });
    await expect(client.sendText({ to: CUSTOMER, body: 'warm' })).resolves.toMatchObject({
      wamid: expect.any(String),
    });
    await fake.clock.advance(24 * 60 * 60 * 1000);
    await expect(client.sendText({ to: CUSTOMER, body: 'late' })).rejects.toMatchObject({ code: 131047 });
    await expect(
      client.sendTemplate({ to: CUSTOMER, name: 'hello_world', language: 'en_US' }),
    ).resolves.toBeTruthy();
  });
});

describe('FakeGraphApi: status lifecycle', () => {
  it('emits sent → delivered → read with v24 pricing and the opaque callback data', async () => {
    const { fake, client, statuses } = inProcess();
    await fake.inbound.text({ from: CUSTOMER, body: 'hi' });
    const { wamid } = await client.sendText({ to: CUSTOMER, body: 'hello', bizOpaqueCallbackData: 'row-9' });
    await fake.flush();
    expect(statuses().map((s) => s.status)).toEqual(['sent']);
    await fake.clock.advance(1000);
    await fake.clock.advance(2000);
    expect(statuses().map((s) => [s.wamid, s.status])).toEqual([
      [wamid, 'sent'],
      [wamid, 'delivered'],
      [wamid, 'read'],
    ]);
    expect(statuses()[0]).toMatchObject({
      bizOpaqueCallbackData: 'row-9',
      conversation: undefined,
      pricing: { pricingModel: 'PMP', type: 'free_customer_service', category: 'service' },
    });
    expect(statuses()[0]?.contact).toEqual({ waId: CUSTOMER });
  });

  it('adds played for voice notes and uses the pre-v24 shape when asked', async () => {
    const { fake, client, statuses } = inProcess({ webhookShape: 'pre-v24' });
    await fake.inbound.text({ from: CUSTOMER, body: 'hi' });
    await client.sendAudio({ to: CUSTOMER, media: { link: 'https://x/a.ogg' }, voice: true });
    await fake.settle();
    expect(statuses().map((s) => s.status)).toEqual(['sent', 'delivered', 'read', 'played']);
    expect(statuses()[0]?.conversation).toMatchObject({ originType: 'service', expiresAt: expect.any(Date) });
    expect(statuses()[0]?.pricing?.pricingModel).toBe('CBP');
  });

  it('delivers out-of-order statuses that mergeStatus folds to the right final state', async () => {
    const { fake, client, statuses } = inProcess();
    fake.setRecipient(CUSTOMER, { outOfOrder: true });
    await fake.inbound.text({ from: CUSTOMER, body: 'hi' });
    await client.sendText({ to: CUSTOMER, body: 'x' });
    await fake.settle();
    expect(statuses().map((s) => s.status)).toEqual(['read', 'delivered', 'sent']);
    expect(statuses().reduce<MessageStatus | undefined>((s, e) => mergeStatus(s, e.status), undefined)).toBe(
      'read',
    );
  });

  it('fails messages to scripted recipients with webhook errors, and skips delivered when asked', async () => {
    const { fake, client, statuses } = inProcess();
    fake.setRecipient('306900000001', { failWith: 131026 });
    fake.setRecipient('306900000002', { skipDelivered: true });
    fake.setRecipient('306900000003', { rejectWith: 131050 });
    for (const to of ['306900000001', '306900000002'])
      await client.sendTemplate({ to, name: 'hello_world', language: 'en_US' });
    await expect(
      client.sendTemplate({ to: '306900000003', name: 'hello_world', language: 'en_US' }),
    ).rejects.toMatchObject({ code: 131050 });
    await fake.settle();
    const byRecipient = (waId: string) => statuses().filter((s) => s.contact.waId === waId);
    expect(byRecipient('306900000001').map((s) => s.status)).toEqual(['sent', 'failed']);
    expect(byRecipient('306900000001')[1]?.errors[0]).toMatchObject({
      code: 131026,
      title: 'Message Undeliverable',
    });
    expect(byRecipient('306900000002').map((s) => s.status)).toEqual(['sent', 'read']);
    expect(byRecipient('306900000002')[0]?.pricing).toMatchObject({ type: 'regular', category: 'utility' });
  });
});

describe('FakeGraphApi: delivery semantics', () => {
  it('retries on non-200 with growing delays until acknowledged; the handler sees each item once', async () => {
    let failures = 2;
    const { fake, events } = inProcess({}, async () => {
      if (failures-- > 0) throw new Error('db down');
    });
    await fake.inbound.text({ from: CUSTOMER, body: 'hi' });
    expect(events).toHaveLength(0);
    await fake.settle();
    expect(events).toHaveLength(1);
    expect(fake.deliveries[0]?.attempts.map((a) => a.status)).toEqual([500, 500, 200]);
    expect(fake.deliveries[0]?.state).toBe('delivered');
  });

  it('drops a delivery after the retry schedule, and records transport errors', async () => {
    const fake = new FakeGraphApi({ callback: 'http://127.0.0.1:9/unreachable', webhookRetryDelaysMs: [10] });
    await fake.inbound.text({ from: CUSTOMER, body: 'hi' });
    await fake.settle();
    expect(fake.deliveries[0]?.state).toBe('dropped');
    expect(fake.deliveries[0]?.attempts).toHaveLength(2);
    expect(fake.deliveries[0]?.attempts[0]?.error).toBeTruthy();
  });

  it('delivers to several in-process subscribers, each its own copy', async () => {
    const a = inProcess();
    const second: WebhookEvent[] = [];
    a.fake.addCallback(
      createWebhookHandler({
        appSecret: 'test-app-secret',
        verifyToken: 'v',
        onEvents: (e) => void second.push(...e),
      }),
    );
    await a.fake.inbound.text({ from: CUSTOMER, body: 'to both apps' });
    expect(a.fake.deliveries.map((d) => d.attempts.map((x) => x.status ?? x.error))).toEqual([[200], [200]]);
    expect(a.events).toHaveLength(1);
    expect(second).toHaveLength(1);
  });

  it('duplicates deliveries (deduplicated by the handler) and batches changes into one POST', async () => {
    const { fake, client, events, handler } = inProcess();
    const duplicates: WebhookEvent[] = [];
    handler.receiver.on('duplicate', (e) => duplicates.push(e));
    fake.duplicateNextWebhook();
    await fake.inbound.text({ from: CUSTOMER, body: 'once' });
    expect(fake.deliveries).toHaveLength(2);
    expect(events).toHaveLength(1);
    expect(duplicates).toHaveLength(1);
    await fake.batch(async () => {
      await fake.inbound.text({ from: CUSTOMER, body: 'a' });
      await fake.inbound.text({ from: '306900000009', body: 'b' });
      await client.sendText({ to: CUSTOMER, body: 'c' });
    });
    // One batched POST; delivered/read of the sent message are still pending on the fake clock.
    expect(fake.deliveries.filter((d) => d.attempts.length > 0)).toHaveLength(3);
    expect(fake.deliveries.filter((d) => d.state === 'pending')).toHaveLength(2);
    const batchPost = fake.deliveries.find((d) => d.id > 2 && d.attempts.length > 0);
    const batched = parseWebhook(batchPost?.body ?? '').events;
    expect(batched.map((e) => e.kind)).toEqual(['message', 'message', 'status']);
    expect(events).toHaveLength(4);
  });

  it('emits value errors and other fields', async () => {
    const { fake, events } = inProcess();
    await fake.emitValueError(130429);
    await fake.emitField('message_template_status_update', {
      event: 'APPROVED',
      message_template_name: 'hello_world',
    });
    expect(events.map((e) => e.kind)).toEqual(['error', 'field']);
  });

  it('answers throughput and pair limits with 130429 and 131056', async () => {
    const { fake, client } = inProcess({ throughputPerSecond: 2, pairLimit: { messages: 1, perMs: 6000 } });
    await fake.inbound.text({ from: CUSTOMER, body: 'hi' });
    await fake.inbound.text({ from: '306900000001', body: 'hi' });
    await fake.inbound.text({ from: '306900000002', body: 'hi' });
    const noRetry = new WhatsAppClient({
      accessToken: 'test-access-token',
      phoneNumberId: fake.phoneNumberId,
      fetch: fake.fetch,
      rateLimiter: false,
      retry: { maxAttempts: 1 },
    });
    await client.sendText({ to: CUSTOMER, body: '1' });
    await expect(noRetry.sendText({ to: CUSTOMER, body: '2' })).rejects.toMatchObject({ code: 131056 });
    await noRetry.sendText({ to: '306900000001', body: '1' });
    await expect(noRetry.sendText({ to: '306900000002', body: '1' })).rejects.toMatchObject({ code: 130429 });
  });

  it('rejects unknown versions, tokens and numbers like Graph', async () => {
    const fake = new FakeGraphApi();
    const post = (path: string, token = 'test-access-token', body = '{}') =>
      fake
        .fetch(`http://x${path}`, { method: 'POST', body, headers: { authorization: `Bearer ${token}` } })
        .then(async (r) => [r.status, ((await r.json()) as { error: { code: number } }).error.code]);
    expect(await post('/v14.0/1/messages')).toEqual([400, 100]);
    expect(await post('/v25.0/1/messages', 'nope')).toEqual([401, 190]);
    expect(await post('/v25.0/999/messages')).toEqual([400, 100]);
    expect(await post(`/v25.0/${fake.phoneNumberId}/messages`, undefined, 'not json')).toEqual([400, 100]);
    expect(
      await post(
        `/v25.0/${fake.phoneNumberId}/messages`,
        undefined,
        '{"messaging_product":"whatsapp","type":"text","to":"+1650555"}',
      ),
    ).toEqual([400, 100]);
    expect(
      await post(
        `/v25.0/${fake.phoneNumberId}/messages`,
        undefined,
        '{"messaging_product":"whatsapp","type":"carousel"}',
      ),
    ).toEqual([400, 131009]);
  });
});

describe('FakeGraphApi: loopback server', () => {
  it('serves the client over HTTP (baseUrl is the only change) and posts webhooks to a real server', async () => {
    const events: WebhookEvent[] = [];
    const handler = createNodeWebhookHandler({
      appSecret: 'test-app-secret',
      verifyToken: 'test-verify-token',
      onEvents: (e) => void events.push(...e),
    });
    const server = createServer((req, res) => void handler(req, res));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    closers.push(() => new Promise((r) => server.close(() => r())));
    const callback = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/whatsapp`;
    const fake = new FakeGraphApi({ callback });
    const url = await fake.listen();
    closers.push(() => fake.close());
    expect(fake.url).toBe(url);
    expect(await fake.verifyCallback(callback)).toBe(true);
    const client = new WhatsAppClient({
      accessToken: 'test-access-token',
      phoneNumberId: fake.phoneNumberId,
      baseUrl: url,
      rateLimiter: false,
    });
    // Control plane: simulate an inbound message over HTTP, as a demo server would.
    const inbound = await fetch(`${url}/__fake/inbound`, {
      method: 'POST',
      body: JSON.stringify({ type: 'text', from: CUSTOMER, body: 'hi' }),
    });
    expect(inbound.status).toBe(200);
    const { wamid } = await client.sendText({ to: CUSTOMER, body: 'hello' });
    const { id } = await client.media.upload({ data: new Uint8Array([1, 2]), mimeType: 'image/png' });
    expect((await client.media.download(id)).data).toEqual(new Uint8Array([1, 2]));
    await fetch(`${url}/__fake/advance`, { method: 'POST', body: JSON.stringify({ ms: 5000 }) });
    const listed = (await (await fetch(`${url}/__fake/messages?waId=${CUSTOMER}`)).json()) as Array<{
      wamid: string;
    }>;
    expect(listed[0]?.wamid).toBe(wamid);
    expect((await fetch(`${url}/__fake/inbound`, { method: 'POST', body: '{"type":"nope"}' })).status).toBe(
      400,
    );
    expect((await fetch(`${url}/__fake/other`)).status).toBe(404);
    expect(events.map((e) => (e.kind === 'status' ? e.status : e.kind))).toEqual([
      'message',
      'sent',
      'delivered',
      'read',
    ]);
    fake.failNext({ network: true });
    await expect(client.media.getUrl(id)).resolves.toMatchObject({ id });
  });

  it('follows the wall clock in realtime mode (demo): statuses arrive without advancing time by hand', async () => {
    const { fake, client, statuses } = inProcess({
      realtime: true,
      statusDelaysMs: { delivered: 20, read: 40 },
    });
    closers.push(() => fake.close());
    await fake.inbound.text({ from: CUSTOMER, body: 'hi' });
    await client.sendText({ to: CUSTOMER, body: 'x' });
    for (let i = 0; i < 100 && statuses().length < 3; i++) await new Promise((r) => setTimeout(r, 20));
    expect(statuses().map((s) => s.status)).toEqual(['sent', 'delivered', 'read']);
  });

  it('drives continuous demo traffic of every type', async () => {
    const seen: WebhookEvent[] = [];
    const fake = new FakeGraphApi({
      callback: createWebhookHandler({
        appSecret: 'test-app-secret',
        verifyToken: 'v',
        onEvents: (e) => void seen.push(...e),
      }),
    });
    const results: unknown[] = [];
    const stop = fake.startTraffic({ intervalMs: 2, onMessage: (r) => results.push(r) });
    closers.push(() => fake.close());
    await new Promise((r) => setTimeout(r, 150));
    stop();
    expect(results.length).toBeGreaterThan(3);
    expect(seen.every((e) => e.kind === 'message')).toBe(true);
    expect(() => new FakeGraphApi().url).toThrow(/not listening/);
  });
});
