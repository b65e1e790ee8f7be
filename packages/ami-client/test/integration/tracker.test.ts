import { AmiClient, type CallRecord, type CallRingingEvent, CallTracker } from '@pbxkit/ami-client';
import { CallScenarioBuilder, FakeAmiServer } from '@pbxkit/ami-client/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup() {
  const server = await FakeAmiServer.start({ secret: 'x', timeScale: 0.002 });
  const client = new AmiClient({
    host: '127.0.0.1',
    port: server.port,
    username: 'admin',
    secret: 'x',
    source: 'pbx-1',
    keepalive: { intervalMs: 0 },
    reconnect: { initialDelayMs: 5, maxDelayMs: 20 },
  });
  client.on('error', () => undefined);
  const tracker = new CallTracker({ pbx: client.source, profile: 'freepbx' });
  tracker.attach(client);
  const records: CallRecord[] = [];
  const ringing: CallRingingEvent[] = [];
  tracker.on('callEnded', (r) => records.push(r));
  tracker.on('callRinging', (e) => ringing.push(e));
  cleanups.push(() => server.close());
  cleanups.push(() => client.close());
  cleanups.push(() => tracker.close());
  await client.connect();
  return { server, client, tracker, records, ringing };
}

describe('CallTracker over the fake server', () => {
  it('turns a scenario played in (scaled) real time into the expected records', async () => {
    const { server, records, ringing } = await setup();
    const scenario = new CallScenarioBuilder({ names: { '101': 'Alice' } })
      .inbound({
        from: '+306974015758',
        name: 'Zoë Müller',
        did: '2105551000',
        extension: '101',
        ringMs: 2500,
        talkMs: 3000,
      })
      .queue({
        from: '+447700900123',
        did: '2105551400',
        queue: '400',
        members: ['102', '103'],
        answeredBy: '103',
      })
      .outbound({ extension: '102', to: '00306971112233', outcome: 'busy' })
      .build();
    await server.play(scenario);
    await vi.waitFor(() => expect(records).toHaveLength(3));
    for (const [i, e] of scenario.calls.entries()) {
      expect(records[i]).toMatchObject({
        pbx: 'pbx-1',
        callId: e.callId,
        direction: e.direction,
        from: expect.objectContaining({ number: e.from.number }),
        to: { number: e.to.number },
        extension: e.extension,
        disposition: e.disposition,
        ringSeconds: e.ringSeconds,
        talkSeconds: e.talkSeconds,
      });
    }
    expect(records[0]?.from.name).toBe('Zoë Müller');
    expect(ringing[0]).toMatchObject({
      extensions: ['101'],
      caller: { number: '+306974015758' },
      did: '2105551000',
    });
    expect(ringing.filter((r) => r.callId === scenario.calls[1]?.callId).at(-1)?.extensions).toEqual([
      '102',
      '103',
    ]);
  });

  it('click-to-call through the client produces an outbound record', async () => {
    const { client, records } = await setup();
    const result = await client.clickToCall({ extension: '101', number: '00306974015758' });
    expect(result.success).toBe(true);
    await vi.waitFor(() => expect(records).toHaveLength(1), { timeout: 3000 });
    expect(records[0]).toMatchObject({
      direction: 'outbound',
      extension: '101',
      to: { number: '00306974015758' },
      disposition: 'answered',
    });
  });

  it('marks calls that overlap a reconnect incomplete and resyncs from CoreShowChannels', async () => {
    const { server, client, records, tracker } = await setup();
    const b = new CallScenarioBuilder();
    b.inbound({ from: '+306974015758', did: '2105551000', extension: '101', ringMs: 1000, talkMs: 60_000 });
    const scenario = b.build();
    // Play up to the answer, drop the connection, then let the call end while we are back.
    const cut = scenario.events.findIndex((e) =>
      e.headers.some(([k, v]) => k === 'Event' && v === 'BridgeEnter'),
    );
    await server.play({ ...scenario, events: scenario.events.slice(0, cut) });
    await vi.waitFor(() => expect(tracker.stats.activeCalls).toBe(1));
    const back = new Promise((r) => client.once('reconnected', r));
    server.dropConnections();
    await back;
    await vi.waitFor(() =>
      expect(server.received.some((a) => a.get('Action') === 'CoreShowChannels')).toBe(true),
    );
    await server.play({ ...scenario, events: scenario.events.slice(cut) }, { timeScale: 0 });
    await vi.waitFor(() => expect(records).toHaveLength(1));
    expect(records[0]).toMatchObject({ incomplete: true, disposition: 'answered', extension: '101' });
  });

  it('ends calls that vanished during the gap', async () => {
    const { server, client, records, tracker } = await setup();
    const scenario = new CallScenarioBuilder()
      .inbound({ from: '1', did: '2', extension: '101', talkMs: 60_000 })
      .build();
    const cut = scenario.events.findIndex((e) =>
      e.headers.some(([k, v]) => k === 'Event' && v === 'BridgeEnter'),
    );
    await server.play({ ...scenario, events: scenario.events.slice(0, cut) });
    await vi.waitFor(() => expect(tracker.active()).toHaveLength(1));
    // The PBX restarted: its channels are gone, and no Hangup was ever sent.
    const reconnected = new Promise((r) => client.once('reconnected', r));
    server.restart();
    await reconnected;
    await vi.waitFor(() => expect(records).toHaveLength(1));
    expect(records[0]?.incomplete).toBe(true);
    expect(tracker.stats.activeCalls).toBe(0);
  });
});

