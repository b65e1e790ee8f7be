import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { signWebhookBody } from '../p-series/webhook.js';
import { FakeClock } from './clock.js';
import { FakeAuth } from './fake-auth.js';
import { routeData } from './fake-data-routes.js';
import type {
  FakeLiveCall,
  FakePSeriesServerOptions,
  FakeWebhookDelivery,
  FakeWebhookTarget,
  StartedCall,
  TrafficCall,
} from './fake-p-series-options.js';
import { buildScenario, type CallScenario, type ScenarioStep } from './scenarios.js';
import { createRandom, randomScenario, type TrafficOptions } from './traffic.js';
import { ServerWebSocket } from './ws-server.js';

interface WsClient {
  ws: ServerWebSocket;
  token: string;
  topics: Set<number>;
  lastActivity: number;
}

interface LiveCall {
  callId: string;
  members: Array<Record<string, unknown>>;
  timers: ReturnType<FakeClock['setTimeout']>[];
  startMs: number;
  steps: ScenarioStep[];
  next: number;
  answeredAt?: number;
}

/**
 * A fake Yeastar P-Series PBX on loopback: the Open API over HTTP (tokens with expiry, refresh, the 8-token
 * cap, IP block after failed logins, `errcode` errors), the event WebSocket (`topic_list`, text heartbeat,
 * 60 s idle drop, `TOKEN EXPIRED` on an open socket), signed webhooks, and scripted calls that emit events
 * in the order a real PBX does, all on a controllable clock.
 *
 * @example
 * const pbx = await FakePSeriesServer.start();
 * const client = new YeastarPSeriesClient({ baseUrl: pbx.url, clientId: pbx.clientId, clientSecret: pbx.clientSecret });
 * await client.connect();
 * pbx.startCall({ kind: 'inbound', from: '+302101234567', extensions: ['1001'], answeredBy: '1001' });
 * pbx.clock.advance(60_000);
 */
export class FakePSeriesServer {
  /** The virtual clock every timer of the fake runs on. */
  readonly clock: FakeClock;
  /** Token store and counters. */
  readonly auth: FakeAuth;
  /** Client ID the fake accepts. */
  readonly clientId: string;
  /** Client Secret the fake accepts. */
  readonly clientSecret: string;
  /** PBX serial. */
  readonly sn: string;
  /** PBX time zone. */
  readonly timeZone: string;
  /** Every CDR produced so far (the `cdr/list` data), as the wire `msg` objects plus an `id`. */
  readonly cdrs: Array<Record<string, unknown>> = [];
  /** Every webhook delivery attempt. */
  readonly webhookDeliveries: FakeWebhookDelivery[] = [];
  /** Whether `heartbeat` frames get `heartbeat response` (fault injection: set false for a silent PBX). */
  answerHeartbeats = true;
  /** Every request path received (without query), for assertions. */
  readonly requests: string[] = [];
  readonly #o: Required<Omit<FakePSeriesServerOptions, 'clock' | 'webhooks' | 'dialTiming' | 'tls'>> &
    Pick<FakePSeriesServerOptions, 'dialTiming'>;
  readonly #webhooks: FakeWebhookTarget[] = [];
  readonly #server: Server;
  readonly #clients = new Set<WsClient>();
  readonly #calls = new Map<string, LiveCall>();
  readonly #injected = new Map<string, Array<{ errcode: number; errmsg: string } | { html: true }>>();
  readonly #downloads = new Map<string, { file: string; expiresAt: number }>();
  #seq = 0;
  #chanSeq = 0x20;
  #tick: ReturnType<FakeClock['setTimeout']> | undefined;
  #url = '';
  readonly #webhookQueues = new Map<FakeWebhookTarget, Promise<void>>();
  #scheme = 'http';

