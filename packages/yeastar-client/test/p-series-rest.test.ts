import { type AddressInfo, createServer as createNetServer } from 'node:net';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  YeastarApiError,
  YeastarAuthError,
  YeastarConfigError,
  YeastarError,
  YeastarHttpError,
  YeastarPSeriesClient,
  type YeastarTokens,
} from '../src/index.js';
import { FakePSeriesServer } from '../src/testing/index.js';
import { clientFor } from './helpers.js';

let pbx: FakePSeriesServer;
beforeEach(async () => {
  pbx = await FakePSeriesServer.start({ sn: 'SN-REST', timeZone: 'Europe/Athens' });
});
afterEach(async () => {
  await pbx.close();
});

describe('tokens', () => {
  test('one login serves many calls; the token is reused, not requested per call', async () => {
    const client = clientFor(pbx);
    await Promise.all(Array.from({ length: 20 }, () => client.queryCalls()));
    await client.queryCalls();
    expect(pbx.auth.stats.getToken).toBe(1);
    expect(client.tokens.stats).toEqual({ logins: 1, refreshes: 0 });
  });

  test('1,000 concurrent calls during a token expiry cause exactly one refresh', async () => {
    const client = clientFor(pbx);
    await client.queryCalls();
    pbx.clock.advance(1_700_000); // inside the 120 s refresh margin of the 1800 s token
    const results = await Promise.all(Array.from({ length: 1000 }, () => client.queryCalls()));
    expect(results).toHaveLength(1000);
    expect(pbx.auth.stats.refreshToken).toBe(1);
    expect(pbx.auth.stats.getToken).toBe(1);
  });

  test('a token that expires mid-request (10004) is refreshed once and the request replayed once', async () => {
    const client = clientFor(pbx);
    await client.queryCalls();
    pbx.auth.expireAccessTokens();
    await Promise.all([client.queryCalls(), client.queryCalls(), client.queryCalls()]);
    expect(pbx.auth.stats.refreshToken).toBe(1);
  });

  test('an expired refresh token falls back to get_token', async () => {
    const client = clientFor(pbx);
    await client.queryCalls();
    pbx.clock.advance(86_400_000);
    await client.queryCalls();
    expect(pbx.auth.stats.getToken).toBe(2);
    expect(pbx.auth.stats.refreshToken).toBe(0);
  });

  test('a rejected refresh falls back to get_token', async () => {
    const client = clientFor(pbx);
    await client.queryCalls();
    pbx.failNext('refresh_token', { errcode: 10004, errmsg: 'TOKEN EXPIRED' });
    pbx.clock.advance(1_750_000);
    await client.queryCalls();
    expect(pbx.auth.stats.getToken).toBe(2);
  });

  test('bad credentials: a typed auth error, and no second login attempt (no IP-block loop)', async () => {
    const client = clientFor(pbx, { clientSecret: 'S3cr3t-Wr0ng-Value' });
    const first = await client.queryCalls().catch((e: unknown) => e);
    expect(first).toBeInstanceOf(YeastarAuthError);
    expect((first as YeastarAuthError).errcode).toBe(-1);
    const second = await client.queryCalls().catch((e: unknown) => e);
    expect(second).toBeInstanceOf(YeastarAuthError);
    expect(String((second as Error).message)).toMatch(/refused locally/);
    expect(pbx.auth.stats.getToken).toBe(1);
    expect(JSON.stringify(client.options)).not.toContain('S3cr3t');
    // The secret never leaks into the error.
    expect(JSON.stringify({ ...(first as object), m: (first as Error).message })).not.toContain('S3cr3t');
  });

  test('the fake blocks the IP after 5 failures (70004), surfaced as AUTH_BLOCKED', async () => {
    const client = clientFor(pbx, { clientSecret: 'wrong', loginCooldownMs: 0 });
    for (let i = 0; i < 5; i++) await expect(client.queryCalls()).rejects.toBeInstanceOf(YeastarAuthError);
    const blocked = (await client.queryCalls().catch((e: unknown) => e)) as YeastarAuthError;
    expect(blocked.code).toBe('AUTH_BLOCKED');
    expect(blocked.errcode).toBe(70004);
    // Even the right secret is refused while the IP is blocked.
    await expect(clientFor(pbx).queryCalls()).rejects.toMatchObject({ errcode: 70004 });
  });

  test('the 8-token cap: a ninth app instance gets 60002 as an auth error', async () => {
    for (let i = 0; i < 8; i++) await clientFor(pbx).queryCalls();
    expect(pbx.auth.liveTokens()).toBe(8);
    await expect(clientFor(pbx).queryCalls()).rejects.toMatchObject({
      name: 'YeastarAuthError',
      errcode: 60002,
    });
  });

  test('onTokens persists tokens; initialTokens skip the login; close() revokes', async () => {
    const saved: YeastarTokens[] = [];
    const first = clientFor(pbx, { onTokens: (t) => void saved.push(t) });
    await first.queryCalls();
    await new Promise((r) => setImmediate(r));
    expect(saved).toHaveLength(1);
    const second = clientFor(pbx, { initialTokens: saved[0] });
    await second.queryCalls();
    expect(pbx.auth.stats.getToken).toBe(1);
    await second.close();
    expect(pbx.auth.stats.deleteToken).toBe(1);
    expect(pbx.auth.liveTokens()).toBe(0);
  });
});

