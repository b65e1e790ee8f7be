import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import {
  createPSeriesWebhookHandler,
  type SkippedEvent,
  signWebhookBody,
  type YeastarEvent,
  YeastarWebhookError,
} from '../src/index.js';
import { FakePSeriesServer } from '../src/testing/index.js';
import { fixture } from './fixtures.js';
import { clientFor, once, until } from './helpers.js';

const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(
  options: Parameters<typeof FakePSeriesServer.start>[0] = {},
  clientOptions: Parameters<typeof clientFor>[1] = {},
) {
  const pbx = await FakePSeriesServer.start({ sn: 'SN-WS', ...options });
  cleanups.push(() => pbx.close());
  const client = clientFor(pbx, clientOptions);
  cleanups.push(() => client.close({ revoke: false }));
  const events: YeastarEvent[] = [];
  const skipped: SkippedEvent[] = [];
  client.on('event', (e) => events.push(e));
  client.on('skipped', (s) => skipped.push(s));
  return { pbx, client, events, skipped };
}

describe('WebSocket events', () => {
  test('connects with the token, subscribes with the full topic_list and streams a call in PBX order', async () => {
    const { pbx, client, events } = await setup();
    const ready = once(client, 'ready');
    await client.connect();
    await ready;
    expect(pbx.subscriptions).toEqual([[30008, 30011, 30012, 30013, 30014, 30015, 30016]]);
    pbx.startCall({ kind: 'inbound', from: '2101234567', extensions: ['1001'], controlled: true });
    pbx.clock.advance(10_000);
    await until(() => events.some((e) => e.kind === 'newCdr'), 'the CDR');
    // The observed order of a missed inbound call (research §1.8, inbound_missed_1702364968.127).
    expect(events.map((e) => e.type)).toEqual([
      30011, 30016, 30011, 30008, 30011, 30015, 30008, 30011, 30012,
    ]);
    expect(events.every((e) => e.sn === 'SN-WS' && e.source === 'p-series')).toBe(true);
  });

  test('heartbeats keep the socket alive past the 60 s idle limit; without them the PBX drops it and we reconnect', async () => {
    const { pbx, client } = await setup({}, { heartbeatIntervalMs: 20 });
    await client.connect();
    for (let i = 0; i < 4; i++) {
      const before = pbx.requests.length;
      await new Promise((r) => setTimeout(r, 60)); // a few heartbeats go out in real time
      pbx.clock.advance(40_000);
      expect(pbx.socketCount).toBe(1);
      expect(pbx.requests.length).toBe(before);
    }
    const quiet = await setup({}, { heartbeatIntervalMs: 50_000 });
    await quiet.client.connect();
    const reconnected = once(quiet.client, 'reconnected');
    const disconnected = once(quiet.client, 'disconnected');
    quiet.pbx.clock.advance(61_000);
    await disconnected;
    const [gap] = (await reconnected) as [{ from: Date; to: Date }];
    expect(gap.from.getTime()).toBeLessThanOrEqual(gap.to.getTime());
    expect(quiet.pbx.socketCount).toBe(1);
    expect(quiet.pbx.subscriptions[0]).toHaveLength(7);
  });

  test('a missing heartbeat response marks the socket dead and reconnects', async () => {
    const { pbx, client } = await setup({}, { heartbeatIntervalMs: 20, heartbeatTimeoutMs: 30 });
    await client.connect();
    const disconnected = once(client, 'disconnected');
    pbx.answerHeartbeats = false;
    const [cause] = (await disconnected) as [Error];
    expect(cause).toMatchObject({ code: 'TIMEOUT' });
    pbx.answerHeartbeats = true;
    await once(client, 'reconnected');
    expect(client.connected).toBe(true);
    const again = once(client, 'reconnected');
    pbx.dropSockets();
    await again;
  });

  test('TOKEN EXPIRED pushed over the open socket: renew the token, reconnect, resubscribe', async () => {
    const { pbx, client } = await setup();
    await client.connect();
    const reconnected = once(client, 'reconnected');
    pbx.auth.expireAccessTokens();
    pbx.clock.advance(1_000);
    await reconnected;
    expect(pbx.auth.stats.refreshToken).toBe(1);
    expect(pbx.socketCount).toBe(1);
    expect(pbx.subscriptions[0]).toContain(30011);
  });

  test('a PBX that forgot our token (restart) refuses the upgrade: the token is renewed, not retried forever', async () => {
    const { pbx, client } = await setup();
    await client.connect();
    const reconnected = once(client, 'reconnected');
    pbx.auth.expireAccessTokens(); // the PBX lost every token; the client's clock still says valid
    pbx.dropSockets(); // ...and the socket drops before any TOKEN EXPIRED frame
    await reconnected;
    expect(pbx.auth.stats.refreshToken).toBe(1);
    expect(client.connected).toBe(true);
  });

  test('a token refresh rotates the socket make-before-break, with no duplicate or lost event', async () => {
    const { pbx, client, events } = await setup();
    await client.connect();
    pbx.clock.advance(1_700_000);
    await client.queryCalls(); // triggers the single refresh
    await until(() => pbx.socketCount === 1 && pbx.auth.stats.refreshToken === 1, 'rotation');
    await new Promise((r) => setTimeout(r, 50));
    expect(pbx.socketCount).toBe(1);
    expect(pbx.subscriptions).toEqual([[30008, 30011, 30012, 30013, 30014, 30015, 30016]]);
    pbx.startCall({ kind: 'internal', from: '1001', to: '1002', talkSeconds: 3 });
    pbx.clock.advance(20_000);
    await until(() => events.some((e) => e.kind === 'newCdr'), 'the CDR');
    expect(events.filter((e) => e.kind === 'newCdr')).toHaveLength(1);
  });

  test('duplicates are dropped; stray heartbeat responses, malformed frames and unknown types never crash', async () => {
    const { pbx, client, events, skipped } = await setup();
    await client.connect();
    const frame = fixture('p-series/event.30016.inbound_call_invitation.json');
    pbx.sendRaw('heartbeat response');
    pbx.sendRaw(frame);
    pbx.sendRaw(frame);
    pbx.sendRaw('{"type":30011,"sn":"x","msg":"{broken"}');
    pbx.sendRaw('<html>oops</html>');
    pbx.sendRaw('{"type":30037,"sn":"x","msg":"{}"}');
    await until(() => events.length === 2 && skipped.length === 2, 'frames');
    expect(events.map((e) => e.kind)).toEqual(['inboundCallInvitation', 'unknown']);
    expect(skipped.map((s) => s.reason)).toEqual([
      expect.stringMatching(/msg is not valid JSON/),
      expect.stringMatching(/not JSON/),
    ]);
    expect(client.connected).toBe(true);
  });

  test('debug lines and errors never carry a token or the client secret', async () => {
    const { pbx, client } = await setup();
    const lines: string[] = [];
    client.on('debug', (m) => lines.push(m));
    const refreshed: Date[] = [];
    client.on('tokenRefreshed', (at) => refreshed.push(at));
    await client.connect();
    pbx.auth.expireAccessTokens();
    pbx.clock.advance(1_000);
    await once(client, 'reconnected');
    await client.queryCalls();
    const tokens = [client.tokens.tokens?.accessToken, client.tokens.tokens?.refreshToken].filter(
      Boolean,
    ) as string[];
    expect(tokens).toHaveLength(2);
    expect(refreshed).toHaveLength(2);
    expect(lines.length).toBeGreaterThan(5);
    const all = lines.join('\n');
    for (const t of tokens) expect(all).not.toContain(t);
    expect(all).not.toContain(pbx.clientSecret);
    expect(all).toContain('access_token=***');
  });

  test('connect() rejects with the auth error when the credentials are wrong', async () => {
    const { client } = await setup({}, { clientSecret: 'bad' });
    await expect(client.connect()).rejects.toMatchObject({ name: 'YeastarAuthError' });
  });
});

