import { CallerLookupConfigError } from '../errors.js';
import type { NormalizedPhone, PhoneKind } from '../phone/types.js';
import type { CallerIdProvider } from '../types.js';

/** Kinds of number a provider takes when it does not say. */
export const DEFAULT_KINDS: readonly PhoneKind[] = ['e164'];

/** FNV-1a, 32 bit: a short, stable cache-key prefix for the provider set. */
export function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}

/** Providers are function-valued, so they are checked by hand rather than by the zod schema. */
export function validateProviders(providers: unknown): readonly CallerIdProvider[] {
  if (!Array.isArray(providers)) throw new CallerLookupConfigError('providers must be an array');
  const ids = new Set<string>();
  for (const provider of providers as CallerIdProvider[]) {
    if (typeof provider?.id !== 'string' || provider.id === '' || typeof provider.lookup !== 'function') {
      throw new CallerLookupConfigError('every provider needs a non-empty string id and a lookup function');
    }
    if (ids.has(provider.id)) throw new CallerLookupConfigError(`provider id "${provider.id}" is used twice`);
    ids.add(provider.id);
  }
  return providers;
}

/** Whether a value is an already normalised number (so it is not normalised twice). */
export function isPhone(value: unknown): value is NormalizedPhone {
  return (
    typeof value === 'object' && value !== null && 'kind' in value && 'keys' in value && 'candidates' in value
  );
}

/** The cache identity of a number: E.164, or the digits of an extension or short code. */
export function canonical(phone: NormalizedPhone): string {
  if (phone.kind === 'e164' && phone.e164) return phone.e164;
  return `${phone.kind}:${phone.digits}`;
}
