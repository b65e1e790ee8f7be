import { createHash } from 'node:crypto';
import { type AddressInfo, createServer, type Server, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { AmiMessage } from '../protocol/message.js';
import { AmiParser } from '../protocol/parser.js';
import { type CallScenario, CallScenarioBuilder, type ClickToCallOptions } from './scenario-builder.js';
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
}

interface Session {
  socket: Socket;
  parser: AmiParser;
  loggedIn: boolean;
  events: boolean;
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
  /** Split every write into pieces of this many bytes (1 = byte by byte). */
  splitWrites: number | undefined;
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
    const server = createServer();
    const self = new FakeAmiServer(server, options);
    server.on('connection', (socket) => self.#accept(socket));
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
      const step = split ?? buf.length;
      for (let i = 0; i < buf.length && !s.socket.destroyed; i += step) {
        s.socket.write(buf.subarray(i, i + step));
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
    this.#reply(s, action, this.#builtin(s, action, name));
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

  #builtin(s: Session, action: AmiMessage, name: string): FakeReply {
    switch (name) {
      case 'ping':
        return {
          response: [
            ['Ping', 'Pong'],
            ['Timestamp', (Date.now() / 1000).toFixed(6)],
          ],
        };
      case 'events':
        s.events = action.get('EventMask')?.toLowerCase() !== 'off';
        return { response: [['Events', s.events ? 'On' : 'Off']] };
      case 'filter':
        return { response: [['Message', 'Filter Added Successfully']] };
      case 'command':
        return this.#command(action.get('Command') ?? '');
      case 'coreshowchannels':
        return {
          response: [['Message', 'Channels will follow']],
          list: [...this.#channels.values()].map((c) => ({
            event: 'CoreShowChannel',
            headers: [
              ...c.headers,
              ['Application', 'Dial'],
              ['ApplicationData', ''],
              ['Duration', hms(Date.now() - c.since)],
              ['BridgeId', ''],
            ],
          })),
          complete: 'CoreShowChannelsComplete',
        };
      case 'status':
      case 'queuestatus':
      case 'queuesummary':
      case 'pjsipshowendpoints': {
        const complete = {
          status: 'StatusComplete',
          queuestatus: 'QueueStatusComplete',
          queuesummary: 'QueueSummaryComplete',
          pjsipshowendpoints: 'EndpointListComplete',
        }[name];
        return { response: [['Message', 'will follow']], list: [], complete };
      }
      case 'getvar': {
        const v = action.get('Variable') ?? '';
        return {
          response: [
            ['Variable', v],
            ['Value', this.#vars.get(v) ?? ''],
          ],
        };
      }
      case 'setvar':
        this.#vars.set(action.get('Variable') ?? '', action.get('Value') ?? '');
        return { response: [['Message', 'Variable Set']] };
      case 'hangup': {
        const ch = action.get('Channel') ?? '';
        return this.activeChannels.includes(ch)
          ? { response: [['Message', 'Channel Hungup']] }
          : { status: 'Error', response: [['Message', 'No such channel']] };
      }
      case 'redirect':
        return { response: [['Message', 'Redirect successful']] };
      case 'blindtransfer':
      case 'atxfer':
        return { response: [['Message', 'Transfer started']] };
      case 'extensionstate':
        return {
          response: [
            ['Message', 'Extension Status'],
            ['Exten', action.get('Exten') ?? ''],
            ['Context', action.get('Context') ?? ''],
            ['Hint', `PJSIP/${action.get('Exten') ?? ''}`],
            ['Status', '0'],
            ['StatusText', 'Idle'],
          ],
        };
      case 'originate':
        return this.#originate(action);
      default:
        return { status: 'Error', response: [['Message', 'Invalid/unknown command']] };
    }
  }

  #command(cmd: string): FakeReply {
    const lines = this.#opts.commands?.[cmd];
    if (lines === undefined) {
      return {
        status: 'Error',
        response: [
          ['Message', 'Command output follows'],
          ['Output', `No such command '${cmd}' (type 'core show help ${cmd}' for other possible commands)`],
        ],
      };
    }
    if (this.#opts.commandFormat === 'follows')
      return { status: 'Follows', response: lines.map((l) => ['Output', l]) };
    return {
      response: [['Message', 'Command output follows'], ...lines.map((l): [string, string] => ['Output', l])],
    };
  }

  #originate(action: AmiMessage): FakeReply {
    const channel = action.get('Channel') ?? '';
    const ext = /^(?:PJSIP|SIP|IAX2)\/([^@/]+)$/.exec(channel)?.[1];
    const known =
      ext !== undefined &&
      (this.#opts.extensions ? this.#opts.extensions.includes(ext) : /^\d{2,7}$/.test(ext));
    const id = action.actionId;
    if (action.get('Async')?.toLowerCase() !== 'true')
      return { status: 'Error', response: [['Message', 'Originate failed']] };
    if (!known) {
      setImmediate(() =>
        this.emitEvent('OriginateResponse', [
          ...(id ? ([['ActionID', id]] as Headers) : []),
          ['Response', 'Failure'],
          ['Channel', channel],
          ['Context', action.get('Context') ?? ''],
          ['Exten', action.get('Exten') ?? ''],
          ['Reason', '0'],
          ['Uniqueid', '<unknown>'],
          ['CallerIDNum', '<unknown>'],
          ['CallerIDName', '<unknown>'],
        ]),
      );
    } else {
      const { trunk, ...rest } = this.#opts.originate ?? {};
      const scenario = new CallScenarioBuilder({
        epoch: Math.floor(Date.now() / 1000),
        ...(trunk ? { trunk } : {}),
      })
        .clickToCall({
          ...rest,
          extension: ext,
          to: action.get('Exten') ?? '',
          ...(id ? { actionId: id } : {}),
        })
        .build();
      setImmediate(() => void this.play(scenario));
    }
    return { response: [['Message', 'Originate successfully queued']] };
  }
}

function hms(ms: number): string {
  const s = Math.floor(ms / 1000);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${p(Math.floor(s / 3600))}:${p(Math.floor(s / 60) % 60)}:${p(s % 60)}`;
}
