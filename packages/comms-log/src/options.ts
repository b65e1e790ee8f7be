import { z } from 'zod';
import { CommsLogConfigError } from './errors.js';
import type { CommsLogStore } from './store.js';
import type { CommsEntry } from './types.js';

/** The serialisable options of {@link createCommsLog}. */
export const commsLogOptionsSchema = z.object({
  /** Our own numbers: DIDs and WhatsApp business numbers (E.164, or wa_id digits); entries with them are excluded. @defaultValue `[]` */
  ownNumbers: z.array(z.string().min(1)).default([]),
  /** A counterpart phone matching this is one of our extensions (excluded). @defaultValue `/^\d{1,6}$/` */
  extensionPattern: z.instanceof(RegExp).default(/^\d{1,6}$/),
  /** Largest accepted body, in UTF-8 bytes. @defaultValue `1048576` */
  maxBodyBytes: z.number().int().positive().default(1_048_576),
  /** Compare-and-set attempts on one entry before `record` gives up with a retryable conflict error. @defaultValue `64` */
  maxWriteAttempts: z.number().int().positive().default(64),
  /** Open and close missed-call follow-ups. @defaultValue `true` */
  followUps: z.boolean().default(true),
  /**
   * Write coalescing (group commit): `record()` calls that arrive while `maxInFlight` writes are running wait
   * and go out together as one batch of at most `maxBatch` (one commit for all of them), each caller still
   * getting its own result; a lone call goes straight out. `false` writes every call on its own. Needs a
   * store with the batch methods (the memory and Postgres stores have them); others write one by one.
   * @defaultValue `{ maxBatch: 100, maxInFlight: 4 }`
   */
  coalesce: z
    .union([
      z.literal(false),
      z.strictObject({
        /** Most calls in one batch. @defaultValue `100` */
        maxBatch: z.number().int().min(1).max(10_000).default(100),
        /** Writes running at once before further calls wait to be batched. @defaultValue `4` */
        maxInFlight: z.number().int().min(1).max(1000).default(4),
      }),
    ])
    .prefault({}),
  /**
   * Recently written entries kept in memory (a bounded LRU, by count and approximate bytes), so a later
   * observation of one (a status update, a call's next event) goes straight to the compare-and-set update
   * without reading the entry first. Only a hint, safe with several instances: a stale copy (another
   * instance or a relink changed the entry) fails the compare-and-set, and the entry is then read as without
   * the cache. `false` turns it off.
   * @defaultValue `{ maxEntries: 10000, maxBytes: 16777216 }`
   */
  entryCache: z
    .union([
      z.literal(false),
      z.strictObject({
        /** Most entries kept. @defaultValue `10000` */
        maxEntries: z.number().int().min(1).max(10_000_000).default(10_000),
        /** Most approximate bytes kept (bodies count twice their length). @defaultValue `16777216` */
        maxBytes: z
          .number()
          .int()
          .min(1)
          .default(16 * 1024 * 1024),
      }),
    ])
    .prefault({}),
  /** Page size when a query names none. @defaultValue `50` */
  defaultPageSize: z.number().int().positive().default(50),
  /** Largest page size a query may ask for. @defaultValue `500` */
  maxPageSize: z.number().int().positive().default(500),
});

/** Options of {@link createCommsLog}. */
export interface CommsLogOptions extends z.input<typeof commsLogOptionsSchema> {
  /** Where entries live: `createMemoryStore()` from `@pbxkit/comms-log/memory`, or `createPostgresStore()`. */
  store: CommsLogStore;
  /** Host-specific exclusion rule, consulted after the built-in ones (internal calls, own numbers, extensions). @defaultValue none */
  exclude?: (entry: CommsEntry) => boolean;
  /** The clock. @defaultValue `() => new Date()` */
  now?: () => Date;
}

/** Options after validation. */
export interface ResolvedCommsLogOptions extends z.output<typeof commsLogOptionsSchema> {
  /** The store. */
  store: CommsLogStore;
  /** Host-specific exclusion rule. */
  exclude: ((entry: CommsEntry) => boolean) | undefined;
  /** The clock. */
  now: () => Date;
}

const isStore = (s: unknown): s is CommsLogStore =>
  typeof s === 'object' && s !== null && typeof (s as CommsLogStore).insertEntry === 'function';

/** Validates options once, at the boundary. */
export function resolveCommsLogOptions(options: CommsLogOptions): ResolvedCommsLogOptions {
  const { store, exclude, now, ...rest } = options ?? ({} as CommsLogOptions);
  const parsed = commsLogOptionsSchema.safeParse(rest);
  if (!parsed.success) throw new CommsLogConfigError(z.prettifyError(parsed.error), { cause: parsed.error });
  if (!isStore(store)) throw new CommsLogConfigError('options.store must be a CommsLogStore');
  if (exclude !== undefined && typeof exclude !== 'function')
    throw new CommsLogConfigError('options.exclude must be a function');
  if (now !== undefined && typeof now !== 'function')
    throw new CommsLogConfigError('options.now must be a function');
  return { ...parsed.data, store, exclude, now: now ?? (() => new Date()) };
}
