import { YeastarPSeriesClient, type YeastarPSeriesClientOptions } from '../src/index.js';
import type { FakePSeriesServer } from '../src/testing/index.js';

/** A client wired to a fake server, sharing its virtual clock. */
export function clientFor(
  pbx: FakePSeriesServer,
  extra: Partial<YeastarPSeriesClientOptions> = {},
): YeastarPSeriesClient {
  const client = new YeastarPSeriesClient({
    baseUrl: pbx.url,
    clientId: pbx.clientId,
    clientSecret: pbx.clientSecret,
    now: () => pbx.clock.now(),
    reconnect: { initialDelayMs: 5, maxDelayMs: 20 },
    ...extra,
  });
  client.on('error', () => {});
  return client;
}

/** Resolves on the next emission of `event` (with its args). */
export function once<T extends unknown[]>(
  emitter: { once(event: string, fn: (...args: T) => void): unknown },
  event: string,
): Promise<T> {
  return new Promise((resolve) => emitter.once(event, (...args: T) => resolve(args)));
}

/** Polls until `check` returns true (real-time wait for socket I/O; never asserts durations). */
export async function until(check: () => boolean, what = 'condition', timeoutMs = 5_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
