import { EventEmitter } from 'eventemitter3';
import { YeastarApiError, YeastarAuthError, type YeastarError } from '../errors.js';
import type { YeastarTokens } from '../options.js';
import type { PSeriesBody } from './http.js';

/** How the token manager talks to the PBX (the REST layer, or a fake in tests). */
export interface TokenTransport {
  /** `POST get_token` with the Client ID/Secret. */
  getToken(): Promise<PSeriesBody>;
  /** `POST refresh_token`. */
  refreshToken(refreshToken: string): Promise<PSeriesBody>;
  /** `GET del_token`. */
  deleteToken(accessToken: string): Promise<unknown>;
}

/** Settings of {@link TokenManager}. */
export interface TokenManagerSettings {
  /** Clock (ms since epoch). */
  now: () => number;
  /** Refresh this long (ms) before the access token expires. */
  refreshMarginMs: number;
  /** After a rejected login, refuse new logins for this long (ms). */
  loginCooldownMs: number;
  /** Tokens persisted earlier. */
  initialTokens?: YeastarTokens | undefined;
  /** Called with every new pair, to persist it. */
  onTokens?: ((tokens: YeastarTokens) => void | Promise<void>) | undefined;
}

/** Counters of {@link TokenManager}. */
export interface TokenStats {
  /** Successful `get_token` calls. */
  logins: number;
  /** Successful `refresh_token` calls. */
  refreshes: number;
}

/** Events of {@link TokenManager}. */
export interface TokenManagerEvents {
  /** A new token pair is in use (after login or refresh). */
  tokens: [tokens: YeastarTokens, how: 'login' | 'refresh'];
  /** A background failure (e.g. `onTokens` threw). */
  error: [error: YeastarError | Error];
  /** Diagnostic line, secrets redacted. */
  debug: [message: string];
}

/** Logins fail for good on these: wrong credentials, IP blocked, token cap (research §1.3). */
const FATAL_LOGIN = new Set([-1, 60002, 70004]);

function toTokens(body: PSeriesBody, now: number): YeastarTokens {
  const access = String(body.access_token ?? '');
  const refresh = String(body.refresh_token ?? '');
  if (!access || !refresh) throw new YeastarAuthError('token response has no access_token / refresh_token');
  return {
    accessToken: access,
    accessTokenExpiresAt: now + Number(body.access_token_expire_time ?? 1800) * 1000,
    refreshToken: refresh,
    refreshTokenExpiresAt: now + Number(body.refresh_token_expire_time ?? 86_400) * 1000,
  };
}

/**
 * P-Series access tokens (research §1.3): one in-flight refresh shared by every concurrent caller (the PBX
 * caps an app at 8 live tokens, so never a token per request), refresh `refreshMarginMs` ahead of the
 * 30-minute expiry, rotate the refresh token, fall back to `get_token` when the refresh token is gone or
 * rejected, and never retry a failed login in a loop (a circuit stays open for `loginCooldownMs`).
 */
export class TokenManager extends EventEmitter<TokenManagerEvents> {
  readonly #transport: TokenTransport;
  readonly #settings: TokenManagerSettings;
  #tokens: YeastarTokens | undefined;
  #inflight: Promise<string> | undefined;
  #loginBlocked: { until: number; error: YeastarAuthError } | undefined;
  #logins = 0;
  #refreshes = 0;

  /** Creates a manager; no request is made until a token is needed. */
  constructor(transport: TokenTransport, settings: TokenManagerSettings) {
    super();
    this.#transport = transport;
    this.#settings = settings;
    this.#tokens = settings.initialTokens;
  }

  /** The current pair, if any. */
  get tokens(): YeastarTokens | undefined {
    return this.#tokens;
  }

  /** How many `get_token` and `refresh_token` calls succeeded so far. */
  get stats(): TokenStats {
    return { logins: this.#logins, refreshes: this.#refreshes };
  }

  /** A valid access token: the cached one, or the result of the single in-flight refresh/login. */
  getAccessToken(): Promise<string> {
    const now = this.#settings.now();
    const t = this.#tokens;
    if (t && now < t.accessTokenExpiresAt - this.#settings.refreshMarginMs)
      return Promise.resolve(t.accessToken);
    if (!this.#inflight) {
      this.#inflight = this.#renew().finally(() => {
        this.#inflight = undefined;
      });
    }
    return this.#inflight;
  }

