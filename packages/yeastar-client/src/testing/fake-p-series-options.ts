import type { FakeClock } from './clock.js';
import type { CallScenario, OutboundOutcome, ScenarioTiming } from './scenarios.js';

/** A webhook target of the fake PBX (Integrations > API > Webhook Event Push; up to 5 on a real PBX). */
export interface FakeWebhookTarget {
  /** URL the PBX POSTs to. */
  url: string;
  /** 32-character secret used for `X-Signature`. */
  secret: string;
  /** Event ids sent; all when unset. */
  events?: number[];
}

/** Options of {@link FakePSeriesServer}. */
export interface FakePSeriesServerOptions {
  /** Client ID the fake accepts. @defaultValue 'test-client-id' */
  clientId?: string;
  /** Client Secret the fake accepts. @defaultValue 'test-client-secret' */
  clientSecret?: string;
  /** PBX serial number (`sn`). @defaultValue '3631A2124XXX' */
  sn?: string;
  /** PBX time zone used for CDR `time_start`. @defaultValue 'UTC' */
  timeZone?: string;
  /** The virtual clock; a manual one by default, pass `new FakeClock({ timeScale })` for demo mode. */
  clock?: FakeClock;
  /** Access token lifetime (s). @defaultValue 1800 */
  accessTtlSeconds?: number;
  /** Refresh token lifetime (s). @defaultValue 86400 */
  refreshTtlSeconds?: number;
  /** Live access tokens allowed per app. @defaultValue 8 */
  maxTokens?: number;
  /** Failed logins before the IP is blocked (70004). @defaultValue 5 */
  maxLoginFailures?: number;
  /** How long an IP stays blocked (ms). @defaultValue 600000 */
  ipBlockMs?: number;
  /** Whether the old access token stays valid after a refresh (undocumented on real PBXs). @defaultValue true */
  oldAccessTokenSurvivesRefresh?: boolean;
  /** WebSocket idle limit (ms): the PBX drops sockets that sent nothing for this long. @defaultValue 60000 */
  wsIdleMs?: number;
  /** Send `msg` as an object instead of a JSON string (both happen on real PBXs). @defaultValue false */
  msgAsObject?: boolean;
  /** Webhook targets. */
  webhooks?: FakeWebhookTarget[];
  /** Serve HTTPS/WSS with this key and certificate (an on-prem PBX with a self-signed certificate). */
  tls?: FakeTlsOptions;
  /** Extensions the PBX knows (for `extension/list`, `call/dial`). @defaultValue 1000–1009 */
  extensions?: string[];
  /** Outcome of the callee leg of `call/dial`. @defaultValue () => 'answered' */
  dialOutcome?: (callee: string) => OutboundOutcome;
  /**
   * Divides every call's ring and talk time (and the traffic interval) by this factor, so a demo shows
   * minutes of calls in seconds while tokens, heartbeats and the idle limit keep real semantics.
   * @defaultValue 1
   */
  callTimeScale?: number;
  /** Timing of calls placed by `call/dial`. @defaultValue \{ ringSeconds: 4, talkSeconds: 30 \} */
  dialTiming?: ScenarioTiming;
}

/** Key and certificate of a fake served over TLS. */
export interface FakeTlsOptions {
  /** PEM private key. */
  key: string | Buffer;
  /** PEM certificate. */
  cert: string | Buffer;
}

/** A call started on a fake server. */
export interface StartedCall {
  /** Its `call_id`. */
  callId: string;
}

/** A call started by the traffic generator. */
export interface TrafficCall extends StartedCall {
  /** The scenario it plays. */
  scenario: CallScenario;
}

/** A live call as `call/query` answers it (wire form). */
export interface FakeLiveCall {
  /** `call_id`. */
  callId: string;
  /** Members still in the call, P-Series wire form. */
  members: Array<Record<string, unknown>>;
}

/** One webhook delivery attempt, for assertions. */
export interface FakeWebhookDelivery {
  /** Target URL. */
  url: string;
  /** Exact body bytes sent. */
  body: string;
  /** `X-Signature` sent. */
  signature: string;
  /** HTTP status received, or the error message. */
  result: number | string;
}
