import { type Dispatcher, WebSocket } from 'undici';
import { decodeFrame } from '../decode/envelope.js';
import type { SkippedEvent, YeastarEvent } from '../decode/events.js';
import { YeastarConnectionError, type YeastarError, YeastarTimeoutError } from '../errors.js';
import { redactUrl } from '../internal/redact.js';
import type { TokenManager } from './token-manager.js';

/** What the socket needs from its owner. */
export interface EventSocketSettings {
  baseUrl: string;
  topics: number[];
  heartbeatIntervalMs: number;
  heartbeatTimeoutMs: number;
  refreshMarginMs: number;
  reconnect: { initialDelayMs: number; maxDelayMs: number };
  dispatcher: Dispatcher;
  now: () => number;
  tokens: TokenManager;
  onEvent: (event: YeastarEvent) => void;
  onSkipped: (skipped: SkippedEvent) => void;
  onSubscribed: (first: boolean) => void;
  onDisconnected: (cause: YeastarError) => void;
  onReconnecting: (attempt: number, delayMs: number, cause: YeastarError) => void;
  onError: (error: YeastarError) => void;
  debug: (message: string) => void;
}

/** One WebSocket with its own token, subscription and heartbeat. */
class Session {
  ws: WebSocket | undefined;
  subscribed = false;
  opened = false;
  closed = false;
  #heartbeat: NodeJS.Timeout | undefined;
  #deadline: NodeJS.Timeout | undefined;

  constructor(
    readonly token: string,
    readonly id: number,
  ) {}

