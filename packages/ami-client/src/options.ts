import { z } from 'zod';
import { AmiConfigError } from './errors.js';

/** Overflow policy of the bounded event queue. */
export type AmiOverflowPolicy = 'drop-oldest' | 'drop-newest';

/** Schema of {@link AmiClientOptions}; validated once in the constructor. @internal */
export const amiClientOptionsSchema = z.object({
  /** PBX host name or IP (v4 or v6). */
  host: z.string().min(1),
  /** AMI port (5038; 5039 for TLS). @defaultValue 5038 */
  port: z.number().int().min(0).max(65535).default(5038),
  /** AMI user (manager.conf section). */
  username: z.string().min(1),
  /** AMI secret. Never logged. */
  secret: z.string().min(1),
  /** `md5` (Challenge/Key, default) or `plain` (Secret on the wire). */
  authType: z.enum(['md5', 'plain']).default('md5'),
  /** Tag stamped on every event and record of this connection. @defaultValue `host:port` */
  source: z.string().min(1).optional(),
  /** Use TLS; `true` or `tls.connect` options. @defaultValue false */
  tls: z.union([z.boolean(), z.record(z.string(), z.unknown())]).default(false),
  /** IP family: 0 (any), 4 or 6. @defaultValue 0 */
  family: z.union([z.literal(0), z.literal(4), z.literal(6)]).default(0),
  /** `Events` mask sent with Login: `on`, `off` or a list of classes (`call`, `cdr`…). @defaultValue 'on' */
  events: z.union([z.enum(['on', 'off']), z.array(z.string().min(1)).min(1)]).default('on'),
  /** `Filter` expressions (Operation: Add) applied after every login. @defaultValue [] */
  filters: z.array(z.string().min(1)).default([]),
  /** Client-side name filter, applied to a peek of each event before it is parsed. */
  eventFilter: z
    .object({
      /** Only these event names pass (default: all). */
      include: z.array(z.string()).optional(),
      /** These event names are dropped. */
      exclude: z.array(z.string()).optional(),
    })
    .optional(),
  /** Connect + greeting + login deadline per attempt. @defaultValue 10000 */
  connectTimeoutMs: z.number().int().positive().default(10_000),
  /** Default per-action reply deadline. @defaultValue 10000 */
  actionTimeoutMs: z.number().int().positive().default(10_000),
  /** Keepalive Ping; `intervalMs: 0` disables it. */
  keepalive: z
    .object({
      /** Ping period. @defaultValue 15000 */
      intervalMs: z.number().int().min(0).default(15_000),
      /** Pong deadline; a missed one replaces the socket. @defaultValue 5000 */
      timeoutMs: z.number().int().positive().default(5_000),
    })
    .prefault({}),
  /** Reconnect: exponential backoff with full jitter and a cap. */
  reconnect: z
    .object({
      /** Reconnect at all. @defaultValue true */
      enabled: z.boolean().default(true),
      /** First backoff ceiling. @defaultValue 500 */
      initialDelayMs: z.number().int().min(0).default(500),
      /** Backoff cap. @defaultValue 30000 */
      maxDelayMs: z.number().int().min(0).default(30_000),
      /** Growth factor. @defaultValue 2 */
      factor: z.number().min(1).default(2),
      /** Give up after this many failed attempts in a row. @defaultValue Infinity */
      maxAttempts: z
        .number()
        .int()
        .positive()
        .or(z.literal(Number.POSITIVE_INFINITY))
        .default(Number.POSITIVE_INFINITY),
    })
    .prefault({}),
  /** Bounded event queue between the socket and your listeners. */
  queue: z
    .object({
      /** Most events held. @defaultValue 50000 */
      maxEvents: z.number().int().positive().default(50_000),
      /** What to drop when full. @defaultValue 'drop-oldest' */
      overflow: z.enum(['drop-oldest', 'drop-newest']).default('drop-oldest'),
      /** Events dispatched per macrotask before yielding to the socket. @defaultValue 1000 */
      batch: z.number().int().positive().default(1000),
    })
    .prefault({}),
  /** Parser limit: largest frame in bytes. @defaultValue 1048576 */
  maxFrameBytes: z
    .number()
    .int()
    .positive()
    .default(1024 * 1024),
  /** Parser limit: most header lines per frame. @defaultValue 512 */
  maxHeaders: z.number().int().positive().default(512),
});

/** Keepalive settings of {@link AmiClientOptions}. */
export interface AmiKeepaliveOptions {
  /** Ping period in ms; 0 disables the keepalive. @defaultValue 15000 */
  intervalMs?: number;
  /** Pong deadline in ms; a missed one replaces the socket. @defaultValue 5000 */
  timeoutMs?: number;
}

