import type { FakeGraphApi } from './fake-graph-api.js';

/**
 * Control plane of the fake's HTTP server, for demos and tests in other processes:
 * `POST /__fake/inbound {type, …}` (any `fake.inbound` method), `POST /__fake/advance {ms}`,
 * `GET /__fake/messages?waId=`.
 */
export async function handleControl(
  fake: FakeGraphApi,
  url: URL,
  body: Uint8Array,
): Promise<{ status: number; value: unknown }> {
  try {
    const input = body.byteLength ? JSON.parse(Buffer.from(body).toString('utf8')) : {};
    if (url.pathname === '/__fake/inbound') {
      const { type, ...rest } = input as { type: string } & Record<string, unknown>;
      const method = (fake.inbound as unknown as Record<string, unknown>)[type];
      if (typeof method !== 'function' || type === 'message') {
        return { status: 400, value: { error: `unknown inbound type ${type}` } };
      }
      return {
        status: 200,
        value: await (method as (i: unknown) => Promise<unknown>).call(fake.inbound, rest),
      };
    }
    if (url.pathname === '/__fake/advance') {
      await fake.clock.advance(Number(input.ms ?? 0));
      return { status: 200, value: { now: fake.clock.now() } };
    }
    if (url.pathname === '/__fake/messages') {
      return { status: 200, value: fake.messages(url.searchParams.get('waId') ?? undefined) };
    }
    return { status: 404, value: { error: 'unknown control route' } };
  } catch (error) {
    return { status: 400, value: { error: (error as Error).message } };
  }
}
