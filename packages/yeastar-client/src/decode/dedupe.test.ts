import { expect, test } from 'vitest';
import { EventDeduplicator } from './dedupe.js';
import type { YeastarEvent } from './events.js';

const ring = (ext: string, status = 'Ringing'): YeastarEvent => ({
  kind: 'extensionCallStatus',
  type: 30008,
  sn: 'SN',
  source: 'p-series',
  msg: { extension: ext, status },
});
const cdr = (uid: string): YeastarEvent => ({
  kind: 'newCdr',
  type: 30012,
  sn: 'SN',
  source: 'p-series',
  callId: '1.1',
  cdr: {
    callId: '1.1',
    uid,
    timeStart: '',
    from: '',
    to: '',
    callDuration: 1,
    talkDuration: 0,
    srcTrunk: '',
    dstTrunk: '',
    status: 'ANSWERED',
    type: 'internal',
    recording: '',
    did: '',
    agentRingTime: 0,
    pinCode: '',
  },
});

test('state pings repeat after the short window; CDRs stay deduplicated for the long one', () => {
  const d = new EventDeduplicator({ windowMs: 60_000, stateWindowMs: 2_000 });
  expect(d.accept(ring('1'), 0)).toBe(true);
  expect(d.accept(ring('1'), 500)).toBe(false); // the copy from the other transport
  expect(d.accept(ring('1'), 5_000)).toBe(true); // the next call rings the same phone
  expect(d.accept(cdr('u1'), 0)).toBe(true);
  expect(d.accept(cdr('u1'), 59_000)).toBe(false);
  expect(d.accept(cdr('u1'), 61_000)).toBe(true);
  expect(d.accept({ kind: 'bootUp', type: 0, sn: 'SN', source: 's-series' }, 0)).toBe(true);
  expect(d.accept({ kind: 'bootUp', type: 0, sn: 'SN', source: 's-series' }, 0)).toBe(true);
});

test('memory is bounded: the oldest keys go first', () => {
  const d = new EventDeduplicator({ maxKeys: 3 });
  for (const u of ['a', 'b', 'c', 'd']) d.accept(cdr(u), 0);
  expect(d.size).toBe(3);
  expect(d.accept(cdr('a'), 1)).toBe(true); // forgotten
  expect(d.accept(cdr('d'), 1)).toBe(false);
  d.accept(cdr('x'), 10_000_000); // eviction walks out every expired key
  expect(d.size).toBe(1);
});