  private constructor(options: FakePSeriesServerOptions) {
    this.clock = options.clock ?? new FakeClock();
    this.clientId = options.clientId ?? 'test-client-id';
    this.clientSecret = options.clientSecret ?? 'test-client-secret';
    this.sn = options.sn ?? '3631A2124XXX';
    this.timeZone = options.timeZone ?? 'UTC';
    for (const w of options.webhooks ?? []) this.addWebhook(w);
    this.#o = {
      clientId: this.clientId,
      clientSecret: this.clientSecret,
      sn: this.sn,
      timeZone: this.timeZone,
      accessTtlSeconds: options.accessTtlSeconds ?? 1800,
      refreshTtlSeconds: options.refreshTtlSeconds ?? 86_400,
      maxTokens: options.maxTokens ?? 8,
      maxLoginFailures: options.maxLoginFailures ?? 5,
      ipBlockMs: options.ipBlockMs ?? 600_000,
      oldAccessTokenSurvivesRefresh: options.oldAccessTokenSurvivesRefresh ?? true,
      wsIdleMs: options.wsIdleMs ?? 60_000,
      msgAsObject: options.msgAsObject ?? false,
      extensions: options.extensions ?? Array.from({ length: 10 }, (_, i) => String(1000 + i)),
      dialOutcome: options.dialOutcome ?? (() => 'answered'),
      callTimeScale: options.callTimeScale ?? 1,
      dialTiming: options.dialTiming,
    };
    this.auth = new FakeAuth(
      {
        clientId: this.clientId,
        clientSecret: this.clientSecret,
        accessTtlSeconds: this.#o.accessTtlSeconds,
        refreshTtlSeconds: this.#o.refreshTtlSeconds,
        maxTokens: this.#o.maxTokens,
        maxLoginFailures: this.#o.maxLoginFailures,
        ipBlockMs: this.#o.ipBlockMs,
        oldAccessTokenSurvivesRefresh: this.#o.oldAccessTokenSurvivesRefresh,
      },
      this.clock,
    );
    const handler = (req: IncomingMessage, res: ServerResponse) => {
      this.#handle(req, res).catch((error: unknown) => {
        res.writeHead(500).end(String(error));
      });
    };
    this.#server = options.tls
      ? createTlsServer({ key: options.tls.key, cert: options.tls.cert }, handler)
      : createServer(handler);
    this.#scheme = options.tls ? 'https' : 'http';
    this.#server.on('upgrade', (req, socket) => this.#upgrade(req, socket));
  }

  /** Starts a fake on `127.0.0.1`, port 0 (a free port). */
  static async start(options: FakePSeriesServerOptions = {}): Promise<FakePSeriesServer> {
    const server = new FakePSeriesServer(options);
    await new Promise<void>((resolve) => server.#server.listen(0, '127.0.0.1', resolve));
    const { port } = server.#server.address() as AddressInfo;
    server.#url = `${server.#scheme}://127.0.0.1:${port}`;
    server.#scheduleTick();
    return server;
  }

  /** Base URL, e.g. `http://127.0.0.1:41234` (pass as `baseUrl`). */
  get url(): string {
    return this.#url;
  }

  /** Number of open event WebSockets. */
  get socketCount(): number {
    return this.#clients.size;
  }

  /** Topics of each open socket, for assertions. */
  get subscriptions(): number[][] {
    return [...this.#clients].map((c) => [...c.topics].sort());
  }

  /**
   * Makes the next call(s) to `endpoint` (e.g. `call/dial`; `download` for the recording link) answer an
   * `errcode`, or an HTML error page.
   */
  failNext(endpoint: string, failure: { errcode: number; errmsg: string } | { html: true }, times = 1): void {
    const list = this.#injected.get(endpoint) ?? [];
    for (let i = 0; i < times; i++) list.push(failure);
    this.#injected.set(endpoint, list);
  }

  /**
   * Adds a webhook target after start (e.g. once the app under test listens). A real PBX allows 5; so does
   * the fake.
   */
  addWebhook(target: FakeWebhookTarget): void {
    if (this.#webhooks.length >= 5) throw new Error('a P-Series PBX allows at most 5 webhooks');
    this.#webhooks.push(target);
  }

  /** Pushes `{"errcode":10004,"errmsg":"TOKEN EXPIRED"}` to every socket and closes them (as real PBXs do). */
  expireSocketTokens(): void {
    for (const c of this.#clients) this.#expireSocket(c);
  }

  /** Drops every WebSocket without a close frame (fault injection). */
  dropSockets(): void {
    for (const c of [...this.#clients]) c.ws.destroy();
  }

  /** Sends a raw text frame to every socket (fault injection: stray heartbeat, malformed frames). */
  sendRaw(text: string): void {
    for (const c of this.#clients) c.ws.send(text);
  }

  /**
   * Emits one event to subscribed sockets and webhook targets, like the PBX: `msg` as a JSON string
   * (or an object with `msgAsObject`).
   */
  emitEvent(type: number, msg: unknown): void {
    const envelope = {
      type,
      sn: this.sn,
      msg: this.#o.msgAsObject || typeof msg === 'string' ? msg : JSON.stringify(msg),
    };
    const text = JSON.stringify(envelope);
    for (const c of this.#clients) if (c.topics.has(type)) c.ws.send(text);
    for (const w of this.#webhooks) {
      if (w.events && !w.events.includes(type)) continue;
      // One delivery at a time per target, in event order, like a PBX's push queue.
      const previous = this.#webhookQueues.get(w) ?? Promise.resolve();
      this.#webhookQueues.set(
        w,
        previous.then(() => this.#deliver(w, text)),
      );
    }
  }

  /** Starts a scripted call now; its events follow on the clock. Returns its `call_id`. */
  startCall(scenario: CallScenario): StartedCall {
    const startMs = this.clock.now();
    const callId = `${Math.floor(startMs / 1000)}.${++this.#seq}`;
    const k = this.#o.callTimeScale;
    const scaled: CallScenario =
      k === 1
        ? scenario
        : {
            ...scenario,
            ringSeconds: (scenario.ringSeconds ?? 4) / k,
            talkSeconds: (scenario.talkSeconds ?? 30) / k,
            ...(scenario.kind === 'dial'
              ? { callerAnswerSeconds: (scenario.callerAnswerSeconds ?? 2) / k }
              : {}),
          };
    const steps = buildScenario(scaled, {
      callId,
      startMs,
      timeZone: this.timeZone,
      channel: (name, trunk) =>
        `PJSIP/${trunk ? `trunk-${name}-endpoint` : name}-${(this.#chanSeq++).toString(16).padStart(8, '0')}`,
    });
    const call: LiveCall = { callId, members: [], timers: [], startMs, steps, next: 0 };
    this.#calls.set(callId, call);
    for (const step of steps) {
      call.timers.push(this.clock.setTimeout(() => this.#play(call, step), step.atMs));
    }
    return { callId };
  }

  /**
   * Starts continuous random traffic on the clock (demo mode: pair with `new FakeClock({ timeScale })`).
   * `onCall` sees each scenario with its call id. Returns a function that stops the traffic.
   */
  startTraffic(options: TrafficOptions = {}, onCall?: (call: TrafficCall) => void): () => void {
    const random = createRandom(options.seed ?? 1);
    const mean = ((options.meanIntervalSeconds ?? 20) * 1000) / this.#o.callTimeScale;
    let timer: ReturnType<FakeClock['setTimeout']> | undefined;
    const next = () => {
      const scenario = randomScenario(random, options);
      const { callId } = this.startCall(scenario);
      onCall?.({ callId, scenario });
      // Exponential inter-arrival times: a Poisson stream of calls.
      timer = this.clock.setTimeout(next, Math.max(50, -Math.log(1 - random()) * mean));
    };
    timer = this.clock.setTimeout(next, 0);
    return () => this.clock.clearTimeout(timer);
  }

  /** Live calls (what `call/query` answers). */
  get liveCalls(): FakeLiveCall[] {
    return [...this.#calls.values()]
      .filter((c) => c.members.length > 0)
      .map((c) => ({ callId: c.callId, members: c.members }));
  }

  /** Stops timers, closes sockets and the HTTP server. */
  async close(): Promise<void> {
    this.clock.clearTimeout(this.#tick);
    for (const call of this.#calls.values()) for (const t of call.timers) this.clock.clearTimeout(t);
    for (const c of this.#clients) c.ws.destroy();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #play(call: LiveCall, step: ScenarioStep): void {
    call.next++;
    if (step.type === 30011) {
      const members = (step.msg.members as Array<Record<string, unknown>>) ?? [];
      const alive = members.filter(
        (m) => (Object.values(m)[0] as { member_status?: string }).member_status !== 'BYE',
      );
      call.members = alive;
      const talking = members.some(
        (m) => (Object.values(m)[0] as { member_status?: string }).member_status === 'ANSWER',
      );
      if (talking && members.length >= 2) call.answeredAt ??= this.clock.now();
    }
    if (step.type === 30012) this.cdrs.push({ id: this.cdrs.length + 1, ...step.msg });
    this.emitEvent(step.type, step.msg);
    if (call.next >= call.steps.length) this.#calls.delete(call.callId);
  }

  #scheduleTick(): void {
    // Idle and token checks once per virtual second.
    this.#tick = this.clock.setTimeout(() => {
      const now = this.clock.now();
      for (const c of [...this.#clients]) {
        if (!this.auth.isValid(c.token)) this.#expireSocket(c);
        else if (now - c.lastActivity >= this.#o.wsIdleMs) c.ws.close(1000, 'idle');
      }
      this.#scheduleTick();
    }, 1000);
  }

  #expireSocket(c: WsClient): void {
    c.ws.send(JSON.stringify({ errcode: 10004, errmsg: 'TOKEN EXPIRED' }));
    c.ws.close(1000, 'token expired');
  }

  #upgrade(req: IncomingMessage, socket: import('node:stream').Duplex): void {
    const url = new URL(req.url ?? '/', 'http://x');
    const tok = url.searchParams.get('access_token') ?? '';
    if (url.pathname !== '/openapi/v1.0/subscribe' || !this.auth.isValid(tok)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const ws = ServerWebSocket.accept(req, socket);
    if (!ws) {
      socket.destroy();
      return;
    }
    const client: WsClient = { ws, token: tok, topics: new Set(), lastActivity: this.clock.now() };
    this.#clients.add(client);
    ws.onClose = () => this.#clients.delete(client);
    ws.onText = (text) => {
      client.lastActivity = this.clock.now();
      if (text === 'heartbeat') {
        if (this.answerHeartbeats) ws.send('heartbeat response');
        return;
      }
      try {
        const body = JSON.parse(text) as { topic_list?: unknown };
        if (Array.isArray(body.topic_list)) {
          // The list replaces the subscription; an empty list means nothing (research §1.5).
          client.topics = new Set(body.topic_list.map(Number));
          ws.send(JSON.stringify({ errcode: 0, errmsg: 'SUCCESS' }));
          return;
        }
      } catch {
        // fall through
      }
      ws.send(JSON.stringify({ errcode: 40001, errmsg: 'PARAMETER SYNTAX ERROR' }));
    };
  }

  async #deliver(w: FakeWebhookTarget, body: string): Promise<void> {
    const signature = signWebhookBody(body, w.secret);
    const entry: FakeWebhookDelivery = { url: w.url, body, signature, result: 0 };
    this.webhookDeliveries.push(entry);
    try {
      const res = await request(w.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-signature': signature,
          'user-agent': 'Yeastar P-Series',
        },
        body,
      });
      await res.body.dump();
      entry.result = res.statusCode;
    } catch (error) {
      entry.result = (error as Error).message;
    }
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    this.requests.push(url.pathname);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const json = (status: number, body: unknown) => {
      res
        .writeHead(status, { 'content-type': 'application/json', connection: 'close' })
        .end(JSON.stringify(body));
    };
    if (url.pathname.startsWith('/api/download/')) {
      const d = this.#downloads.get(url.pathname);
      const injected = this.#injected.get('download')?.shift();
      if (injected && !('html' in injected)) {
        json(200, injected);
        return;
      }
      if (!d || d.expiresAt < this.clock.now() || !this.auth.isValid(url.searchParams.get('access_token'))) {
        json(200, { errcode: 10004, errmsg: 'TOKEN EXPIRED' });
        return;
      }
      const audio = Buffer.concat([
        Buffer.from('RIFF'),
        Buffer.alloc(4),
        Buffer.from(`WAVEfake recording of ${d.file}`),
      ]);
      res.writeHead(200, { 'content-type': 'audio/wav', 'content-length': audio.length }).end(audio);
      return;
    }
    if (!req.headers['user-agent']) {
      // Real response undocumented (research §4.3); the docs require the header on every request.
      res.writeHead(400, { 'content-type': 'text/plain' }).end('User-Agent required');
      return;
    }
    const prefix = url.pathname.startsWith('/openapi/v1.0/') ? '/openapi/v1.0/' : '/openapi/v2.0/';
    const endpoint = url.pathname.slice(prefix.length);
    let body: Record<string, unknown> = {};
    if (raw) {
      try {
        body = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        json(200, { errcode: 40001, errmsg: 'PARAMETER SYNTAX ERROR' });
        return;
      }
    }
    const injected = this.#injected.get(endpoint)?.shift();
    if (injected && 'html' in injected) {
      res
        .writeHead(200, { 'content-type': 'text/html' })
        .end('<html><body><h1>502 Bad Gateway</h1></body></html>');
      return;
    }
    const ip = req.socket.remoteAddress ?? '';
    if (endpoint === 'get_token') return json(200, injected ?? this.auth.getToken(ip, body));
    if (endpoint === 'refresh_token') return json(200, injected ?? this.auth.refreshToken(body));
    const tok = url.searchParams.get('access_token');
    if (endpoint === 'del_token') return json(200, this.auth.deleteToken(tok));
    if (!this.auth.isValid(tok)) return json(200, { errcode: 10004, errmsg: 'TOKEN EXPIRED' });
    if (injected) return json(200, injected);
    const q = url.searchParams;
    json(200, this.#route(endpoint, q, body));
  }

  #route(endpoint: string, q: URLSearchParams, body: Record<string, unknown>): Record<string, unknown> {
    const ok = (data: Record<string, unknown> = {}) => ({ errcode: 0, errmsg: 'SUCCESS', ...data });
    const bad = (field: string) => ({
      errcode: 40002,
      errmsg: 'PARAMETER ERROR',
      invalid_param_list: [{ field, validation_type: 'required' }],
    });
    switch (endpoint) {
      case 'call/dial': {
        const caller = String(body.caller ?? '');
        const callee = String(body.callee ?? '');
        if (!caller) return bad('caller');
        if (!callee) return bad('callee');
        const calleeIsExtension = this.#o.extensions.includes(callee);
        const { callId } = this.startCall({
          kind: 'dial',
          caller,
          callee,
          calleeIsExtension,
          outcome: calleeIsExtension ? 'answered' : this.#o.dialOutcome(callee),
          ...this.#o.dialTiming,
        });
        return ok({ call_id: callId });
      }
      case 'call/hangup':
      case 'call/hold':
      case 'call/unhold':
      case 'call/transfer': {
        const channel = String(body.channel_id ?? '');
        const call = [...this.#calls.values()].find((c) =>
          c.members.some((m) => (Object.values(m)[0] as { channel_id?: string }).channel_id === channel),
        );
        if (!call) return { errcode: 60001, errmsg: 'DATA NOT FOUND' };
        if (endpoint === 'call/hangup') this.#hangup(call);
        return ok({ call_id: call.callId });
      }
      case 'call/query': {
        const id = q.get('call_id');
        return ok({
          data: this.liveCalls
            .filter((c) => !id || c.callId === id)
            .map((c) => ({ call_id: c.callId, members: c.members })),
        });
      }
      default:
        return (
          routeData(
            {
              cdrs: this.cdrs,
              extensions: this.#o.extensions,
              registerDownload: (file) => {
                const path = `/api/download/Recording-${++this.#seq}-${file.replace(/[^\w.-]/g, '')}`;
                this.#downloads.set(path, { file, expiresAt: this.clock.now() + 30 * 60_000 });
                return path;
              },
            },
            endpoint,
            q,
          ) ?? { errcode: 10001, errmsg: 'INTERFACE NOT EXISTED' }
        );
    }
  }

  #hangup(call: LiveCall): void {
    for (const t of call.timers) this.clock.clearTimeout(t);
    const bye = call.members.map((m) => {
      const [k, v] = Object.entries(m)[0] as [string, Record<string, unknown>];
      return { [k]: { ...v, member_status: 'BYE' } };
    });
    const answered = call.answeredAt !== undefined;
    call.members = [];
    this.emitEvent(30011, { call_id: call.callId, members: bye });
    const cdr = call.steps.find((s) => s.type === 30012);
    if (cdr) {
      const dur = Math.round((this.clock.now() - call.startMs) / 1000);
      const msg = {
        ...cdr.msg,
        call_duration: dur,
        talk_duration: answered ? Math.round((this.clock.now() - (call.answeredAt ?? 0)) / 1000) : 0,
        status: answered ? 'ANSWERED' : 'NO ANSWER',
      };
      this.cdrs.push({ id: this.cdrs.length + 1, ...msg });
      this.emitEvent(30012, msg);
    }
    this.#calls.delete(call.callId);
  }
}