describe('errors', () => {
  test('errcode ≠ 0 becomes YeastarApiError with code, message and invalid params (HTTP is 200)', async () => {
    const client = clientFor(pbx);
    pbx.failNext('call/dial', { errcode: 40002, errmsg: 'PARAMETER ERROR' });
    const e = (await client
      .dial({ caller: '1000', callee: '1001' })
      .catch((x: unknown) => x)) as YeastarApiError;
    expect(e).toBeInstanceOf(YeastarApiError);
    expect(YeastarError.isInstance(e)).toBe(true);
    expect(e).toMatchObject({
      errcode: 40002,
      errmsg: 'PARAMETER ERROR',
      endpoint: 'call/dial',
      status: 200,
      method: 'POST',
      isRetryable: false,
    });
    expect(e.url).toContain('access_token=***');
    const missing = (await client
      .dial({ caller: '', callee: '1001' })
      .catch((x: unknown) => x)) as YeastarApiError;
    expect(missing.invalidParams).toEqual([{ field: 'caller', validation_type: 'required' }]);
  });

  test('an endpoint the firmware lacks answers 10001', async () => {
    const client = clientFor(pbx);
    await expect(client.api({ method: 'POST', endpoint: 'call/answer' })).rejects.toMatchObject({
      errcode: 10001,
    });
  });

  test('a PBX (or proxy) that answers HTML gives INVALID_RESPONSE, not a crash', async () => {
    const client = clientFor(pbx);
    await client.queryCalls();
    pbx.failNext('call/query', { html: true });
    const e = (await client.queryCalls().catch((x: unknown) => x)) as YeastarHttpError;
    expect(e).toBeInstanceOf(YeastarHttpError);
    expect(e.code).toBe('INVALID_RESPONSE');
    expect(e.body).toContain('502 Bad Gateway');
  });

  test('abort signals and unreachable PBXs are typed', async () => {
    const client = clientFor(pbx);
    const ac = new AbortController();
    ac.abort();
    await expect(client.dial({ caller: '1000', callee: '1001', signal: ac.signal })).rejects.toMatchObject({
      code: 'ABORTED',
    });
    const dead = new YeastarPSeriesClient({
      baseUrl: 'http://127.0.0.1:1',
      clientId: 'a',
      clientSecret: 'b',
      requestTimeoutMs: 2000,
    });
    await expect(dead.queryCalls()).rejects.toMatchObject({ code: 'HTTP', isRetryable: true });
  });

  test('a PBX that accepts the connection but never answers times out with a typed error', async () => {
    const silent = createNetServer(() => {});
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    try {
      const port = (silent.address() as AddressInfo).port;
      const client = new YeastarPSeriesClient({
        baseUrl: `http://127.0.0.1:${port}`,
        clientId: 'a',
        clientSecret: 'b',
        requestTimeoutMs: 200,
      });
      await expect(client.queryCalls()).rejects.toMatchObject({
        name: 'YeastarTimeoutError',
        code: 'TIMEOUT',
      });
    } finally {
      silent.close();
    }
  });

  test('options are validated once with a readable message', () => {
    expect(() => new YeastarPSeriesClient({ baseUrl: 'nope', clientId: '', clientSecret: 'x' })).toThrow(
      YeastarConfigError,
    );
    expect(
      () =>
        new YeastarPSeriesClient({
          baseUrl: 'https://pbx',
          clientId: 'a',
          clientSecret: 'b',
          heartbeatIntervalMs: 70_000,
        }),
    ).toThrow(/heartbeatIntervalMs/);
  });

  test('the User-Agent header is sent (the fake rejects requests without one)', async () => {
    const client = clientFor(pbx, { userAgent: 'crm/1.0' });
    await client.queryCalls();
    expect(pbx.requests).toContain('/openapi/v1.0/call/query');
  });
});

