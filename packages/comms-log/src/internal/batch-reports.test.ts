import { EventEmitter } from 'eventemitter3';
import { describe, expect, it } from 'vitest';
import type { CommsLogEvents } from '../events.js';
import { createEntry } from '../merge.js';
import { recordInputSchema } from '../schemas.js';
import { makeCallInput, makeMessageInput } from '../testing/fixtures.js';
import type { CommsEntry } from '../types.js';
import { BatchReports, type FollowUpWork } from './batch-reports.js';
import { uuidv7 } from './ids.js';

const NOW = new Date(Date.UTC(2026, 0, 15, 12));
const call = (phone: string): CommsEntry =>
  createEntry(recordInputSchema.parse(makeCallInput({ counterpart: { phone } })), uuidv7(), NOW);

describe('BatchReports', () => {
  it('runs follow-ups of different phones side by side, one phone’s in order, and emits in call order', async () => {
    const events = new EventEmitter<CommsLogEvents>();
    const seen: string[] = [];
    events.on('recorded', (e) => seen.push(`recorded ${e.id}`));
    events.on('updated', (e) => seen.push(`updated ${e.id}`));
    events.on('debug', (message) => seen.push(`debug ${message}`));
    let running = 0;
    let most = 0;
    const started: string[] = [];
    const work: FollowUpWork = async (entry, _previous, sink) => {
      started.push(entry.id);
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running--;
      sink.emit('debug', `done ${entry.id}`);
    };
    const reports = new BatchReports(events, work);
    const [a1, b1, a2] = [
      call('+306900000001'),
      call('+306900000002'),
      call('+306900000001'),
    ] as CommsEntry[];
    const note = createEntry(recordInputSchema.parse(makeMessageInput()), uuidv7(), NOW);
    reports.add(a1 as CommsEntry, undefined);
    reports.add(b1 as CommsEntry, undefined);
    reports.add(note, undefined); // not a call: no follow-up work
    reports.add(a2 as CommsEntry, a1);
    expect(seen).toEqual([]); // held back until flushed
    await reports.flush();
    expect(most).toBe(2); // the two phones at once; the second call of phone 1 waited for the first
    expect(started).toEqual([a1?.id, b1?.id, a2?.id]);
    expect(seen).toEqual([
      `recorded ${a1?.id}`,
      `debug done ${a1?.id}`,
      `recorded ${b1?.id}`,
      `debug done ${b1?.id}`,
      `recorded ${note.id}`,
      `updated ${a2?.id}`,
      `debug done ${a2?.id}`,
    ]);
    await reports.flush(); // nothing pending: nothing emitted again
    expect(seen).toHaveLength(7);
  });

  it('reports follow-up changes the store made with the write, in call order, without running the work', async () => {
    const events = new EventEmitter<CommsLogEvents>();
    const seen: string[] = [];
    events.on('recorded', (e) => seen.push(`recorded ${e.id}`));
    events.on('followUpOpened', (f, created) => seen.push(`opened ${f.id} ${created}`));
    events.on('followUpClosed', (f) => seen.push(`closed ${f.id}`));
    const ran: string[] = [];
    const reports = new BatchReports(events, async (entry) => {
      ran.push(entry.id);
    });
    const [missed, answered, other] = [
      call('+306900000001'),
      call('+306900000002'),
      call('+306900000003'),
    ] as CommsEntry[];
    const followUp = (id: string, state: 'open' | 'closed') => ({
      id,
      phone: '+306900000001',
      state,
      entryIds: [],
      firstMissedAt: NOW,
      lastMissedAt: NOW,
    });
    reports.add(missed as CommsEntry, undefined, {
      opened: { followUp: followUp('f1', 'open'), created: true, changed: true },
      closed: [],
    });
    reports.add(answered as CommsEntry, undefined, { closed: [followUp('f2', 'closed')] });
    reports.add(other as CommsEntry, undefined, { closed: [] });
    await reports.flush();
    expect(ran).toEqual([]);
    expect(seen).toEqual([
      `recorded ${missed?.id}`,
      'opened f1 true',
      `recorded ${answered?.id}`,
      'closed f2',
      `recorded ${other?.id}`,
    ]);
  });

  it('without follow-ups only holds the events back', async () => {
    const events = new EventEmitter<CommsLogEvents>();
    const seen: string[] = [];
    events.on('recorded', (e) => seen.push(e.id));
    const reports = new BatchReports(events, undefined);
    const e = call('+306900000001');
    reports.add(e, undefined);
    await reports.flush();
    expect(seen).toEqual([e.id]);
  });
});