describe('webhooks', () => {
  async function receiver(
    handle: (body: Buffer, headers: Record<string, string | string[] | undefined>) => number,
  ): Promise<Server & { url: string }> {
    const server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      res.writeHead(handle(Buffer.concat(chunks), req.headers)).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    cleanups.push(() => new Promise((r) => server.close(r)));
    return Object.assign(server, {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/yeastar`,
    });
  }

  test('signed webhooks and the WebSocket yield the same event stream, duplicates dropped across both', async () => {
    const secret = '0123456789abcdef0123456789abcdef';
    let client!: ReturnType<typeof clientFor>;
    const web = await receiver((body, headers) => client.handleWebhook(body, headers).status);
    const {
      pbx,
      client: c,
      events,
    } = await setup({ webhooks: [{ url: web.url, secret }] }, { webhookSecret: secret });
    client = c;
    // Webhook only (no socket) first.
    pbx.startCall({ kind: 'outbound', extension: '1001', to: '2109999999', talkSeconds: 5 });
    pbx.clock.advance(20_000);
    await until(() => events.some((e) => e.kind === 'newCdr'), 'webhook CDR');
    await until(() => pbx.webhookDeliveries.every((d) => d.result !== 0), 'deliveries');
    const viaWebhook = events.map((e) => e.type);
    expect(pbx.webhookDeliveries.every((d) => d.result === 200)).toBe(true);
    // Now both paths at once: every event arrives twice, and is emitted once.
    events.length = 0;
    await client.connect();
    pbx.startCall({ kind: 'outbound', extension: '1001', to: '2109999999', talkSeconds: 5 });
    pbx.clock.advance(20_000);
    await until(
      () => pbx.webhookDeliveries.filter((d) => d.result === 200).length === viaWebhook.length * 2,
      'deliveries',
    );
    await until(() => events.some((e) => e.kind === 'newCdr'), 'CDR');
    await new Promise((r) => setTimeout(r, 50));
    expect(events.map((e) => e.type)).toEqual(viaWebhook);
  });

  test('webhook targets can be added after start, at most 5 like a real PBX', async () => {
    const { pbx } = await setup();
    for (let i = 0; i < 5; i++)
      pbx.addWebhook({ url: `http://127.0.0.1:1/${i}`, secret: 's'.repeat(32), events: [30099] });
    expect(() => pbx.addWebhook({ url: 'http://127.0.0.1:1/6', secret: 's'.repeat(32) })).toThrow(
      /at most 5/,
    );
  });

  test('signature: the synthetic fixture verifies; tampering, missing or wrong signatures are 401', () => {
    const body = fixture('p-series/synthetic/webhook.delivery.30016.body.json');
    const meta = JSON.parse(fixture('p-series/synthetic/webhook.delivery.30016.meta.json'));
    const handle = createPSeriesWebhookHandler({ secret: meta.secret });
    const ok = handle(Buffer.from(body), meta.headers);
    expect(ok.events[0]).toMatchObject({ kind: 'inboundCallInvitation', callId: '1648861726.280' });
    const headers = new Headers(meta.headers);
    expect(handle(body, headers).events).toHaveLength(1);
    const reject = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return e as YeastarWebhookError;
      }
      throw new Error('did not throw');
    };
    expect(reject(() => handle(`${body} `, meta.headers))).toMatchObject({
      httpStatus: 401,
      code: 'WEBHOOK_SIGNATURE',
    });
    expect(reject(() => handle(body, {}))).toMatchObject({ httpStatus: 401 });
    expect(reject(() => handle(body, { 'X-Signature': 'AAAA' }))).toMatchObject({ httpStatus: 401 });
    expect(reject(() => createPSeriesWebhookHandler({})(body, {}))).toBeInstanceOf(YeastarWebhookError);
    const bad = '<html/>';
    expect(reject(() => handle(bad, { 'x-signature': signWebhookBody(bad, meta.secret) }))).toMatchObject({
      httpStatus: 400,
      code: 'WEBHOOK_BODY',
    });
    const badMsg = '{"type":30011,"sn":"x","msg":"{"}';
    expect(handle(badMsg, { 'x-signature': signWebhookBody(badMsg, meta.secret) })).toMatchObject({
      status: 200,
      skipped: [{ type: 30011 }],
    });
    expect(createPSeriesWebhookHandler({ allowUnsigned: true })(body, {}).events).toHaveLength(1);
  });
});
