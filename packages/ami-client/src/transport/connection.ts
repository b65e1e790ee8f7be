import { createHash, randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import { EventEmitter } from 'eventemitter3';
import type { ActionOptions, AmiActionMode, AmiListResult } from '../actions/types.js';
import type { AmiClientEvents, AmiClientState, AmiClientStats } from '../client-types.js';
import {
  AmiAuthError,
  AmiConnectionError,
  AmiError,
  AmiQueueOverflowError,
  AmiTimeoutError,
} from '../errors.js';
import type { AmiEvent, AmiTypedEventListeners } from '../events.js';
import { BoundedQueue } from '../internal/event-queue.js';
import { PendingActions } from '../internal/pending-actions.js';
import { type AmiClientOptions, type ResolvedAmiClientOptions, resolveAmiClientOptions } from '../options.js';
import { AmiMessage } from '../protocol/message.js';
import { AmiParser } from '../protocol/parser.js';
import { type AmiAction, redact, serializeAction } from '../protocol/serialize.js';
import { backoffDelay } from './backoff.js';
import { openSocket } from './socket.js';

/**
 * The connection layer of {@link AmiClient}: socket, login, keepalive, reconnect, the bounded event
 * queue and generic actions. Use {@link AmiClient}, which adds the typed action helpers.
 */
export class AmiConnection extends EventEmitter<AmiClientEvents> {
  /** Validated options. */
  readonly options: ResolvedAmiClientOptions;
  readonly #parser: AmiParser;
  readonly #pending = new PendingActions(
    (n) => {
      this.#parser.passAll = n > 0;
    },
    () => this.#enqueued,
  );
  readonly #queue: BoundedQueue<AmiMessage>;
  readonly #filter: ((name: string) => boolean) | undefined;
  #state: AmiClientState = 'idle';
  #socket: Socket | undefined;
  #prefix = '';
  #seq = 0;
  #amiVersion = '';
  #everReady = false;
  #lostAt = 0;
  #readyAt = 0;
  #attempt = 0;
  #connectPromise: Promise<void> | undefined;
  #reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  #keepaliveTimer: ReturnType<typeof setInterval> | undefined;
  #drainScheduled = false;
  #enqueued = 0;
  #dispatched = 0;
  #drainWaiters: Array<{ target: number; fn: () => void }> = [];
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
    // While a reconnect is pending, wait for it rather than opening a second socket.
    if (this.#state === 'idle') {
      this.#state = 'connecting';
      void this.#session();
    }
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
      const logoff = this.send({ Action: 'Logoff' }, 'single', { timeoutMs: 1000 }, true).catch(
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

  #debug(message: string): void {
    if (this.listenerCount('debug') > 0) this.emit('debug', message);
  }

  async #session(): Promise<void> {
    const o = this.options;
    this.#debug(`connecting to ${o.source}${o.tls ? ' (TLS)' : ''}, attempt ${this.#attempt + 1}`);
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
    // A frame cut off by the previous connection's end is reported, not dropped silently.
    const truncated = this.#parser.reset();
    if (truncated !== undefined) {
      this.#parseErrors++;
      this.emit('error', truncated);
    }
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
        await this.send({ Action: 'Filter', Operation: 'Add', Filter: filter }, 'single', {}, true);
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
    this.#readyAt = Date.now();
    this.#startKeepalive();
    this.#debug(`logged in to ${o.source} as ${o.username} (AMI ${this.#amiVersion}, ${o.authType})`);
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
      const challenge = await this.send({ Action: 'Challenge', AuthType: 'MD5' }, 'single', {}, true).catch(
        fail,
      );
      const key = createHash('md5')
        .update(`${challenge.get('Challenge') ?? ''}${o.secret}`)
        .digest('hex');
      await this.send(
        { Action: 'Login', AuthType: 'MD5', Username: o.username, Key: key, Events: events },
        'single',
        {},
        true,
      ).catch(fail);
    } else {
      await this.send(
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
        if (!this.#pending.onResponse(item)) this.#debug(`unmatched response: ${item.raw}`);
      } else if (item.kind === 'event') {
        const id = item.actionId;
        if (id !== undefined && this.#pending.onEvent(item, id)) continue;
        this.#queue.push(item);
        this.#enqueued++;
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
      this.#dispatched++;
      this.#dispatch(event as AmiEvent);
      if (this.#drainWaiters.length > 0) this.#runDrainWaiters();
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

  /**
   * Run `fn` right after the first `position` events of this connection have been dispatched to
   * listeners (or dropped by the overflow policy), before any later event: with a list's
   * `position` it applies the list in exact stream order (the CallTracker resyncs from
   * `CoreShowChannels` this way). Runs at once when that point has passed.
   */
  afterDispatched(position: number, fn: () => void): void {
    if (this.#dispatched + this.#queue.dropped >= position) fn();
    else this.#drainWaiters.push({ target: position, fn });
  }

  #runDrainWaiters(): void {
    const done = this.#dispatched + this.#queue.dropped;
    const due = this.#drainWaiters.filter((w) => w.target <= done);
    if (due.length === 0) return;
    this.#drainWaiters = this.#drainWaiters.filter((w) => w.target > done);
    for (const w of due) w.fn();
  }

  #startKeepalive(): void {
    const { intervalMs, timeoutMs } = this.options.keepalive;
    if (intervalMs === 0) return;
    const socket = this.#socket;
    this.#keepaliveTimer = setInterval(() => {
      if (this.#state !== 'ready' || this.#socket !== socket) return;
      this.send({ Action: 'Ping' }, 'single', { timeoutMs }).catch((err: AmiError) => {
        if (err.code !== 'action_timeout' || this.#socket !== socket) return;
        // A dead peer: no pong in time. Replace the socket.
        this.#debug('keepalive: no pong, replacing the socket');
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
    // Backoff restarts only after a stable session: a peer that accepts the login and then drops
    // us at once keeps getting longer delays instead of being hammered.
    if (wasReady && Date.now() - this.#readyAt >= this.options.reconnect.stableAfterMs) this.#attempt = 0;
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
    this.#debug(
      `session lost (${cause.code}: ${cause.message}); reconnect attempt ${this.#attempt} in ${delay} ms`,
    );
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

  /**
   * Send an action and register how it completes. Subclasses build typed helpers on it; it fails
   * fast with `not_connected` unless the session is ready (or logging in, for login actions).
   */
  protected send<T = AmiMessage>(
    action: AmiAction,
    mode: AmiActionMode,
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
    this.#debug(`> ${redact(wire)}`);
    // write() never blocks: Node buffers when the kernel is full, so no action is lost here.
    socket.write(wire);
    return promise;
  }

  /**
   * Send any action and resolve with its response. `Response: Error` rejects with
   * {@link AmiActionError}. Use {@link AmiClient.list} for EventList actions.
   */
  action(action: AmiAction, opts: ActionOptions = {}): Promise<AmiMessage> {
    return this.send(action, 'single', opts);
  }

  /** Send an EventList action and resolve with the acknowledgement and every item. */
  list(
    action: AmiAction,
    opts: ActionOptions & { onItem?: (item: AmiMessage) => void } = {},
  ): Promise<AmiListResult> {
    return this.send(action, 'list', opts, false, opts.onItem);
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
}
