import { z } from 'zod';
import { AmiConfigError } from './errors.js';

/** Overflow policy of the bounded event queue. */
export type AmiOverflowPolicy = 'drop-oldest' | 'drop-newest';

/** Schema of {@link AmiClientOptions}; validated once in the constructor. */
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
    .object({ include: z.array(z.string()).optional(), exclude: z.array(z.string()).optional() })
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

/** Options of `AmiClient` (input form: defaults optional). Function-valued options sit outside the schema. */
export type AmiClientOptions = z.input<typeof amiClientOptionsSchema> & {
  /**
   * Override the reconnect delay: return ms to wait, or `false` to stop. Receives the attempt
   * number (1-based) and the cause.
   */
  reconnectStrategy?: (attempt: number, cause: Error) => number | false;
};

/** Options after validation and defaults. */
export type ResolvedAmiClientOptions = z.output<typeof amiClientOptionsSchema> & {
  source: string;
  reconnectStrategy?: (attempt: number, cause: Error) => number | false;
};

/** Validate options once, at the boundary. */
export function resolveAmiClientOptions(options: AmiClientOptions): ResolvedAmiClientOptions {
  const parsed = amiClientOptionsSchema.safeParse(options);
  if (!parsed.success) throw new AmiConfigError(z.prettifyError(parsed.error), { cause: parsed.error });
  const o = parsed.data;
  const host = o.host.includes(':') ? `[${o.host}]` : o.host;
  return {
    ...o,
    source: o.source ?? `${host}:${o.port}`,
    ...(options.reconnectStrategy ? { reconnectStrategy: options.reconnectStrategy } : {}),
  };
}
