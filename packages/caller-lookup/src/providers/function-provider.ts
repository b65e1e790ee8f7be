import { CallerLookupConfigError } from '../errors.js';
import type { NormalizedPhone, PhoneKind } from '../phone/types.js';
import type { CallerIdProvider, CallerMatch, ProviderContext } from '../types.js';

/** What a function provider may return: nothing, one match, or several. */
export type FunctionProviderResult = CallerMatch | readonly CallerMatch[] | null | undefined;

/** Options of {@link createFunctionProvider}. */
export interface FunctionProviderOptions {
  /** Provider id. */
  id: string;
  /** Your lookup: a SQL query with bound parameters, an SDK call, anything. Honour `signal`. */
  lookup: (
    phone: NormalizedPhone,
    context: ProviderContext,
  ) => FunctionProviderResult | Promise<FunctionProviderResult>;
  /** Kinds of number it takes. @defaultValue `['e164']` */
  kinds?: readonly PhoneKind[];
  /** Its own timeout. */
  timeoutMs?: number;
  /** Bump to invalidate cached answers after a change in meaning. */
  version?: string | number;
}

/**
 * Wrap any function as a provider; it may return `null`, one match or an array.
 *
 * @example
 * ```ts
 * const sql = createFunctionProvider({
 *   id: 'customers-db',
 *   lookup: async (phone) => {
 *     const { rows } = await pool.query('SELECT id, name FROM customers WHERE phone = $1', [phone.e164]);
 *     return rows.map((r) => ({ contactId: String(r.id), name: r.name }));
 *   },
 * });
 * ```
 */
export function createFunctionProvider(options: FunctionProviderOptions): CallerIdProvider {
  const { id, lookup, kinds, timeoutMs, version } = options ?? ({} as FunctionProviderOptions);
  if (typeof id !== 'string' || id === '' || typeof lookup !== 'function') {
    throw new CallerLookupConfigError('createFunctionProvider needs an id and a lookup function');
  }
  const provider: { -readonly [K in keyof CallerIdProvider]: CallerIdProvider[K] } = {
    id,
    async lookup(phone, context) {
      const result = await lookup(phone, context);
      if (result === null || result === undefined) return [];
      return Array.isArray(result) ? result : [result as CallerMatch];
    },
  };
  if (kinds) provider.kinds = kinds;
  if (timeoutMs !== undefined) provider.timeoutMs = timeoutMs;
  if (version !== undefined) provider.version = version;
  return provider;
}