describe('CallTracker bounds', () => {
  const scenario = (n: number) => {
    const b = new CallScenarioBuilder({ noise: false });
    for (let i = 0; i < n; i++)
      b.inbound({ from: `+30${i}`, did: '2105551000', extension: '101', at: i * 10, talkMs: 60_000 });
    return b.build();
  };

  it('evicts the oldest call beyond maxActiveCalls, counted and marked incomplete', async () => {
    const { scenarioMessages } = await import('@pbxkit/ami-client/testing');
    const tracker = new CallTracker({ maxActiveCalls: 3 });
    const ended: CallRecord[] = [];
    tracker.on('callEnded', (r) => ended.push(r));
    const s = scenario(5);
    const roots = scenarioMessages(s).filter(
      (x) => x.name === 'Newchannel' && x.get('Uniqueid') === x.get('Linkedid'),
    );
    for (const m of roots) tracker.push(m);
    expect(tracker.stats.activeCalls).toBe(3);
    expect(tracker.stats.evicted).toBe(2);
    expect(ended.map((r) => r.incomplete)).toEqual([true, true]);
    tracker.flush();
    expect(ended).toHaveLength(5);
    expect(tracker.stats.activeChannels).toBe(0);
    tracker.close();
  });

  it('evicts calls idle beyond the TTL on the timer tick (injected clock)', async () => {
    vi.useFakeTimers();
    try {
      const { scenarioMessages } = await import('@pbxkit/ami-client/testing');
      let now = Date.UTC(2026, 0, 1);
      const tracker = new CallTracker({ callTtlMs: 60_000, tickMs: 1000, now: () => now });
      const ended: CallRecord[] = [];
      tracker.on('callEnded', (r) => ended.push(r));
      for (const m of scenarioMessages(scenario(1), now).slice(0, 3)) tracker.push(m);
      now += 120_000;
      vi.advanceTimersByTime(1000);
      expect(ended).toHaveLength(1);
      expect(ended[0]?.incomplete).toBe(true);
      expect(tracker.stats.evicted).toBe(1);
      tracker.close();
    } finally {
      vi.useRealTimers();
    }
  });

  it('waits endGraceMs for a late Cdr carrying the recording', async () => {
    const { scenarioMessages } = await import('@pbxkit/ami-client/testing');
    const { AmiMessage } = await import('@pbxkit/ami-client');
    const s = new CallScenarioBuilder()
      .inbound({ from: '+301', did: '2105551000', extension: '101' })
      .build();
    const msgs = scenarioMessages(s);
    const last = msgs.at(-1) as InstanceType<typeof AmiMessage>;
    const cdr = AmiMessage.fromHeaders([
      ['Event', 'Cdr'],
      ['UniqueID', s.calls[0]?.callId ?? ''],
      ['recordingfile', 'in-2105551000-301.wav'],
    ]);
    cdr.receivedAt = last.receivedAt + 500;
    const later = AmiMessage.fromHeaders([['Event', 'Ping']]);
    later.receivedAt = last.receivedAt + 5000;
    const tracker = new CallTracker({ endGraceMs: 2000 });
    const ended: CallRecord[] = [];
    tracker.on('callEnded', (r) => ended.push(r));
    for (const m of [...msgs, cdr]) tracker.push(m);
    expect(ended).toHaveLength(0);
    tracker.push(later);
    expect(ended).toHaveLength(1);
    expect(ended[0]?.recording).toBe('in-2105551000-301.wav');
    tracker.close();
  });
});
