import { isUtf8 } from 'node:buffer';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleControl } from './control-plane.js';
import type { FakeClock, FakeGraphApiOptions } from './fake-options.js';
import type {
  FakeFault,
  FakeRecipient,
  FakeRequestRecord,
  FakeSentMessage,
  FakeState,
  FakeTemplate,
} from './fake-state.js';
import { type FakeHttpRequest, type FakeHttpResponse, routeGraphRequest } from './graph-routes.js';
import { seededRandom } from './ids.js';
import { InboundSimulator } from './inbound.js';
import { statusesValue, webhookErrorObject } from './payloads.js';
import { TrafficGenerator, type TrafficOptions } from './traffic.js';
import { type WebhookDelivery, WebhookEmitter, type WebhookTarget } from './webhook-emitter.js';

/**
 * A protocol-faithful fake of the Graph API for WhatsApp: an in-process `fetch` and a loopback HTTP
 * server over one state machine. It accepts sends (24 h window, templates, limits, faults), serves
 * media, and posts signed, Meta-serialised webhooks for inbound messages and for the status lifecycle
 * of every sent message, retrying on non-200.
 *
 * @example
 * ```ts
 * const fake = new FakeGraphApi({ callback: webhookHandler });
 * const client = new WhatsAppClient({ accessToken: 'test-access-token', phoneNumberId: fake.phoneNumberId, fetch: fake.fetch });
 * await fake.inbound.text({ from: '16505551234', body: 'hi' }); // opens the 24 h window
 * const { wamid } = await client.sendText({ to: '+16505551234', body: 'hello' });
 * await fake.clock.advance(5_000); // sent, delivered, read webhooks
 * ```
 */
export class FakeGraphApi {
  /** Simulated inbound messages of every type. */
  readonly inbound: InboundSimulator;
  /** The fake clock; `advance` delivers whatever webhooks fall due. */
  readonly clock: FakeClock;
  /** App secret that signs webhooks. */
  readonly appSecret: string;
  /** Verify token of the handshake. */
  readonly verifyToken: string;
  readonly #state: FakeState;
  readonly #targets: WebhookTarget[];
  #offset = 0;
  #realStart = Date.now();
  #server: Server | undefined;
  #url: string | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;
  #traffic: TrafficGenerator | undefined;

  /** Creates the fake; call {@link FakeGraphApi.listen} for the HTTP server. */
  constructor(options: FakeGraphApiOptions = {}) {
    const start = options.startTime ?? Date.now();
    const realtime = options.realtime ?? false;
    const now = () => start + this.#offset + (realtime ? Date.now() - this.#realStart : 0);
    this.appSecret = options.appSecret ?? 'test-app-secret';
    this.verifyToken = options.verifyToken ?? 'test-verify-token';
    this.#targets =
      options.callback === undefined
        ? []
        : Array.isArray(options.callback)
          ? [...options.callback]
          : [options.callback];
    const numbers = options.phoneNumbers ?? [{ id: '106540352242922', displayPhoneNumber: '15550783881' }];
    const emitter = new WebhookEmitter({
      appSecret: this.appSecret,
      targets: () => this.#targets,
      now,
      retryDelaysMs: options.webhookRetryDelaysMs ?? [1000, 5000, 30_000, 120_000, 600_000],
      rawUtf8: options.rawUtf8 ?? false,
      wabaId: options.wabaId ?? '102290129340398',
    });
    this.#state = {
      random: seededRandom(options.seed ?? 1),
      now,
      tokens: new Set(options.accessTokens ?? ['test-access-token']),
      expiredTokens: new Set(),
      phoneNumbers: new Map(numbers.map((n) => [n.id, n])),
      templates: options.templates ?? [{ name: 'hello_world', language: 'en_US', category: 'utility' }],
      recipients: new Map(),
      sent: new Map(),
      inboundIds: new Set(),
      lastInbound: new Map(),
      media: new Map(),
      mediaUrls: new Map(),
      requests: [],
      faults: [],
      sendTimes: new Map(),
      emitter,
      settings: {
        enforceServiceWindow: options.enforceServiceWindow ?? true,
        throughputPerSecond: options.throughputPerSecond ?? 80,
        pairLimit: options.pairLimit ?? false,
        statusDelaysMs: { sent: 0, delivered: 1000, read: 3000, played: 5000, ...options.statusDelaysMs },
        webhookShape: options.webhookShape ?? 'v24',
        publicUrl: () => this.#url ?? 'http://graph.fake.invalid',
      },
    };
    this.inbound = new InboundSimulator(this.#state, () => this.flush());
    this.clock = {
      now,
      advance: async (ms: number) => {
        this.#offset += ms;
        await this.flush();
      },
    };
    if (realtime) {
      this.#timer = setInterval(() => void this.flush(), 100);
      this.#timer.unref();
    }
  }