describe('endpoints', () => {
  test('dial makes a call happen; CDRs page through as an async iterator; recordings stream', async () => {
    const client = clientFor(pbx);
    const { callId } = await client.dial({ caller: '1000', callee: '+302101234567', autoAnswer: false });
    expect(callId).toMatch(/^\d+\.\d+$/);
    for (let i = 0; i < 4; i++) pbx.startCall({ kind: 'internal', from: '1001', to: '1002', talkSeconds: 5 });
    pbx.clock.advance(120_000);
    const all = [];
    for await (const row of client.listCdrs({ pageSize: 2 })) all.push(row);
    expect(all).toHaveLength(5);
    expect(all.map((r) => r.id)).toEqual([1, 2, 3, 4, 5]);
    const answered = [];
    for await (const row of client.searchCdrs({ status: 'ANSWERED', startTime: new Date(0), pageSize: 10 }))
      answered.push(row);
    expect(answered).toHaveLength(5);
    const dialCdr = all.find((r) => r.call_id === callId);
    expect(dialCdr).toMatchObject({
      call_from: '1000',
      call_to: '+302101234567',
      status: 'ANSWERED',
      type: 'Outbound',
    });
    const rec = await client.downloadRecording({ file: String(dialCdr?.recording) });
    expect(rec.contentType).toBe('audio/wav');
    const chunks: Buffer[] = [];
    for await (const c of rec.body) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).subarray(0, 4).toString()).toBe('RIFF');
    await expect(client.downloadRecording({ file: 'nope.wav' })).rejects.toMatchObject({ errcode: 60001 });
    // A link the PBX refuses answers an errcode body: a typed error, never "audio".
    pbx.failNext('download', { errcode: 10004, errmsg: 'TOKEN EXPIRED' });
    await expect(client.downloadRecording({ file: String(dialCdr?.recording) })).rejects.toMatchObject({
      name: 'YeastarApiError',
      errcode: 10004,
    });
    const ac = new AbortController();
    ac.abort();
    const it = client.listCdrs({ signal: ac.signal })[Symbol.asyncIterator]();
    await expect(it.next()).rejects.toMatchObject({ code: 'ABORTED' });
  });

  test('extensions and company contacts', async () => {
    const client = clientFor(pbx);
    const exts = [];
    for await (const e of client.listExtensions({ pageSize: 3 })) exts.push(e.number);
    expect(exts).toHaveLength(10);
    const found = [];
    for await (const e of client.listExtensions({ search: '1005' })) found.push(e.number);
    expect(found).toEqual(['1005']);
    expect(await client.getExtension(2)).toMatchObject({ number: '1001' });
    const contacts = [];
    for await (const c of client.searchContacts({ search: 'Maria' })) contacts.push(c);
    expect(contacts[0]).toMatchObject({ company: 'ACME' });
  });

  test('hangup / hold / transfer by call id + extension, resolved from live 30011 state', async () => {
    const client = clientFor(pbx);
    await client.connect();
    const answered = new Promise<void>((resolve) =>
      client.on(
        'event',
        (e) => e.kind === 'callStateChanged' && e.members.some((m) => m.status === 'ANSWER') && resolve(),
      ),
    );
    const { callId } = pbx.startCall({
      kind: 'internal',
      from: '1001',
      to: '1002',
      ringSeconds: 2,
      talkSeconds: 60,
    });
    pbx.clock.advance(3_000);
    const live = await client.queryCalls({ callId });
    expect(live[0]?.members.map((m) => [m.number, m.status])).toEqual([
      ['1001', 'ANSWERED'],
      ['1002', 'ANSWER'],
    ]);
    await answered;
    await client.hold({ callId, extension: '1002' });
    await client.unhold({ callId, extension: '1002' });
    await client.transfer({ callId, extension: '1002', number: '1003' });
    expect(await client.hangup({ callId, extension: '1001' })).toEqual({ callId });
    // The fake ends the call like the PBX: BYE snapshot, then the CDR with the talk time so far.
    expect(pbx.cdrs.at(-1)).toMatchObject({ call_id: callId, status: 'ANSWERED', talk_duration: 1 });
    expect(pbx.liveCalls).toEqual([]);
    await expect(client.hold({ callId: 'x', extension: '1' })).rejects.toThrow(/no live channel/);
    await client.close();
  });
});
