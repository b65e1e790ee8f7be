import assert from 'node:assert/strict';
import { callContribution, summarizeCallStats, zonedDayHour } from '../stats.js';
import type { CallStatsCell } from '../store.js';
import type { CommsEntry } from '../types.js';
import { makeCallInput, makeMessageInput } from './fixtures.js';
import { type ConformanceCase, logWithEvents, shuffle } from './harness.js';

const MARIA = '+306974015758';
const t = (min: number) => new Date(Date.UTC(2026, 0, 15, 8, min));

/** Queries: pagination, Inbox filters, statistics, follow-ups, bad input. */
export const queryCases: ConformanceCase[] = [
  {
    name: 'queries: keyset pages stay stable while entries arrive',
    async run(store) {
      const { log } = logWithEvents(store);
      const original: CommsEntry[] = [];
      // Pairs share an occurredAt so the id tie-break is exercised.
      for (let i = 0; i < 25; i++)
        original.push((await log.record(makeCallInput({ occurredAt: t(Math.floor(i / 2)) }))).entry);
      const seen: string[] = [];
      let cursor: string | undefined;
      let round = 0;
      do {
        const page = await log.inbox({}, { cursor, limit: 7 });
        seen.push(...page.items.map((e) => e.id));
        cursor = page.nextCursor;
        // Newer entries and entries in the already-seen range arrive between pages.
        await log.record(makeCallInput({ occurredAt: t(100 + round) }));
        await log.record(makeCallInput({ occurredAt: t(12) }));
        round++;
      } while (cursor);
      assert.equal(new Set(seen).size, seen.length, 'no entry twice');
      const expected = [...original]
        .sort((a, b) => b.occurredAt.getTime() - a.occurredAt.getTime() || (a.id < b.id ? 1 : -1))
        .map((e) => e.id);
      assert.deepEqual(
        seen.filter((id) => expected.includes(id)),
        expected,
        'every original entry, newest first',
      );
      await assert.rejects(log.inbox({}, { cursor: 'bogus' }), { code: 'VALIDATION' });
    },
  },
  {
    name: 'queries: Inbox filters narrow by every field',
    async run(store) {
      const { log } = logWithEvents(store);
      await log.setCustomerHandles('c1', [{ kind: 'phone', value: MARIA }]);
      const call = (await log.record(makeCallInput({ occurredAt: t(1), data: { extension: '201' } }))).entry;
      const missed = (
        await log.record(
          makeCallInput({
            occurredAt: t(2),
            status: 'missed',
            counterpart: { phone: '+306900000009' },
            data: { extension: '202' },
          }),
        )
      ).entry;
      const wa = (await log.record(makeMessageInput({ occurredAt: t(3), body: 'Where is ORDER #42?' })))
        .entry;
      const out = (
        await log.record(
          makeMessageInput({ occurredAt: t(4), direction: 'outbound', status: 'sent', body: 'Shipped' }),
        )
      ).entry;
      const ids = async (filter: Parameters<typeof log.inbox>[0]) =>
        (await log.inbox(filter)).items.map((e) => e.id);
      assert.deepEqual(await ids({ channel: 'call' }), [missed.id, call.id]);
      assert.deepEqual(await ids({ channel: ['whatsapp'], direction: 'outbound' }), [out.id]);
      assert.deepEqual(await ids({ status: 'missed' }), [missed.id]);
      assert.deepEqual(await ids({ match: 'unmatched' }), [missed.id]);
      assert.deepEqual(await ids({ customerId: 'c1' }), [out.id, wa.id, call.id]);
      assert.deepEqual(await ids({ extension: '202' }), [missed.id]);
      assert.deepEqual(await ids({ phone: '+306900000009' }), [missed.id]);
      assert.deepEqual(await ids({ text: 'order #4' }), [wa.id]);
      assert.deepEqual(await ids({ text: '%' }), [], 'LIKE wildcards are literal');
      assert.deepEqual(await ids({ from: t(2), to: t(4) }), [wa.id, missed.id]);
      await assert.rejects(log.inbox({ channel: 'fax' as never }), { code: 'VALIDATION' });
    },
  },
  {
    name: 'stats: offered, answered, missed, rates and averages per extension, hour and day in a time zone',
    async run(store) {
      const { log } = logWithEvents(store);
      // 21:30 and 22:30 UTC on Jan 15 are 23:30 (Jan 15) and 00:30 (Jan 16) in Athens (UTC+2).
      const at = (h: number) => new Date(Date.UTC(2026, 0, 15, h, 30));
      const calls = [
        {
          occurredAt: at(21),
          status: 'answered',
          data: { extension: '201', ringSeconds: 4, talkSeconds: 100 },
        },
        { occurredAt: at(21), status: 'missed', data: { extension: '201', ringSeconds: 20 } },
        {
          occurredAt: at(22),
          status: 'answered',
          data: { extension: '202', ringSeconds: 8, talkSeconds: 50 },
        },
        { occurredAt: at(22), status: 'abandoned', data: { ringSeconds: 30 } },
        {
          occurredAt: at(22),
          direction: 'outbound',
          status: 'answered',
          data: { extension: '201', talkSeconds: 40 },
        },
        { occurredAt: at(22), status: 'ringing', data: { extension: '201' } },
        { occurredAt: at(22), direction: 'internal', status: 'answered', data: { extension: '201' } },
        { occurredAt: at(23), status: 'answered', data: { extension: '201', talkSeconds: 10 } },
      ] as const;
      for (const c of calls) await log.record(makeCallInput({ ...c, data: { ...c.data } }));
      const s = await log.callStats({ from: at(21), to: at(23), timeZone: 'Europe/Athens' });
      assert.deepEqual(
        [s.totals.offered, s.totals.answered, s.totals.missed, s.totals.answerRate, s.totals.outbound],
        [4, 2, 2, 0.5, 1],
      );
      assert.deepEqual(
        [s.totals.avgRingSeconds, s.totals.avgTalkSeconds, s.totals.avgMissedRingSeconds],
        [6, 75, 25],
      );
      assert.equal(s.totals.avgOutboundTalkSeconds, 40);
      assert.deepEqual(
        s.byDay.map((d) => [d.day, d.offered]),
        [
          ['2026-01-15', 2],
          ['2026-01-16', 2],
        ],
      );
      assert.equal(s.byHour.length, 24);
      assert.deepEqual([s.byHour[23]?.offered, s.byHour[0]?.offered, s.byHour[0]?.missed], [2, 2, 1]);
      const ext = Object.fromEntries(
        s.byExtension.map((e) => [String(e.extension), [e.offered, e.answered, e.outbound]]),
      );
      assert.deepEqual(ext, { '201': [2, 1, 1], '202': [1, 1, 0], null: [1, 0, 0] });
      const utc = await log.callStats({ from: at(21), to: at(23) });
      assert.deepEqual(
        utc.byDay.map((d) => d.day),
        ['2026-01-15'],
      );
      await assert.rejects(log.callStats({ from: at(21), to: at(23), timeZone: 'Mars/Olympus' }), {
        code: 'VALIDATION',
      });
    },
  },
  {
    name: 'stats: live updates, corrections and any time zone agree with a recount of the entries',
    async run(store) {
      const { log } = logWithEvents(store);
      const base = Date.UTC(2026, 2, 28, 20, 10); // spans the Europe/Athens DST change (2026-03-29 01:00 UTC)
      for (let i = 0; i < 40; i++) {
        const at = new Date(base + i * 23 * 60_000);
        const key = `pbx-1/stats.${i}`;
        const direction = i % 5 === 0 ? 'outbound' : i % 11 === 0 ? 'internal' : 'inbound';
        const first = {
          externalId: key,
          occurredAt: at,
          direction,
          counterpart: { phone: '+306900000001' },
        } as const;
        await log.record(makeCallInput({ ...first, status: 'ringing', data: { extension: '200' } }));
        if (i % 3 === 0) await log.record(makeCallInput({ ...first, status: 'ongoing', data: {} }));
        const final = i % 4 === 0 ? 'missed' : 'answered';
        const data = {
          extension: i % 2 ? '201' : '202',
          ringSeconds: i % 7,
          talkSeconds: final === 'answered' ? i * 3 : 0,
        };
        await log.record(makeCallInput({ ...first, status: final, data }));
        if (i % 8 === 0)
          await log.record(
            makeCallInput({ ...first, status: 'answered', data: { ...data, talkSeconds: 99 } }),
          );
        await log.record(makeCallInput({ ...first, status: final, data })); // replay
      }
      // Concurrent writers on the same calls: the statistics must move exactly once per state change.
      const racing = Array.from({ length: 8 }, (_, i) => {
        const first = { externalId: `pbx-1/race.${i}`, occurredAt: new Date(base + i * 7 * 60_000) } as const;
        const final = {
          ...first,
          status: i % 2 ? 'answered' : 'busy',
          data: { extension: '203', ringSeconds: 3 },
        } as const;
        return [
          makeCallInput({ ...first, status: 'ringing', data: { extension: '203' } }),
          makeCallInput({ ...first, status: 'ongoing', data: {} }),
          makeCallInput(final),
          makeCallInput(final),
          makeCallInput({ ...final, status: 'answered', data: { talkSeconds: 12 } }),
        ];
      });
      await Promise.all(shuffle(racing.flat(), 11).map((input) => log.record(input)));
      await log.recordMany(shuffle(racing.flat(), 5));
      const entries = (await log.inbox({ channel: 'call' }, { limit: 500 })).items;
      const ranges: Array<[Date, Date]> = [
        [new Date(base), new Date(base + 40 * 23 * 60_000)],
        [new Date(base + 17 * 60_000), new Date(base + 9 * 3_600_000 + 5 * 60_000)],
        [new Date(base + 30 * 60_000), new Date(base + 40 * 60_000)],
      ];
      for (const timeZone of ['UTC', 'Europe/Athens', 'Asia/Kolkata', 'America/St_Johns', 'Asia/Kathmandu']) {
        for (const [from, to] of ranges) {
          const got = await log.callStats({ from, to, timeZone });
          const inRange = entries.filter((e) => e.occurredAt >= from && e.occurredAt < to);
          const cells: CallStatsCell[] = [];
          for (const e of inRange) {
            const sums = callContribution(e);
            if (!sums) continue;
            cells.push({ kind: 'time', ...zonedDayHour(e.occurredAt, timeZone), ...sums });
            const extension = typeof e.data.extension === 'string' ? e.data.extension : null;
            cells.push({ kind: 'extension', extension, ...sums });
          }
          assert.deepEqual(
            got,
            summarizeCallStats(cells, { from, to, timeZone }),
            `${timeZone} ${from.toISOString()}`,
          );
        }
      }
    },
  },
  {
    name: 'follow-ups: one per missed caller, closed by a later answered call or a callback',
    async run(store) {
      const { log, events } = logWithEvents(store);
      const missed1 = makeCallInput({ occurredAt: t(1), status: 'missed', counterpart: { phone: MARIA } });
      await log.record(missed1);
      await log.record(missed1);
      await log.record(
        makeCallInput({ occurredAt: t(2), status: 'abandoned', counterpart: { phone: MARIA } }),
      );
      let open = await log.followUps();
      assert.equal(open.items.length, 1);
      assert.equal(open.items[0]?.entryIds.length, 2);
      assert.deepEqual([open.items[0]?.firstMissedAt, open.items[0]?.lastMissedAt], [t(1), t(2)]);
      await log.record(
        makeCallInput({
          occurredAt: t(3),
          direction: 'outbound',
          status: 'ringing',
          counterpart: { phone: MARIA },
        }),
      );
      assert.equal((await log.followUps()).items.length, 0);
      const [closed] = (await log.followUps({ state: 'closed' })).items;
      assert.equal(closed?.closedReason, 'called-back');
      // A late record of an earlier missed call does not reopen it.
      await log.record(makeCallInput({ occurredAt: t(0), status: 'missed', counterpart: { phone: MARIA } }));
      assert.equal((await log.followUps()).items.length, 0);
      // A new miss opens a new one; an answered inbound call closes it.
      await log.record(makeCallInput({ occurredAt: t(10), status: 'missed', counterpart: { phone: MARIA } }));
      await log.record(
        makeCallInput({ occurredAt: t(5), status: 'answered', counterpart: { phone: MARIA } }),
      );
      assert.equal(
        (await log.followUps()).items.length,
        1,
        'an earlier answered call does not close a later miss',
      );
      await log.record(
        makeCallInput({ occurredAt: t(11), status: 'answered', counterpart: { phone: MARIA } }),
      );
      assert.equal((await log.followUps()).items[0], undefined);
      // Manual close.
      await log.record(
        makeCallInput({ occurredAt: t(20), status: 'missed', counterpart: { phone: '+306900000009' } }),
      );
      open = await log.followUps();
      const manual = await log.closeFollowUp(open.items[0]?.id as string, { by: 'agent-1' });
      assert.deepEqual([manual.state, manual.closedReason, manual.closedBy], ['closed', 'manual', 'agent-1']);
      assert.equal((await log.followUps({ state: 'closed' })).items.length, 3);
      assert.ok(events.some((e) => e.name === 'followUpClosed'));
      assert.ok(!events.some((e) => e.name === 'error'));
    },
  },
  {
    name: 'bad input: rejected with the invalid fields, nothing written',
    async run(store) {
      const { log } = logWithEvents(store);
      await assert.rejects(
        log.record(
          makeMessageInput({ externalId: '', body: 'nul\u0000byte', counterpart: { phone: 'call me' } }),
        ),
        (e: { code: string; fields: string[] }) =>
          e.code === 'VALIDATION' &&
          ['externalId', 'body', 'counterpart.phone'].every((f) => e.fields.includes(f)),
      );
      await assert.rejects(log.record(makeMessageInput({ body: 'x'.repeat(1_048_577) })), {
        code: 'VALIDATION',
      });
      await assert.rejects(log.record(makeMessageInput({ body: '\ud800' })), { code: 'VALIDATION' });
      await assert.rejects(log.record(makeMessageInput({ data: { bad: 'a\u0000' } })), {
        code: 'VALIDATION',
      });
      assert.equal((await log.inbox()).items.length, 0);
    },
  },
];