  /** The in-process `fetch`: pass it as the client's `fetch` option (no sockets). */
  readonly fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const result = this.#handle({
      method: request.method,
      url: new URL(request.url),
      headers: Object.fromEntries(request.headers),
      body: new Uint8Array(await request.arrayBuffer()),
    });
    if (result.network)
      throw new TypeError('fetch failed', {
        cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
      });
    if (result.delayMs) await delay(result.delayMs, request.signal);
    return new Response(result.body as ConstructorParameters<typeof Response>[0], {
      status: result.status,
      headers: result.headers,
    });
  };

  /** Id of the first business number. */
  get phoneNumberId(): string {
    return this.#state.phoneNumbers.keys().next().value ?? '';
  }

  /** Base URL of the HTTP server (use it as the client's `baseUrl`); throws before {@link FakeGraphApi.listen}. */
  get url(): string {
    if (!this.#url) throw new Error('FakeGraphApi is not listening; call listen() first');
    return this.#url;
  }

  /** Every Graph request received, with the answer. */
  get requests(): readonly FakeRequestRecord[] {
    return this.#state.requests;
  }

  /** Every webhook POST made, with its attempts. */
  get deliveries(): readonly WebhookDelivery[] {
    return this.#state.emitter.deliveries;
  }

  /** Messages accepted, optionally only those to one wa_id. */
  messages(waId?: string): FakeSentMessage[] {
    return [...this.#state.sent.values()].filter((m) => waId === undefined || m.waId === waId);
  }

  /** Adds a webhook callback (URL or in-process handler). */
  addCallback(target: WebhookTarget): void {
    this.#targets.push(target);
  }

  /** Sets how messages to a wa_id behave (failures, lifecycle end, ordering). */
  setRecipient(waId: string, behaviour: FakeRecipient): void {
    this.#state.recipients.set(waId, behaviour);
  }

  /** Registers or replaces a template. */
  setTemplate(template: FakeTemplate): void {
    const list = this.#state.templates.filter(
      (t) => !(t.name === template.name && t.language === template.language),
    );
    this.#state.templates.splice(0, this.#state.templates.length, ...list, template);
  }

  /** Scripts failures for the next matching Graph calls. */
  failNext(fault: FakeFault): void {
    this.#state.faults.push({ ...fault });
  }

  /** Expires a token: later calls with it get 190/463. */
  expireToken(token: string): void {
    this.#state.expiredTokens.add(token);
  }

  /** Sends the next webhook POST(s) twice. */
  duplicateNextWebhook(count = 1): void {
    this.#state.emitter.duplicateNext(count);
  }

  /** Collects every webhook queued inside `fn` into one batched POST, then delivers it. */
  async batch<T>(fn: () => Promise<T> | T): Promise<T> {
    const result = await this.#state.emitter.batch(fn);
    await this.flush();
    return result;
  }

  /** Emits an out-of-band `value.errors` webhook (e.g. 130429). */
  async emitValueError(code: number, phoneNumberId = this.phoneNumberId): Promise<void> {
    const business = this.#state.phoneNumbers.get(phoneNumberId);
    if (!business) throw new Error(`Unknown phoneNumberId ${phoneNumberId}`);
    this.#state.emitter.enqueue(statusesValue(business, { errors: [webhookErrorObject(code)] }));
    await this.flush();
  }

  /** Emits a webhook for another field (template status, account update…), passed through by parsers. */
  async emitField(field: string, value: object): Promise<void> {
    this.#state.emitter.enqueue(value, field);
    await this.flush();
  }

  /** Posts any payload as is, signed (e.g. a dashboard test notification with `object: 'user'`). */
  async emitRaw(payload: object): Promise<void> {
    this.#state.emitter.enqueuePayload(payload);
    await this.flush();
  }

  /**
   * Forgets messages, requests, deliveries, media, windows, scripted faults and recipient behaviours
   * (numbers, tokens and templates stay), so one fake can serve many tests.
   */
  reset(): void {
    const state = this.#state;
    for (const collection of [
      state.sent,
      state.inboundIds,
      state.lastInbound,
      state.media,
      state.mediaUrls,
      state.recipients,
      state.sendTimes,
    ]) {
      collection.clear();
    }
    state.requests.length = 0;
    state.faults.length = 0;
    state.expiredTokens.clear();
    state.emitter.reset();
  }

  /** Delivers every webhook that is due now (awaiting the callbacks' answers). */
  flush(): Promise<void> {
    return this.#state.emitter.flush();
  }

  /** Advances the clock until no webhook is pending (retries included) or `maxMs` passed. */
  async settle(maxMs = 24 * 60 * 60 * 1000): Promise<void> {
    const limit = this.clock.now() + maxMs;
    for (
      let next = this.#state.emitter.nextDueAt();
      next !== undefined && next <= limit;
      next = this.#state.emitter.nextDueAt()
    ) {
      await this.clock.advance(Math.max(0, next - this.clock.now()));
    }
  }

  /**
   * Performs Meta's verification handshake against a callback URL: GET with `hub.challenge`, and
   * checks that the answer is 200 with exactly the challenge.
   */
  async verifyCallback(url: string): Promise<boolean> {
    const challenge = String(Math.floor(this.#state.random() * 1e9));
    const query = new URLSearchParams({
      'hub.mode': 'subscribe',
      'hub.challenge': challenge,
      'hub.verify_token': this.verifyToken,
    });
    const response = await fetch(`${url}${url.includes('?') ? '&' : '?'}${query}`);
    return response.status === 200 && (await response.text()) === challenge;
  }

  /** Starts continuous random inbound traffic of every type (demo mode); returns a stop function. */
  startTraffic(options: TrafficOptions = {}): () => void {
    this.#traffic?.stop();
    this.#traffic = new TrafficGenerator(this.inbound, this.#state.random, options);
    this.#traffic.start();
    return () => this.#traffic?.stop();
  }

  /** Starts the loopback HTTP server (port 0 by default) and returns its base URL. */
  async listen(options: { port?: number; host?: string } = {}): Promise<string> {
    const server = createServer((req, res) => void this.#serve(req, res));
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1');
    await once(server, 'listening');
    const address = server.address() as AddressInfo;
    this.#server = server;
    this.#url = `http://${address.address}:${address.port}`;
    return this.#url;
  }

  /** Stops the server, timers and traffic. */
  async close(): Promise<void> {
    this.#traffic?.stop();
    if (this.#timer) clearInterval(this.#timer);
    const server = this.#server;
    this.#server = undefined;
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }

  #handle(request: FakeHttpRequest): FakeHttpResponse {
    const response = routeGraphRequest(this.#state, request);
    const multipart = request.headers['content-type']?.startsWith('multipart') ?? false;
    this.#state.requests.push({
      method: request.method,
      path: request.url.pathname + request.url.search,
      headers: request.headers,
      body: multipart ? undefined : jsonOrText(request.body),
      status: response.network ? 0 : response.status,
      response: response.network ? undefined : jsonOrText(response.body),
    });
    return response;
  }

  async #serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', this.#url);
    const body = new Uint8Array(Buffer.concat(chunks));
    if (url.pathname.startsWith('/__fake/') && !url.pathname.startsWith('/__fake/media/')) {
      const { status, value } = await handleControl(this, url, body);
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(value));
      return;
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers))
      if (typeof value === 'string') headers[name] = value;
    const result = this.#handle({ method: req.method ?? 'GET', url, headers, body });
    if (result.network) {
      res.destroy();
      return;
    }
    if (result.delayMs) await delay(result.delayMs);
    if (res.destroyed) return;
    res.writeHead(result.status, result.headers);
    res.end(result.body);
  }
}

/** Decodes a recorded body: JSON when it is JSON, text otherwise, undefined when empty or binary. */
function jsonOrText(body: string | Uint8Array): unknown {
  if (typeof body !== 'string' && !isUtf8(body)) return undefined;
  const text = typeof body === 'string' ? body : Buffer.from(body).toString('utf8');
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Waits `ms` real milliseconds, rejecting with the signal's reason if it aborts first. */
function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}
