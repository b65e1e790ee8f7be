import { createHash } from 'node:crypto';
import { EventEmitter } from 'eventemitter3';
import { request } from 'undici';
import { EventDeduplicator } from '../decode/dedupe.js';
import type { SkippedEvent, YeastarEvent } from '../decode/events.js';
import { parseTolerantJson } from '../decode/tolerant-json.js';
import { YeastarAuthError, YeastarError, YeastarHttpError, YeastarSSeriesError } from '../errors.js';
import { redactBody, redactUrl } from '../internal/redact.js';
import {
  type ResolvedYeastarSSeriesClientOptions,
  resolveOptions,
  sSeriesClientOptionsSchema,
  type YeastarSSeriesClientOptions,
} from '../options.js';
import type { DialedCall } from '../p-series/client.js';
import { createDispatcher, transportError } from '../p-series/http.js';
import { decodeSSeriesReport } from './reports.js';

/** Events of {@link YeastarSSeriesClient}. */
export interface YeastarSSeriesClientEvents {
  /** Logged in (again after a token loss or a PBX reboot). */
  ready: [];
  /** A decoded report, duplicates (re-sends, the double BYE) removed. */
  event: [event: YeastarEvent];
  /** A report that could not be decoded, with the reason. */
  skipped: [skipped: SkippedEvent];
  /** The PBX rebooted or dropped our token: reports may have been missed (a tracker flags calls incomplete). */
  disconnected: [cause: YeastarError];
  /** A click-to-call was placed. */
  dialed: [call: DialedCall];
  /** A background failure (heartbeat, re-login). */
  error: [error: YeastarError];
  /** Diagnostic line, secrets redacted. */
  debug: [message: string];
}

/** Result of {@link YeastarSSeriesClient.handleReport}: always answer 200, or the PBX re-sends forever. */
export interface SSeriesReportResult {
  /** HTTP status to answer with. */
  status: 200;
  /** The decoded event, unless it was a duplicate or undecodable. */
  event?: YeastarEvent;
  /** Why the report was not turned into an event. */
  skipped?: SkippedEvent;
  /** True when the report repeated one already handled. */
  duplicate?: boolean;
}

/** S-Series errnos that mean "log in again" (20004 no such token, 20005 blank, 20006 timed out). */
const TOKEN_LOST = new Set(['20004', '20005', '20006']);
/** Login errnos that must not be retried in a loop (20002 locked, 20003 wrong credentials). */
const LOGIN_FATAL = new Set(['20002', '20003']);

/**
 * Client of the Yeastar S-Series API (S20/S50/S100/S300, API v1.1.0 / v2.0.0): MD5 login, heartbeat,
 * the reports the PBX POSTs to our URL (decoded into the same events as the P-Series), dial and hangup.
 *
 * @example
 * const pbx = new YeastarSSeriesClient({ baseUrl: 'https://192.168.5.150:8088', username: 'api', password, reportHost: '192.168.5.10' });
 * pbx.on('event', (e) => tracker.push(e));
 * await pbx.login();
 * http.createServer(async (req, res) => { res.writeHead(pbx.handleReport(await body(req)).status).end(); }).listen(8260);
 */
export class YeastarSSeriesClient extends EventEmitter<YeastarSSeriesClientEvents> {
  /** Validated options. */
  readonly options: ResolvedYeastarSSeriesClientOptions;
  readonly #dispatcher: import('undici').Dispatcher;
  readonly #dedupe = new EventDeduplicator({ windowMs: 300_000 });
  #token: string | undefined;
  #heartbeat: NodeJS.Timeout | undefined;
  #loginFailed: YeastarAuthError | undefined;
  #relogin: Promise<void> | undefined;

  /** Validates options (throws `YeastarConfigError`). */
  constructor(options: YeastarSSeriesClientOptions) {
    super();
    const { dispatcher, ...rest } = options;
    this.options = resolveOptions(sSeriesClientOptionsSchema, rest, 'YeastarSSeriesClient');
    this.#dispatcher = dispatcher ?? createDispatcher({ rejectUnauthorized: true });
  }

  /** Whether a token is held. */
  get loggedIn(): boolean {
    return this.#token !== undefined;
  }

