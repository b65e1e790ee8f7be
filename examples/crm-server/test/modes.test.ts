import { createServer } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../src/auth.js';
import { loadConfig } from '../src/config.js';
import { type CrmServer, startCrmServer } from '../src/main.js';
import { Api, eventually, type Json, openEvents } from './helpers.js';

/** A port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as { port: number };
  await new Promise((r) => s.close(r));
  return port;
}

describe('production configuration', () => {
  let server: CrmServer | undefined;
  afterAll(() => server?.close());

  it('starts with configured users while the PBX is down, and reports it', async () => {
    server = await startCrmServer(
      loadConfig({
        PORT: '0',
        DATA_DIR: 'memory://',
        LOG_LEVEL: 'silent',
        SESSION_SECRET: 's'.repeat(40),
        CRM_USERS: `alice:${hashPassword('alice-pass')}:201:Alice`,
        API_TOKENS: 'alice:alice-token-0123456789abcdef',
        AMI_HOST: '127.0.0.1',
        AMI_PORT: String(await closedPort()),
        AMI_SECRET: 'x',
      }),
    );
    expect(server.demo).toBeUndefined();
    const alice = await Api.login(server.url, 'alice', 'alice-pass');
    expect((await alice.get('/api/me')).body.user).toEqual({
      username: 'alice',
      name: 'Alice',
      extension: '201',
    });
    expect(await Api.login(server.url, 'demo', 'demo').catch(() => 'refused')).toBe('refused');
    const status = (await alice.get('/api/status')).body;
    expect(status.ami.state).not.toBe('ready');
    expect(status.whatsapp).toBeUndefined();
    const send = await alice.post('/api/whatsapp/messages', { to: '+306974015758', body: 'hi' });
    expect(send.status).toBe(503);
    expect((await alice.post('/api/click-to-call', { number: '+306974015758' })).body.error).toMatchObject({
      code: 'UNAVAILABLE',
      message: 'the PBX is not connected',
    });
  });
});

describe('shutdown', () => {
  it('closes while browsers still hold SSE streams, ending them', async () => {
    const server = await startCrmServer(
      loadConfig({ DEMO: '1', DEMO_TRAFFIC: '0', PORT: '0', DATA_DIR: 'memory://', LOG_LEVEL: 'silent' }),
      { uiDir: '' },
    );
    const events = openEvents(await Api.login(server.url));
    await events.ready;
    await server.close(); // would never resolve if the hijacked stream kept the HTTP server open
    await events.ended;
    expect(events.events.map((e) => e.event)).toEqual(['hello']);
  });
});

describe('demo traffic', () => {
  let server: CrmServer | undefined;
  afterAll(() => server?.close());

  it('drives calls, screen pops and WhatsApp messages on its own', async () => {
    server = await startCrmServer(
      loadConfig({ DEMO: '1', DEMO_SPEED: '50', PORT: '0', DATA_DIR: 'memory://', LOG_LEVEL: 'silent' }),
      { uiDir: '' },
    );
    const api = await Api.login(server.url);
    const events = openEvents(api);
    await events.ready;
    await events.waitFor((e) => e.event === 'screenPop' && e.data.source === 'asterisk', 20_000);
    const channels = await eventually(async () => {
      const items = (await api.get('/api/inbox?limit=200')).body.items as Json[];
      const seen = new Set(items.map((e) => `${e.source}:${e.channel}`));
      return seen.has('asterisk:call') && seen.has('whatsapp:whatsapp') ? seen : undefined;
    }, 20_000);
    expect(channels.has('asterisk:call')).toBe(true);
    events.close();
  });
});
