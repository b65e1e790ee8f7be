import assert from 'node:assert/strict';
import type { CommsLogStore, InsertOrGetItem } from '../store.js';
import type { CommsEntry, FollowUp, RecordInput } from '../types.js';
import { makeCallInput, makeMessageInput } from './fixtures.js';
import { type ConformanceCase, logWithEvents, type RecordedEvent } from './harness.js';

const t = (min: number) => new Date(Date.UTC(2026, 0, 15, 8, min));

/**
 * The store with its optional follow-up steps taken away: `insertOrGet`/`insertOrGetMany` get items without
 * `followUp`, and `applyFollowUpStep` is gone, so the log applies every step itself through
 * `hasContactSince`, `openFollowUp` and `closeFollowUps`. The reference the store's own steps are held to.
 */
function withoutSteps(store: CommsLogStore): CommsLogStore {
  const strip = ({ followUp: _step, ...item }: InsertOrGetItem) => item;
  return new Proxy(store, {
    get(target, prop) {
      if (prop === 'insertOrGet' && target.insertOrGet)
        return (entry: CommsEntry, options: { match: boolean }) =>
          target.insertOrGet?.(entry, { match: options.match });
      if (prop === 'applyFollowUpStep') return undefined;
      if (prop === 'insertOrGetMany' && target.insertOrGetMany)
        return (items: InsertOrGetItem[]) => target.insertOrGetMany?.(items.map(strip));
      const value = Reflect.get(target, prop);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/**
 * Calls that set the stage (recorded one by one), then a batch of new calls on phones `+3069<run>00000<k>`:
 * closes by an answered call and by a callback, new misses, a miss that joins an open follow-up, one a
 * later answered call settled already, a phone twice in the batch, our own number, and a message.
 */
function scenario(run: number): { stage: RecordInput[]; batch: RecordInput[] } {
  const p = (k: number) => `+3069${run}00000${k}`;
  const call = (k: number, min: number, overrides: Partial<RecordInput>) =>
    makeCallInput({
      externalId: `fu${run}.${k}.${min}`,
      occurredAt: t(min),
      counterpart: { phone: p(k) },
      ...overrides,
    });
  const missed = { status: 'missed' as const, data: { extension: '201', ringSeconds: 20 } };
  return {
    stage: [call(1, 1, missed), call(2, 1, missed), call(6, 30, {}), call(8, 1, missed)],
    batch: [
      call(1, 10, {}),
      call(2, 10, { direction: 'outbound' }),
      call(3, 10, missed),
      call(4, 10, missed),
      makeMessageInput({ externalId: `wamid.fu${run}`, counterpart: { phone: p(4) } }),
      call(5, 10, { ...missed, status: 'abandoned' }),
      call(4, 12, {}),
      call(6, 20, missed),
      call(7, 10, { ...missed, counterpart: { phone: '+302101234567' } }),
      call(8, 5, missed),
    ],
  };
}

/** A follow-up with its phone's run digit and its entries' ids replaced by their keys, for comparing runs. */
async function shape(store: CommsLogStore, f: FollowUp) {
  const key = async (id: string | undefined) =>
    id === undefined ? undefined : (await store.getEntry(id))?.externalId.replace(/^fu\d/, 'fu');
  const { id: _id, phone, entryIds, closedByEntryId, ...rest } = f;
  return {
    ...rest,
    phone: phone.slice(-1),
    entries: await Promise.all(entryIds.map(key)),
    closedBy: await key(closedByEntryId),
  };
}

/** The events in order, each named by its entry's key or its follow-up's phone (last digit). */
const trace = (events: RecordedEvent[]) =>
  events.map(({ name, args }) => {
    const [first, second] = args as [CommsEntry & FollowUp, boolean];
    if (name === 'recorded' || name === 'updated') return `${name} ${first.externalId.replace(/^\D+\d/, '')}`;
    if (name === 'followUpOpened') return `${name} ${first.phone.slice(-1)} created=${second}`;
    return `${name} ${first.phone?.slice(-1)}`;
  });

/** Follow-ups: a store that applies the log's follow-up steps with its inserts must do what the log does. */
export const followUpCases: ConformanceCase[] = [
  {
    name: 'follow-ups: a batch of new calls opens, joins and closes follow-ups as the one-phone steps do',
    async run(store) {
      const runs = [];
      for (const [run, s] of [
        [1, withoutSteps(store)],
        [2, store],
      ] as const) {
        const { log, events } = logWithEvents(s);
        const { stage, batch } = scenario(run);
        for (const input of stage) await log.record(input);
        events.length = 0;
        await log.recordMany(batch);
        const mine = async (state: 'open' | 'closed') =>
          (await log.followUps({ state }, { limit: 100 })).items.filter((f) =>
            f.phone.startsWith(`+3069${run}`),
          );
        const followUps = [...(await mine('open')), ...(await mine('closed'))];
        followUps.sort((a, b) => a.phone.localeCompare(b.phone) || a.state.localeCompare(b.state));
        runs.push({
          followUps: await Promise.all(followUps.map((f) => shape(store, f))),
          events: trace(events),
        });
        // A replay of the batch changes nothing and reports nothing.
        events.length = 0;
        assert.ok((await log.recordMany(batch)).every((r) => r.outcome === 'unchanged'));
        assert.deepEqual(events, []);
      }
      const [reference, direct] = runs;
      assert.deepEqual(direct, reference);
      // The reference is what the scenario means: 1 and 2 closed, 3 and 5 opened, 8 joined; nothing for 4
      // (its answered call in the same batch is contact after the miss), 6 (answered later) or 7 (our own
      // number).
      assert.deepEqual(
        reference?.followUps.map((f) => `${f.phone} ${f.state} ${f.closedReason ?? ''} ${f.entries.length}`),
        ['1 closed answered 1', '2 closed called-back 1', '3 open  1', '5 open  1', '8 open  2'],
      );
      assert.equal(reference?.events.filter((e) => e.startsWith('followUpOpened 8 created=false')).length, 1);
    },
  },
];
