import { z } from 'zod';
import { YeastarConfigError } from './errors.js';

const timeZone = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'not an IANA time zone this runtime knows' },
);

/** Schema of {@link YeastarPSeriesClientOptions} (function-valued options are outside it). */
export const pSeriesClientOptionsSchema = z.object({
  /** `https://{pbx}:{port}` or a Cloud `https://{domain}`; no trailing path. */
  baseUrl: z.url().transform((u) => u.replace(/\/+$/, '')),
  /** Client ID from PBX *Integrations > API*. */
  clientId: z.string().min(1),
  /** Client Secret from PBX *Integrations > API*. */
  clientSecret: z.string().min(1),
  /**
   * Value of the `User-Agent` header the PBX requires on every request.
   * @defaultValue 'pbxkit-yeastar-client/0'
   */
  userAgent: z.string().min(1).default('pbxkit-yeastar-client/0'),
  /**
   * Per-request timeout (ms).
   * @defaultValue 15000
   */
  requestTimeoutMs: z.number().int().positive().default(15_000),
  /**
   * Refresh the access token this long (ms) before it expires.
   * @defaultValue 120000
   */
  refreshMarginMs: z.number().int().nonnegative().default(120_000),
  /**
   * After a failed login, refuse to try again for this long (ms): the PBX blocks the IP after ~5 failures.
   * @defaultValue 600000
   */
  loginCooldownMs: z.number().int().nonnegative().default(600_000),
  /** TLS for on-prem PBXs with a self-signed certificate. */
  tls: z
    .object({
      /** PEM CA certificate(s) to trust. */
      ca: z.union([z.string(), z.array(z.string())]).optional(),
      /**
       * Set to false only for testing; prefer `ca`.
       * @defaultValue true
       */
      rejectUnauthorized: z.boolean().default(true),
    })
    .prefault({}),
  /** Secret of the PBX webhook (Integrations > API > Webhook Event Push); required to accept webhooks. */
  webhookSecret: z.string().min(1).optional(),
  /**
   * Whether unsigned webhook deliveries are accepted (only for a PBX that cannot sign: firmware < .20.0.21).
   * @defaultValue false
   */
  allowUnsignedWebhooks: z.boolean().default(false),
  /**
   * Window (ms) in which a repeated event (same sn + call id + event + member state) is dropped.
   * @defaultValue 300000
   */
  dedupeWindowMs: z.number().int().nonnegative().default(300_000),
  /**
   * Event topics subscribed on the WebSocket (`topic_list`, always sent as the full set).
   * @defaultValue [30008, 30011, 30012, 30013, 30014, 30015, 30016]
   */
  topics: z.array(z.number().int()).min(1).default([30008, 30011, 30012, 30013, 30014, 30015, 30016]),
  /**
   * Interval (ms) of the text `heartbeat`; must be well inside the PBX's 60 s idle limit.
   * @defaultValue 25000
   */
  heartbeatIntervalMs: z.number().int().positive().max(50_000).default(25_000),
  /**
   * How long (ms) to wait for `heartbeat response` before the socket is considered dead.
   * @defaultValue 10000
   */
  heartbeatTimeoutMs: z.number().int().positive().default(10_000),
  /** Reconnect backoff of the event socket (exponential with jitter). */
  reconnect: z
    .object({
      /**
       * First reconnect delay (ms); doubles per attempt, with jitter.
       * @defaultValue 500
       */
      initialDelayMs: z.number().int().positive().default(500),
      /**
       * Longest reconnect delay (ms).
       * @defaultValue 30000
       */
      maxDelayMs: z.number().int().positive().default(30_000),
    })
    .prefault({}),
});

/** Options of {@link YeastarPSeriesClient}, as the user writes them. */
export interface YeastarPSeriesClientOptions extends z.input<typeof pSeriesClientOptionsSchema> {
  /**
   * Called with every new token pair so the caller can persist it (tokens survive a restart without a new
   * login, which matters under the 8-token cap).
   */
  onTokens?: (tokens: YeastarTokens) => void | Promise<void>;
  /** Tokens persisted earlier through `onTokens`; used instead of a fresh login while still valid. */
  initialTokens?: YeastarTokens;
  /** Clock for token expiry (ms since epoch). @defaultValue Date.now */
  now?: () => number;
  /** undici dispatcher for every request and the WebSocket (proxy, pinning); overrides `tls`. */
  dispatcher?: import('undici').Dispatcher;
}

