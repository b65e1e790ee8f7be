import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import {
  AmiActionError,
  AmiAuthError,
  AmiClient,
  type AmiClientOptions,
  AmiError,
  type AmiEvent,
  AmiProtocolError,
  AmiQueueOverflowError,
} from '@pbxkit/ami-client';
import { FakeAmiServer, type FakeAmiServerOptions } from '@pbxkit/ami-client/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(serverOpts: FakeAmiServerOptions = {}, clientOpts: Partial<AmiClientOptions> = {}) {
  const server = await FakeAmiServer.start({ secret: 's3cret', ...serverOpts });
  const client = new AmiClient({
    host: '127.0.0.1',
    port: server.port,
    username: 'admin',
    secret: 's3cret',
    keepalive: { intervalMs: 0 },
    reconnect: { initialDelayMs: 10, maxDelayMs: 50 },
    ...clientOpts,
  });
  const errors: AmiError[] = [];
  client.on('error', (e) => errors.push(e));
  cleanups.push(() => server.close());
  cleanups.push(() => client.close());
  return { server, client, errors };
}

type AnyEmitter = { once(event: string, fn: (...args: unknown[]) => void): unknown };
function next<T extends unknown[]>(emitter: object, event: string): Promise<T> {
  return new Promise((resolve) => (emitter as AnyEmitter).once(event, (...args) => resolve(args as T)));
}

describe('connect and login', () => {
  it('logs in with MD5 by default and never loses the FullyBooted that shares the login read', async () => {
    const { server, client } = await setup();
    const booted = next<[AmiEvent]>(client, 'FullyBooted');
    const ready = next(client, 'ready');
    await client.connect();
    expect((await ready)[0]).toEqual({ source: `127.0.0.1:${server.port}`, amiVersion: '9.0.0' });
    const [event] = await booted;
    expect(event.fields.Status).toBe('Fully Booted');
    expect(event.source).toBe(`127.0.0.1:${server.port}`);
    const actions = server.received.map((a) => a.get('Action'));
    expect(actions.slice(0, 2)).toEqual(['Challenge', 'Login']);
    expect(server.received[1]?.get('Key')).toMatch(/^[0-9a-f]{32}$/);
    expect(server.received[1]?.get('Secret')).toBeUndefined();
    expect(client.state).toBe('ready');
    await expect(client.connect()).resolves.toBeUndefined();
  });

  it('logs in with a plain secret when asked, and applies Events and Filters', async () => {
    const { server, client } = await setup(
      {},
      { authType: 'plain', events: ['call', 'cdr'], filters: ['Event: Hangup'] },
    );
    await client.connect();
    expect(server.received[0]?.get('Secret')).toBe('s3cret');
    expect(server.received[0]?.get('Events')).toBe('call,cdr');
    expect(server.received[1]?.fields).toMatchObject({
      Action: 'Filter',
      Operation: 'Add',
      Filter: 'Event: Hangup',
    });
  });

  it('stops on a wrong secret with a typed auth error and never retries', async () => {
    const { server, client } = await setup({ secret: 'other' });
    const closed = next<[AmiError | undefined]>(client, 'close');
    await expect(client.connect()).rejects.toBeInstanceOf(AmiAuthError);
    expect((await closed)[0]).toBeInstanceOf(AmiAuthError);
    await new Promise((r) => setTimeout(r, 100));
    expect(server.loginAttempts).toBe(1);
    expect(client.state).toBe('closed');
  });

  it('rejects a peer that is not AMI', async () => {
    const { client, errors } = await setup(
      { banner: 'SSH-2.0-OpenSSH_9.2' },
      { reconnect: { enabled: false } },
    );
    await expect(client.connect()).rejects.toMatchObject({ code: 'not_ami' });
    expect(errors.some((e) => e instanceof AmiProtocolError && e.code === 'not_ami')).toBe(true);
  });

  it('times out a silent peer', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    cleanups.push(() => new Promise<void>((r) => silent.close(() => r())));
    const port = (silent.address() as { port: number }).port;
    const client = new AmiClient({
      host: '127.0.0.1',
      port,
      username: 'a',
      secret: 'b',
      connectTimeoutMs: 100,
      reconnect: { enabled: false },
    });
    client.on('error', () => undefined);
    cleanups.push(() => client.close());
    await expect(client.connect()).rejects.toMatchObject({ code: 'connect_timeout' });
  });

  it('fails over to refused connections with backoff until maxAttempts', async () => {
    const client = new AmiClient({
      host: '127.0.0.1',
      port: 1,
      username: 'a',
      secret: 'b',
      reconnect: { initialDelayMs: 1, maxDelayMs: 5, maxAttempts: 3 },
    });
    const delays: number[] = [];
    client.on('error', () => undefined);
    client.on('reconnecting', (_attempt, delay) => delays.push(delay));
    await expect(client.connect()).rejects.toMatchObject({ code: 'connection_refused' });
    expect(delays).toHaveLength(3);
    expect(client.state).toBe('closed');
  });

  it('validates options with a typed error', () => {
    expect(() => new AmiClient({ host: '', username: 'a', secret: 'b' })).toThrow(
      expect.objectContaining({ code: 'config' }),
    );
  });
});

