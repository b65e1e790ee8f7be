import { once } from 'node:events';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createNodeWebhookHandler,
  createWebhookHandler,
  type WebhookError,
  type WebhookEvent,
  WebhookReceiver,
  WhatsAppConfigError,
} from '@pbxkit/whatsapp-cloud';
import { whatsappWebhookPlugin } from '@pbxkit/whatsapp-cloud/fastify';
import { createSignedWebhookRequest, encodeMetaJson, signWebhook } from '@pbxkit/whatsapp-cloud/testing';
import Fastify from 'fastify';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fixture } from './helpers/fixtures.js';

const appSecret = 'adapter-secret';
const verifyToken = 'verify-me';
const text = fixture('webhooks', 'message_text');
const status = fixture('webhooks', 'status_sent');
const URL_ = 'http://127.0.0.1/webhooks/whatsapp';

function collect() {
  const received: WebhookEvent[][] = [];
  return { received, onEvents: async (events: WebhookEvent[]) => void received.push(events) };
}

describe('WebhookReceiver options', () => {
  it('throws a WhatsAppConfigError for missing secrets or tokens', () => {
    expect(() => new WebhookReceiver({ appSecret: '', verifyToken })).toThrow(WhatsAppConfigError);
    expect(() => new WebhookReceiver({ appSecret: [], verifyToken })).toThrow(/appSecret/);
    expect(() => new WebhookReceiver({ appSecret, verifyToken: '' })).toThrow(/verifyToken/);
  });
});

