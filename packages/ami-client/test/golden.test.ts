import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type CallRecord, replayAmi } from '../src/index.js';

// Golden tests: every capture recorded from a real Asterisk 20.20.1 (test/fixtures/README.md) must
// produce exactly the calls of its .truth.json. Truth vocabulary → CallRecord vocabulary:
//   disposition ANSWERED → answered, NO ANSWER → missed, BUSY → busy;
//   direction "outbound(originate)" → outbound with from.number '' (an Originate has no caller);
//   extension "101 then blind-transferred to 102" → extension 101 + a blind transfer to 102;
//   extension "queue 400 -> agent 102" → extension 102 (the agent who answered);
//   ring/talk seconds: the truth is what the lab timers did, "approx ±1 s" (fixture README).
const DIR = fileURLToPath(new URL('./fixtures/', import.meta.url));
const scenarios = readdirSync(DIR)
  .filter((f) => f.endsWith('.truth.json'))
  .map((f) => f.replace('.truth.json', ''));

interface TruthCall {
  direction: string;
  from: string;
  to: string;
  extension: string;
  answered: boolean;
  disposition: string;
  ring_seconds: number;
  talk_seconds: number;
  linkedid: string;
  caller_name?: string;
  answered_by?: string;
}

const DISPOSITION: Record<string, CallRecord['disposition']> = {
  ANSWERED: 'answered',
  'NO ANSWER': 'missed',
  BUSY: 'busy',
};

function expectMatches(record: CallRecord, truth: TruthCall): void {
  expect(record.callId).toBe(truth.linkedid);
  expect(record.source).toBe('asterisk');
  expect(record.disposition).toBe(DISPOSITION[truth.disposition]);
  expect(record.answeredAt !== undefined).toBe(truth.answered);
  if (truth.direction === 'outbound(originate)') {
    expect(record.direction).toBe('outbound');
    expect(record.from.number).toBe('');
  } else {
    expect(record.direction).toBe(truth.direction);
    expect(record.from.number).toBe(truth.from);
  }
  expect(record.to.number).toBe(truth.to);
  const transfer = /^(\d+) then blind-transferred to (\d+)$/.exec(truth.extension);
  const queue = /^queue (\d+) -> agent (\d+)$/.exec(truth.extension);
  if (transfer) {
    expect(record.extension).toBe(transfer[1]);
    expect(record.transfers).toEqual([
      expect.objectContaining({ kind: 'blind', from: transfer[1], to: transfer[2] }),
    ]);
    expect(record.legs.map((l) => l.extension).filter(Boolean)).toEqual([transfer[1], transfer[2]]);
  } else if (queue) {
    expect(record.extension).toBe(queue[2]);
    expect(
      record.legs.filter((l) => l.extension !== undefined).map((l) => [l.extension, l.disposition]),
    ).toEqual([
      ['102', 'answered'],
      ['103', 'missed'],
    ]);
  } else {
    expect(record.extension).toBe(truth.extension);
    expect(record.transfers).toEqual([]);
  }
  if (truth.direction === 'inbound') expect(record.did).toBe(truth.to);
  if (truth.caller_name !== undefined) expect(record.from.name).toBe(truth.caller_name);
  expect(Math.abs(record.ringSeconds - truth.ring_seconds)).toBeLessThanOrEqual(1);
  expect(Math.abs(record.talkSeconds - truth.talk_seconds)).toBeLessThanOrEqual(1);
  expect(record.incomplete).toBeUndefined();
  expect(record.endedAt?.getTime()).toBeGreaterThanOrEqual(record.startedAt.getTime());
}

describe('golden: real Asterisk 20.20.1 captures → call records', () => {
  it.each(scenarios)('%s', (name) => {
    const truth = JSON.parse(readFileSync(`${DIR}${name}.truth.json`, 'utf8')) as { calls?: TruthCall[] };
    const { records, errors, outputs } = replayAmi(readFileSync(`${DIR}${name}.rx.ami`), { pbx: 'lab' });
    expect(errors).toEqual([]);
    const calls = truth.calls ?? [];
    expect(records.map((r) => r.callId)).toEqual(calls.map((c) => c.linkedid));
    for (const [i, r] of records.entries()) expectMatches(r, calls[i] as TruthCall);
    for (const r of records) expect(r.pbx).toBe('lab');
    // Every answered inbound call popped a screen for the extension before it was answered.
    for (const [i, r] of records.entries()) {
      if (r.direction !== 'inbound') continue;
      const ringing = outputs.filter((o) => o.type === 'callRinging' && o.payload.callId === r.callId);
      expect(ringing.length).toBeGreaterThan(0);
      const first = ringing[0];
      if (first?.type === 'callRinging') {
        expect(first.payload.caller.number).toBe(calls[i]?.from);
        expect(first.payload.extensions.length).toBeGreaterThan(0);
      }
      const answered = outputs.findIndex((o) => o.type === 'callAnswered' && o.payload.callId === r.callId);
      expect(answered === -1).toBe(r.answeredAt === undefined);
      if (answered !== -1) expect(outputs.indexOf(ringing[0] as never)).toBeLessThan(answered);
    }
  });

  it('same records whatever the chunking (1-byte reads)', () => {
    const bytes = readFileSync(`${DIR}06_queue.rx.ami`);
    const a = replayAmi(bytes).records;
    const b = replayAmi(bytes, { chunkSize: 1 }).records;
    expect(b).toEqual(a);
  });

  it('uses Timestamp headers for sub-second durations (timestampevents=yes)', () => {
    const [r] = replayAmi(readFileSync(`${DIR}11_inbound_answered_timestampevents.rx.ami`)).records;
    expect(r?.ringSeconds).toBeCloseTo(2.5, 1);
    expect(r?.talkSeconds).toBeCloseTo(3, 1);
  });
});