  startHeartbeat(s: EventSocketSettings, fail: (e: YeastarError) => void): void {
    // Text `heartbeat` well inside the 60 s idle limit (research §1.5); WS pings don't count for the PBX.
    this.#heartbeat = setInterval(() => {
      if (this.ws?.readyState !== WebSocket.OPEN) return;
      this.ws.send('heartbeat');
      this.#deadline ??= setTimeout(
        () => fail(new YeastarTimeoutError(`no "heartbeat response" within ${s.heartbeatTimeoutMs} ms`)),
        s.heartbeatTimeoutMs,
      );
    }, s.heartbeatIntervalMs);
  }

  heartbeatAnswered(): void {
    clearTimeout(this.#deadline);
    this.#deadline = undefined;
  }

  teardown(code = 1000): void {
    this.closed = true;
    clearInterval(this.#heartbeat);
    clearTimeout(this.#deadline);
    const ws = this.ws;
    if (ws && (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING)) {
      try {
        ws.close(code);
      } catch {
        // already closing
      }
    }
  }
}

/**
 * The P-Series event WebSocket (research §1.5): connect with the token, subscribe with the full
 * `topic_list`, heartbeat with a reply deadline, reconnect with jittered backoff, and rotate make-before-break
 * to a new socket on every token refresh (duplicates of the overlap are dropped downstream).
 */
export class PSeriesEventSocket {
  readonly #s: EventSocketSettings;
  #current: Session | undefined;
  #pending: Session | undefined;
  #stopped = true;
  #everSubscribed = false;
  #attempt = 0;
  #refusedUpgrades = 0;
  #sessionIds = 0;
  #reconnectTimer: NodeJS.Timeout | undefined;
  #rotateTimer: NodeJS.Timeout | undefined;
  readonly #onTokens = () => {
    // Resubscribe on every token refresh: open a socket with the new token before closing the old one.
    if (!this.#stopped && this.#current?.subscribed && !this.#pending) void this.#open(true);
  };

  constructor(settings: EventSocketSettings) {
    this.#s = settings;
  }

  /** Whether a subscribed socket is up. */
  get connected(): boolean {
    return this.#current?.subscribed === true;
  }

  /** Starts connecting; resolves when the first subscription is acknowledged or rejects on a fatal error. */
  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#s.tokens.on('tokens', this.#onTokens);
    void this.#open(false);
  }

  /** Closes everything and clears every timer. */
  stop(): void {
    this.#stopped = true;
    this.#s.tokens.off('tokens', this.#onTokens);
    clearTimeout(this.#reconnectTimer);
    clearTimeout(this.#rotateTimer);
    this.#current?.teardown();
    this.#pending?.teardown();
    this.#current = undefined;
    this.#pending = undefined;
  }

  async #open(rotation: boolean): Promise<void> {
    let token: string;
    try {
      token = await this.#s.tokens.getAccessToken();
    } catch (error) {
      // A failed rotation leaves the current socket up; only a failed (re)connect schedules another.
      if (rotation) this.#s.onError(error as YeastarError);
      else this.#scheduleReconnect(error as YeastarError);
      return;
    }
    if (this.#stopped) return;
    const session = new Session(token, ++this.#sessionIds);
    if (rotation) this.#pending = session;
    else this.#current = session;
    const wsBase = this.#s.baseUrl.replace(/^http/, 'ws');
    const url = `${wsBase}/openapi/v1.0/subscribe?access_token=${encodeURIComponent(token)}`;
    this.#s.debug(`ws#${session.id} connecting ${redactUrl(url)}${rotation ? ' (token rotation)' : ''}`);
    let ws: WebSocket;
    try {
      ws = new WebSocket(url, { dispatcher: this.#s.dispatcher });
    } catch (error) {
      this.#fail(
        session,
        new YeastarConnectionError(`cannot open WebSocket: ${(error as Error).message}`, undefined, {
          cause: error,
        }),
      );
      return;
    }
    session.ws = ws;
    const subscribeDeadline = setTimeout(
      () =>
        this.#fail(
          session,
          new YeastarTimeoutError(`no subscribe acknowledgement within ${this.#s.heartbeatTimeoutMs} ms`),
        ),
      this.#s.heartbeatTimeoutMs,
    );
    ws.addEventListener('open', () => {
      session.opened = true;
      if (this.#s.topics.length === 0) return; // never send an empty topic_list: it unsubscribes everything
      ws.send(JSON.stringify({ topic_list: this.#s.topics }));
    });
    ws.addEventListener('message', (ev) => {
      if (typeof ev.data !== 'string') return;
      const frame = decodeFrame(ev.data);
      if (frame.kind === 'heartbeat') {
        session.heartbeatAnswered();
      } else if (frame.kind === 'control') {
        if (frame.errcode === 0 && !session.subscribed) {
          clearTimeout(subscribeDeadline);
          this.#subscribed(session);
        } else if (frame.errcode === 10004) {
          // The PBX pushes TOKEN EXPIRED over the open socket (research §1.5): renew and reconnect now.
          this.#s.tokens.invalidate(session.token);
          this.#attempt = 0;
          this.#fail(
            session,
            new YeastarConnectionError(`PBX closed the subscription: ${frame.errcode} ${frame.errmsg}`),
            0,
          );
        } else if (frame.errcode !== 0) {
          this.#fail(
            session,
            new YeastarConnectionError(`PBX control frame ${frame.errcode} ${frame.errmsg}`),
          );
        }
      } else if (frame.kind === 'event') {
        this.#s.onEvent(frame.event);
      } else {
        this.#s.onSkipped(frame.skipped);
      }
    });
    ws.addEventListener('close', (ev) => {
      clearTimeout(subscribeDeadline);
      this.#fail(
        session,
        new YeastarConnectionError(
          `WebSocket closed (${ev.code}${ev.reason ? ` ${ev.reason}` : ''})`,
          ev.code,
        ),
      );
    });
    ws.addEventListener('error', () => {
      // A 'close' always follows; the close handler reconnects.
    });
  }

  #subscribed(session: Session): void {
    session.subscribed = true;
    this.#attempt = 0;
    session.startHeartbeat(this.#s, (e) => this.#fail(session, e));
    if (this.#pending === session) {
      const old = this.#current;
      this.#current = session;
      this.#pending = undefined;
      old?.teardown();
      this.#s.debug(`ws#${session.id} took over from ws#${old?.id}`);
    }
    this.#scheduleRotation();
    const first = !this.#everSubscribed;
    this.#everSubscribed = true;
    this.#s.debug(`ws#${session.id} subscribed to ${this.#s.topics.join(',')}`);
    if (!this.#pending) this.#s.onSubscribed(first);
  }

  #scheduleRotation(): void {
    clearTimeout(this.#rotateTimer);
    const t = this.#s.tokens.tokens;
    if (!t) return;
    // Asking for a token inside the refresh margin triggers the refresh; the 'tokens' listener rotates.
    const delay = Math.max(1_000, t.accessTokenExpiresAt - this.#s.refreshMarginMs - this.#s.now() + 50);
    this.#rotateTimer = setTimeout(() => {
      this.#s.tokens.getAccessToken().catch((e: YeastarError) => this.#s.onError(e));
    }, delay);
    this.#rotateTimer.unref?.();
  }

  #fail(session: Session, cause: YeastarError, delayOverride?: number): void {
    if (session.closed) return;
    session.teardown(cause instanceof YeastarTimeoutError ? 4000 : 1000);
    if (this.#stopped) return;
    if (this.#pending === session) {
      // A failed rotation keeps the current socket; try again on the next token refresh.
      this.#pending = undefined;
      this.#s.onError(cause);
      return;
    }
    if (this.#current !== session) return;
    const wasSubscribed = session.subscribed;
    this.#current = undefined;
    if (wasSubscribed) this.#s.onDisconnected(cause);
    // The PBX refuses the upgrade of a token it no longer knows (it restarted, the token was revoked) while
    // our clock says it is valid: after two refused upgrades in a row, renew the token instead of looping.
    this.#refusedUpgrades = session.opened ? 0 : this.#refusedUpgrades + 1;
    if (this.#refusedUpgrades >= 2) {
      this.#refusedUpgrades = 0;
      this.#s.tokens.invalidate(session.token);
    }
    this.#scheduleReconnect(cause, delayOverride);
  }

  #scheduleReconnect(cause: YeastarError, delayOverride?: number): void {
    if (this.#stopped) return;
    const attempt = ++this.#attempt;
    const { initialDelayMs, maxDelayMs } = this.#s.reconnect;
    const base = Math.min(maxDelayMs, initialDelayMs * 2 ** (attempt - 1));
    const delay = delayOverride ?? Math.round(base / 2 + (Math.random() * base) / 2);
    this.#s.onReconnecting(attempt, delay, cause);
    clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = setTimeout(() => void this.#open(false), delay);
  }
}
