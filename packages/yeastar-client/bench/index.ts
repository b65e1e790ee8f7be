// Benchmarks of issue 4 (run: `pnpm --filter @pbxkit/yeastar-client bench`, or `./kit bench`):
//  1. decoding + tracking of webhook/WebSocket event frames, goal ≥ 50,000 events/s, side by side with a bare
//     JSON.parse of the same frames (the floor any decoder pays);
//  2. 1,000 concurrent API calls while the access token expires: goal exactly one refresh.
import { bench, do_not_optimize, run, summary } from 'mitata';
import { CallTracker, decodeFrame, EventDeduplicator, YeastarPSeriesClient } from '../src/index.js';
import { buildScenario, createRandom, FakePSeriesServer, randomScenario } from '../src/testing/index.js';

// ── 1. event throughput ────────────────────────────────────────────────────────────────────────────
const random = createRandom(42);
const frames: string[] = [];
for (let call = 0; frames.length < 20_000; call++) {
  let ch = 0;
  const steps = buildScenario(randomScenario(random), {
    callId: `1768471200.${call}`,
    startMs: Date.UTC(2026, 0, 15) + call * 10_000,
    timeZone: 'Europe/Athens',
    channel: (n) => `PJSIP/${n}-${(ch++).toString(16).padStart(8, '0')}`,
  });
  for (const s of steps)
    frames.push(JSON.stringify({ type: s.type, sn: '3631A2124XXX', msg: JSON.stringify(s.msg) }));
}

function decodeAndTrack(): number {
  const dedupe = new EventDeduplicator();
  // A virtual scheduler: the tracker's timer fires when the replayed time passes its due time.
  let due = Number.POSITIVE_INFINITY;
  const scheduler = {
    setTimeout: (_fn: () => void, ms: number) => {
      due = t + ms;
      return 0;
    },
    clearTimeout: () => {
      due = Number.POSITIVE_INFINITY;
    },
  };
  const tracker = new CallTracker({ pbx: 'bench', timeZone: 'Europe/Athens', now: () => t, scheduler });
  let ended = 0;
  tracker.on('callEnded', () => ended++);
  let t = Date.UTC(2026, 0, 15);
  for (const f of frames) {
    t += 50;
    if (t >= due) tracker.tick();
    const r = decodeFrame(f);
    if (r.kind === 'event' && dedupe.accept(r.event, t)) tracker.push(r.event);
  }
  t += 3_600_000;
  tracker.tick();
  return ended;
}

summary(() => {
  bench(`JSON.parse only (envelope + msg), ${frames.length} frames`, () => {
    for (const f of frames) {
      const e = JSON.parse(f) as { msg: string };
      do_not_optimize(JSON.parse(e.msg));
    }
  });
  bench(`decodeFrame (zod schemas), ${frames.length} frames`, () => {
    for (const f of frames) do_not_optimize(decodeFrame(f));
  });
  bench(`decodeFrame + dedupe + CallTracker, ${frames.length} frames`, () =>
    do_not_optimize(decodeAndTrack()),
  );
});

await run({ format: 'mitata' });

// Plain figures for BENCHMARKS.md: best of 15 full passes, by wall clock and by this process's CPU time
// (the CPU figure is what one core sustains; the wall figure also counts time other processes took).
let bestWall = Number.POSITIVE_INFINITY;
let bestCpu = Number.POSITIVE_INFINITY;
let calls = 0;
for (let i = 0; i < 15; i++) {
  const start = performance.now();
  const cpu = process.cpuUsage();
  calls = decodeAndTrack();
  const used = process.cpuUsage(cpu);
  bestWall = Math.min(bestWall, performance.now() - start);
  bestCpu = Math.min(bestCpu, (used.user + used.system) / 1000);
}
const per = (ms: number) => Math.round(frames.length / (ms / 1000));
const fmt = (n: number) => n.toLocaleString('en-US');
const verdict = (n: number) => (n >= 50_000 ? 'met' : 'NOT met');
console.log(`\ndecode + dedupe + track: ${frames.length} frames (${calls} calls)`);
console.log(
  `  wall: ${bestWall.toFixed(1)} ms = ${fmt(per(bestWall))} events/s (goal >= 50,000: ${verdict(per(bestWall))})`,
);
console.log(
  `  cpu:  ${bestCpu.toFixed(1)} ms = ${fmt(per(bestCpu))} events/s per CPU-second (goal: ${verdict(per(bestCpu))})`,
);

// ── 2. one refresh for 1,000 concurrent calls during a token expiry ────────────────────────────────
const pbx = await FakePSeriesServer.start();
const client = new YeastarPSeriesClient({
  baseUrl: pbx.url,
  clientId: pbx.clientId,
  clientSecret: pbx.clientSecret,
  now: () => pbx.clock.now(),
});
await client.queryCalls();
for (const scenario of ['inside the refresh margin', 'after expiry (10004 replay)'] as const) {
  const before = { ...pbx.auth.stats };
  if (scenario === 'inside the refresh margin') pbx.clock.advance(1_700_000);
  else pbx.auth.expireAccessTokens();
  const start = performance.now();
  const results = await Promise.allSettled(Array.from({ length: 1000 }, () => client.queryCalls()));
  const ms = performance.now() - start;
  const refreshes = pbx.auth.stats.refreshToken - before.refreshToken;
  const logins = pbx.auth.stats.getToken - before.getToken;
  const failed = results.filter((r) => r.status === 'rejected').length;
  console.log(
    `1,000 concurrent calls ${scenario}: ${refreshes} refresh, ${logins} new logins, ${failed} failed, ${ms.toFixed(0)} ms (goal: exactly one refresh: ${refreshes === 1 && logins === 0 && failed === 0 ? 'met' : 'NOT met'})`,
  );
}
await client.close({ revoke: false });
await pbx.close();
