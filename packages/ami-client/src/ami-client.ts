import { createHash, randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import { EventEmitter } from 'eventemitter3';
import type {
  ActionOptions,
  AmiListResult,
  ClickToCallParams,
  CommandResult,
  GetvarResult,
  OriginateParams,
  OriginateResult,
} from './actions/types.js';
import { originateReasonText } from './actions/types.js';
import {
  AmiAuthError,
  AmiConnectionError,
  AmiError,
  AmiQueueOverflowError,
  AmiTimeoutError,
} from './errors.js';
import type { AmiEvent, AmiEventOf, AmiTypedEventListeners } from './events.js';
import { BoundedQueue } from './internal/event-queue.js';
import { PendingActions, type PendingMode } from './internal/pending-actions.js';
import { type AmiClientOptions, type ResolvedAmiClientOptions, resolveAmiClientOptions } from './options.js';
import { AmiMessage } from './protocol/message.js';
import { AmiParser } from './protocol/parser.js';
import { type AmiAction, redact, serializeAction } from './protocol/serialize.js';
import { backoffDelay } from './transport/backoff.js';
import { openSocket } from './transport/socket.js';

/** Connection state of an {@link AmiClient}. */
export type AmiClientState = 'idle' | 'connecting' | 'ready' | 'reconnecting' | 'closed';

/** Payload of `ready`. */
export interface AmiReadyInfo {
  /** The connection's tag. */
  source: string;
  /** AMI version from the greeting (`9.0.0` = Asterisk 20). */
  amiVersion: string;
}

/** Payload of `reconnected`. */
export interface AmiReconnectedInfo extends AmiReadyInfo {
  /** Time between losing the previous session and this login. */
  downtimeMs: number;
  /** Attempts it took. */
  attempts: number;
}

/** Counters of an {@link AmiClient}. */
export interface AmiClientStats {
  /** Bytes received over all sessions. */
  bytesIn: number;
  /** Events received (after the name filter). */
  eventsIn: number;
  /** Events dropped by the client-side name filter. */
  filtered: number;
  /** Events dropped by the queue's overflow policy. */
  dropped: number;
  /** Events waiting for dispatch now. */
  queued: number;
  /** Highest queue length seen. */
  queueHighWater: number;
  /** Frames the parser rejected. */
  parseErrors: number;
  /** Successful reconnects. */
  reconnects: number;
  /** Actions awaiting a reply now. */
  pendingActions: number;
}

/** Lifecycle events of {@link AmiClient} (see {@link AmiClientEvents}). */
export interface AmiClientLifecycleEvents {
  /** Logged in (first time); events flow. */
  ready: [info: AmiReadyInfo];
  /** Logged in again after a lost session; resync state now (the CallTracker does). */
  reconnected: [info: AmiReconnectedInfo];
  /** A session was lost; a reconnect follows unless closed or fatal. */
  disconnected: [cause: AmiError];
  /** Waiting `delayMs` before reconnect attempt `attempt`. */
  reconnecting: [attempt: number, delayMs: number, cause: AmiError];
  /** Closed for good (by `close()`, an auth failure, or exhausted reconnects). */
  close: [cause: AmiError | undefined];
  /** A background failure: parse error, queue overflow, failed reconnect, listener exception. */
  error: [error: AmiError];
  /** Wire-level trace with secrets redacted. */
  debug: [message: string];
  /** Every AMI event (typed union), tagged with its `source`. */
  event: [event: AmiEvent];
}

/** Events of {@link AmiClient}: lifecycle events plus one typed event per AMI event name (`Hangup`, …). */
export type AmiClientEvents = AmiClientLifecycleEvents & AmiTypedEventListeners;

/**
 * A reconnecting Asterisk Manager Interface client: MD5 login, typed actions, typed events,
 * keepalive with a pong deadline, exponential backoff with full jitter, a bounded event queue.
 *
 * @example
 * ```ts
 * const ami = new AmiClient({ host: '10.0.0.5', username: 'crm', secret: process.env.AMI_SECRET! });
 * ami.on('error', (err) => console.error(err));
 * ami.on('Hangup', (e) => console.log(e.fields.Channel, e.fields['Cause-txt']));
 * await ami.connect();
 * const result = await ami.clickToCall({ extension: '101', number: '+306974015758' });
 * ```
 */
export class AmiClient extends EventEmitter<AmiClientEvents> {
  /** Validated options. */
  readonly options: ResolvedAmiClientOptions;
  readonly #parser: AmiParser;
  readonly #pending = new PendingActions((n) => {
    this.#parser.passAll = n > 0;
  });
  readonly #queue: BoundedQueue<AmiMessage>;
  readonly #filter: ((name: string) => boolean) | undefined;
  #state: AmiClientState = 'idle';
  #socket: Socket | undefined;
  #prefix = '';
  #seq = 0;
  #amiVersion = '';
  #everReady = false;
  #lostAt = 0;
  #attempt = 0;
  #connectPromise: Promise<void> | undefined;
  #reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  #keepaliveTimer: ReturnType<typeof setInterval> | undefined;
  #drainScheduled = false;
  #bytesIn = 0;
  #parseErrors = 0;
  #reconnects = 0;

  /** Create a client; validates options (throws {@link AmiConfigError}). Does not connect. */
  constructor(options: AmiClientOptions) {
    super();
    this.options = resolveAmiClientOptions(options);
    const f = this.options.eventFilter;
    if (f?.include !== undefined || f?.exclude !== undefined) {
      const include = f.include ? new Set(f.include) : undefined;
      const exclude = new Set(f.exclude ?? []);
      // Pure per name (the parser caches decisions); EventList items pass through `passAll`.
      this.#filter = (name) =>
        name === 'OriginateResponse' || ((include?.has(name) ?? true) && !exclude.has(name));
    }
    this.#parser = new AmiParser({
      maxFrameBytes: this.options.maxFrameBytes,
      maxHeaders: this.options.maxHeaders,
      source: this.options.source,
      // Listeners (and the CallTracker) read nearly every event: split headers in the framing pass.
      eagerHeaders: true,
      ...(this.#filter ? { acceptEvent: this.#filter } : {}),
    });
    this.#queue = new BoundedQueue(this.options.queue.maxEvents, this.options.queue.overflow);
  }

  /** The connection's tag (option `source`, default `host:port`). */
  get source(): string {
    return this.options.source;
  }

  /** Current state. */
  get state(): AmiClientState {
    return this.#state;
  }

  /** AMI version from the last greeting (`''` before the first). */
  get amiVersion(): string {
    return this.#amiVersion;
  }

  /** Counters. */
  get stats(): AmiClientStats {
    return {
      bytesIn: this.#bytesIn,
      eventsIn: this.#parser.stats.events,
      filtered: this.#parser.stats.filtered,
      dropped: this.#queue.dropped,
      queued: this.#queue.size,
      queueHighWater: this.#queue.highWater,
      parseErrors: this.#parseErrors,
      reconnects: this.#reconnects,
      pendingActions: this.#pending.size,
    };
  }

  /**
   * Connect and log in. Resolves once logged in; retries per the reconnect policy meanwhile.
   * Rejects with {@link AmiAuthError} on a wrong secret (no retry), or when retries are exhausted.
   * Resolves at once when already ready.
   */
  connect(): Promise<void> {
    if (this.#state === 'ready') return Promise.resolve();
    if (this.#connectPromise) return this.#connectPromise;
    if (this.#state === 'closed') this.#state = 'idle';
    this.#connectPromise = new Promise<void>((resolve, reject) => {
      const onReady = (): void => {
        cleanup();
        resolve();
      };
      const onClose = (cause: AmiError | undefined): void => {
        cleanup();
        reject(cause ?? new AmiConnectionError('closed before ready', 'closed'));
      };
      const cleanup = (): void => {
        this.off('ready', onReady);
        this.off('reconnected', onReady);
        this.off('close', onClose);
        this.#connectPromise = undefined;
      };
      this.once('ready', onReady);
      this.once('reconnected', onReady);
      this.once('close', onClose);
    });
    this.#state = 'connecting';
    void this.#session();
    return this.#connectPromise;
  }

  /** Log off (best effort), close the socket, fail pending actions, stop reconnecting. */
  async close(): Promise<void> {
    if (this.#state === 'closed' || this.#state === 'idle') {
      this.#state = 'closed';
      return;
    }
    const socket = this.#socket;
    const wasReady = this.#state === 'ready';
    this.#state = 'closed';
    this.#teardownTimers();
    if (socket && wasReady) {
      const logoff = this.#send({ Action: 'Logoff' }, 'single', { timeoutMs: 1000 }, true).catch(
        () => undefined,
      );
      await logoff;
    }
    const err = new AmiConnectionError('client closed', 'closed');
    this.#pending.failAll(err);
    socket?.destroy();
    this.#socket = undefined;
    this.emit('close', undefined);
  }

  // ---------------------------------------------------------------- session

  async #session(): Promise<void> {
    const o = this.options;
    let socket: Socket;
    try {
      socket = await openSocket({
        host: o.host,
        port: o.port,
        family: o.family,
        tls: o.tls,
        timeoutMs: o.connectTimeoutMs,
      });
    } catch (err) {
      this.#lost(err as AmiError);
      return;
    }
    if (this.#state === 'closed') {
      socket.destroy();
      return;
    }
    this.#socket = socket;
    this.#prefix = randomBytes(4).toString('hex');
    this.#seq = 0;
    this.#parser.reset();
    let banner: (() => void) | undefined;
    const greeted = new Promise<void>((resolve) => {
      banner = resolve;
    });
    let ended = false;
    const end = (cause: AmiError): void => {
      if (ended) return;
      ended = true;
      socket.destroy();
      if (this.#socket === socket) this.#socket = undefined;
      this.#lost(cause);
    };
    socket.on('data', (chunk: Buffer) => this.#onData(chunk, socket, () => banner?.(), end));
    socket.on('error', (err) =>
      end(new AmiConnectionError(`socket error: ${err.message}`, 'connection_lost', { cause: err })),
    );
    socket.on('close', () => end(new AmiConnectionError('connection closed by peer', 'connection_lost')));
    const deadline = setTimeout(
      () =>
        end(new AmiTimeoutError(`no AMI greeting/login within ${o.connectTimeoutMs} ms`, 'connect_timeout')),
      o.connectTimeoutMs,
    );
    try {
      await greeted;
      await this.#login();
      for (const filter of o.filters) {
        await this.#send({ Action: 'Filter', Operation: 'Add', Filter: filter }, 'single', {}, true);
      }
    } catch (err) {
      clearTimeout(deadline);
      if (err instanceof AmiAuthError) {
        this.#fatal(err, socket);
        return;
      }
      end(
        AmiError.isInstance(err)
          ? err
          : new AmiConnectionError(String(err), 'connection_lost', { cause: err }),
      );
      return;
    }
    clearTimeout(deadline);
    if (ended || (this.#state as AmiClientState) === 'closed') return;
    this.#state = 'ready';
    const attempts = this.#attempt;
    this.#attempt = 0;
    this.#startKeepalive();
    const info = { source: o.source, amiVersion: this.#amiVersion };
    if (this.#everReady) {
      this.#reconnects++;
      this.emit('reconnected', { ...info, downtimeMs: Date.now() - this.#lostAt, attempts });
    } else {
      this.#everReady = true;
      this.emit('ready', info);
    }
  }

  async #login(): Promise<void> {
    const o = this.options;
    const events = Array.isArray(o.events) ? o.events.join(',') : o.events;
    const fail = (err: unknown): never => {
      if (AmiError.isInstance(err) && err.code === 'action_failed') {
        throw new AmiAuthError(`AMI login as ${o.username} rejected: ${(err as Error).message}`, {
          cause: err,
        });
      }
      throw err;
    };
    if (o.authType === 'md5') {
      const challenge = await this.#send({ Action: 'Challenge', AuthType: 'MD5' }, 'single', {}, true).catch(
        fail,
      );
      const key = createHash('md5')
        .update(`${challenge.get('Challenge') ?? ''}${o.secret}`)
        .digest('hex');
      await this.#send(
        { Action: 'Login', AuthType: 'MD5', Username: o.username, Key: key, Events: events },
        'single',
        {},
        true,
      ).catch(fail);
    } else {
      await this.#send(
        { Action: 'Login', Username: o.username, Secret: o.secret, Events: events },
        'single',
        {},
        true,
      ).catch(fail);
    }
  }

  #onData(chunk: Buffer, socket: Socket, greeted: () => void, end: (cause: AmiError) => void): void {
    if (socket !== this.#socket) return;
    this.#bytesIn += chunk.length;
    const now = Date.now();
    // One parser from the first byte: events in the same read as the Login response are kept.
    for (const item of this.#parser.push(chunk)) {
      if (!(item instanceof AmiMessage)) {
        this.#parseErrors++;
        this.emit('error', item);
        if (item.code === 'not_ami') {
          end(new AmiConnectionError('peer is not an AMI server', 'not_ami', { cause: item }));
          return;
        }
        continue;
      }
      item.receivedAt = now;
      if (item.kind === 'banner') {
        this.#amiVersion = item.name;
        greeted();
      } else if (item.kind === 'response') {
        if (!this.#pending.onResponse(item)) this.emit('debug', `unmatched response: ${item.raw}`);
      } else if (item.kind === 'event') {
        const id = item.actionId;
        if (id !== undefined && this.#pending.onEvent(item, id)) continue;
        this.#queue.push(item);
      }
    }
    if (this.#queue.dropped !== this.#lastDropped) this.#overflowed();
    if (this.#queue.size > 0) this.#scheduleDrain();
  }

  #lastDropped = 0;
  #overflowed(): void {
    const n = this.#queue.dropped - this.#lastDropped;
    this.#lastDropped = this.#queue.dropped;
    this.emit('error', new AmiQueueOverflowError(n));
  }

  #scheduleDrain(): void {
    if (this.#drainScheduled) return;
    this.#drainScheduled = true;
    setImmediate(() => this.#drain());
  }

  // Dispatch in batches so a burst never keeps the socket from being read (Asterisk drops a
  // reader that stalls beyond writetimeout, 100 ms by default: ami.md §4.2).
  #drain(): void {
    this.#drainScheduled = false;
    let n = this.options.queue.batch;
    while (n-- > 0) {
      const event = this.#queue.shift();
      if (event === undefined) break;
      this.#dispatch(event as AmiEvent);
    }
    if (this.#queue.size > 0) this.#scheduleDrain();
  }

  #dispatch(event: AmiEvent): void {
    try {
      this.emit('event', event);
      const name = event.name as keyof AmiTypedEventListeners;
      if (event.type !== 'unknown' && this.listenerCount(name) > 0) {
        (this.emit as (n: string, e: AmiEvent) => boolean)(name, event);
      }
    } catch (err) {
      this.emit(
        'error',
        new AmiError(`an event listener threw: ${(err as Error)?.message}`, 'listener_failed', {
          cause: err,
        }),
      );
    }
  }

  #startKeepalive(): void {
    const { intervalMs, timeoutMs } = this.options.keepalive;
    if (intervalMs === 0) return;
    const socket = this.#socket;
    this.#keepaliveTimer = setInterval(() => {
      if (this.#state !== 'ready' || this.#socket !== socket) return;
      this.#send({ Action: 'Ping' }, 'single', { timeoutMs }).catch((err: AmiError) => {
        if (err.code !== 'action_timeout' || this.#socket !== socket) return;
        // A dead peer: no pong in time. Replace the socket.
        this.emit('debug', 'keepalive: no pong, replacing the socket');
        socket?.destroy(new AmiTimeoutError(`no Pong within ${timeoutMs} ms`, 'keepalive_timeout'));
      });
    }, intervalMs);
  }

  #teardownTimers(): void {
    clearInterval(this.#keepaliveTimer);
    clearTimeout(this.#reconnectTimer);
    this.#keepaliveTimer = undefined;
    this.#reconnectTimer = undefined;
  }

  #lost(cause: AmiError): void {
    this.#teardownTimers();
    const wasReady = this.#state === 'ready';
    // In-flight actions fail now and are never replayed (a replayed Originate would ring twice).
    this.#pending.failAll(
      new AmiConnectionError(`connection lost: ${cause.message}`, 'connection_lost', { cause }),
    );
    if (this.#state === 'closed') return;
    if (wasReady) {
      this.#lostAt = Date.now();
      this.emit('disconnected', cause);
    } else if (!this.#everReady && this.#attempt === 0) {
      this.#lostAt = Date.now();
    }
    this.emit('error', cause);
    const o = this.options;
    this.#attempt++;
    let delay: number | false;
    if (!o.reconnect.enabled || this.#attempt > o.reconnect.maxAttempts) delay = false;
    else if (o.reconnectStrategy) delay = o.reconnectStrategy(this.#attempt, cause);
    else delay = backoffDelay(this.#attempt, o.reconnect);
    if (delay === false) {
      this.#state = 'closed';
      this.emit('close', cause);
      return;
    }
    this.#state = 'reconnecting';
    this.emit('reconnecting', this.#attempt, delay, cause);
    this.#reconnectTimer = setTimeout(() => {
      this.#reconnectTimer = undefined;
      if (this.#state === 'reconnecting') void this.#session();
    }, delay);
  }

  #fatal(err: AmiAuthError, socket: Socket): void {
    this.#teardownTimers();
    this.#state = 'closed';
    this.#pending.failAll(err);
    socket.destroy();
    this.#socket = undefined;
    this.emit('error', err);
    this.emit('close', err);
  }

  // ---------------------------------------------------------------- actions

  #send<T = AmiMessage>(
    action: AmiAction,
    mode: PendingMode,
    opts: ActionOptions,
    duringLogin = false,
    onItem?: (item: AmiMessage) => void,
  ): Promise<T> {
    const socket = this.#socket;
    if (socket === undefined || (!duringLogin && this.#state !== 'ready')) {
      return Promise.reject(
        new AmiConnectionError(
          `cannot send ${action.Action}: not connected (${this.#state})`,
          'not_connected',
        ),
      );
    }
    const id = `${this.#prefix}-${++this.#seq}`;
    let wire: string;
    try {
      wire = serializeAction(action, id);
    } catch (err) {
      return Promise.reject(err);
    }
    const promise = this.#pending.add<T>(
      id,
      action.Action,
      mode,
      opts.timeoutMs ?? this.options.actionTimeoutMs,
      opts.signal,
      onItem,
    );
    if (this.listenerCount('debug') > 0) this.emit('debug', `> ${redact(wire)}`);
    // write() never blocks: Node buffers when the kernel is full, so no action is lost here.
    socket.write(wire);
    return promise;
  }

  /**
   * Send any action and resolve with its response. `Response: Error` rejects with
   * {@link AmiActionError}. Use {@link AmiClient.list} for EventList actions.
   */
  action(action: AmiAction, opts: ActionOptions = {}): Promise<AmiMessage> {
    return this.#send(action, 'single', opts);
  }

  /** Send an EventList action and resolve with the acknowledgement and every item. */
  list(
    action: AmiAction,
    opts: ActionOptions & { onItem?: (item: AmiMessage) => void } = {},
  ): Promise<AmiListResult> {
    return this.#send(action, 'list', opts, false, opts.onItem);
  }

  /** Send an EventList action and iterate its items as they arrive. */
  async *iterate(action: AmiAction, opts: ActionOptions = {}): AsyncGenerator<AmiMessage, void, undefined> {
    const buffered: AmiMessage[] = [];
    let wake: (() => void) | undefined;
    let done = false;
    let failure: unknown;
    this.list(action, {
      ...opts,
      onItem: (item) => {
        buffered.push(item);
        wake?.();
      },
    }).then(
      () => {
        done = true;
        wake?.();
      },
      (err: unknown) => {
        failure = err;
        done = true;
        wake?.();
      },
    );
    for (;;) {
      const item = buffered.shift();
      if (item !== undefined) {
        yield item;
        continue;
      }
      if (done) break;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
      wake = undefined;
    }
    if (failure !== undefined) throw failure;
  }

  /** `Ping`: resolves with the response (`Ping: Pong`, `Timestamp`). */
  ping(opts?: ActionOptions): Promise<AmiMessage> {
    return this.action({ Action: 'Ping' }, opts);
  }

  /**
   * Async `Originate`, correlated with its `OriginateResponse` by ActionID. Resolves with the
   * outcome (success or not); rejects on `Response: Error`, timeout, abort or connection loss.
   */
  async originate(params: OriginateParams): Promise<OriginateResult> {
    const ring = params.ringTimeoutMs ?? 30_000;
    const action: AmiAction = {
      Action: 'Originate',
      Channel: params.channel,
      Context: params.context,
      Exten: params.exten,
      Priority: params.priority ?? (params.exten !== undefined ? 1 : undefined),
      Application: params.application,
      Data: params.data,
      Timeout: ring,
      CallerID: params.callerId,
      Account: params.account,
      ChannelId: params.channelId,
      OtherChannelId: params.otherChannelId,
      EarlyMedia: params.earlyMedia,
      Codecs: params.codecs,
      Async: 'true',
      ...(params.variables ? { Variable: params.variables } : {}),
    };
    const event = await this.#send<AmiEventOf<'OriginateResponse'>>(action, 'originate', {
      timeoutMs: params.timeoutMs ?? ring + this.options.actionTimeoutMs,
      ...(params.signal ? { signal: params.signal } : {}),
    });
    const reason = event.get('Reason') ?? '';
    return {
      success: event.get('Response') === 'Success',
      reason,
      reasonText: originateReasonText(reason),
      uniqueid: event.get('Uniqueid') ?? '',
      channel: event.get('Channel') ?? params.channel,
      actionId: event.actionId ?? '',
      event,
    };
  }

  /** Click-to-call: ring `extension`, and once it answers dial `number` from `context`. */
  clickToCall(params: ClickToCallParams): Promise<OriginateResult> {
    return this.originate({
      channel: `${params.tech ?? 'PJSIP'}/${params.extension}`,
      context: params.context ?? 'from-internal',
      exten: params.number,
      priority: 1,
      callerId: params.callerId ?? params.number,
      ...(params.ringTimeoutMs !== undefined ? { ringTimeoutMs: params.ringTimeoutMs } : {}),
      variables: { ...params.variables },
      ...(params.timeoutMs !== undefined ? { timeoutMs: params.timeoutMs } : {}),
      ...(params.signal ? { signal: params.signal } : {}),
    });
  }

  /** `Hangup` a channel (optional Q.850 cause). */
  hangup(channel: string, cause?: number, opts?: ActionOptions): Promise<AmiMessage> {
    return this.action({ Action: 'Hangup', Channel: channel, Cause: cause }, opts);
  }

  /** `Redirect` a channel (and optionally its peer) to context/exten/priority. */
  redirect(
    p: { channel: string; context: string; exten: string; priority?: number; extraChannel?: string },
    opts?: ActionOptions,
  ): Promise<AmiMessage> {
    return this.action(
      {
        Action: 'Redirect',
        Channel: p.channel,
        ExtraChannel: p.extraChannel,
        Context: p.context,
        Exten: p.exten,
        Priority: p.priority ?? 1,
      },
      opts,
    );
  }

  /** `BlindTransfer` the peer of `channel` to `exten@context`. */
  blindTransfer(
    p: { channel: string; exten: string; context?: string },
    opts?: ActionOptions,
  ): Promise<AmiMessage> {
    return this.action(
      { Action: 'BlindTransfer', Channel: p.channel, Exten: p.exten, Context: p.context },
      opts,
    );
  }

  /** `Atxfer`: start an attended transfer from `channel` to `exten@context`. */
  atxfer(p: { channel: string; exten: string; context?: string }, opts?: ActionOptions): Promise<AmiMessage> {
    return this.action({ Action: 'Atxfer', Channel: p.channel, Exten: p.exten, Context: p.context }, opts);
  }

  /** `Command`: run a CLI command; both output formats become `lines`. */
  async command(command: string, opts?: ActionOptions): Promise<CommandResult> {
    const response = await this.action({ Action: 'Command', Command: command }, opts);
    return { lines: [...response.outputLines], response };
  }

  /** `CoreShowChannels`: every active channel (used to resync after a reconnect). */
  async coreShowChannels(opts?: ActionOptions): Promise<AmiEventOf<'CoreShowChannel'>[]> {
    const r = await this.list({ Action: 'CoreShowChannels' }, opts);
    return r.items as AmiEventOf<'CoreShowChannel'>[];
  }

  /** `QueueStatus`: QueueParams, QueueMember and QueueEntry items. */
  queueStatus(p: { queue?: string; member?: string } = {}, opts?: ActionOptions): Promise<AmiListResult> {
    return this.list({ Action: 'QueueStatus', Queue: p.queue, Member: p.member }, opts);
  }

  /** `Status`: one item per channel (or only `channel`). */
  async status(channel?: string, opts?: ActionOptions): Promise<AmiEventOf<'Status'>[]> {
    const r = await this.list({ Action: 'Status', Channel: channel }, opts);
    return r.items as AmiEventOf<'Status'>[];
  }

  /** `Getvar`: a channel variable (with `channel`) or a global. */
  async getvar(variable: string, channel?: string, opts?: ActionOptions): Promise<GetvarResult> {
    const r = await this.action({ Action: 'Getvar', Variable: variable, Channel: channel }, opts);
    return { variable: r.get('Variable') ?? variable, value: r.get('Value') ?? '' };
  }

  /** `Setvar`: set a channel variable (with `channel`) or a global. */
  setvar(variable: string, value: string, channel?: string, opts?: ActionOptions): Promise<AmiMessage> {
    return this.action({ Action: 'Setvar', Variable: variable, Value: value, Channel: channel }, opts);
  }

  /** `PJSIPShowEndpoints`: one `EndpointList` item per endpoint. */
  async pjsipShowEndpoints(opts?: ActionOptions): Promise<AmiEventOf<'EndpointList'>[]> {
    const r = await this.list({ Action: 'PJSIPShowEndpoints' }, opts);
    return r.items as AmiEventOf<'EndpointList'>[];
  }

  /** `ExtensionState`: hint state of `exten@context` (`Status`, `StatusText`). */
  extensionState(exten: string, context = 'from-internal', opts?: ActionOptions): Promise<AmiMessage> {
    return this.action({ Action: 'ExtensionState', Exten: exten, Context: context }, opts);
  }
}
