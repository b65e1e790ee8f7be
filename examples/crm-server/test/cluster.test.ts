import { FakeAmiServer } from '@pbxkit/ami-client/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../src/auth.js';
import { loadConfig } from '../src/config.js';
import { freshBuilder } from '../src/demo/traffic.js';
import { type CrmServer, startCrmServer } from '../src/main.js';
import { Api, eventually, type Json, openEvents, throwawayDatabase } from './helpers.js';

describe('two instances on one PostgreSQL (CLUSTER=1)', () => {
  let db: { url: string; drop: () => Promise<void> };
  let pbx: FakeAmiServer;
  let a: CrmServer;
  let b: CrmServer;
  const start = () =>
    startCrmServer(
      loadConfig({
        DATABASE_URL: db.url,
        CLUSTER: '1',
        CLUSTER_RETRY_MS: '200',
        SESSION_SECRET: 'shared-secret-of-both-instances-0123456789',
        CRM_USERS: `agent:${hashPassword('agent-pass')}:101:Agent`,
        AMI_HOST: pbx.host,
        AMI_PORT: String(pbx.port),
        AMI_USERNAME: 'crm',
        AMI_SECRET: 'pbx-secret',
        PORT: '0',
        LOG_LEVEL: 'silent',
      }),
      { uiDir: '' },
    );
  const status = async (server: CrmServer) =>
    (await (await Api.login(server.url, 'agent', 'agent-pass')).get('/api/status')).body;
  const call = (from: string) =>
    pbx.play(
      freshBuilder().inbound({ from, did: '2105551000', extension: '101', ringMs: 300, talkMs: 500 }).build(),
      { timeScale: 0.01 },
    );

  beforeAll(async () => {
    db = await throwawayDatabase();
    pbx = await FakeAmiServer.start({ username: 'crm', secret: 'pbx-secret' });
    a = await start();
    await eventually(async () => ((await status(a)).cluster.leader ? true : undefined));
    b = await start();
    // Outside demo mode the AMI connection is not awaited at start: wait until both sessions are up.
    for (const server of [a, b]) {
      await eventually(async () => ((await status(server)).ami.state === 'ready' ? true : undefined));
    }
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await pbx?.close();
    await db?.drop();
  });

  it('one instance holds the PBX event lock, the other stands by', async () => {
    expect((await status(a)).cluster.leader).toBe(true);
    expect((await status(b)).cluster.leader).toBe(false);
    // Every instance keeps an AMI session for actions (click-to-call); only the lock holder ingests events.
    expect((await status(b)).ami.state).toBe('ready');
  });

  it('fans screen pops and Inbox updates out to every instance, recording each call once', async () => {
    const onA = await Api.login(a.url, 'agent', 'agent-pass');
    const onB = new Api(b.url, onA.headers); // the same session cookie works on every instance
    const events = openEvents(onB);
    await events.ready;
    const maria = (await onA.post('/api/customers', { name: 'Maria', phones: ['+306974015758'] })).body;
    await onA.post('/api/customers', { name: 'Oliver', phones: ['+447700900123'] });

    await call('+306974015758');
    const pop = await events.waitFor((e) => e.event === 'screenPop' && e.data.number === '+306974015758');
    expect(pop.data.customer).toMatchObject({ id: maria.id, name: 'Maria' });
    await events.waitFor((e) => e.event === 'entry' && e.data.customerIds.includes(maria.id));
    const timeline = (await onB.get(`/api/customers/${maria.id}/timeline`)).body.items as Json[];
    expect(timeline.filter((e) => e.channel === 'call')).toHaveLength(1);
    expect(events.events.filter((e) => e.event === 'screenPop')).toHaveLength(1);
    expect((await status(b)).ami.ingest.recorded).toBe(0);
    events.close();
  });

  it('the standby takes over when the lock holder stops, with the phone book it was told about', async () => {
    await a.close();
    await eventually(async () => ((await status(b)).cluster.leader ? true : undefined));
    const onB = await Api.login(b.url, 'agent', 'agent-pass');
    const events = openEvents(onB);
    await events.ready;
    await call('+447700900123');
    const pop = await events.waitFor((e) => e.event === 'screenPop' && e.data.number === '+447700900123');
    // Oliver was created on the other instance: the customer event refreshed this phone book.
    expect(pop.data.customer).toMatchObject({ name: 'Oliver' });
    await eventually(async () => ((await status(b)).ami.ingest.recorded === 1 ? true : undefined));
    events.close();
  });
});