/** {@link YeastarPSeriesClientOptions} after validation and defaults. */
export type ResolvedYeastarPSeriesClientOptions = z.output<typeof pSeriesClientOptionsSchema>;

/** An access/refresh token pair with absolute expiry times. */
export interface YeastarTokens {
  /** The access token (`?access_token=`). */
  accessToken: string;
  /** When the access token expires (ms since epoch). */
  accessTokenExpiresAt: number;
  /** The refresh token. */
  refreshToken: string;
  /** When the refresh token expires (ms since epoch). */
  refreshTokenExpiresAt: number;
}

/** Schema of {@link CallTrackerOptions}. */
export const callTrackerOptionsSchema = z.object({
  /** Name of the connection / PBX serial written to `CallRecord.pbx` when events carry no `sn`. */
  pbx: z.string().min(1),
  /** IANA time zone of the PBX: CDR `time_start` is PBX-local without a zone. */
  timeZone,
  /**
   * After a call's last live member leaves, wait this long (ms) for more CDRs / 30015 before ending it.
   * @defaultValue 3000
   */
  settleMs: z.number().int().nonnegative().default(3_000),
  /**
   * End a call that lost its CDR after this long (ms) from its live end (CDR not subscribed, gap).
   * @defaultValue 30000
   */
  cdrTimeoutMs: z.number().int().positive().default(30_000),
  /**
   * Drop calls that saw no event for this long (ms): a BYE lost during a connection gap.
   * @defaultValue 4 * 3600000
   */
  staleCallMs: z
    .number()
    .int()
    .positive()
    .default(4 * 3600_000),
});

/** Options of {@link CallTracker}. */
export interface CallTrackerOptions extends z.input<typeof callTrackerOptionsSchema> {
  /** Clock (ms since epoch). @defaultValue Date.now */
  now?: () => number;
}

/** {@link CallTrackerOptions} after validation and defaults. */
export type ResolvedCallTrackerOptions = z.output<typeof callTrackerOptionsSchema>;

/** Schema of {@link YeastarSSeriesClientOptions}. */
export const sSeriesClientOptionsSchema = z.object({
  /** `http(s)://{pbx}:{port}` of the S-Series API. */
  baseUrl: z.url().transform((u) => u.replace(/\/+$/, '')),
  /** API user name. */
  username: z.string().min(1),
  /** API password in clear; sent as its MD5 hex as the API requires. */
  password: z.string().min(1),
  /**
   * API version path segment.
   * @defaultValue 'v2.0.0'
   */
  apiVersion: z.union([z.literal('v1.1.0'), z.literal('v2.0.0')]).default('v2.0.0'),
  /**
   * Report format asked for at login: `2.0.0` (`event` reports), `1.0.2` (`call` arrays), `1.0.0`.
   * @defaultValue '2.0.0'
   */
  reportVersion: z.union([z.literal('1.0.0'), z.literal('1.0.2'), z.literal('2.0.0')]).default('2.0.0'),
  /** IP (as the PBX reaches us) where reports are POSTed. */
  reportHost: z.string().min(1).optional(),
  /**
   * Port where reports are POSTed.
   * @defaultValue 8260
   */
  reportPort: z.number().int().positive().default(8260),
  /**
   * Heartbeat interval (ms); the token lives 30 min and each heartbeat extends it.
   * @defaultValue 20 * 60000
   */
  heartbeatIntervalMs: z
    .number()
    .int()
    .positive()
    .default(20 * 60_000),
  /**
   * Per-request timeout (ms).
   * @defaultValue 15000
   */
  requestTimeoutMs: z.number().int().positive().default(15_000),
  /**
   * Value of the `User-Agent` header.
   * @defaultValue 'pbxkit-yeastar-client/0'
   */
  userAgent: z.string().min(1).default('pbxkit-yeastar-client/0'),
});

/** Options of {@link YeastarSSeriesClient}. */
export interface YeastarSSeriesClientOptions extends z.input<typeof sSeriesClientOptionsSchema> {
  /** undici dispatcher (custom CA, proxy). */
  dispatcher?: import('undici').Dispatcher;
}

/** {@link YeastarSSeriesClientOptions} after validation and defaults. */
export type ResolvedYeastarSSeriesClientOptions = z.output<typeof sSeriesClientOptionsSchema>;

/** Validates options once at the boundary and throws {@link YeastarConfigError} with a readable message. */
export function resolveOptions<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success)
    throw new YeastarConfigError(`Invalid ${what} options:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