describe('createWebhookHandler (fetch)', () => {
  it('answers the verification GET', async () => {
    const handler = createWebhookHandler({ appSecret, verifyToken });
    const ok = await handler(
      new Request(`${URL_}?hub.mode=subscribe&hub.verify_token=${verifyToken}&hub.challenge=987`),
    );
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('987');
    const bad = await handler(
      new Request(`${URL_}?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=987`),
    );
    expect(bad.status).toBe(403);
  });

  it('delivers events, answers 200 only after onEvents resolved, and drops redeliveries', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const seen: WebhookEvent[][] = [];
    const handler = createWebhookHandler({
      appSecret,
      verifyToken,
      onEvents: async (events) => {
        await gate;
        seen.push(events);
      },
    });
    const duplicates: WebhookEvent[] = [];
    handler.receiver.on('duplicate', (e) => duplicates.push(e));
    let answered = false;
    const first = handler(createSignedWebhookRequest(URL_, text, appSecret)).then((r) => {
      answered = true;
      return r;
    });
    // A redelivery while the first is still being processed waits for it instead of racing it.
    const concurrent = handler(createSignedWebhookRequest(URL_, text, appSecret));
    await new Promise((r) => setTimeout(r, 10));
    expect(answered).toBe(false);
    release();
    expect((await first).status).toBe(200);
    expect((await concurrent).status).toBe(200);
    expect((await handler(createSignedWebhookRequest(URL_, text, appSecret))).status).toBe(200);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.[0]?.kind).toBe('message');
    expect(duplicates).toHaveLength(2);
  });

  it('lets a waiting redelivery process the item when the first delivery fails', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    let calls = 0;
    const seen: WebhookEvent[] = [];
    const handler = createWebhookHandler({
      appSecret,
      verifyToken,
      onEvents: async (events) => {
        if (calls++ === 0) {
          await gate;
          throw new Error('first write failed');
        }
        seen.push(...events);
      },
    });
    const first = handler(createSignedWebhookRequest(URL_, text, appSecret));
    const second = handler(createSignedWebhookRequest(URL_, text, appSecret));
    await new Promise((r) => setTimeout(r, 10));
    release();
    expect([(await first).status, (await second).status]).toEqual([500, 200]);
    expect(seen).toHaveLength(1);
  });

  it('answers 500 when onEvents rejects and processes the redelivery afterwards', async () => {
    let fail = true;
    const seen: WebhookEvent[][] = [];
    const handler = createWebhookHandler({
      appSecret,
      verifyToken,
      onEvents: async (events) => {
        if (fail) throw new Error('database down');
        seen.push(events);
      },
    });
    const errors: unknown[] = [];
    handler.receiver.on('error', (e) => errors.push(e));
    const failed = await handler(createSignedWebhookRequest(URL_, status, appSecret));
    expect(failed.status).toBe(500);
    expect(errors).toHaveLength(1);
    fail = false;
    expect((await handler(createSignedWebhookRequest(URL_, status, appSecret))).status).toBe(200);
    expect(seen).toHaveLength(1);
  });

  it('rejects bad signatures, bad JSON, big bodies and other methods with typed errors', async () => {
    const handler = createWebhookHandler({ appSecret, verifyToken, maxBodyBytes: 1024 });
    const rejected: WebhookError[] = [];
    handler.receiver.on('rejected', (e) => rejected.push(e));
    const body = encodeMetaJson(text);
    const unsigned = await handler(new Request(URL_, { method: 'POST', body }));
    expect(unsigned.status).toBe(401);
    const wrong = await handler(
      new Request(URL_, { method: 'POST', body, headers: { 'x-hub-signature-256': signWebhook(body, 'x') } }),
    );
    expect(wrong.status).toBe(401);
    const notJson = await handler(createSignedWebhookRequest(URL_, '{"object":', appSecret));
    expect(notJson.status).toBe(400);
    const big = await handler(createSignedWebhookRequest(URL_, 'x'.repeat(2000), appSecret));
    expect(big.status).toBe(413);
    // Without a content-length header the stream is cut once it passes the cap.
    const stream = new ReadableStream({
      start(c) {
        c.enqueue(new Uint8Array(800));
        c.enqueue(new Uint8Array(800));
        c.close();
      },
    });
    const streamed = await handler(
      new Request(URL_, { method: 'POST', body: stream, duplex: 'half' } as RequestInit),
    );
    expect(streamed.status).toBe(413);
    const put = await handler(new Request(URL_, { method: 'PUT', body }));
    expect(put.status).toBe(405);
    expect(rejected.map((e) => e.code)).toEqual([
      'SIGNATURE_MISSING',
      'SIGNATURE_MISMATCH',
      'INVALID_JSON',
      'BODY_TOO_LARGE',
      'BODY_TOO_LARGE',
    ]);
  });

  it('answers 500 when onEvents hangs past callbackTimeoutMs, and lets the redelivery through', async () => {
    let calls = 0;
    const handler = createWebhookHandler({
      appSecret,
      verifyToken,
      callbackTimeoutMs: 20,
      onEvents: () => (calls++ === 0 ? new Promise<void>(() => {}) : undefined),
    });
    expect((await handler(createSignedWebhookRequest(URL_, text, appSecret))).status).toBe(500);
    expect((await handler(createSignedWebhookRequest(URL_, text, appSecret))).status).toBe(200);
    expect(calls).toBe(2);
  });

  it('answers 500 instead of rejecting when the request body stream fails', async () => {
    const handler = createWebhookHandler({ appSecret, verifyToken });
    const errors: unknown[] = [];
    handler.receiver.on('error', (e) => errors.push(e));
    const body = new ReadableStream({
      pull(c) {
        c.error(new Error('client went away'));
      },
    });
    const res = await handler(new Request(URL_, { method: 'POST', body, duplex: 'half' } as RequestInit));
    expect(res.status).toBe(500);
    expect(errors).toHaveLength(1);
  });

  it('refuses a 3 MB+ body with the default cap', async () => {
    const handler = createWebhookHandler({ appSecret, verifyToken });
    const body = new Uint8Array(3 * 1024 * 1024 + 1).fill(0x20);
    const res = await handler(createSignedWebhookRequest(URL_, body, appSecret));
    expect(res.status).toBe(413);
  });

  it('accepts a body signed with the previous secret during a rotation, and skips dedupe when disabled', async () => {
    const { received, onEvents } = collect();
    const handler = createWebhookHandler({
      appSecret: ['new', appSecret],
      verifyToken,
      onEvents,
      dedupe: false,
    });
    expect((await handler(createSignedWebhookRequest(URL_, text, appSecret))).status).toBe(200);
    expect((await handler(createSignedWebhookRequest(URL_, text, 'new'))).status).toBe(200);
    expect(received).toHaveLength(2);
  });

  it('emits events to listeners when no callback is given, and answers 200 for other objects', async () => {
    const handler = createWebhookHandler({ appSecret, verifyToken });
    const listener = vi.fn();
    handler.receiver.on('events', listener);
    const res = await handler(createSignedWebhookRequest(URL_, { object: 'user', entry: [] }, appSecret));
    expect(res.status).toBe(200);
    expect(listener).toHaveBeenCalledWith([expect.objectContaining({ kind: 'unknown' })]);
  });
});

