/**
 * Phone-number normalisation and a caller-ID provider chain (phone book, LDAP/Active Directory, HTTP JSON, your own) with caching, deadlines and coalescing.
 *
 * @packageDocumentation
 */

export { CallerLookup, createCallerLookup, type LookupOptions } from './caller-lookup.js';
export {
  CallerLookupAbortError,
  CallerLookupConfigError,
  CallerLookupError,
  type CallerLookupErrorCode,
  CallerLookupHttpError,
  CallerLookupLdapError,
  CallerLookupParseError,
  CallerLookupProviderError,
  CallerLookupTimeoutError,
} from './errors.js';
export type { CallerLookupEvents } from './events.js';
export type {
  CallerLookupOptions,
  ResolvedCacheOptions,
  ResolvedCallerLookupOptions,
} from './options.js';
export {
  createPhoneNormalizer,
  type NormalizePhoneOptions,
  normalizePhone,
  type ResolvedNormalizePhoneOptions,
  resolveNormalizePhoneOptions,
} from './phone/normalize.js';
export type {
  CandidateForm,
  InvalidPhoneReason,
  NormalizedPhone,
  PhoneCandidate,
  PhoneKind,
} from './phone/types.js';
export { parseCsv } from './providers/csv.js';
export {
  createFunctionProvider,
  type FunctionProviderOptions,
  type FunctionProviderResult,
} from './providers/function-provider.js';
export type {
  HttpJsonProviderOptions,
  HttpNumberFormat,
  ResolvedHttpJsonProviderOptions,
} from './providers/http/http-json-options.js';
export { createHttpJsonProvider, HttpJsonProvider } from './providers/http/http-json-provider.js';
export { escapeDnValue, escapeFilterValue } from './providers/ldap/escape.js';
export type {
  LdapProviderOptions,
  ResolvedLdapProviderOptions,
} from './providers/ldap/ldap-options.js';
export { createLdapProvider, LdapProvider } from './providers/ldap/ldap-provider.js';
export {
  createPhoneBook,
  PhoneBook,
  type PhoneBookCsvOptions,
  type PhoneBookOptions,
  type PhoneBookRejection,
} from './providers/phone-book.js';
export type { PhoneBookEntry } from './providers/phone-book-entry.js';
export { parseVcards } from './providers/vcard.js';
export type { CallerLookupStatus, ProviderStatus } from './status.js';
export type {
  CallerIdProvider,
  CallerMatch,
  CircuitState,
  LatencySummary,
  LookupResult,
  LookupSource,
  LookupStatus,
  ProviderChange,
  ProviderContext,
  ProviderMatch,
  SpamVerdict,
  TraceEntry,
  TraceOutcome,
} from './types.js';
