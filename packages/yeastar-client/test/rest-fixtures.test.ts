// Every REST fixture of the shared corpus goes through the client: requests must have the documented shape,
// responses (success and error) must decode into the documented values or typed errors.
import { MockAgent } from 'undici';
import { afterEach, expect, test } from 'vitest';
import {
  type YeastarApiError,
  YeastarAuthError,
  YeastarPSeriesClient,
  YeastarSSeriesClient,
} from '../src/index.js';
import { fixture } from './fixtures.js';

const ORIGIN = 'https://192.168.5.150:8088';
const json = (path: string) => JSON.parse(fixture(path)) as Record<string, unknown>;
const agents: MockAgent[] = [];
afterEach(async () => {
  for (const a of agents.splice(0)) await a.close();
});

function mock() {
  const agent = new MockAgent();
  agent.disableNetConnect();
  agents.push(agent);
  const pool = agent.get(ORIGIN);
  const seen: Array<{ path: string; body: unknown }> = [];
  const reply = (
    method: 'GET' | 'POST',
    path: string,
    body: string | Record<string, unknown>,
    headers = { 'content-type': 'application/json' },
  ) =>
    pool.intercept({ method, path: (p) => p.split('?')[0] === path }).reply(
      200,
      (opts) => {
        // Recorded once per request, when the reply is built.
        seen.push({ path, body: typeof opts.body === 'string' ? JSON.parse(opts.body) : undefined });
        return typeof body === 'string' ? body : JSON.stringify(body);
      },
      { headers },
    );
  return { agent, reply, seen };
}

test('P-Series: get_token, call/dial, call/hangup, recording download, del_token, refresh_token fixtures', async () => {
  const { agent, reply, seen } = mock();
  const creds = json('p-series/auth.get_token.request.json') as { username: string; password: string };
  const client = new YeastarPSeriesClient({
    baseUrl: ORIGIN,
    clientId: creds.username,
    clientSecret: creds.password,
    dispatcher: agent,
  });

  reply('POST', '/openapi/v1.0/get_token', fixture('p-series/auth.get_token.response.success.json'));
  reply('POST', '/openapi/v1.0/call/dial', fixture('p-series/call.dial.response.success.json'));
  const dialRequest = json('p-series/call.dial.request.json');
  const dialed = await client.dial({
    caller: '1005',
    callee: '5503301',
    dialPermission: '2002',
    autoAnswer: true,
  });
  expect(dialed.callId).toBe('1650095575.872');
  expect(seen[0]?.body).toEqual(creds);
  expect(seen[1]?.body).toEqual(dialRequest);
  expect(client.tokens.tokens?.accessToken).toBe('EXZMpZAO86mbrKm6rFtgeb3rfcpC9uqS');

  reply('POST', '/openapi/v1.0/call/hangup', fixture('p-series/call.hangup.response.success.json'));
  expect(await client.hangup({ channelId: 'PJSIP/1005-00000023' })).toEqual({ callId: '1648627871.65' });
  expect(seen.at(-1)?.body).toEqual(json('p-series/call.hangup.request.json'));

  reply('POST', '/openapi/v1.0/call/hold', fixture('p-series/response.success_generic.json'));
  await expect(client.hold({ channelId: 'PJSIP/1005-00000023' })).resolves.toBeUndefined();

  const rec = json('p-series/recording.download.response.success.json');
  reply(
    'GET',
    '/openapi/v1.0/recording/download',
    fixture('p-series/recording.download.response.success.json'),
  );
  reply('GET', String(rec.download_resource_url), 'RIFF....WAVE', { 'content-type': 'audio/wav' });
  const download = await client.downloadRecording({ id: 1727 });
  expect(download).toMatchObject({ file: rec.file, contentType: 'audio/wav' });
  download.body.resume();

  // The refresh request carries exactly `refresh_token`; the new refresh token is rotated in.
  const refreshing = new YeastarPSeriesClient({
    baseUrl: ORIGIN,
    clientId: 'x',
    clientSecret: 'y',
    dispatcher: agent,
    initialTokens: {
      accessToken: 'old',
      accessTokenExpiresAt: 0,
      refreshToken: 'SCduGecwbG9jIusiS8FxFUVn3kf0Q9R8',
      refreshTokenExpiresAt: Date.now() + 3_600_000,
    },
  });
  reply('POST', '/openapi/v1.0/refresh_token', fixture('p-series/auth.refresh_token.response.success.json'));
  reply('GET', '/openapi/v1.0/call/query', fixture('p-series/response.success_generic.json'));
  await refreshing.queryCalls();
  expect(seen.find((s) => s.path === '/openapi/v1.0/refresh_token')?.body).toEqual(
    json('p-series/auth.refresh_token.request.json'),
  );
  expect(refreshing.tokens.tokens).toMatchObject({
    accessToken: '4JkX5GQObeL9MGcPZDN4o4Ecv114Jo1e',
    refreshToken: 'fTyEpc1OTDU2vckJauWL6uBRasYYpbKU',
  });

  reply('GET', '/openapi/v1.0/del_token', fixture('p-series/auth.del_token.response.success.json'));
  await client.close();
  expect(client.tokens.tokens).toBeUndefined();
});

