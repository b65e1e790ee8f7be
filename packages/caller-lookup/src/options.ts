import { z } from 'zod';
import type { CallerIdProvider } from './types.js';

/** zod schema of the cache options (see {@link CallerLookupOptions.cache}). */
export const cacheOptionsSchema = z.object({
  /** Most numbers kept. @defaultValue 10000 */
  max: z.number().int().positive().default(10_000),
  /** How long a hit (or ambiguous answer) stays fresh. @defaultValue 600000 (10 min) */
  ttlMs: z.number().int().nonnegative().default(600_000),
  /** How long a miss stays fresh, apart from hits (a new customer should not wait 10 min). @defaultValue 60000 */
  negativeTtlMs: z.number().int().nonnegative().default(60_000),
  /** After freshness ends, how long the old answer is served at once while a background refresh runs. @defaultValue 3600000 */
  staleWhileRevalidateMs: z.number().int().nonnegative().default(3_600_000),
  /** After that, how long the old answer is kept to stand in when every provider fails. @defaultValue 86400000 */
  staleIfErrorMs: z.number().int().nonnegative().default(86_400_000),
  /** How long a spam verdict is kept, apart from names. @defaultValue 86400000 */
  spamTtlMs: z.number().int().nonnegative().default(86_400_000),
  /** Your own version string, mixed into the provider-set version that keys the cache. @defaultValue '' */
  version: z.string().default(''),
});

/** zod schema of the per-provider circuit breaker options. */
export const breakerOptionsSchema = z.object({
  /** Consecutive failures (errors or timeouts) that open the circuit. @defaultValue 5 */
  failureThreshold: z.number().int().positive().default(5),
  /** How long an open circuit skips the provider before one probe call. @defaultValue 30000 */
  cooldownMs: z.number().int().positive().default(30_000),
});

/** zod schema of {@link CallerLookupOptions} (without the function-valued `providers` and `now`). */
export const callerLookupOptionsSchema = z.object({
  /**
   * `sequential`: one provider after another, first hit wins. `parallel-priority`: all at once, the
   * best-priority hit wins, a lower-priority hit waits up to `priorityWaitMs` for better ones.
   * @defaultValue 'parallel-priority'
   */
  strategy: z.enum(['sequential', 'parallel-priority']).default('parallel-priority'),
  /** The whole lookup answers within this time; slower providers finish in the background. @defaultValue 1500 */
  deadlineMs: z.number().int().positive().default(1500),
  /** `parallel-priority`: how long a lower-priority hit waits for higher-priority providers. @defaultValue 250 */
  priorityWaitMs: z.number().int().nonnegative().default(250),
  /** Default per-provider timeout (a provider's own `timeoutMs` wins). @defaultValue 3000 */
  providerTimeoutMs: z.number().int().positive().default(3000),
  /** Per-provider circuit breaker; `false` turns it off. */
  breaker: z.union([z.literal(false), breakerOptionsSchema]).prefault({}),
  /** Result cache; `false` turns caching (but not coalescing) off. */
  cache: z.union([z.literal(false), cacheOptionsSchema]).prefault({}),
  /** Score (0–100) from which a number counts as spam. @defaultValue 50 */
  spamThreshold: z.number().min(0).max(100).default(50),
  /** How numbers are normalised: `normalizePhone` options (`defaultRegion`, `extensionPattern`, …). */
  normalize: z
    .object({
      /** Region of national numbers (ISO 3166 alpha-2, e.g. `GR`). */
      defaultRegion: z.string().length(2).optional(),
      /** Which digit strings are extensions. @defaultValue `/^\d{2,5}$/` */
      extensionPattern: z.union([z.string(), z.instanceof(RegExp)]).optional(),
      /** Length of the `lastDigits` candidate. @defaultValue 8 */
      lastDigits: z.number().int().min(0).max(15).optional(),
      /** Read bare digits as international first (WhatsApp `wa_id`). @defaultValue false */
      international: z.boolean().optional(),
    })
    .prefault({}),
});

/** Options of `createCallerLookup`. */
export type CallerLookupOptions = z.input<typeof callerLookupOptionsSchema> & {
  /** The providers, highest priority first. */
  providers: readonly CallerIdProvider[];
  /**
   * Monotonic clock in milliseconds, for tests.
   * @defaultValue `performance.now`
   */
  now?: () => number;
};

/** {@link CallerLookupOptions} after validation and defaults. */
export type ResolvedCallerLookupOptions = z.output<typeof callerLookupOptionsSchema>;

/** Cache options after defaults. */
export type ResolvedCacheOptions = z.output<typeof cacheOptionsSchema>;