/** Reconnect settings of {@link AmiClientOptions}: exponential backoff with full jitter and a cap. */
export interface AmiReconnectOptions {
  /** Reconnect at all. @defaultValue true */
  enabled?: boolean;
  /** Ceiling of the first delay in ms. @defaultValue 500 */
  initialDelayMs?: number;
  /** Cap of every delay in ms. @defaultValue 30000 */
  maxDelayMs?: number;
  /** Growth factor per attempt. @defaultValue 2 */
  factor?: number;
  /** Give up after this many failed attempts in a row. @defaultValue Infinity */
  maxAttempts?: number;
}

/** Settings of the bounded event queue between the socket and your listeners. */
export interface AmiQueueOptions {
  /** Most events held. @defaultValue 50000 */
  maxEvents?: number;
  /** What to drop when full. @defaultValue 'drop-oldest' */
  overflow?: AmiOverflowPolicy;
  /** Events dispatched per macrotask before yielding to the socket. @defaultValue 1000 */
  batch?: number;
}

/** Client-side event-name filter, applied to a cheap peek before an event is parsed. */
export interface AmiEventFilterOptions {
  /** Only these event names pass (default: all). */
  include?: string[];
  /** These event names are dropped. */
  exclude?: string[];
}

/** Options of `AmiClient`, validated once in its constructor. */
export interface AmiClientOptions {
  /** PBX host name or IP (v4 or v6). */
  host: string;
  /** AMI port (5039 is the usual TLS port). @defaultValue 5038 */
  port?: number;
  /** AMI user (manager.conf section). */
  username: string;
  /** AMI secret. Never logged. */
  secret: string;
  /** `md5` (Challenge + Key; the secret never crosses the wire) or `plain`. @defaultValue 'md5' */
  authType?: 'md5' | 'plain';
  /** Tag stamped on every event and record of this connection. @defaultValue `host:port` */
  source?: string;
  /** Use TLS: `true` or `tls.connect` options. @defaultValue false */
  tls?: boolean | Record<string, unknown>;
  /** IP family: 0 (any), 4 or 6. @defaultValue 0 */
  family?: 0 | 4 | 6;
  /** `Events` mask sent with Login: `on`, `off` or event classes (`call`, `cdr`…). @defaultValue 'on' */
  events?: 'on' | 'off' | string[];
  /** `Filter` expressions (Operation: Add) applied after every login. @defaultValue [] */
  filters?: string[];
  /** Client-side event-name filter (events dropped before they are parsed). */
  eventFilter?: AmiEventFilterOptions;
  /** Deadline for connect + greeting + login, per attempt, in ms. @defaultValue 10000 */
  connectTimeoutMs?: number;
  /** Default reply deadline per action, in ms. @defaultValue 10000 */
  actionTimeoutMs?: number;
  /** Keepalive Ping with a reply deadline. */
  keepalive?: AmiKeepaliveOptions;
  /** Reconnect policy. */
  reconnect?: AmiReconnectOptions;
  /** Bounded event queue. */
  queue?: AmiQueueOptions;
  /** Parser limit: largest frame in bytes. @defaultValue 1048576 */
  maxFrameBytes?: number;
  /** Parser limit: most header lines per frame. @defaultValue 512 */
  maxHeaders?: number;
  /**
   * Override the reconnect delay: return ms to wait, or `false` to stop. Receives the attempt
   * number (1-based) and the cause.
   */
  reconnectStrategy?: (attempt: number, cause: Error) => number | false;
}

/** Options after validation, with every default filled in. */
export interface ResolvedAmiClientOptions
  extends Required<
    Omit<AmiClientOptions, 'eventFilter' | 'reconnectStrategy' | 'keepalive' | 'reconnect' | 'queue'>
  > {
  /** Client-side event-name filter, when given. */
  eventFilter?: AmiEventFilterOptions;
  /** Custom reconnect delay, when given. */
  reconnectStrategy?: (attempt: number, cause: Error) => number | false;
  /** Keepalive settings. */
  keepalive: Required<AmiKeepaliveOptions>;
  /** Reconnect settings. */
  reconnect: Required<AmiReconnectOptions>;
  /** Queue settings. */
  queue: Required<AmiQueueOptions>;
}

/** Validate options once, at the boundary. */
export function resolveAmiClientOptions(options: AmiClientOptions): ResolvedAmiClientOptions {
  const parsed = amiClientOptionsSchema.safeParse(options);
  if (!parsed.success) throw new AmiConfigError(z.prettifyError(parsed.error), { cause: parsed.error });
  const o = parsed.data;
  const host = o.host.includes(':') ? `[${o.host}]` : o.host;
  const resolved: ResolvedAmiClientOptions = {
    ...o,
    source: o.source ?? `${host}:${o.port}`,
    ...(options.reconnectStrategy ? { reconnectStrategy: options.reconnectStrategy } : {}),
  };
  return resolved;
}
