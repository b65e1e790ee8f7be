import { z } from 'zod';
import { CommsLogConfigError } from './errors.js';
import type { CommsLogStore } from './store.js';
import type { CommsEntry } from './types.js';

/** The serialisable options of {@link createCommsLog}. */
export const commsLogOptionsSchema = z.object({
  /** Our own numbers: DIDs and WhatsApp business numbers (E.164, or wa_id digits); entries with them are excluded. */
  ownNumbers: z.array(z.string().min(1)).default([]),
  /** A counterpart phone matching this is one of our extensions (excluded). */
  extensionPattern: z.instanceof(RegExp).default(/^\d{1,6}$/),
  /** Largest accepted body, in UTF-8 bytes. */
  maxBodyBytes: z.number().int().positive().default(1_048_576),
  /** Compare-and-set attempts on one entry before `record` gives up with a retryable conflict error. */
  maxWriteAttempts: z.number().int().positive().default(64),
  /** Open and close missed-call follow-ups. */
  followUps: z.boolean().default(true),
  /** Page size when a query names none. */
  defaultPageSize: z.number().int().positive().default(50),
  /** Largest page size a query may ask for. */
  maxPageSize: z.number().int().positive().default(500),
});

/** Options of {@link createCommsLog}. */
export interface CommsLogOptions extends z.input<typeof commsLogOptionsSchema> {
  /** Where entries live: `createMemoryStore()` from `@pbxkit/comms-log/memory`, or `createPostgresStore()`. */
  store: CommsLogStore;
  /** Host-specific exclusion rule, consulted after the built-in ones (internal calls, own numbers, extensions). */
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
