import { createHash } from 'node:crypto';
import { type AddressInfo, createServer, type Server, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { createServer as createTlsServer, type TlsOptions } from 'node:tls';
import { AmiMessage } from '../protocol/message.js';
import { AmiParser } from '../protocol/parser.js';
import { builtinReply, type FakeContext, type FakeSession } from './fake-actions.js';
import type { CallScenario, ClickToCallOptions } from './scenario-types.js';
import { frame, type Headers, withTimestamp } from './wire.js';

/** A scripted reply: a response, optionally an EventList of items and its `…Complete` event name. */
export interface FakeReply {
  /** Response headers after `Response`/`ActionID` (e.g. `[['Message', 'ok']]`). */
  response?: Headers;
  /** `Success` (default), `Error`, `Follows`, `Goodbye`. */
  status?: string;
  /** List items (sent as events with the ActionID). */
  list?: Array<{
    /** Event name of the item, e.g. `EndpointList`. */
    event: string;
    /** The item's headers after `Event`/`ActionID`. */
    headers: Headers;
  }>;
  /** Name of the event that ends the list, e.g. `StatusComplete`. */
  complete?: string;
  /** Raw bytes to send instead (anything goes: tests of bad input). */
  raw?: string | Buffer;
}

/** Handles one action: return a reply, or `undefined` to fall back to the built-in behaviour. */
export type FakeActionHandler = (action: AmiMessage, server: FakeAmiServer) => FakeReply | undefined;

/** Options of {@link FakeAmiServer}. */
export interface FakeAmiServerOptions {
  /** AMI user. @defaultValue 'admin' */
  username?: string;
  /** AMI secret. @defaultValue 'amp111' */
  secret?: string;
  /** Version in the greeting. @defaultValue '9.0.0' */
  amiVersion?: string;
  /** Greeting line override (e.g. a non-AMI peer). */
  banner?: string;
  /** Bind address. @defaultValue '127.0.0.1' */
  host?: string;
  /** Port; 0 picks a free one. @defaultValue 0 */
  port?: number;
  /** `Command` output format: 14+ `Output:` lines or Asterisk 13 `Follows`. @defaultValue 'output' */
  commandFormat?: 'output' | 'follows';
  /** CLI command → output lines. */
  commands?: Record<string, string[]>;
  /** Custom action handlers by action name (case-insensitive). */
  actions?: Record<string, FakeActionHandler>;
  /** Extensions an Originate can ring; others fail (Reason 0). @defaultValue any numeric endpoint */
  extensions?: string[];
  /** How click-to-call Originates play out (ring/talk times, outcomes, trunk). */
  originate?: Omit<ClickToCallOptions, 'extension' | 'to' | 'actionId' | 'at'> & {
    /** Trunk endpoint the customer leg uses. @defaultValue 'trunk-pstn' */
    trunk?: string;
  };
  /** Time scale for Originate playback (0.01 = 100× faster). @defaultValue 1 */
  timeScale?: number;
  /** Serve TLS with these options (`key`, `cert`) instead of plain TCP. */
  tls?: TlsOptions;
}

interface Session extends FakeSession {
  socket: Socket;
  parser: AmiParser;
  loggedIn: boolean;
  challenge: string | undefined;
  chain: Promise<void>;
}

/**
 * A fake Asterisk Manager over real TCP on loopback: greeting, plain and MD5 login (wrong secrets
 * rejected and disconnected, as Asterisk does), scripted actions incl. EventLists and both Command
 * formats, event injection, scenario playback, `.rx.ami` replay and fault hooks.
 *
 * @example
 * ```ts
 * const server = await FakeAmiServer.start({ secret: 's3cret', timeScale: 0.01 });
 * const client = new AmiClient({ host: '127.0.0.1', port: server.port, username: 'admin', secret: 's3cret' });
 * await client.connect();
 * server.emitEvent('UserEvent', [['UserEvent', 'Hello']]);
 * await server.close();
 * ```
 */
export class FakeAmiServer {
  /** Every action received, in order (across sessions). */
  readonly received: AmiMessage[] = [];
  /** Login attempts (successful or not). */
  loginAttempts = 0;
  /** Delay before each write, ms (fault hook). */
  delayMs = 0;
  /**
   * Split every write: into pieces of this many bytes (1 = byte by byte), or at the offsets a
   * function returns for each write (any byte, e.g. inside a UTF-8 sequence or a CRLF).
   */
  splitWrites: number | ((length: number) => number[]) | undefined;
  /** While true the server neither answers actions (Ping included) nor sends events. */
  stalled = false;
  readonly #server: Server;
  readonly #opts: FakeAmiServerOptions;
  readonly #sessions = new Set<Session>();
  readonly #channels = new Map<string, { headers: Headers; since: number }>();
  readonly #vars = new Map<string, string>();
  #challengeSeq = 100_000_000;

  private constructor(server: Server, opts: FakeAmiServerOptions) {
    this.#server = server;
    this.#opts = opts;
  }

  /** Start listening (port 0 by default) and resolve once bound. */
  static async start(options: FakeAmiServerOptions = {}): Promise<FakeAmiServer> {
    const server = options.tls ? createTlsServer(options.tls) : createServer();
    const self = new FakeAmiServer(server, options);
    server.on(options.tls ? 'secureConnection' : 'connection', (socket: Socket) => self.#accept(socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
    });
    return self;
  }

  /** The bound port. */
  get port(): number {
    return (this.#server.address() as AddressInfo).port;
  }

  /** The bound host. */
  get host(): string {
    return this.#opts.host ?? '127.0.0.1';
  }

  /** Open connections. */
  get connections(): number {
    return this.#sessions.size;
  }

  /** Logged-in connections. */
  get loggedIn(): number {
    return [...this.#sessions].filter((s) => s.loggedIn).length;
  }

  /** Channels currently up, as `CoreShowChannels` reports them (fed by played/emitted events). */
  get activeChannels(): string[] {
    return [...this.#channels.values()].map((c) => c.headers.find(([k]) => k === 'Channel')?.[1] ?? '');
  }

  /** Send an event to every logged-in session that has events on. */
  emitEvent(name: string, headers: Headers | Record<string, string> = []): void {
    const lines = Array.isArray(headers) ? headers : Object.entries(headers);
    this.#broadcast([['Event', name], ...lines]);
  }

  /** Send raw bytes (garbage, partial frames…) to every connection, logged in or not. */
  sendRaw(data: string | Buffer): void {
    for (const s of this.#sessions) this.#write(s, data);
  }

  /** Destroy every connection (fault hook: the PBX restarts). */
  dropConnections(): void {
    for (const s of this.#sessions) s.socket.destroy();
    this.#sessions.clear();
  }

  /** Simulate a PBX restart: drop every connection and forget every channel (no events sent). */
  restart(): void {
    this.#channels.clear();
    this.dropConnections();
  }

  /**
   * Play a scenario in real time scaled by `timeScale`, stamping `Timestamp` headers with scenario
   * time from `startTime` so durations stay exact whatever the scale. Resolves when all is sent.
   */
  async play(
    scenario: CallScenario,
    opts: { timeScale?: number; startTime?: number; signal?: AbortSignal } = {},
  ): Promise<void> {
    const scale = opts.timeScale ?? this.#opts.timeScale ?? 1;
    const wall0 = Date.now();
    const t0 = opts.startTime ?? wall0;
    for (const e of scenario.events) {
      if (opts.signal?.aborted) return;
      const due = wall0 + e.at * scale - Date.now();
      if (due > 1) await sleep(due);
      this.#broadcast(withTimestamp(e.headers, t0 + e.at));
    }
  }

  /**
   * Replay the events of a recorded `.rx.ami` capture (responses, banner and list items are
   * skipped) to every logged-in session; `gapMs` between events (0 = one burst).
   */
  async replay(capture: Uint8Array, opts: { gapMs?: number } = {}): Promise<void> {
    const parser = new AmiParser();
    for (const m of parser.push(capture)) {
      if (!(m instanceof AmiMessage) || m.kind !== 'event' || m.actionId !== undefined) continue;
      this.#broadcast(m.headers());
      if (opts.gapMs) await sleep(opts.gapMs);
    }
  }

  /** Stop listening and close every connection. */
  async close(): Promise<void> {
    this.dropConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  // ---------------------------------------------------------------- sessions

  #accept(socket: Socket): void {
    socket.setNoDelay(true);
    const s: Session = {
      socket,
      parser: new AmiParser({ expectBanner: false }),
      loggedIn: false,
      events: true,
      challenge: undefined,
      chain: Promise.resolve(),
    };
    this.#sessions.add(s);
    socket.on('error', () => undefined);
    socket.on('close', () => this.#sessions.delete(s));
    const banner = this.#opts.banner ?? `Asterisk Call Manager/${this.#opts.amiVersion ?? '9.0.0'}`;
    this.#write(s, `${banner}\r\n`);
    socket.on('data', (chunk: Buffer) => {
      for (const m of s.parser.push(chunk)) if (m instanceof AmiMessage) this.#onAction(s, m);
    });
  }

  #write(s: Session, data: string | Buffer): void {
    const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    if (this.delayMs === 0 && this.splitWrites === undefined) {
      if (!s.socket.destroyed) s.socket.write(buf);
      return;
    }
    const delay = this.delayMs;
    const split = this.splitWrites;
    s.chain = s.chain.then(async () => {
      if (delay > 0) await sleep(delay);
      const cuts =
        typeof split === 'function'
          ? split(buf.length).filter((c) => c > 0 && c < buf.length)
          : Array.from(
              { length: Math.ceil(buf.length / (split ?? buf.length)) - 1 },
              (_, i) => (i + 1) * (split ?? 1),
            );
      let prev = 0;
      for (const cut of [...new Set(cuts)].sort((a, b) => a - b).concat(buf.length)) {
        if (s.socket.destroyed) break;
        s.socket.write(buf.subarray(prev, cut));
        prev = cut;
        if (split !== undefined) await new Promise((r) => setImmediate(r));
      }
    });
  }

  #broadcast(headers: Headers): void {
    this.#trackChannels(headers);
    if (this.stalled) return;
    const wire = frame(headers);
    for (const s of this.#sessions) if (s.loggedIn && s.events) this.#write(s, wire);
  }

  #trackChannels(headers: Headers): void {
    const name = headers[0]?.[1];
    const uid = headers.find(([k]) => k === 'Uniqueid')?.[1];
    if (uid === undefined) return;
    if (name === 'Hangup') this.#channels.delete(uid);
    const body = (): Headers =>
      headers.filter(([k]) => k !== 'Event' && k !== 'Privilege' && k !== 'Timestamp');
    if (name === 'Newchannel') this.#channels.set(uid, { headers: body(), since: Date.now() });
    else if (name === 'Newstate') {
      const c = this.#channels.get(uid);
      if (c) c.headers = body();
    }
  }

  #reply(s: Session, action: AmiMessage, r: FakeReply): void {
    if (r.raw !== undefined) {
      this.#write(s, r.raw);
      return;
    }
    const id = action.actionId;
    const idLine: Headers = id === undefined ? [] : [['ActionID', id]];
    if (r.status === 'Follows') {
      const body = (r.response ?? []).map(([, v]) => v).join('\n');
      this.#write(
        s,
        `Response: Follows\r\nPrivilege: Command\r\n${id ? `ActionID: ${id}\r\n` : ''}${body}\n--END COMMAND--\r\n\r\n`,
      );
      return;
    }
    let wire = frame([
      ['Response', r.status ?? 'Success'],
      ...idLine,
      ...(r.list ? ([['EventList', 'start']] as Headers) : []),
      ...(r.response ?? []),
    ]);
    if (r.list) {
      for (const item of r.list) wire += frame([['Event', item.event], ...idLine, ...item.headers]);
      wire += frame([
        ['Event', r.complete ?? `${action.get('Action')}Complete`],
        ...idLine,
        ['EventList', 'Complete'],
        ['ListItems', String(r.list.length)],
      ]);
    }
    this.#write(s, wire);
  }

  #onAction(s: Session, action: AmiMessage): void {
    this.received.push(action);
    if (this.stalled) return;
    const name = (action.get('Action') ?? '').toLowerCase();
    const custom = Object.entries(this.#opts.actions ?? {}).find(([k]) => k.toLowerCase() === name)?.[1];
    const scripted = custom?.(action, this);
    if (scripted !== undefined) {
      this.#reply(s, action, scripted);
      return;
    }
    if (name === 'login' || name === 'challenge') {
      this.#login(s, action, name);
      return;
    }
    if (name === 'logoff') {
      this.#reply(s, action, { status: 'Goodbye', response: [['Message', 'Thanks for all the fish.']] });
      s.chain.then(() => s.socket.end());
      return;
    }
    if (!s.loggedIn) {
      this.#reply(s, action, { status: 'Error', response: [['Message', 'Permission denied']] });
      return;
    }
    this.#reply(s, action, builtinReply(this.#context(), s, action, name));
  }

  #context(): FakeContext {
    return {
      options: this.#opts,
      channels: this.#channels,
      vars: this.#vars,
      emitEvent: (name, headers) => this.emitEvent(name, headers),
      play: (scenario) => this.play(scenario),
    };
  }

  #login(s: Session, action: AmiMessage, name: string): void {
    if (name === 'challenge') {
      s.challenge = String(++this.#challengeSeq);
      this.#reply(s, action, { response: [['Challenge', s.challenge]] });
      return;
    }
    this.loginAttempts++;
    const secret = this.#opts.secret ?? 'amp111';
    const user = action.get('Username') === (this.#opts.username ?? 'admin');
    const md5 = action.get('AuthType')?.toLowerCase() === 'md5';
    const ok =
      user &&
      (md5
        ? s.challenge !== undefined &&
          action.get('Key') ===
            createHash('md5')
              .update(s.challenge + secret)
              .digest('hex')
        : action.get('Secret') === secret);
    if (!ok) {
      // Asterisk answers and then closes the session (fixture 09b_login_failed).
      this.#reply(s, action, { status: 'Error', response: [['Message', 'Authentication failed']] });
      s.chain.then(() => s.socket.end());
      return;
    }
    s.loggedIn = true;
    s.events = action.get('Events')?.toLowerCase() !== 'off';
    // FullyBooted shares the write with the Login response, as on a real Asterisk.
    const booted = s.events
      ? frame([
          ['Event', 'FullyBooted'],
          ['Privilege', 'system,all'],
          ['Uptime', '405'],
          ['LastReload', '275'],
          ['Status', 'Fully Booted'],
        ])
      : '';
    const id = action.actionId;
    this.#write(
      s,
      frame([
        ['Response', 'Success'],
        ...(id ? ([['ActionID', id]] as Headers) : []),
        ['Message', 'Authentication accepted'],
      ]) + booted,
    );
  }
}
