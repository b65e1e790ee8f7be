import { EventEmitter } from 'node:events';
import { createCallerLookup } from '@pbxkit/caller-lookup';
import { CommsLogValidationError, createCommsLog } from '@pbxkit/comms-log';
import { createMemoryStore } from '@pbxkit/comms-log/memory';
import { makeCallRecord, withStoreFaults } from '@pbxkit/comms-log/testing';
import { describe, expect, it } from 'vitest';
import { LiveHub } from '../live.js';
import type { UserRepository } from '../store/users.js';
import { type CallIngestDeps, ingestCalls, type TrackerLike } from './calls.js';

/** A tracker, a log over a store that can fail on cue, and call ingestion between them. */
function setup(overrides: Partial<CallIngestDeps> = {}) {
  const tracker = new EventEmitter();
  const faulty = withStoreFaults(createMemoryStore());
  const log = createCommsLog({ store: faulty.store });
  const errors: string[] = [];
  const stats = ingestCalls(tracker as unknown as TrackerLike, 'asterisk', {
    log,
    lookup: createCallerLookup({ providers: [] }),
    users: { byExtensions: async () => [] } as unknown as UserRepository,
    live: new LiveHub(),
    defaultRegion: 'GR',
    lookupDeadlineMs: 50,
    isActive: () => true,
    onError: (_e, what) => errors.push(what),
    retryDelaysMs: [5, 5, 5],
    ...overrides,
  });
  // Ends a call and waits until its write has landed or been given up.
  const ended = async (callId: string) => {
    tracker.emit('callEnded', makeCallRecord({ callId }));
    for (let i = 0; i < 500 && stats.recorded + stats.failed < stats.ended; i++)
      await new Promise((resolve) => setTimeout(resolve, 10));
  };
  return { faulty, log, stats, errors, ended };
}

describe('call ingestion', () => {
  it('writes a call through a store outage: the write is tried again until it lands', async () => {
    const { faulty, log, stats, errors, ended } = setup();
    faulty.fail('insertOrGet', undefined, 2);
    await ended('1768467600.42');
    expect(stats).toMatchObject({ ended: 1, recorded: 1, retried: 2, failed: 0 });
    expect(errors).toEqual([
      'call pbx-1/1768467600.42 (attempt 1; again in 5 ms)',
      'call pbx-1/1768467600.42 (attempt 2; again in 5 ms)',
    ]);
    expect((await log.inbox({ channel: 'call' })).items.map((e) => e.externalId)).toEqual([
      expect.stringContaining('1768467600.42'),
    ]);
  });

  it('gives up on a failure no retry can mend, and when the retries run out or the server stops', async () => {
    const bad = setup();
    bad.faulty.fail('insertOrGet', new CommsLogValidationError('bad entry', []));
    await bad.ended('a');
    expect(bad.stats).toMatchObject({ recorded: 0, retried: 0, failed: 1 });

    const long = setup();
    long.faulty.fail('insertOrGet', undefined, 10);
    await long.ended('b');
    expect(long.stats).toMatchObject({ recorded: 0, retried: 3, failed: 1 });

    const stopping = new AbortController();
    const stopped = setup({ signal: stopping.signal, retryDelaysMs: [60_000] });
    stopped.faulty.fail('insertOrGet');
    setTimeout(() => stopping.abort(), 10);
    await stopped.ended('c');
    expect(stopped.stats).toMatchObject({ recorded: 0, retried: 1, failed: 1 });
  });
});
