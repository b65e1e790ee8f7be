import { randomBytes } from 'node:crypto';
import type { FakeClock } from './clock.js';

/** Token rules of the fake PBX (research §1.3). */
export interface FakeAuthSettings {
  /** Accepted Client ID. */
  clientId: string;
  /** Accepted Client Secret. */
  clientSecret: string;
  /** Access token lifetime (s). */
  accessTtlSeconds: number;
  /** Refresh token lifetime (s). */
  refreshTtlSeconds: number;
  /** Live access tokens allowed. */
  maxTokens: number;
  /** Failed logins before the IP is blocked. */
  maxLoginFailures: number;
  /** How long an IP stays blocked (ms). */
  ipBlockMs: number;
  /** Whether a refresh leaves the old access token valid. */
  oldAccessTokenSurvivesRefresh: boolean;
}

/** An Open API answer. */
export interface FakeApiResult {
  /** 0 on success. */
  errcode: number;
  /** Error name. */
  errmsg: string;
  /** Data. */
  [field: string]: unknown;
}

/** Counters of {@link FakeAuth}. */
export interface FakeAuthStats {
  /** `get_token` requests. */
  getToken: number;
  /** `refresh_token` requests. */
  refreshToken: number;
  /** `del_token` requests. */
  deleteToken: number;
  /** Rejected logins. */
  loginFailures: number;
}

type Result = FakeApiResult;

const token = () => randomBytes(24).toString('base64url').slice(0, 32);

/** Access/refresh tokens, the 8-token cap and IP blocking after failed logins, on a virtual clock. */
export class FakeAuth {
  readonly #access = new Map<string, { expiresAt: number; refresh: string }>();
  readonly #refresh = new Map<string, { expiresAt: number }>();
  readonly #failures = new Map<string, number>();
  readonly #blocked = new Map<string, number>();
  /** Counters, for assertions. */
  readonly stats: FakeAuthStats = { getToken: 0, refreshToken: 0, deleteToken: 0, loginFailures: 0 };
  /** The rules. */
  readonly settings: FakeAuthSettings;
  /** The clock. */
  readonly clock: FakeClock;

  /** Creates the token store. */
  constructor(settings: FakeAuthSettings, clock: FakeClock) {
    this.settings = settings;
    this.clock = clock;
  }

  /** Access tokens valid now. */
  liveTokens(): number {
    const now = this.clock.now();
    let n = 0;
    for (const t of this.#access.values()) if (t.expiresAt > now) n++;
    return n;
  }

  /** Whether an access token is valid now. */
  isValid(accessToken: string | null | undefined): boolean {
    if (!accessToken) return false;
    const t = this.#access.get(accessToken);
    return t !== undefined && t.expiresAt > this.clock.now();
  }

  /** Expires every access token now (tests: "token expires mid-request"). */
  expireAccessTokens(): void {
    for (const t of this.#access.values()) t.expiresAt = 0;
  }

  #issue(): Result {
    const now = this.clock.now();
    const a = token();
    const r = token();
    this.#access.set(a, { expiresAt: now + this.settings.accessTtlSeconds * 1000, refresh: r });
    this.#refresh.set(r, { expiresAt: now + this.settings.refreshTtlSeconds * 1000 });
    return {
      errcode: 0,
      errmsg: 'SUCCESS',
      access_token_expire_time: this.settings.accessTtlSeconds,
      access_token: a,
      refresh_token_expire_time: this.settings.refreshTtlSeconds,
      refresh_token: r,
    };
  }

  /** `get_token`: checks credentials, IP block and the token cap. */
  getToken(ip: string, body: { username?: unknown; password?: unknown }): Result {
    this.stats.getToken++;
    const now = this.clock.now();
    const until = this.#blocked.get(ip);
    if (until !== undefined && until > now) return { errcode: 70004, errmsg: 'ACCOUNT IP BLOCKED' };
    if (body.username !== this.settings.clientId || body.password !== this.settings.clientSecret) {
      this.stats.loginFailures++;
      const n = (this.#failures.get(ip) ?? 0) + 1;
      this.#failures.set(ip, n);
      if (n >= this.settings.maxLoginFailures) this.#blocked.set(ip, now + this.settings.ipBlockMs);
      return {
        errcode: -1,
        errmsg: 'FAILURE',
        invalid_param_list: [{ field: 'username or password', value: 'error' }],
      };
    }
    this.#failures.delete(ip);
    if (this.liveTokens() >= this.settings.maxTokens)
      return { errcode: 60002, errmsg: 'MAX LIMITATION EXCEEDED' };
    return this.#issue();
  }

  /** `refresh_token`: rotates both tokens; the old refresh token dies. */
  refreshToken(body: { refresh_token?: unknown }): Result {
    this.stats.refreshToken++;
    const r = typeof body.refresh_token === 'string' ? this.#refresh.get(body.refresh_token) : undefined;
    if (!r || r.expiresAt <= this.clock.now()) return { errcode: 10004, errmsg: 'TOKEN EXPIRED' };
    // The old refresh token is single use; the old access token survives only if configured.
    this.#refresh.delete(body.refresh_token as string);
    for (const [a, t] of this.#access) {
      if (t.refresh === body.refresh_token && !this.settings.oldAccessTokenSurvivesRefresh)
        this.#access.delete(a);
    }
    // A refresh replaces a token: it does not add one against the cap.
    const out = this.#issue();
    return out;
  }

  /** `del_token`. */
  deleteToken(accessToken: string | null): Result {
    this.stats.deleteToken++;
    if (!accessToken || !this.isValid(accessToken)) return { errcode: 10004, errmsg: 'TOKEN EXPIRED' };
    this.#access.delete(accessToken);
    return { errcode: 0, errmsg: 'SUCCESS' };
  }
}
