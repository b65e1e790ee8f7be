import { randomBytes } from 'node:crypto';
import {
  type CommsEntry,
  type CommsLogError,
  createCommsLog,
  type OpenFollowUpStep,
  type RecordInput,
} from '@pbxkit/comms-log';
import { createPostgresStore } from '@pbxkit/comms-log/postgres';
import { makeCallInput } from '@pbxkit/comms-log/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { uuidv7 } from '../src/internal/ids.js';
import { createEntry } from '../src/merge.js';
import { MAX_STEPS_PER_STATEMENT } from '../src/postgres/follow-ups.js';
import { recordInputSchema } from '../src/schemas.js';

// The Postgres store applies a new call's follow-up step in the statement that inserts it (issue 7).
const pool = new pg.Pool({ connectionString: inject('commsLogDatabaseUrl'), max: 8 });
const schema = `fu_${randomBytes(5).toString('hex')}`;
let statements: string[] = [];
const counted = {
  query(query: string | { text: string }, params?: unknown[]) {
    statements.push(typeof query === 'string' ? query : query.text);
    return pool.query(query as string, params);
  },
};
const store = createPostgresStore({ db: counted, schema, namedStatements: true });
beforeAll(() => store.migrate());
afterAll(async () => {
  await pool.query(`DROP SCHEMA "${schema}" CASCADE`);
  await pool.end();
});

const at = (min: number) => new Date(Date.UTC(2026, 0, 15, 8, min));
const phone = (tag: number, k: number) => `+3069${tag}${String(k).padStart(6, '0')}`;
const missed = (tag: number, k: number, min: number): RecordInput =>
  makeCallInput({
    externalId: `steps.${tag}.${k}.${min}.missed`,
    occurredAt: at(min),
    counterpart: { phone: phone(tag, k) },
    status: 'missed',
    data: { extension: '201', ringSeconds: 20 },
  });
const answered = (tag: number, k: number, min: number): RecordInput =>
  makeCallInput({
    externalId: `steps.${tag}.${k}.${min}.answered`,
    occurredAt: at(min),
    counterpart: { phone: phone(tag, k) },
  });

/** A log over the store with every error event kept. */
function log() {
  const errors: CommsLogError[] = [];
  const l = createCommsLog({ store, ownNumbers: ['+302101234567'] });
  l.on('error', (e) => errors.push(e));
  return { log: l, errors };
}

const NOW = new Date(Date.UTC(2026, 0, 15, 12));
/** An input as the new entry the log would draft for the store. */
const draft = (input: RecordInput): CommsEntry => createEntry(recordInputSchema.parse(input), uuidv7(), NOW);
/** The `open` step of a missed call's draft. */
const openStep = (e: CommsEntry): OpenFollowUpStep => ({
  kind: 'open',
  id: uuidv7(),
  phone: e.counterpart.phone as string,
  missedAt: e.occurredAt,
});

