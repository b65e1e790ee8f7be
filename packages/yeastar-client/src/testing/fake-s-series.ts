import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { FakeClock } from './clock.js';
import type { StartedCall } from './fake-p-series-options.js';
import { buildScenario, type CallScenario, type ScenarioStep } from './scenarios.js';

/** A JSON object as sent on the wire. */
export type WireObject = Record<string, unknown>;
type Wire = WireObject;

/** Converts P-Series `members[]` to S-Series v2 names (`ext`, `channelid`, `memberstatus`, `trunkname`). */
function sMembers(members: unknown): Wire[] {
  if (!Array.isArray(members)) return [];
  return members.map((m: Wire) => {
    const [kind, v] = Object.entries(m)[0] as [string, Wire];
    const common = { channelid: v.channel_id, memberstatus: v.member_status, callpath: v.call_path };
    return kind === 'extension'
      ? { ext: { number: v.number, ...common } }
      : { [kind]: { from: v.from, to: v.to, trunkname: v.trunk_name, ...common } };
  });
}

/** Turns one P-Series scenario step into the S-Series v2.0.0 report the PBX would POST (or undefined). */
export function toSSeriesV2Report(step: ScenarioStep, sn: string): Wire | undefined {
  const m = step.msg;
  switch (step.type) {
    case 30011:
      return { event: 'CallStatus', callid: m.call_id, members: sMembers(m.members), sn };
    case 30012:
      // v2 quirks kept: `callduraction`, `talkduraction`, `dsttrcunkname`, durations as strings.
      return {
        event: 'NewCdr',
        callid: m.call_id,
        timestart: m.time_start,
        callfrom: m.call_from,
        callto: m.call_to,
        callduraction: String(m.call_duration),
        talkduraction: String(m.talk_duration),
        srctrunkname: m.src_trunk_name,
        dsttrcunkname: m.dst_trunk_name,
        pincode: '',
        status: m.status,
        type: m.type,
        recording: m.recording,
        didnumber: m.did_number,
        agentringtime: '0',
        sn,
      };
    case 30015:
      return { callid: m.call_id, event: 'CallFailed', reason: m.reason, members: sMembers(m.members), sn };
    case 30013:
      return { event: 'Tranfer', callid: m.call_id, members: sMembers(m.members), sn };
    case 30014:
      return { event: 'Forward', callid: m.call_id, members: sMembers(m.members), sn };
    case 30008:
      return { event: 'ExtensionStatus', extension: m.extension, status: m.status, sn };
    default:
      return undefined;
  }
}

/** One report delivery attempt. */
export interface FakeReportDelivery {
  /** Exact body sent. */
  body: string;
  /** HTTP status received, or the error message. */
  result: number | string;
}

/** Counters of {@link FakeSSeriesServer}. */
export interface FakeSSeriesStats {
  /** Login requests, accepted or not. */
  loginAttempts: number;
  /** Accepted logins. */
  logins: number;
  /** Heartbeats accepted. */
  heartbeats: number;
}

/** Options of {@link FakeSSeriesReportPusher}. */
export interface FakeSSeriesReportPusherOptions {
  /** Where reports go (the app's URL; a real PBX uses the login's ip:port). */
  url: string;
  /** Attempts per report: the PBX re-sends until it gets 200. @defaultValue 5 */
  maxAttempts?: number;
}

/**
 * Pushes S-Series reports like the PBX: `POST /` with `User-Agent: WebAPI`, in order, re-sending each report
 * until the app answers 200. Raw text is sent byte for byte (format 1.0.0 repeats `"ext"` keys).
 */
export class FakeSSeriesReportPusher {
  /** Every attempt: body and the status received (or the error). */
  readonly deliveries: FakeReportDelivery[] = [];
  readonly #url: string;
  readonly #maxAttempts: number;
  #chain: Promise<unknown> = Promise.resolve();

  /** Creates a pusher. */
  constructor(options: FakeSSeriesReportPusherOptions) {
    this.#url = options.url;
    this.#maxAttempts = options.maxAttempts ?? 5;
  }

  /** Queues one report (text sent as-is, objects as JSON); resolves with the final status. */
  push(report: string | Wire): Promise<number | string> {
    const body = typeof report === 'string' ? report : JSON.stringify(report, null, '\t');
    const run = this.#chain.then(() => this.#deliver(body));
    this.#chain = run.catch(() => undefined);
    return run;
  }

  /** Sends the BootUp report (the PBX restarted: apps must log in again). */
  bootUp(sn: string): Promise<number | string> {
    return this.push({ event: 'BootUp', sn });
  }

  /** Resolves when every queued report has been delivered (or given up on). */
  idle(): Promise<void> {
    return this.#chain.then(() => undefined);
  }

  async #deliver(body: string): Promise<number | string> {
    let result: number | string = 'not sent';
    for (let i = 0; i < this.#maxAttempts; i++) {
      try {
        const res = await request(this.#url, {
          method: 'POST',
          headers: { 'user-agent': 'WebAPI', 'content-type': 'application/json', accept: 'application/json' },
          body,
        });
        await res.body.dump();
        result = res.statusCode;
      } catch (error) {
        result = (error as Error).message;
      }
      this.deliveries.push({ body, result });
      if (result === 200) break;
    }
    return result;
  }
}

