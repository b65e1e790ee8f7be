import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, test } from 'vitest';
import {
  CallTracker,
  YeastarAuthError,
  type YeastarCallRecord,
  type YeastarEvent,
  YeastarSSeriesClient,
} from '../src/index.js';
import { FakeClock, FakeSSeriesServer } from '../src/testing/index.js';
import { fixture } from './fixtures.js';
import { until } from './helpers.js';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(opts: { password?: string; failFirst?: number } = {}) {
  const clock = new FakeClock({ start: Date.UTC(2026, 0, 15, 8, 0, 0) });
  const pbx = await FakeSSeriesServer.start({ clock, timeZone: 'Europe/Athens' });
  cleanups.push(() => pbx.close());
  let failures = opts.failFirst ?? 0;
  let client!: YeastarSSeriesClient;
  const receiver = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    if (failures-- > 0) {
      res.writeHead(500).end();
      return;
    }
    res.writeHead(client.handleReport(Buffer.concat(chunks)).status).end();
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  cleanups.push(() => new Promise((r) => receiver.close(r)));
  client = new YeastarSSeriesClient({
    baseUrl: pbx.url,
    username: 'api',
    password: opts.password ?? 'password',
    reportHost: '127.0.0.1',
    reportPort: (receiver.address() as AddressInfo).port,
  });
  client.on('error', () => {});
  cleanups.push(() => client.close());
  const events: YeastarEvent[] = [];
  client.on('event', (e) => events.push(e));
  const tracker = new CallTracker({
    pbx: 's',
    timeZone: 'Europe/Athens',
    now: () => clock.now(),
    scheduler: clock,
  });
  tracker.attach(client);
  const records: YeastarCallRecord[] = [];
  tracker.on('callEnded', (r) => records.push(r));
  return { clock, pbx, client, events, tracker, records };
}

test('MD5 login, dial, reports decoded into the same events and call records as the P-Series', async () => {
  const { clock, pbx, client, events, records } = await setup();
  await client.login();
  expect(pbx.stats.logins).toBe(1);
  const { callId } = await client.dial({ caller: '1023', callee: '2109999999' });
  for (let i = 0; i < 80; i++) {
    clock.advance(500);
    await pbx.pusher?.idle();
  }
  await until(() => records.length === 1, 'record');
  expect(events.every((e) => e.source === 's-series' && e.sn === pbx.sn)).toBe(true);
  expect(records[0]).toMatchObject({
    callId,
    direction: 'outbound',
    from: { number: '1023' },
    to: { number: '2109999999' },
    disposition: 'answered',
    talkSeconds: 30,
    ringSeconds: 6,
  });
  await client.hangup({ channelId: 'PJSIP/1023-00000001' });
  await client.hangup({ extension: '1023' });
});

test('an inbound call pushed as v2 reports gives the screen pop and the record', async () => {
  const { clock, pbx, client, tracker, records } = await setup();
  await client.login();
  const pops: string[][] = [];
  tracker.on('callRinging', (r) => pops.push(r.extensions));
  pbx.startCall({
    kind: 'inbound',
    from: '+302101234567',
    extensions: ['1001', '1002'],
    answeredBy: '1002',
    talkSeconds: 12,
  });
  for (let i = 0; i < 40; i++) {
    clock.advance(500);
    await pbx.pusher?.idle();
  }
  await until(() => records.length === 1, 'record');
  expect(pops).toEqual([['1001', '1002']]);
  expect(records[0]).toMatchObject({
    direction: 'inbound',
    extension: '1002',
    disposition: 'answered',
    talkSeconds: 12,
    from: { number: '+302101234567' },
  });
});

test('format 1.0.0 reports byte-exact (repeated ext keys), the double BYE, trailing commas, re-sends until 200', async () => {
  const { pbx, client, events } = await setup({ failFirst: 1 });
  await client.login();
  const pusher = pbx.pusher;
  if (!pusher) throw new Error('no pusher');
  await pusher.push(fixture('s-series/v1.report.answer.json'));
  expect(pusher.deliveries.map((d) => d.result)).toEqual([500, 200]);
  await pusher.push(fixture('s-series/v1_1.report.bye.internal.first.json'));
  await pusher.push(fixture('s-series/v1_1.report.bye.internal.second.json'));
  await pusher.push(fixture('s-series/v2.event.callfailed.no_outbound_restriction.json'));
  await pusher.push(fixture('s-series/v1.report.answer.json')); // a re-send of an already handled report
  await pusher.push('{"event":"CallStatus"'); // truncated
  expect(events.map((e) => e.kind)).toEqual(['callStateChanged', 'callStateChanged', 'callFailed']);
  const first = events[0];
  expect(first?.kind === 'callStateChanged' && first.members.map((m) => m.number)).toEqual(['1000', '1002']);
});

test('token loss (20006) and BootUp log in again; a rejected login is not retried in a loop', async () => {
  const { pbx, client } = await setup();
  await client.login();
  pbx.expireTokens();
  await client.heartbeat();
  expect(pbx.stats.logins).toBe(2);
  expect(pbx.stats.heartbeats).toBe(1);
  const ready = new Promise((r) => client.once('ready', () => r(undefined)));
  await pbx.pusher?.bootUp(pbx.sn);
  await ready;
  expect(pbx.stats.logins).toBe(3);

  const bad = await setup({ password: 'wrong' });
  await expect(bad.client.login()).rejects.toBeInstanceOf(YeastarAuthError);
  await expect(bad.client.login()).rejects.toBeInstanceOf(YeastarAuthError);
  await expect(bad.client.dial({ caller: '1', callee: '2' })).rejects.toMatchObject({ errcode: 20003 });
  expect(bad.pbx.stats).toMatchObject({ loginAttempts: 1, logins: 0 });
  await expect(client.dial({ caller: '', callee: '' })).rejects.toMatchObject({
    name: 'YeastarSSeriesError',
    errno: '10003',
  });
});