  /**
   * Logs in with MD5(password), asking for reports in `reportVersion` format at `reportHost:reportPort`,
   * and starts the heartbeat. A rejected login is never retried automatically (5 failures block the IP).
   */
  async login(): Promise<void> {
    if (this.#loginFailed) throw this.#loginFailed;
    const o = this.options;
    const body = await this.#post(
      'login',
      {
        username: o.username,
        password: createHash('md5').update(o.password).digest('hex'),
        port: String(o.reportPort),
        version: o.reportVersion,
        ...(o.reportHost ? { ipaddr: o.reportHost } : {}),
      },
      false,
    ).catch((error: unknown) => {
      if (error instanceof YeastarSSeriesError && LOGIN_FATAL.has(error.errno)) {
        this.#loginFailed = new YeastarAuthError(
          `S-Series login rejected (errno ${error.errno})`,
          { errcode: Number(error.errno) },
          { cause: error },
        );
        throw this.#loginFailed;
      }
      throw error;
    });
    this.#token = String(body.token ?? '');
    this.#startHeartbeat();
    this.emit('ready');
  }

  /** Stops the heartbeat and logs out. */
  async close(): Promise<void> {
    clearInterval(this.#heartbeat);
    this.#heartbeat = undefined;
    if (this.#token) await this.#post('logout', {}).catch(() => undefined);
    this.#token = undefined;
  }

  /** Sends one heartbeat now (the timer does it every `heartbeatIntervalMs`). */
  async heartbeat(): Promise<void> {
    const o = this.options;
    await this.#call('heartbeat', {
      ...(o.reportHost ? { ipaddr: o.reportHost } : {}),
      port: o.reportPort,
      version: o.reportVersion,
    });
  }

  /** Click-to-call (`call/dial` on v2, `extension/dial_extension` on v1.1). */
  async dial(params: { caller: string; callee: string; autoAnswer?: boolean }): Promise<DialedCall> {
    const autoanswer = params.autoAnswer ? 'yes' : 'no';
    const body =
      this.options.apiVersion === 'v2.0.0'
        ? await this.#call('call/dial', { caller: params.caller, callee: params.callee, autoanswer })
        : await this.#call('extension/dial_extension', {
            caller: params.caller,
            callee: params.callee,
            autoanswer,
          });
    const callId = String(body.callid ?? '');
    const call = { callId, caller: params.caller, callee: params.callee };
    this.emit('dialed', call);
    return call;
  }

  /** Hangs up a channel (v2 `call/hangup {channelid}`) or an extension's call (v1.1 `extension/hangup {extid}`). */
  async hangup(ref: { channelId: string } | { extension: string }): Promise<void> {
    if ('channelId' in ref) await this.#call('call/hangup', { channelid: ref.channelId });
    else await this.#call('extension/hangup', { extid: ref.extension });
  }

  /**
   * Handles one report POSTed by the PBX (raw body): tolerant decoding (repeated `ext` keys, trailing
   * commas, string durations), duplicate removal, `event` emission. Always answer `status` (200). A
   * `BootUp` report triggers a new login.
   */
  handleReport(rawBody: string | Uint8Array): SSeriesReportResult {
    const r = decodeSSeriesReport(rawBody);
    if (!r.ok) {
      this.emit('skipped', r.skipped);
      return { status: 200, skipped: r.skipped };
    }
    if (!this.#dedupe.accept(r.event, Date.now())) return { status: 200, duplicate: true };
    if (r.event.kind === 'bootUp') {
      this.emit('disconnected', new YeastarError('the PBX rebooted (BootUp)', 'CONNECTION'));
      void this.#reLogin('the PBX rebooted (BootUp)').catch(() => undefined);
    }
    this.emit('event', r.event);
    return { status: 200, event: r.event };
  }

  #startHeartbeat(): void {
    clearInterval(this.#heartbeat);
    this.#heartbeat = setInterval(() => {
      this.heartbeat().catch((e: YeastarError) => this.emit('error', e));
    }, this.options.heartbeatIntervalMs);
    this.#heartbeat.unref();
  }

  #reLogin(why: string): Promise<void> {
    this.emit('debug', `logging in again: ${why}`);
    this.#token = undefined;
    this.#relogin ??= this.login()
      .catch((e: YeastarError) => {
        this.emit('error', e);
        throw e;
      })
      .finally(() => {
        this.#relogin = undefined;
      });
    return this.#relogin;
  }

  /** A call with the token; on a lost token (20004/20005/20006) logs in again once and replays once. */
  async #call(endpoint: string, body: Record<string, unknown>): Promise<Record<string, unknown>> {
    if (!this.#token) await (this.#relogin ?? this.login());
    try {
      return await this.#post(endpoint, body);
    } catch (error) {
      if (!(error instanceof YeastarSSeriesError) || !TOKEN_LOST.has(error.errno)) throw error;
      this.emit('disconnected', error);
      await this.#reLogin(`token lost (errno ${error.errno})`);
      return this.#post(endpoint, body);
    }
  }

  async #post(
    endpoint: string,
    body: Record<string, unknown>,
    withToken = true,
  ): Promise<Record<string, unknown>> {
    const url = new URL(`${this.options.baseUrl}/api/${this.options.apiVersion}/${endpoint}`);
    if (withToken && this.#token) url.searchParams.set('token', this.#token);
    const info = { method: 'POST', url: redactUrl(url.toString()) };
    let text: string;
    let status: number;
    try {
      const res = await request(url, {
        method: 'POST',
        dispatcher: this.#dispatcher,
        signal: AbortSignal.timeout(this.options.requestTimeoutMs),
        headers: { 'content-type': 'application/json', 'user-agent': this.options.userAgent },
        body: JSON.stringify(body),
      });
      status = res.statusCode;
      text = await res.body.text();
    } catch (error) {
      throw transportError(error, info);
    }
    let parsed: Record<string, unknown>;
    try {
      parsed = parseTolerantJson(text) as Record<string, unknown>;
    } catch (error) {
      throw new YeastarHttpError(
        `${endpoint}: the PBX did not answer JSON`,
        { ...info, status, body: redactBody(text.slice(0, 2048)), isRetryable: false },
        'INVALID_RESPONSE',
        { cause: error },
      );
    }
    if (status !== 200)
      throw new YeastarHttpError(`${endpoint} answered HTTP ${status}`, {
        ...info,
        status,
        body: redactBody(text.slice(0, 2048)),
        isRetryable: status >= 500,
      });
    if (String(parsed.status).toLowerCase() !== 'success')
      throw new YeastarSSeriesError(endpoint, String(parsed.errno ?? 'unknown'));
    return parsed;
  }
}