/** Options of {@link FakeSSeriesServer}. */
export interface FakeSSeriesServerOptions {
  /** API user name. @defaultValue 'api' */
  username?: string;
  /** API password (clear; the client sends its MD5). @defaultValue 'password' */
  password?: string;
  /** PBX serial. @defaultValue '369451090405' */
  sn?: string;
  /** PBX time zone for `timestart`. @defaultValue 'UTC' */
  timeZone?: string;
  /** Virtual clock (token lifetime 30 min, call timing). */
  clock?: FakeClock;
}

/**
 * A fake S-Series PBX: `/api/v2.0.0/login` (MD5 check; `port` + `ipaddr` say where reports go),
 * `heartbeat`, `logout`, `call/dial` (plays a scenario as v2 reports), `call/hangup`, errnos
 * (`20003` bad login, `20006` token timed out), and the report pusher.
 */
export class FakeSSeriesServer {
  /** The clock. */
  readonly clock: FakeClock;
  /** PBX serial. */
  readonly sn: string;
  /** Counters. */
  readonly stats: FakeSSeriesStats = { loginAttempts: 0, logins: 0, heartbeats: 0 };
  readonly #o: Required<Omit<FakeSSeriesServerOptions, 'clock'>>;
  readonly #server: Server;
  readonly #tokens = new Map<string, number>();
  #pusher: FakeSSeriesReportPusher | undefined;
  #url = '';
  #seq = 0;

  private constructor(options: FakeSSeriesServerOptions) {
    this.clock = options.clock ?? new FakeClock();
    this.sn = options.sn ?? '369451090405';
    this.#o = {
      username: options.username ?? 'api',
      password: options.password ?? 'password',
      sn: this.sn,
      timeZone: options.timeZone ?? 'UTC',
    };
    this.#server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      let body: Wire = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Wire;
      } catch {
        // errno 10002: parameter format error
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"Failed","errno":"10002"}');
        return;
      }
      const url = new URL(req.url ?? '/', 'http://x');
      const out = this.#route(
        url.pathname.replace(/^\/api\/v[\d.]+\//, ''),
        url.searchParams.get('token'),
        body,
        req.socket.remoteAddress ?? '127.0.0.1',
      );
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(out));
    });
  }

  /** Starts on 127.0.0.1, port 0. */
  static async start(options: FakeSSeriesServerOptions = {}): Promise<FakeSSeriesServer> {
    const s = new FakeSSeriesServer(options);
    await new Promise<void>((r) => s.#server.listen(0, '127.0.0.1', r));
    s.#url = `http://127.0.0.1:${(s.#server.address() as AddressInfo).port}`;
    return s;
  }

  /** Base URL. */
  get url(): string {
    return this.#url;
  }

  /** The pusher aimed at the last login's report address (undefined before a login). */
  get pusher(): FakeSSeriesReportPusher | undefined {
    return this.#pusher;
  }

  /** Invalidates every token (next call answers errno 20006). */
  expireTokens(): void {
    this.#tokens.clear();
  }

  /** Plays a scenario as v2 reports to the logged-in app, on the clock. Returns the call id. */
  startCall(scenario: CallScenario): StartedCall {
    const startMs = this.clock.now();
    const callId = `${Math.floor(startMs / 1000)}.${++this.#seq}`;
    let ch = 0;
    const steps = buildScenario(scenario, {
      callId,
      startMs,
      timeZone: this.#o.timeZone,
      channel: (n, t) => `PJSIP/${t ? `trunk-${n}-endpoint` : n}-${(ch++).toString(16).padStart(8, '0')}`,
    });
    for (const step of steps) {
      const report = toSSeriesV2Report(step, this.sn);
      if (report) this.clock.setTimeout(() => void this.#pusher?.push(report), step.atMs);
    }
    return { callId };
  }

  /** Closes the server. */
  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((r) => this.#server.close(() => r()));
  }

  #route(endpoint: string, token: string | null, body: Wire, ip: string): Wire {
    const fail = (errno: string) => ({ status: 'Failed', errno });
    if (endpoint === 'login') {
      this.stats.loginAttempts++;
      const md5 = createHash('md5').update(this.#o.password).digest('hex');
      if (body.username !== this.#o.username || body.password !== md5) return fail('20003');
      this.stats.logins++;
      const t = randomBytes(16).toString('hex');
      this.#tokens.set(t, this.clock.now() + 30 * 60_000);
      const host = typeof body.ipaddr === 'string' ? body.ipaddr : ip.replace(/^::ffff:/, '');
      this.#pusher = new FakeSSeriesReportPusher({ url: `http://${host}:${String(body.port ?? 8260)}/` });
      return { status: 'Success', token: t, transport: 'HTTP' };
    }
    const exp = token ? this.#tokens.get(token) : undefined;
    if (!token) return fail('20005');
    if (exp === undefined || exp <= this.clock.now()) return fail('20006');
    switch (endpoint) {
      case 'heartbeat':
        this.stats.heartbeats++;
        this.#tokens.set(token, this.clock.now() + 30 * 60_000);
        return { status: 'Success' };
      case 'logout':
        this.#tokens.delete(token);
        return { status: 'Success' };
      case 'call/dial': {
        if (!body.caller || !body.callee) return fail('10003');
        const { callId } = this.startCall({
          kind: 'dial',
          caller: String(body.caller),
          callee: String(body.callee),
          calleeIsExtension: /^\d{3,4}$/.test(String(body.callee)),
        });
        return { status: 'Success', callid: callId };
      }
      case 'call/hangup':
      case 'extension/hangup':
        return { status: 'Success' };
      default:
        return fail('10001');
    }
  }
}
