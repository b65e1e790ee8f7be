import { expect, test } from 'vitest';
import { FakeClock } from './clock.js';

test('manual clock: timers fire in order at their virtual time; runAll drains; clearTimeout cancels', () => {
  const clock = new FakeClock({ start: 1000 });
  const fired: Array<[string, number]> = [];
  clock.setTimeout(() => fired.push(['b', clock.now()]), 20);
  clock.setTimeout(() => {
    fired.push(['a', clock.now()]);
    clock.setTimeout(() => fired.push(['c', clock.now()]), 100);
  }, 10);
  const cancelled = clock.setTimeout(() => fired.push(['x', clock.now()]), 15);
  clock.clearTimeout(cancelled);
  expect(clock.pending).toBe(2);
  clock.advance(50);
  expect(clock.now()).toBe(1050);
  expect(clock.runAll()).toBe(1);
  expect(fired).toEqual([
    ['a', 1010],
    ['b', 1020],
    ['c', 1110],
  ]);
  expect(clock.realTime).toBe(false);
});

test('real-time clock: follows the wall clock times the scale and fires by itself', async () => {
  const clock = new FakeClock({ start: 0, timeScale: 100 });
  expect(clock.realTime).toBe(true);
  const fired = await new Promise<number>((resolve) => clock.setTimeout(() => resolve(clock.now()), 1_000));
  expect(fired).toBeGreaterThanOrEqual(1_000);
  clock.advance(60_000);
  expect(clock.now()).toBeGreaterThanOrEqual(61_000);
  clock.dispose();
  expect(clock.pending).toBe(0);
});