describe('createNodeWebhookHandler', () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.close();
    server = undefined;
  });

  async function start(handler: Parameters<typeof createServer>[1]) {
    server = createServer(handler);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  }

  it('verifies, parses and acknowledges over a real socket', async () => {
    const { received, onEvents } = collect();
    const url = await start(createNodeWebhookHandler({ appSecret, verifyToken, onEvents }));
    const get = await fetch(`${url}?hub.mode=subscribe&hub.verify_token=${verifyToken}&hub.challenge=55`);
    expect(await get.text()).toBe('55');
    const post = await fetch(createSignedWebhookRequest(url, text, appSecret));
    expect(post.status).toBe(200);
    expect(received[0]?.[0]).toMatchObject({ kind: 'message', wamid: expect.stringMatching(/^wamid\./) });
    const unsigned = await fetch(url, { method: 'POST', body: '{}' });
    expect(unsigned.status).toBe(401);
    const del = await fetch(url, { method: 'DELETE' });
    expect(del.status).toBe(405);
  });

  it('caps the body size, announced or streamed', async () => {
    const url = await start(createNodeWebhookHandler({ appSecret, verifyToken, maxBodyBytes: 100 }));
    const announced = await fetch(createSignedWebhookRequest(url, 'x'.repeat(500), appSecret));
    expect(announced.status).toBe(413);
    const streamed = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(url, { method: 'POST', headers: { 'transfer-encoding': 'chunked' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.write('x'.repeat(80));
      req.end('y'.repeat(80));
    });
    expect(streamed).toBe(413);
  });

  it('uses a raw body left by express.raw, and refuses one parsed by a JSON middleware', async () => {
    const { received, onEvents } = collect();
    const handler = createNodeWebhookHandler({ appSecret, verifyToken, onEvents });
    const body = encodeMetaJson(text);
    const url = await start((req, res) => {
      const parsed = req.headers['x-mode'] === 'json';
      Object.assign(req, { body: parsed ? JSON.parse(body) : Buffer.from(body) });
      void handler(req, res);
    });
    const raw = await fetch(url, {
      method: 'POST',
      headers: { 'x-hub-signature-256': signWebhook(body, appSecret) },
    });
    expect(raw.status).toBe(200);
    expect(received).toHaveLength(1);
    const json = await fetch(url, {
      method: 'POST',
      headers: { 'x-mode': 'json', 'x-hub-signature-256': signWebhook(body, appSecret) },
    });
    expect(json.status).toBe(500);
    expect(await json.text()).toMatch(/already parsed/);
  });

  it('answers 500 instead of crashing when the request stream fails', async () => {
    const handler = createNodeWebhookHandler({ appSecret, verifyToken });
    const errors: unknown[] = [];
    handler.receiver.on('error', (e) => errors.push(e));
    const url = await start((req, res) => {
      req.on = ((event: string, fn: (e?: Error) => void) => {
        if (event === 'error') setImmediate(() => fn(new Error('boom')));
        return req;
      }) as typeof req.on;
      void handler(req, res);
    });
    const res = await fetch(url, { method: 'POST', body: '{}' });
    expect(res.status).toBe(500);
    expect(errors).toHaveLength(1);
  });
});

describe('whatsappWebhookPlugin (fastify)', () => {
  it('keeps the raw body inside its scope, verifies and acknowledges', async () => {
    const { received, onEvents } = collect();
    const app = Fastify();
    await app.register(whatsappWebhookPlugin, {
      prefix: '/webhooks/whatsapp',
      appSecret,
      verifyToken,
      onEvents,
      maxBodyBytes: 4096,
    });
    // A sibling route still gets Fastify's JSON parser.
    app.post('/other', async (req) => ({ echoed: req.body }));
    const body = encodeMetaJson(fixture('webhooks', 'message_reaction'));
    const ok = await app.inject({
      method: 'POST',
      url: '/webhooks/whatsapp',
      payload: body,
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': signWebhook(body, appSecret) },
    });
    expect(ok.statusCode).toBe(200);
    expect(received[0]?.[0]).toMatchObject({ kind: 'message', message: { type: 'reaction', emoji: '👍' } });
    const get = await app.inject({
      method: 'GET',
      url: `/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=${verifyToken}&hub.challenge=7`,
    });
    expect(get.body).toBe('7');
    const bad = await app.inject({
      method: 'POST',
      url: '/webhooks/whatsapp',
      payload: body,
      headers: { 'content-type': 'application/json' },
    });
    expect(bad.statusCode).toBe(401);
    const big = await app.inject({
      method: 'POST',
      url: '/webhooks/whatsapp',
      payload: 'x'.repeat(5000),
      headers: { 'content-type': 'application/json' },
    });
    expect(big.statusCode).toBe(413);
    const other = await app.inject({ method: 'POST', url: '/other', payload: { a: 1 } });
    expect(other.json()).toEqual({ echoed: { a: 1 } });
    await app.close();
  });

  it('accepts a ready receiver', async () => {
    const receiver = new WebhookReceiver({ appSecret, verifyToken });
    const listener = vi.fn();
    receiver.on('events', listener);
    const app = Fastify();
    await app.register(whatsappWebhookPlugin, { receiver, path: '/wa' });
    const body = encodeMetaJson(status);
    const res = await app.inject({
      method: 'POST',
      url: '/wa',
      payload: body,
      headers: { 'x-hub-signature-256': signWebhook(body, appSecret), 'content-type': 'application/json' },
    });
    expect(res.statusCode).toBe(200);
    expect(listener).toHaveBeenCalledOnce();
    await app.close();
  });
});