test('P-Series error fixtures become typed errors with their code and parameter lists', async () => {
  const { agent, reply } = mock();
  const bad = new YeastarPSeriesClient({
    baseUrl: ORIGIN,
    clientId: 'a',
    clientSecret: 'b',
    dispatcher: agent,
  });
  reply('POST', '/openapi/v1.0/get_token', fixture('p-series/error.get_token.auth_failure.json'));
  const auth = (await bad.queryCalls().catch((e: unknown) => e)) as YeastarAuthError;
  expect(auth).toBeInstanceOf(YeastarAuthError);
  expect((auth.cause as YeastarApiError).invalidParams).toEqual([
    { field: 'username or password', value: 'error' },
  ]);

  const client = new YeastarPSeriesClient({
    baseUrl: ORIGIN,
    clientId: 'a',
    clientSecret: 'b',
    dispatcher: agent,
  });
  reply('POST', '/openapi/v1.0/get_token', fixture('p-series/auth.get_token.response.success.json'));
  reply('POST', '/openapi/v1.0/call/dial', fixture('p-series/error.parameter_error.json'));
  await expect(client.dial({ caller: '1', callee: '2' })).rejects.toMatchObject({
    errcode: 40002,
    errmsg: 'PARAMETER ERROR',
    invalidParams: [{ field: 'name', validation_type: 'required' }],
  });
  reply('POST', '/openapi/v1.0/call/dial', fixture('p-series/error.duplicate_key_value.json'));
  await expect(client.dial({ caller: '1', callee: '2' })).rejects.toMatchObject({
    errcode: 40003,
    invalidParams: [{ field: 'email_addr', value: 'example@126.com' }],
  });
  // The docs print the generic success with a trailing comma: still a success.
  reply('POST', '/openapi/v1.0/call/unhold', '{"errcode":0,"errmsg":"SUCCESS",}');
  await expect(client.unhold({ channelId: 'c' })).resolves.toBeUndefined();
});

test('S-Series: login, heartbeat, dial request/response fixtures and the error fixture', async () => {
  const { agent, reply, seen } = mock();
  const s = new YeastarSSeriesClient({
    baseUrl: ORIGIN,
    username: 'api',
    password: 'password',
    reportPort: 8260,
    dispatcher: agent,
  });
  reply('POST', '/api/v2.0.0/login', fixture('s-series/v1.login.response.success.json'));
  await s.login();
  const login = json('s-series/v2.login.request.json');
  expect(Object.keys(seen[0]?.body as object).sort()).toEqual(Object.keys(login).sort());
  expect((seen[0]?.body as { password: string }).password).toMatch(/^[0-9a-f]{32}$/);
  expect(seen[0]?.body).toMatchObject({ port: login.port, version: login.version, username: login.username });

  reply('POST', '/api/v2.0.0/heartbeat', fixture('s-series/v2.heartbeat.response.success.json'));
  await s.heartbeat();
  expect(seen[1]?.body).toEqual({ port: 8260, version: '2.0.0' });

  reply('POST', '/api/v2.0.0/call/dial', fixture('s-series/call.dial.response.success.json'));
  expect(await s.dial({ caller: '1023', callee: '2000' })).toMatchObject({ callId: '1571620483.18' });
  expect(seen[2]?.body).toEqual(json('s-series/call.dial.request.json'));

  reply('POST', '/api/v2.0.0/call/dial', fixture('s-series/v2.error.response.json'));
  await expect(s.dial({ caller: '1023', callee: '2000' })).rejects.toMatchObject({
    name: 'YeastarSSeriesError',
    errno: '10003',
  });
  reply('POST', '/api/v2.0.0/logout', fixture('s-series/v2.heartbeat.response.success.json'));
  await s.close();
});
