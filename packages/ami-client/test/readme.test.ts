import { AmiClient, type CallRecord, CallTracker } from '@pbxkit/ami-client';
import { CallScenarioBuilder, FakeAmiServer } from '@pbxkit/ami-client/testing';
import { expect, it, vi } from 'vitest';

// The README's "No PBX at hand?" example, verbatim in substance.
it('README example: fake server, client, tracker, scenario', async () => {
  const server = await FakeAmiServer.start({ secret: 'demo', timeScale: 0.01 });
  const ami = new AmiClient({ host: '127.0.0.1', port: server.port, username: 'admin', secret: 'demo' });
  const tracker = new CallTracker({ pbx: 'demo' });
  tracker.attach(ami);
  const records: CallRecord[] = [];
  tracker.on('callEnded', (r) => records.push(r));
  try {
    await ami.connect();
    await server.play(
      new CallScenarioBuilder()
        .inbound({ from: '+306974015758', did: '2105551000', extension: '101', ringMs: 2500, talkMs: 3000 })
        .queue({
          from: '+447700900123',
          did: '2105551400',
          queue: '400',
          members: ['102', '103'],
          answeredBy: '103',
        })
        .build(),
    );
    await vi.waitFor(() => expect(records).toHaveLength(2));
    expect(records.map((r) => [r.from.number, r.extension, r.disposition])).toEqual([
      ['+306974015758', '101', 'answered'],
      ['+447700900123', '103', 'answered'],
    ]);
  } finally {
    tracker.close();
    await ami.close();
    await server.close();
  }
});