  /** Marks `token` as expired (the PBX said 10004); a no-op if a newer token already replaced it. */
  invalidate(token: string): void {
    if (this.#tokens?.accessToken === token) {
      this.emit('debug', 'access token rejected by the PBX (10004): renewing');
      this.#tokens = { ...this.#tokens, accessTokenExpiresAt: 0 };
    }
  }

  /** Re-allows a login after a credential failure (e.g. after the user fixed the secret). */
  resetLoginBlock(): void {
    this.#loginBlocked = undefined;
  }

  /** Revokes the current access token (`del_token`) so it does not count against the 8-token cap. */
  async revoke(): Promise<void> {
    const t = this.#tokens;
    this.#tokens = undefined;
    if (t && this.#settings.now() < t.accessTokenExpiresAt) await this.#transport.deleteToken(t.accessToken);
  }

  async #renew(): Promise<string> {
    const now = this.#settings.now();
    const t = this.#tokens;
    if (t && now < t.refreshTokenExpiresAt - this.#settings.refreshMarginMs) {
      try {
        const body = await this.#transport.refreshToken(t.refreshToken);
        this.#refreshes++;
        return this.#store(toTokens(body, this.#settings.now()), 'refresh');
      } catch (error) {
        if (!(error instanceof YeastarApiError)) {
          // Network trouble: keep using the current token while it is still valid; try again next call.
          if (this.#settings.now() < t.accessTokenExpiresAt) return t.accessToken;
          throw error;
        }
        this.emit(
          'debug',
          `refresh_token rejected (${error.errcode} ${error.errmsg}): falling back to get_token`,
        );
      }
    }
    return this.#login();
  }

  async #login(): Promise<string> {
    const blocked = this.#loginBlocked;
    if (blocked && this.#settings.now() < blocked.until) {
      throw new YeastarAuthError(
        `login refused locally after a failed login (${blocked.error.message}); next attempt allowed at ${new Date(blocked.until).toISOString()}`,
        {
          code: blocked.error.code === 'AUTH_BLOCKED' ? 'AUTH_BLOCKED' : 'AUTH',
          retryAfter: new Date(blocked.until),
          ...(blocked.error.errcode === undefined ? {} : { errcode: blocked.error.errcode }),
        },
        { cause: blocked.error },
      );
    }
    try {
      const body = await this.#transport.getToken();
      this.#loginBlocked = undefined;
      this.#logins++;
      return this.#store(toTokens(body, this.#settings.now()), 'login');
    } catch (error) {
      if (error instanceof YeastarApiError && FATAL_LOGIN.has(error.errcode)) {
        const until = this.#settings.now() + this.#settings.loginCooldownMs;
        const why =
          error.errcode === 70004
            ? 'the PBX blocked this IP (70004 ACCOUNT IP BLOCKED)'
            : error.errcode === 60002
              ? 'the app holds too many live tokens (60002 MAX LIMITATION EXCEEDED)'
              : 'wrong Client ID or Client Secret';
        const authError = new YeastarAuthError(
          `get_token failed: ${why}`,
          {
            errcode: error.errcode,
            retryAfter: new Date(until),
            code: error.errcode === 70004 ? 'AUTH_BLOCKED' : 'AUTH',
          },
          { cause: error },
        );
        this.#loginBlocked = { until, error: authError };
        throw authError;
      }
      throw error;
    }
  }

  #store(tokens: YeastarTokens, how: 'login' | 'refresh'): string {
    this.#tokens = tokens;
    this.emit(
      'debug',
      `${how}: new access token valid until ${new Date(tokens.accessTokenExpiresAt).toISOString()}`,
    );
    this.emit('tokens', tokens, how);
    if (this.#settings.onTokens) {
      Promise.resolve()
        .then(() => this.#settings.onTokens?.(tokens))
        .catch((error: unknown) =>
          this.emit('error', error instanceof Error ? error : new Error(String(error))),
        );
    }
    return tokens.accessToken;
  }
}
