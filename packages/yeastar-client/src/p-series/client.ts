import { EventEmitter } from 'eventemitter3';
import { request } from 'undici';
import { EventDeduplicator } from '../decode/dedupe.js';
import type { SkippedEvent, YeastarEvent } from '../decode/events.js';
import { pMemberSchema } from '../decode/p-series-schemas.js';
import type { CallMember } from '../decode/types.js';
import { YeastarApiError, YeastarError, YeastarHttpError } from '../errors.js';
import { redactUrl } from '../internal/redact.js';
import {
  pSeriesClientOptionsSchema,
  type ResolvedYeastarPSeriesClientOptions,
  resolveOptions,
  type YeastarPSeriesClientOptions,
  type YeastarTokens,
} from '../options.js';
import { PSeriesEventSocket } from './event-socket.js';
import {
  createDispatcher,
  type HttpSettings,
  type PSeriesBody,
  type PSeriesRequest,
  pSeriesRequest,
  transportError,
} from './http.js';
import { TokenManager } from './token-manager.js';
import type {
  CdrListItem,
  CdrListParams,
  CdrSearchParams,
  ChannelRef,
  CompanyContact,
  DialParams,
  ExtensionInfo,
  LiveCall,
  RecordingDownload,
  TransferParams,
} from './types.js';
import { createPSeriesWebhookHandler, type WebhookHeaders, type WebhookResult } from './webhook.js';

/** The window during which the event socket was down (events in it were not replayed). */
export interface ConnectionGap {
  /** When the socket dropped. */
  from: Date;
  /** When it was subscribed again. */
  to: Date;
}

/** A call placed by `dial()`. */
export interface DialedCall {
  /** `call_id` the PBX returned. */
  callId: string;
  /** Caller (extension). */
  caller: string;
  /** Callee. */
  callee: string;
}

/** What `hangup()` returns. */
export interface HangupResult {
  /** `call_id` of the call the member was in. */
  callId: string;
}

/** Events of {@link YeastarPSeriesClient}. */
export interface YeastarPSeriesClientEvents {
  /** The event WebSocket is subscribed for the first time. */
  ready: [];
  /** The event WebSocket is subscribed again after a drop: events in between were not replayed (back-fill with `searchCdrs`). */
  reconnected: [gap: ConnectionGap];
  /** The event WebSocket dropped. */
  disconnected: [cause: YeastarError];
  /** A reconnect is scheduled. */
  reconnecting: [attempt: number, delayMs: number, cause: YeastarError];
  /** A decoded event from the WebSocket or a webhook, duplicates removed. */
  event: [event: YeastarEvent];
  /** A payload that could not be decoded, with the reason. */
  skipped: [skipped: SkippedEvent];
  /** `dial()` placed a call: lets a CallTracker tell the caller's own leg from the callee. */
  dialed: [call: DialedCall];
  /** A new token pair is in use (the tokens themselves are passed to `onTokens`, never emitted). */
  tokenRefreshed: [expiresAt: Date];
  /** A background failure (socket, token rotation). */
  error: [error: YeastarError];
  /** Diagnostic line, secrets redacted. */
  debug: [message: string];
}

function channelOf(members: CallMember[], extension: string): string | undefined {
  return members.find((m) => m.kind === 'extension' && m.number === extension)?.channelId;
}

/**
 * Client of the Yeastar P-Series Open API (Cloud, Software, Appliance): tokens, REST, call control, CDR,
 * recordings, and the event stream over WebSocket or webhook. Listen to `error`.
 *
 * @example
 * const pbx = new YeastarPSeriesClient({ baseUrl: 'https://pbx.example.com:8088', clientId, clientSecret });
 * pbx.on('event', (e) => tracker.push(e));
 * pbx.on('error', (e) => log.warn(e));
 * await pbx.connect();
 * const { callId } = await pbx.dial({ caller: '1005', callee: '+302101234567' });
 */
