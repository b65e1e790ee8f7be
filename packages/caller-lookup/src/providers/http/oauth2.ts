import { type Dispatcher, request } from 'undici';
import { CallerLookupHttpError } from '../../errors.js';

/** OAuth2 client-credentials settings (RFC 6749 §4.4). */
export interface OAuth2ClientCredentials {
  readonly tokenUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly scope?: string | undefined;
  readonly audience?: string | undefined;
  /** `basic`: credentials in the Authorization header (RFC 6749 §2.3.1 preferred); `body`: in the form. */
  readonly clientAuth: 'basic' | 'body';
}

interface Token {
  readonly accessToken: string;
  readonly expiresAt: number;
}

/**
 * Fetches and caches a client-credentials access token: refreshed ahead of expiry, one refresh
 * shared by concurrent callers, and dropped on a 401 so the next call fetches a new one.
 */
export class OAuth2TokenSource {
  #token: Token | undefined;
  #refreshing: Promise<Token> | undefined;

  constructor(
    private readonly providerId: string,
    private readonly settings: OAuth2ClientCredentials,
    private readonly dispatcher: Dispatcher | undefined,
    private readonly now: () => number = Date.now,
  ) {}

  /** A valid access token, fetching one if needed; `signal` stops this caller's wait, not the shared fetch. */
  async get(signal: AbortSignal): Promise<string> {
    // Refresh 30 s ahead so a token does not expire between here and the CRM.
    if (this.#token && this.#token.expiresAt - 30_000 > this.now()) return this.#token.accessToken;
    // One fetch for every concurrent caller, with its own time limit: one caller giving up must not fail
    // the others.
    this.#refreshing ??= this.#fetch(AbortSignal.timeout(10_000)).finally(() => {
      this.#refreshing = undefined;
    });
    const refreshing = this.#refreshing;
    const aborted = new Promise<never>((_, reject) => {
      if (signal.aborted) reject(signal.reason);
      signal.addEventListener('abort', () => reject(signal.reason), { once: true });
    });
    aborted.catch(() => {});
    this.#token = await Promise.race([refreshing, aborted]);
    return this.#token.accessToken;
  }

  /** Forget the token (the API answered 401). */
  invalidate(): void {
    this.#token = undefined;
  }

  async #fetch(signal: AbortSignal): Promise<Token> {
    const { tokenUrl, clientId, clientSecret, scope, audience, clientAuth } = this.settings;
    const form = new URLSearchParams({ grant_type: 'client_credentials' });
    if (scope) form.set('scope', scope);
    if (audience) form.set('audience', audience);
    const headers: Record<string, string> = {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    };
    if (clientAuth === 'basic') {
      const user = `${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`;
      headers.authorization = `Basic ${Buffer.from(user).toString('base64')}`;
    } else {
      form.set('client_id', clientId);
      form.set('client_secret', clientSecret);
    }
    const fail = (status: number, message: string, responseBody?: string, cause?: unknown) =>
      new CallerLookupHttpError(
        this.providerId,
        message,
        { status, method: 'POST', url: tokenUrl, ...(responseBody === undefined ? {} : { responseBody }) },
        { cause },
      );
    let response: Dispatcher.ResponseData;
    try {
      response = await request(tokenUrl, {
        method: 'POST',
        headers,
        body: form.toString(),
        signal,
        dispatcher: this.dispatcher,
      });
    } catch (cause) {
      throw fail(0, `OAuth2 token request failed: ${(cause as Error).message}`, undefined, cause);
    }
    const text = await response.body.text();
    if (response.statusCode !== 200) {
      throw fail(
        response.statusCode,
        `OAuth2 token endpoint answered ${response.statusCode}`,
        text.slice(0, 2048),
      );
    }
    let json: { access_token?: unknown; expires_in?: unknown };
    try {
      json = JSON.parse(text) as typeof json;
    } catch (cause) {
      throw fail(200, 'OAuth2 token response is not JSON', text.slice(0, 2048), cause);
    }
    if (typeof json.access_token !== 'string') throw fail(200, 'OAuth2 token response has no access_token');
    const expiresIn = typeof json.expires_in === 'number' ? json.expires_in : Number(json.expires_in ?? 3600);
    return {
      accessToken: json.access_token,
      expiresAt: this.now() + (Number.isFinite(expiresIn) ? expiresIn : 3600) * 1000,
    };
  }
}