/** Waits until `n` statements wait for the follow-up lock of `phone` (held by another session). */
async function waiting(phone: string, n: number): Promise<void> {
  for (let tries = 0; tries < 500; tries++) {
    const { rows } = await pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND objsubid = 2
         AND objid::bigint = (hashtext($1)::bigint + 4294967296) % 4294967296`,
      [phone],
    );
    if (rows[0]?.n === n) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`${n} statements never waited for ${phone}'s lock`);
}

/** Runs `work` while another session holds the follow-up lock of `phone`, and releases it after. */
async function withPhoneLocked<T>(phone: string, work: () => Promise<T>): Promise<T> {
  const holder = await pool.connect();
  try {
    await holder.query('BEGIN');
    await holder.query('SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))', [
      store.tables.followUps,
      phone,
    ]);
    return await work();
  } finally {
    await holder.query('COMMIT');
    holder.release();
  }
}

describe('follow-up steps in the insert statement', () => {
  it('a batch of new calls on distinct phones is one statement, its follow-ups included', async () => {
    const { log: l, errors } = log();
    await l.record(missed(1, 1, 1));
    statements = [];
    const results = await l.recordMany([
      answered(1, 1, 5),
      missed(1, 2, 5),
      { ...answered(1, 3, 5), direction: 'outbound' },
      missed(1, 4, 5),
    ]);
    expect(results.map((r) => r.outcome)).toEqual(['created', 'created', 'created', 'created']);
    expect(statements).toHaveLength(1);
    const open = (await l.followUps({ state: 'open' }, { limit: 10 })).items;
    expect(open.map((f) => f.phone).sort()).toEqual([phone(1, 2), phone(1, 4)]);
    const [closed] = (await l.followUps({ state: 'closed', phone: phone(1, 1) })).items;
    expect([closed?.closedReason, closed?.closedByEntryId]).toEqual(['answered', results[0]?.entry.id]);
    expect(errors).toEqual([]);

    // A phone twice in one batch keeps call order through the log's own one-phone steps: more statements.
    statements = [];
    await l.recordMany([missed(1, 5, 6), answered(1, 5, 7)]);
    expect(statements.length).toBeGreaterThan(1);
    expect((await l.followUps({ state: 'open', phone: phone(1, 5) })).items).toEqual([]);
  });

  it('a store call with two steps for one phone applies neither and leaves both to the caller', async () => {
    const [m, a, other] = [missed(4, 1, 1), answered(4, 1, 2), missed(4, 2, 1)].map(draft) as CommsEntry[];
    const results = await store.insertOrGetMany([
      { entry: m as CommsEntry, match: true, followUp: openStep(m as CommsEntry) },
      {
        entry: a as CommsEntry,
        match: true,
        followUp: {
          kind: 'close',
          phone: phone(4, 1),
          before: a?.occurredAt as Date,
          at: NOW,
          reason: 'answered',
        },
      },
      { entry: other as CommsEntry, match: true, followUp: openStep(other as CommsEntry) },
    ]);
    expect(results.map((r) => [r.inserted, r.followUps?.opened?.created])).toEqual([
      [true, undefined],
      [true, undefined],
      [true, true],
    ]);
    expect(results.map((r) => r.followUps === undefined)).toEqual([true, true, false]);
    expect((await store.listFollowUps({ phone: phone(4, 1) }, { limit: 5 })).length).toBe(0);
  });

  it('a statement applies at most MAX_STEPS_PER_STATEMENT steps (each holds a lock); the log applies the rest', async () => {
    const n = MAX_STEPS_PER_STATEMENT + 8;
    const items = Array.from({ length: n }, (_, k) => draft(missed(5, k, 1))).map((entry) => ({
      entry,
      match: true,
      followUp: openStep(entry),
    }));
    const results = await store.insertOrGetMany(items);
    expect(results.filter((r) => r.followUps?.opened?.created).length).toBe(MAX_STEPS_PER_STATEMENT);
    expect(results.slice(MAX_STEPS_PER_STATEMENT).every((r) => r.inserted && r.followUps === undefined)).toBe(
      true,
    );
    // Through the log, every miss of a big batch gets its follow-up: the rest by the log's own steps.
    const { log: l, errors } = log();
    await l.recordMany(Array.from({ length: n }, (_, k) => missed(6, k, 1)));
    const open = await l.followUps({ state: 'open' }, { limit: n + 10 });
    expect(open.items.filter((f) => f.phone.startsWith('+30696')).length).toBe(n);
    expect(errors).toEqual([]);
  });

  it('crossing batches (one closes X and joins Y, the other the reverse) queue instead of deadlocking', async () => {
    // Each batch closes one set of phones while joining the other's: without one lock order for phones,
    // the two statements would each hold row locks the other waits for.
    const pairs = 16; // 32 steps a batch, within MAX_STEPS_PER_STATEMENT: every step in its statement
    const { log: setup } = log();
    const a = log();
    const b = log();
    for (const round of [0, 1, 2, 3, 4, 5]) {
      const min = 1 + round * 20;
      const xs = Array.from({ length: pairs }, (_, k) => k + round * pairs);
      await setup.recordMany(xs.flatMap((k) => [missed(2, k, min), missed(3, k, min)]));
      const settled = await Promise.allSettled([
        a.log.recordMany(xs.flatMap((k) => [answered(2, k, min + 9), missed(3, k, min + 9)])),
        b.log.recordMany(xs.flatMap((k) => [answered(3, k, min + 10), missed(2, k, min + 10)])),
      ]);
      expect(settled.filter((s) => s.status === 'rejected')).toEqual([]);
      // In either order X's later miss stays in X's one open follow-up: it joined the open one before the
      // answered call (one minute earlier), which then left it open, or it opened a new one after the close.
      for (const k of xs) {
        const late = await store.getEntryByKey('asterisk', missed(2, k, min + 10).externalId);
        const open = (await a.log.followUps({ state: 'open', phone: phone(2, k) })).items;
        expect(open.map((f) => f.entryIds.includes(late?.id as string))).toEqual([true]);
      }
    }
    expect([...a.errors, ...b.errors]).toEqual([]);
  });
  it('a miss and a later answered call of one number, committing at the same moment, leave no follow-up open', async () => {
    // Both statements start, and take their snapshots, while another session holds the number's lock. Once it
    // is released, the one that asked first commits, and the other, which waited for the lock, must see that
    // commit: the close must find the miss's new follow-up, or the open must find the answered call.
    for (const [k, missFirst] of [
      [0, true],
      [1, false],
    ] as const) {
      const x = phone(7, k);
      const a = log();
      const b = log();
      const [first, second] = missFirst
        ? [() => a.log.record(missed(7, k, 1)), () => b.log.record(answered(7, k, 2))]
        : [() => b.log.record(answered(7, k, 2)), () => a.log.record(missed(7, k, 1))];
      const writes = await withPhoneLocked(x, async () => {
        const one = first();
        await waiting(x, 1);
        const two = second();
        await waiting(x, 2);
        return [one, two];
      });
      await Promise.all(writes);
      const followUps = await store.listFollowUps({ phone: x }, { limit: 5 });
      // The miss first: its follow-up opened, and the answered call closed it. The answered call first: the
      // miss, older than the contact, opened none.
      expect(followUps.map((f) => [f.state, f.closedReason])).toEqual(
        missFirst ? [['closed', 'answered']] : [],
      );
      expect([...a.errors, ...b.errors]).toEqual([]);
    }
  });
  it("a step applied after the write (the store's applyFollowUpStep) checks for contact under the number's lock", async () => {
    // A miss already stored, its step waiting for the lock while the number's answered call commits: the
    // step must see that call and open nothing (two statements, a check then an open, would have opened).
    const [miss, call] = [missed(8, 1, 1), answered(8, 1, 2)].map(draft) as [CommsEntry, CommsEntry];
    await store.insertOrGetMany([{ entry: miss, match: true }]);
    const x = phone(8, 1);
    const changes = await withPhoneLocked(x, async () => {
      const step = store.applyFollowUpStep(openStep(miss), miss);
      await waiting(x, 1);
      await store.insertOrGetMany([{ entry: call, match: true }]);
      return { step }; // not the promise itself: it settles only once the lock is released
    });
    expect(await changes.step).toEqual({ closed: [] });
    expect(await store.listFollowUps({ phone: x }, { limit: 5 })).toEqual([]);
    // Without contact it opens, and a replay changes nothing.
    const other = draft(missed(8, 2, 1));
    await store.insertOrGetMany([{ entry: other, match: true }]);
    const step = openStep(other);
    const opened = await store.applyFollowUpStep(step, other);
    expect([opened.opened?.created, opened.opened?.followUp.entryIds]).toEqual([true, [other.id]]);
    expect(await store.applyFollowUpStep(step, other)).toEqual({ closed: [] });
  });
});
