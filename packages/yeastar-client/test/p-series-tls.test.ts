import { afterEach, expect, test } from 'vitest';
import { YeastarHttpError } from '../src/index.js';
import { FakePSeriesServer } from '../src/testing/index.js';
import { fixture } from './fixtures.js';
import { clientFor } from './helpers.js';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

test('on-prem PBX with a self-signed certificate: REST and WSS work with a custom CA, and fail typed without it', async () => {
  const pbx = await FakePSeriesServer.start({
    tls: { key: fixture('tls/server.key'), cert: fixture('tls/server.pem') },
  });
  cleanups.push(() => pbx.close());
  expect(pbx.url).toMatch(/^https:/);

  const trusted = clientFor(pbx, { tls: { ca: fixture('tls/ca.pem') } });
  cleanups.push(() => trusted.close({ revoke: false }));
  await trusted.connect();
  expect(await trusted.queryCalls()).toEqual([]);
  expect(pbx.socketCount).toBe(1);

  const untrusted = clientFor(pbx);
  const error = await untrusted.queryCalls().catch((e: unknown) => e);
  expect(error).toBeInstanceOf(YeastarHttpError);
  expect((error as YeastarHttpError).message).toMatch(/certificate/i);
});
