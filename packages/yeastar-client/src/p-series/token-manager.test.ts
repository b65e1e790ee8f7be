import { describe, expect, test } from 'vitest';
import { YeastarApiError, YeastarAuthError, YeastarHttpError } from '../errors.js';
import type { PSeriesBody } from './http.js';
import { TokenManager, type TokenTransport } from './token-manager.js';

const info = { method: 'POST', url: 'x' };
let n = 0;
const pair = (): PSeriesBody => ({
  errcode: 0,
  errmsg: 'SUCCESS',
  access_token: `a${++n}`,
  access_token_expire_time: 1800,
  refresh_token: `r${n}`,
  refresh_token_expire_time: 86_400,
});

function manager(
  transport: Partial<TokenTransport>,
  now: { t: number },
  extra: { onTokens?: () => void } = {},
) {
  const calls = { get: 0, refresh: 0, del: 0 };
  const m = new TokenManager(
    {
      getToken: async () => {
        calls.get++;
        return transport.getToken ? transport.getToken() : pair();
      },
      refreshToken: async (r) => {
        calls.refresh++;
        return transport.refreshToken ? transport.refreshToken(r) : pair();
      },
      deleteToken: async (a) => {
        calls.del++;
        return transport.deleteToken?.(a);
      },
    },
    { now: () => now.t, refreshMarginMs: 120_000, loginCooldownMs: 60_000, ...extra },
  );
  return { m, calls };
}

describe('TokenManager', () => {
  test('a network failure during a proactive refresh keeps the still-valid token; the next call tries again', async () => {
    const now = { t: 0 };
    let fail = true;
    const { m, calls } = manager(
      {
        refreshToken: async () => {
          if (fail) throw new YeastarHttpError('down', { ...info, isRetryable: true });
          return pair();
        },
      },
      now,
    );
    const first = await m.getAccessToken();
    now.t = 1_700_000;
    expect(await m.getAccessToken()).toBe(first);
    fail = false;
    expect(await m.getAccessToken()).not.toBe(first);
    expect(calls).toMatchObject({ get: 1, refresh: 2 });
    // Past expiry a network failure is an error, never a stale token.
    fail = true;
    now.t += 1_900_000;
    await expect(m.getAccessToken()).rejects.toBeInstanceOf(YeastarHttpError);
  });

  test('a failed login opens a circuit until the cooldown; resetLoginBlock reopens it', async () => {
    const now = { t: 0 };
    let ok = false;
    const { m, calls } = manager(
      {
        getToken: async () => {
          if (!ok) throw new YeastarApiError('get_token', 70004, 'ACCOUNT IP BLOCKED', info);
          return pair();
        },
      },
      now,
    );
    await expect(m.getAccessToken()).rejects.toMatchObject({ code: 'AUTH_BLOCKED', errcode: 70004 });
    const again = (await m.getAccessToken().catch((e: unknown) => e)) as YeastarAuthError;
    expect(again.retryAfter).toEqual(new Date(60_000));
    expect(calls.get).toBe(1);
    ok = true;
    now.t = 61_000;
    await expect(m.getAccessToken()).resolves.toMatch(/^a/);
    expect(calls.get).toBe(2);
    m.resetLoginBlock();
  });

  test('onTokens failures are reported on error, never break the call; revoke skips expired tokens', async () => {
    const now = { t: 0 };
    const { m, calls } = manager({}, now, {
      onTokens: () => {
        throw new Error('disk full');
      },
    });
    const errors: Error[] = [];
    m.on('error', (e) => errors.push(e));
    await m.getAccessToken();
    await new Promise((r) => setImmediate(r));
    expect(errors.map((e) => e.message)).toEqual(['disk full']);
    now.t = 10_000_000;
    await m.revoke();
    expect(calls.del).toBe(0);
    expect(m.tokens).toBeUndefined();
    m.invalidate('not-current'); // no-op
  });

  test('a margin longer than the token lifetime renews at half-life, not on every call', async () => {
    const now = { t: 0 };
    const short = (): PSeriesBody => ({ ...pair(), access_token_expire_time: 60 });
    const { m, calls } = manager({ getToken: async () => short(), refreshToken: async () => short() }, now);
    const first = await m.getAccessToken();
    expect(m.refreshDueAt).toBe(30_000);
    now.t = 29_000;
    expect(await m.getAccessToken()).toBe(first);
    now.t = 31_000;
    expect(await m.getAccessToken()).not.toBe(first);
    expect(calls).toMatchObject({ get: 1, refresh: 1 });
  });

  test('a token response without tokens is an auth error', async () => {
    const { m } = manager({ getToken: async () => ({ errcode: 0, errmsg: 'SUCCESS' }) }, { t: 0 });
    await expect(m.getAccessToken()).rejects.toBeInstanceOf(YeastarAuthError);
  });
});