describe('actions', () => {
  it('ping, getvar/setvar, extensionState, redirect, transfers', async () => {
    const { client } = await setup();
    await client.connect();
    expect((await client.ping()).get('Ping')).toBe('Pong');
    await client.setvar('RINGTIMER', '15');
    expect(await client.getvar('RINGTIMER')).toEqual({ variable: 'RINGTIMER', value: '15' });
    expect((await client.extensionState('101')).get('StatusText')).toBe('Idle');
    expect(
      (await client.redirect({ channel: 'PJSIP/101-1', context: 'from-internal', exten: '102' })).get(
        'Message',
      ),
    ).toBe('Redirect successful');
    await expect(
      client.blindTransfer({ channel: 'PJSIP/101-1', exten: '102', context: 'from-internal' }),
    ).resolves.toBeDefined();
    await expect(client.atxfer({ channel: 'PJSIP/101-1', exten: '102' })).resolves.toBeDefined();
  });

  it('turns Response: Error into a typed error with the message', async () => {
    const { client } = await setup();
    await client.connect();
    const err = await client.hangup('PJSIP/nobody-1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AmiActionError);
    expect(err).toMatchObject({ action: 'Hangup', serverMessage: 'No such channel', code: 'action_failed' });
    await expect(client.action({ Action: 'NoSuchAction' })).rejects.toMatchObject({
      serverMessage: 'Invalid/unknown command',
    });
  });

  it.each(['output', 'follows'] as const)('Command in the %s format gives lines', async (commandFormat) => {
    const { client } = await setup({
      commandFormat,
      commands: { 'core show version': ['Asterisk 20.20.1 built by lab', ''] },
    });
    await client.connect();
    expect((await client.command('core show version')).lines).toEqual(['Asterisk 20.20.1 built by lab', '']);
  });

  it('collects EventLists as arrays and as async iterators', async () => {
    const { server, client } = await setup({
      actions: {
        PJSIPShowEndpoints: () => ({
          list: [
            {
              event: 'EndpointList',
              headers: [
                ['ObjectName', '101'],
                ['DeviceState', 'Not in use'],
              ],
            },
            {
              event: 'EndpointList',
              headers: [
                ['ObjectName', 'trunk-pstn'],
                ['DeviceState', 'Unavailable'],
              ],
            },
          ],
          complete: 'EndpointListComplete',
        }),
      },
    });
    await client.connect();
    const endpoints = await client.pjsipShowEndpoints();
    expect(endpoints.map((e) => e.fields.ObjectName)).toEqual(['101', 'trunk-pstn']);
    const names: string[] = [];
    for await (const item of client.iterate({ Action: 'PJSIPShowEndpoints' }))
      names.push(item.get('ObjectName') ?? '');
    expect(names).toEqual(['101', 'trunk-pstn']);
    expect(await client.status()).toEqual([]);
    expect((await client.queueStatus()).items).toEqual([]);
    server.emitEvent('Newchannel', [
      ['Channel', 'PJSIP/101-1'],
      ['Uniqueid', '1.1'],
      ['Linkedid', '1.1'],
    ]);
    await vi.waitFor(() => expect(server.activeChannels).toEqual(['PJSIP/101-1']));
    expect((await client.coreShowChannels()).map((c) => c.fields.Channel)).toEqual(['PJSIP/101-1']);
  });

  it('times out, aborts, and refuses header injection', async () => {
    const { server, client } = await setup();
    await client.connect();
    server.stalled = true;
    await expect(client.ping({ timeoutMs: 30 })).rejects.toMatchObject({ code: 'action_timeout' });
    const ac = new AbortController();
    const p = client.ping({ signal: ac.signal });
    ac.abort(new Error('user left'));
    await expect(p).rejects.toMatchObject({ code: 'aborted' });
    await expect(client.ping({ signal: ac.signal })).rejects.toMatchObject({ code: 'aborted' });
    server.stalled = false;
    await expect(client.action({ Action: 'Ping', X: 'a\r\nAction: Hangup' })).rejects.toMatchObject({
      code: 'invalid_action',
    });
    expect(client.stats.pendingActions).toBe(0);
  });

  it('refuses actions when not connected', async () => {
    const client = new AmiClient({ host: '127.0.0.1', username: 'a', secret: 'b' });
    await expect(client.ping()).rejects.toMatchObject({ code: 'not_connected' });
  });
});

describe('originate', () => {
  it('click-to-call resolves with the OriginateResponse and produces a realistic call', async () => {
    const { client } = await setup({
      timeScale: 0.002,
      originate: { agentRingMs: 1000, ringMs: 2000, talkMs: 3000 },
    });
    await client.connect();
    const names: string[] = [];
    client.on('event', (e) => names.push(e.name));
    const result = await client.clickToCall({ extension: '101', number: '00306974015758' });
    expect(result).toMatchObject({ success: true, reason: '4', reasonText: 'answered' });
    expect(result.event.fields.Exten).toBe('00306974015758');
    await vi.waitFor(() => expect(names.filter((n) => n === 'Hangup')).toHaveLength(2));
    expect(names).toContain('OriginateResponse');
  });

  it('reports a failed originate without throwing', async () => {
    const { client } = await setup({ extensions: ['101'] });
    await client.connect();
    const result = await client.originate({ channel: 'PJSIP/999', context: 'from-internal', exten: '101' });
    expect(result).toMatchObject({ success: false, reason: '0', uniqueid: '<unknown>' });
    await expect(
      client.action({
        Action: 'Originate',
        Channel: 'PJSIP/998',
        Context: 'from-internal',
        Exten: '101',
        Priority: 1,
      }),
    ).rejects.toMatchObject({ serverMessage: 'Originate failed' });
  });
});

describe('events', () => {
  it('delivers typed events, tags the source, keeps UTF-8 across byte-by-byte writes', async () => {
    const { server, client } = await setup({}, { source: 'pbx-a' });
    await client.connect();
    server.splitWrites = 1;
    const got = next<[AmiEvent]>(client, 'Newchannel');
    server.emitEvent('Newchannel', [
      ['Channel', 'PJSIP/trunk-1'],
      ['CallerIDName', 'Σπύρος Παπαδόπουλος'],
      ['CallerIDNum', '0049301234'],
    ]);
    const [e] = await got;
    expect(e.type).toBe('Newchannel');
    expect(e.source).toBe('pbx-a');
    expect(e.fields.CallerIDName).toBe('Σπύρος Παπαδόπουλος');
    expect(e.fields.CallerIDNum).toBe('0049301234');
    expect(e.receivedAt).toBeGreaterThan(0);
  });

  it('drops filtered events cheaply but still collects list items', async () => {
    const { server, client } = await setup({}, { eventFilter: { include: ['Hangup'] } });
    await client.connect();
    const names: string[] = [];
    client.on('event', (e) => names.push(e.name));
    server.emitEvent('Newchannel', [
      ['Channel', 'X/1'],
      ['Uniqueid', '9.1'],
    ]);
    server.emitEvent('VarSet', [['Variable', 'A']]);
    server.emitEvent('Hangup', [
      ['Channel', 'X/1'],
      ['Uniqueid', '9.1'],
    ]);
    await vi.waitFor(() => expect(names).toEqual(['Hangup']));
    expect(client.stats.filtered).toBeGreaterThanOrEqual(2);
    server.emitEvent('Newchannel', [
      ['Channel', 'X/2'],
      ['Uniqueid', '9.2'],
    ]);
    await vi.waitFor(() => expect(server.activeChannels).toEqual(['X/2']));
    expect(await client.coreShowChannels()).toHaveLength(1);
  });

  it('reports garbage from the peer and keeps going', async () => {
    const { server, client, errors } = await setup();
    await client.connect();
    server.sendRaw('this is not AMI\r\nat all\r\n\r\n');
    const got = new Promise<AmiEvent>((resolve) =>
      client.on('event', (e) => e.name === 'UserEvent' && resolve(e)),
    );
    server.emitEvent('UserEvent', [['UserEvent', 'still-alive']]);
    const e = await got;
    expect(e.type).toBe('unknown');
    expect(e.get('UserEvent')).toBe('still-alive');
    expect(errors.some((x) => x instanceof AmiProtocolError && x.code === 'malformed_frame')).toBe(true);
    expect(client.stats.parseErrors).toBe(1);
  });

  it('bounds the event queue with drop-oldest and counts drops', async () => {
    const { server, client, errors } = await setup({}, { queue: { maxEvents: 5, batch: 1 } });
    await client.connect();
    let wire = '';
    for (let i = 0; i < 50; i++) wire += `Event: UserEvent\r\nN: ${i}\r\n\r\n`;
    const seen: string[] = [];
    client.on('event', (e) => seen.push(e.get('N') ?? ''));
    server.sendRaw(wire);
    await vi.waitFor(() => expect(seen.at(-1)).toBe('49'));
    expect(client.stats.dropped).toBe(45);
    expect(errors.some((e) => e instanceof AmiQueueOverflowError)).toBe(true);
  });

  it('reports a throwing listener as an error instead of crashing', async () => {
    const { server, client, errors } = await setup();
    await client.connect();
    client.on('Hangup', () => {
      throw new Error('boom');
    });
    server.emitEvent('Hangup', [['Channel', 'X/1']]);
    await vi.waitFor(() => expect(errors.some((e) => e.code === 'listener_failed')).toBe(true));
  });

  it('replays a real capture through the fake server', async () => {
    const { server, client } = await setup();
    await client.connect();
    const names: string[] = [];
    client.on('event', (e) => names.push(e.name));
    await server.replay(readFileSync(`${FIXTURES}01_inbound_answered.rx.ami`));
    await vi.waitFor(() => expect(names.filter((n) => n === 'Hangup')).toHaveLength(2));
    // The capture's 98 events, plus the FullyBooted of our own login.
    expect(names.length).toBe(98 + 1);
  });
});

describe('keepalive and reconnect', () => {
  it('detects a dead peer by the missing pong and replaces the socket', async () => {
    const { server, client } = await setup({}, { keepalive: { intervalMs: 30, timeoutMs: 30 } });
    await client.connect();
    const lost = next<[AmiError]>(client, 'disconnected');
    server.stalled = true;
    expect((await lost)[0].code).toBe('connection_lost');
    server.stalled = false;
    const [info] = await next<[{ downtimeMs: number }]>(client, 'reconnected');
    expect(info.downtimeMs).toBeGreaterThanOrEqual(0);
    expect(client.stats.reconnects).toBe(1);
  });

  it('fails in-flight actions at once, never replays them, re-applies login options', async () => {
    const { server, client } = await setup({}, { filters: ['Event: Hangup'] });
    await client.connect();
    server.stalled = true;
    const pending = client.originate({ channel: 'PJSIP/101', context: 'from-internal', exten: '0030' });
    await vi.waitFor(() => expect(server.received.some((a) => a.get('Action') === 'Originate')).toBe(true));
    server.stalled = false;
    const back = next(client, 'reconnected');
    server.dropConnections();
    await expect(pending).rejects.toMatchObject({ code: 'connection_lost' });
    await back;
    expect(server.received.filter((a) => a.get('Action') === 'Originate')).toHaveLength(1);
    expect(server.received.filter((a) => a.get('Action') === 'Filter')).toHaveLength(2);
    expect(server.received.filter((a) => a.get('Action') === 'Login')).toHaveLength(2);
    const ids = server.received.map((a) => a.actionId ?? '');
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('close() logs off, stops reconnecting and fails what is pending', async () => {
    const { server, client } = await setup();
    await client.connect();
    const closed = next(client, 'close');
    await client.close();
    await closed;
    expect(server.received.at(-1)?.get('Action')).toBe('Logoff');
    expect(client.state).toBe('closed');
    await expect(client.ping()).rejects.toBeInstanceOf(AmiError);
  });

  it('uses a custom reconnect strategy and stops when it says so', async () => {
    const strategy = vi.fn((attempt: number) => (attempt < 2 ? 5 : false));
    const { server, client } = await setup({}, { reconnectStrategy: strategy });
    await client.connect();
    await server.close();
    await next(client, 'close');
    expect(strategy).toHaveBeenCalledTimes(2);
  });

  it('redacts secrets from debug output', async () => {
    const { client } = await setup({}, { authType: 'plain' });
    const debug: string[] = [];
    client.on('debug', (m) => debug.push(m));
    await client.connect();
    expect(debug.some((m) => m.includes('Secret: ***'))).toBe(true);
    expect(debug.join('\n')).not.toContain('s3cret');
  });
});