export class YeastarPSeriesClient extends EventEmitter<YeastarPSeriesClientEvents> {
  /** Validated options, with `clientSecret` and `webhookSecret` replaced by `'[redacted]'` (safe to log). */
  readonly options: ResolvedYeastarPSeriesClientOptions;
  /** The token manager (single-flight refresh); exposed for stats and `revoke`. */
  readonly tokens: TokenManager;
  readonly #http: HttpSettings;
  readonly #now: () => number;
  readonly #dedupe: EventDeduplicator;
  readonly #socket: PSeriesEventSocket;
  readonly #webhook: ReturnType<typeof createPSeriesWebhookHandler>;
  readonly #live = new Map<string, CallMember[]>();
  #disconnectedAt: number | undefined;
  #readyWaiters: Array<{ resolve: () => void; reject: (e: unknown) => void }> = [];

  /** Validates options (throws {@link YeastarConfigError}); nothing is sent until the first call. */
  constructor(options: YeastarPSeriesClientOptions) {
    super();
    const { onTokens, initialTokens, now, dispatcher, ...rest } = options;
    const o = resolveOptions(pSeriesClientOptionsSchema, rest, 'YeastarPSeriesClient');
    // Secrets stay in closures; the public copy can be logged or serialised without leaking them.
    this.options = {
      ...o,
      clientSecret: '[redacted]',
      ...(o.webhookSecret ? { webhookSecret: '[redacted]' } : {}),
    };
    this.#now = now ?? Date.now;
    this.#http = {
      baseUrl: o.baseUrl,
      userAgent: o.userAgent,
      timeoutMs: o.requestTimeoutMs,
      dispatcher: dispatcher ?? createDispatcher(o.tls),
      debug: (m) => this.emit('debug', m),
    };
    this.tokens = new TokenManager(
      {
        getToken: () =>
          pSeriesRequest(this.#http, {
            method: 'POST',
            endpoint: 'get_token',
            body: { username: o.clientId, password: o.clientSecret },
          }),
        refreshToken: (refresh_token) =>
          pSeriesRequest(this.#http, { method: 'POST', endpoint: 'refresh_token', body: { refresh_token } }),
        deleteToken: (access_token) =>
          pSeriesRequest(this.#http, { method: 'GET', endpoint: 'del_token', query: { access_token } }),
      },
      {
        now: this.#now,
        refreshMarginMs: o.refreshMarginMs,
        loginCooldownMs: o.loginCooldownMs,
        initialTokens,
        onTokens,
      },
    );
    this.tokens.on('tokens', (t: YeastarTokens) =>
      this.emit('tokenRefreshed', new Date(t.accessTokenExpiresAt)),
    );
    this.tokens.on('debug', (m) => this.emit('debug', m));
    this.tokens.on('error', (e) =>
      this.emit('error', YeastarError.isInstance(e) ? e : new YeastarError(e.message, 'AUTH', { cause: e })),
    );
    this.#dedupe = new EventDeduplicator({ windowMs: o.dedupeWindowMs });
    this.#webhook = createPSeriesWebhookHandler({
      secret: o.webhookSecret,
      allowUnsigned: o.allowUnsignedWebhooks,
      deduplicator: this.#dedupe,
      now: this.#now,
    });
    this.#socket = new PSeriesEventSocket({
      baseUrl: o.baseUrl,
      topics: o.topics,
      heartbeatIntervalMs: o.heartbeatIntervalMs,
      heartbeatTimeoutMs: o.heartbeatTimeoutMs,
      refreshMarginMs: o.refreshMarginMs,
      reconnect: o.reconnect,
      dispatcher: this.#http.dispatcher,
      now: this.#now,
      tokens: this.tokens,
      onEvent: (e) => this.#accept(e),
      onSkipped: (s) => this.emit('skipped', s),
      onSubscribed: (first) => this.#onSubscribed(first),
      onDisconnected: (cause) => {
        this.#disconnectedAt ??= this.#now();
        this.emit('disconnected', cause);
      },
      onReconnecting: (attempt, delay, cause) => {
        this.emit('reconnecting', attempt, delay, cause);
        if (attempt === 1 && cause.code !== 'CONNECTION' && cause.code !== 'TIMEOUT')
          this.emit('error', cause);
        this.#rejectWaiters(cause);
      },
      onError: (e) => this.emit('error', e),
      debug: (m) => this.emit('debug', m),
    });
  }

  // ── events ────────────────────────────────────────────────────────────────────────────────────────

  /**
   * Opens the event WebSocket and resolves once the PBX acknowledged the subscription. Rejects with the
   * first failure (bad credentials, unreachable PBX) but keeps reconnecting in the background until `close()`.
   */
  connect(): Promise<void> {
    if (this.#socket.connected) return Promise.resolve();
    const ready = new Promise<void>((resolve, reject) => this.#readyWaiters.push({ resolve, reject }));
    this.#socket.start();
    return ready;
  }

  /** Whether the event WebSocket is subscribed. */
  get connected(): boolean {
    return this.#socket.connected;
  }

  /**
   * Handles a webhook delivery: verifies `X-Signature` against the raw body, decodes, drops duplicates and
   * emits every event on `event` (the same stream as the WebSocket). Throws {@link YeastarWebhookError}
   * carrying `httpStatus` for bad signatures or unreadable bodies.
   */
  handleWebhook(rawBody: string | Uint8Array, headers: WebhookHeaders): WebhookResult {
    const result = this.#webhook(rawBody, headers);
    for (const s of result.skipped) this.emit('skipped', s);
    for (const e of result.events) this.#emitEvent(e);
    return result;
  }

  /** Closes the socket; with `revoke` (default true) also revokes the access token (`del_token`). */
  async close({ revoke = true }: { revoke?: boolean } = {}): Promise<void> {
    this.#socket.stop();
    this.#rejectWaiters(new YeastarError('client closed', 'CONNECTION'));
    if (revoke) {
      try {
        await this.tokens.revoke();
      } catch (error) {
        this.emit('debug', `del_token failed: ${(error as Error).message}`);
      }
    }
  }

  #onSubscribed(first: boolean): void {
    for (const w of this.#readyWaiters.splice(0)) w.resolve();
    if (first) this.emit('ready');
    else if (this.#disconnectedAt !== undefined) {
      const from = new Date(this.#disconnectedAt);
      this.#disconnectedAt = undefined;
      this.emit('reconnected', { from, to: new Date(this.#now()) });
    }
  }

  #rejectWaiters(error: unknown): void {
    for (const w of this.#readyWaiters.splice(0)) w.reject(error);
  }

  #accept(event: YeastarEvent): void {
    if (!this.#dedupe.accept(event, this.#now())) return;
    this.#emitEvent(event);
  }

  #emitEvent(event: YeastarEvent): void {
    if (event.kind === 'callStateChanged') {
      // Live member map, so hangup/hold/transfer can take { callId, extension } (research §1.9).
      const alive = event.members.filter((m) => m.status !== 'BYE');
      this.#live.delete(event.callId); // re-insert: the map stays in last-update order
      if (alive.length > 0) this.#live.set(event.callId, event.members);
      // A BYE lost in a connection gap must not leak: forget the least recently updated calls.
      if (this.#live.size > 10_000) this.#live.delete(this.#live.keys().next().value as string);
    } else if (event.kind === 'newCdr' || event.kind === 'callFailed') {
      if (!this.#live.get(event.callId)?.some((m) => m.status !== 'BYE')) this.#live.delete(event.callId);
    }
    this.emit('event', event);
  }

  // ── REST core ─────────────────────────────────────────────────────────────────────────────────────

  /**
   * Calls any Open API endpoint with the current token; on `10004 TOKEN EXPIRED` renews once (single-flight)
   * and replays once. Throws {@link YeastarApiError} for `errcode` ≠ 0.
   */
  async api(req: PSeriesRequest): Promise<PSeriesBody> {
    const token = await this.tokens.getAccessToken();
    try {
      return await pSeriesRequest(this.#http, { ...req, query: { ...req.query, access_token: token } });
    } catch (error) {
      if (!(error instanceof YeastarApiError) || error.errcode !== 10004) throw error;
      this.tokens.invalidate(token);
      const fresh = await this.tokens.getAccessToken();
      return pSeriesRequest(this.#http, { ...req, query: { ...req.query, access_token: fresh } });
    }
  }

  #channel(ref: ChannelRef): string {
    if ('channelId' in ref) return ref.channelId;
    const channel = channelOf(this.#live.get(ref.callId) ?? [], ref.extension);
    if (!channel) {
      throw new YeastarError(
        `no live channel of extension ${ref.extension} in call ${ref.callId} (is 30011 subscribed?)`,
        'API',
      );
    }
    return channel;
  }

  // ── call control ──────────────────────────────────────────────────────────────────────────────────

  /** Click-to-call (`call/dial`): rings `caller` first, then `callee`. Failures arrive later as 30015. */
  async dial(params: DialParams): Promise<DialedCall> {
    const body = await this.api({
      method: 'POST',
      endpoint: 'call/dial',
      body: {
        caller: params.caller,
        callee: params.callee,
        ...(params.dialPermission ? { dial_permission: params.dialPermission } : {}),
        ...(params.autoAnswer === undefined ? {} : { auto_answer: params.autoAnswer ? 'yes' : 'no' }),
      },
      ...(params.signal ? { signal: params.signal } : {}),
    });
    const callId = String(body.call_id ?? '');
    this.emit('dialed', { callId, caller: params.caller, callee: params.callee });
    return { callId, caller: params.caller, callee: params.callee };
  }

  /** Hangs up one member (`call/hangup`). */
  async hangup(ref: ChannelRef & { signal?: AbortSignal }): Promise<HangupResult> {
    const body = await this.api({
      method: 'POST',
      endpoint: 'call/hangup',
      body: { channel_id: this.#channel(ref) },
      ...(ref.signal ? { signal: ref.signal } : {}),
    });
    return { callId: String(body.call_id ?? '') };
  }

  /** Transfers a member (`call/transfer`), blind by default. */
  async transfer(params: TransferParams): Promise<void> {
    await this.api({
      method: 'POST',
      endpoint: 'call/transfer',
      body: {
        type: params.type ?? 'blind',
        channel_id: this.#channel(params),
        number: params.number,
        ...(params.dialPermission ? { dial_permission: params.dialPermission } : {}),
        ...(params.attendedOperate ? { attended_operate: params.attendedOperate } : {}),
      },
      ...(params.signal ? { signal: params.signal } : {}),
    });
  }

  /** Puts a member on hold (`call/hold`). */
  async hold(ref: ChannelRef): Promise<void> {
    await this.api({ method: 'POST', endpoint: 'call/hold', body: { channel_id: this.#channel(ref) } });
  }

  /** Resumes a held member (`call/unhold`). */
  async unhold(ref: ChannelRef): Promise<void> {
    await this.api({ method: 'POST', endpoint: 'call/unhold', body: { channel_id: this.#channel(ref) } });
  }

  /** Live calls (`call/query`), filtered by call id, type or extension. */
  async queryCalls(
    filter: { callId?: string; type?: 'inbound' | 'outbound' | 'internal'; extension?: string } = {},
  ): Promise<LiveCall[]> {
    const body = await this.api({
      method: 'GET',
      endpoint: 'call/query',
      query: { call_id: filter.callId, type: filter.type, extension: filter.extension },
    });
    const data = Array.isArray(body.data)
      ? (body.data as Array<{ call_id?: unknown; members?: unknown }>)
      : [];
    return data.map((c) => ({
      callId: String(c.call_id ?? ''),
      members: (Array.isArray(c.members) ? c.members : []).flatMap((m) => {
        const r = pMemberSchema.safeParse(m);
        return r.success ? [r.data] : [];
      }),
    }));
  }

  // ── data ──────────────────────────────────────────────────────────────────────────────────────────

  async *#paginate<T>(
    endpoint: string,
    query: PSeriesRequest['query'],
    pageSize: number,
    signal?: AbortSignal,
  ): AsyncGenerator<T> {
    for (let page = 1; ; page++) {
      if (signal?.aborted) {
        throw new YeastarHttpError(
          `${endpoint} iteration aborted`,
          { method: 'GET', url: endpoint, isRetryable: false },
          'ABORTED',
          { cause: signal.reason },
        );
      }
      const body = await this.api({
        method: 'GET',
        endpoint,
        query: { ...query, page, page_size: pageSize },
        ...(signal ? { signal } : {}),
      });
      const data = Array.isArray(body.data) ? (body.data as T[]) : [];
      yield* data;
      const total = Number(body.total_number ?? Number.NaN);
      if (data.length < pageSize || (Number.isFinite(total) && page * pageSize >= total)) return;
    }
  }

  /** Every CDR (`cdr/list`), page by page, as an async iterator. */
  listCdrs(params: CdrListParams = {}): AsyncIterable<CdrListItem> {
    return this.#paginate<CdrListItem>(
      'cdr/list',
      { sort_by: params.sortBy ?? 'id', order_by: params.orderBy ?? 'asc' },
      params.pageSize ?? 1000,
      params.signal,
    );
  }

  /** CDRs matching a filter (`cdr/search`), page by page; use it to back-fill a connection gap. */
  searchCdrs(params: CdrSearchParams = {}): AsyncIterable<CdrListItem> {
    const time = (t: Date | string | undefined) => (t instanceof Date ? Math.floor(t.getTime() / 1000) : t);
    return this.#paginate<CdrListItem>(
      'cdr/search',
      {
        start_time: time(params.startTime),
        end_time: time(params.endTime),
        call_from: params.callFrom,
        call_to: params.callTo,
        status: params.status,
      },
      params.pageSize ?? 1000,
      params.signal,
    );
  }

  /** Extensions (`extension/list`, or `extension/search` with a search value), as an async iterator. */
  listExtensions(
    params: { search?: string; pageSize?: number; signal?: AbortSignal } = {},
  ): AsyncIterable<ExtensionInfo> {
    return params.search
      ? this.#paginate<ExtensionInfo>(
          'extension/search',
          { search_value: params.search },
          params.pageSize ?? 500,
          params.signal,
        )
      : this.#paginate<ExtensionInfo>('extension/list', {}, params.pageSize ?? 500, params.signal);
  }

  /** One extension by id (`extension/get`). */
  async getExtension(id: number | string): Promise<ExtensionInfo> {
    const body = await this.api({ method: 'GET', endpoint: 'extension/get', query: { id } });
    return (body.data ?? {}) as ExtensionInfo;
  }

  /** Company contacts matching a value (`company_contact/search`), as an async iterator. */
  searchContacts(params: {
    search: string;
    pageSize?: number;
    signal?: AbortSignal;
  }): AsyncIterable<CompanyContact> {
    return this.#paginate<CompanyContact>(
      'company_contact/search',
      { search_value: params.search },
      params.pageSize ?? 500,
      params.signal,
    );
  }

  /**
   * Streams a recording: `recording/download` gives a relative link valid 30 minutes, which is then fetched
   * with the token (research §1.10). The body is a Node `Readable`: pipe it, never buffer large files.
   */
  async downloadRecording(
    ref: { file: string } | { id: number | string },
    signal?: AbortSignal,
  ): Promise<RecordingDownload> {
    const body = await this.api({
      method: 'GET',
      endpoint: 'recording/download',
      query: 'file' in ref ? { file: ref.file } : { id: ref.id },
      ...(signal ? { signal } : {}),
    });
    const link = String(body.download_resource_url ?? '');
    if (!link)
      throw new YeastarHttpError(
        'recording/download returned no download_resource_url',
        { method: 'GET', url: 'recording/download', isRetryable: false },
        'INVALID_RESPONSE',
      );
    const token = await this.tokens.getAccessToken();
    const url = new URL(link, `${this.options.baseUrl}/`);
    url.searchParams.set('access_token', token);
    const info = { method: 'GET', url: redactUrl(url.toString()) };
    try {
      const res = await request(url, {
        method: 'GET',
        dispatcher: this.#http.dispatcher,
        headers: { 'user-agent': this.options.userAgent },
        ...(signal ? { signal } : {}),
      });
      if (res.statusCode !== 200) {
        const text = (await res.body.text()).slice(0, 2048);
        throw new YeastarHttpError(`recording download answered HTTP ${res.statusCode}`, {
          ...info,
          status: res.statusCode,
          body: text,
          isRetryable: res.statusCode >= 500,
        });
      }
      const len = res.headers['content-length'];
      const type = res.headers['content-type'];
      if (String(type).includes('json')) {
        // The PBX answers an expired link or token with an errcode body, not audio.
        const text = await res.body.text();
        const parsed = (() => {
          try {
            return JSON.parse(text) as { errcode?: unknown; errmsg?: unknown };
          } catch {
            return {};
          }
        })();
        throw new YeastarApiError(
          'recording download',
          Number(parsed.errcode ?? -1),
          String(parsed.errmsg ?? 'not audio'),
          { ...info, status: res.statusCode, body: text.slice(0, 2048) },
        );
      }
      return {
        file: String(body.file ?? ('file' in ref ? ref.file : '')),
        contentType: Array.isArray(type) ? type[0] : type,
        size: len === undefined ? undefined : Number(len),
        body: res.body,
      };
    } catch (error) {
      throw transportError(error, info, signal);
    }
  }
}
