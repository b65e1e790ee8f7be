import type { CountryCode, PhoneNumber } from 'libphonenumber-js/max';
import { isSupportedCountry, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { CallerLookupConfigError } from '../errors.js';
import { cleanCallerId, MAX_INPUT_LENGTH } from './clean.js';
import { E164Phone } from './e164-phone.js';
import { fastInternational, fastNational } from './fast-path.js';
import { mobileVariants } from './quirks.js';
import type { CandidateForm, InvalidPhoneReason, NormalizedPhone } from './types.js';

/** Options of {@link normalizePhone}. */
export interface NormalizePhoneOptions {
  /**
   * Region (ISO 3166 alpha-2) that national numbers belong to: the PBX's, trunk's or tenant's country.
   * Without it only numbers with `+`, `00` or WhatsApp digits can be understood.
   */
  defaultRegion?: string;
  /**
   * Which digit strings are internal extensions (tested against the digits only).
   * @defaultValue `/^\d{2,5}$/`
   */
  extensionPattern?: RegExp | string;
  /**
   * Length of the `lastDigits` candidate (suffix matching, OCA's default); `0` leaves it out.
   * @defaultValue `8`
   */
  lastDigits?: number;
  /**
   * Read bare digits as international first (`306974015758` is `+306974015758`), as WhatsApp `wa_id`s are.
   * When `false`, bare digits are read as national first and as international only if that fails.
   * @defaultValue `false`
   */
  international?: boolean;
}

/** {@link NormalizePhoneOptions} after validation. */
export interface ResolvedNormalizePhoneOptions {
  /** See {@link NormalizePhoneOptions.defaultRegion}. */
  readonly defaultRegion: CountryCode | undefined;
  /** See {@link NormalizePhoneOptions.extensionPattern}. */
  readonly extensionPattern: RegExp;
  /** See {@link NormalizePhoneOptions.lastDigits}. */
  readonly lastDigits: number;
  /** See {@link NormalizePhoneOptions.international}. */
  readonly international: boolean;
}

const DEFAULT_EXTENSION = /^\d{2,5}$/;
const resolvedCache = new WeakMap<NormalizePhoneOptions, ResolvedNormalizePhoneOptions>();
const patternCache = new Map<string, RegExp>();

/** Validate {@link NormalizePhoneOptions} once; throws {@link CallerLookupConfigError} on bad values. */
export function resolveNormalizePhoneOptions(
  options: NormalizePhoneOptions = {},
): ResolvedNormalizePhoneOptions {
  const cached = resolvedCache.get(options);
  if (cached) return cached;
  const { defaultRegion, extensionPattern, lastDigits = 8, international = false } = options;
  if (defaultRegion !== undefined && !isSupportedCountry(defaultRegion)) {
    throw new CallerLookupConfigError(`defaultRegion "${defaultRegion}" is not a supported ISO 3166 region`);
  }
  if (!Number.isInteger(lastDigits) || lastDigits < 0 || lastDigits > 15) {
    throw new CallerLookupConfigError(`lastDigits must be an integer from 0 to 15, got ${lastDigits}`);
  }
  let pattern = DEFAULT_EXTENSION;
  if (typeof extensionPattern === 'string') {
    let compiled = patternCache.get(extensionPattern);
    if (!compiled) {
      try {
        compiled = new RegExp(extensionPattern);
      } catch (cause) {
        throw new CallerLookupConfigError(`extensionPattern is not a valid regular expression`, { cause });
      }
      if (patternCache.size > 100) patternCache.clear();
      patternCache.set(extensionPattern, compiled);
    }
    pattern = compiled;
  } else if (extensionPattern instanceof RegExp) {
    // A global or sticky RegExp keeps state between test() calls; use a stateless copy.
    pattern =
      extensionPattern.global || extensionPattern.sticky
        ? new RegExp(extensionPattern.source, extensionPattern.flags.replace(/[gy]/g, ''))
        : extensionPattern;
  }
  const resolved: ResolvedNormalizePhoneOptions = {
    defaultRegion: defaultRegion as CountryCode | undefined,
    extensionPattern: pattern,
    lastDigits,
    international,
  };
  resolvedCache.set(options, resolved);
  return resolved;
}

/**
 * Classify a raw caller id and produce its E.164 form plus every candidate key an exact-match store
 * might hold it under. Never throws for any input value; throws {@link CallerLookupConfigError} only
 * for bad options.
 *
 * @example
 * ```ts
 * const phone = normalizePhone('+44 (0)20 7946 0958', { defaultRegion: 'GR' });
 * phone.kind; // 'e164'
 * phone.e164; // '+442079460958'
 * phone.keys; // ['+442079460958', '442079460958', '00442079460958', '02079460958', '020 7946 0958', …]
 * ```
 */
export function normalizePhone(raw: unknown, options?: NormalizePhoneOptions): NormalizedPhone {
  return memoized(raw, resolveNormalizePhoneOptions(options));
}

/**
 * Build a normaliser with options validated once, for hot paths.
 *
 * @example
 * ```ts
 * const normalize = createPhoneNormalizer({ defaultRegion: 'BR' });
 * normalize('5511987654321').e164; // '+5511987654321'
 * ```
 */
export function createPhoneNormalizer(options?: NormalizePhoneOptions): (raw: unknown) => NormalizedPhone {
  const resolved = resolveNormalizePhoneOptions(options);
  return (raw) => memoized(raw, resolved);
}

// Caller ids repeat (the same customers call, and one call is normalised by the tracker, the lookup and
// the log), so recent answers are kept per options object. Results are never mutated after creation
// (lazy fields settle once), so sharing them is safe. Bounded: cleared when full.
const MEMO_SIZE = 4096;
const memos = new WeakMap<ResolvedNormalizePhoneOptions, Map<string, NormalizedPhone>>();

function memoized(raw: unknown, options: ResolvedNormalizePhoneOptions): NormalizedPhone {
  if (typeof raw !== 'string' || raw.length > MAX_INPUT_LENGTH) return normalizeResolved(raw, options);
  let memo = memos.get(options);
  if (!memo) {
    memo = new Map();
    memos.set(options, memo);
  }
  let phone = memo.get(raw);
  if (!phone) {
    phone = normalizeResolved(raw, options);
    if (memo.size >= MEMO_SIZE) memo.clear();
    memo.set(raw, phone);
  }
  return phone;
}

function invalid(input: string, reason: InvalidPhoneReason, digits = ''): NormalizedPhone {
  return { kind: 'invalid', input, valid: false, digits, candidates: [], keys: [], reason };
}

function normalizeResolved(raw: unknown, options: ResolvedNormalizePhoneOptions): NormalizedPhone {
  if (typeof raw !== 'string') return invalid('', 'not-a-string');
  const input = raw.length > MAX_INPUT_LENGTH ? raw.slice(0, MAX_INPUT_LENGTH) : raw;
  const cleaned = cleanCallerId(raw);
  if (cleaned.anonymous)
    return { kind: 'anonymous', input, valid: false, digits: '', candidates: [], keys: [] };
  if (cleaned.problem) return invalid(input, cleaned.problem);
  const { digits, plus, extension } = cleaned;
  // E.164 caps numbers at 15 digits.
  if (digits.length > 17) return invalid(input, 'not-a-number', digits);
  if (cleaned.feature) return short(input, 'shortcode', digits);
  if (!plus && options.extensionPattern.test(digits)) return short(input, 'extension', digits);

  const region = options.defaultRegion;
  // Unambiguously international: `+…`, `00…`, or bare digits when told they are (WhatsApp ids).
  const international = plus
    ? digits
    : digits.startsWith('00')
      ? digits.slice(2)
      : options.international
        ? digits
        : undefined;
  if (international !== undefined) {
    const fast = fastInternational(international);
    if (fast) return build(input, fast.parsed, fast.valid, digits, extension, options, fast.original);
  } else if (region) {
    const fast = fastNational(digits, region);
    if (fast) return build(input, fast.parsed, fast.valid, digits, extension, options);
  }
  const attempts: Array<() => PhoneNumber | undefined> = [];
  const asInternational = () => parsePhoneNumberFromString(`+${digits}`);
  if (plus) attempts.push(asInternational);
  else {
    // `00` is the international prefix almost everywhere, and libphonenumber only knows the region's own
    // (`011` in North America), so `00…` is read as international before national (Japan has `0037…`).
    if (digits.startsWith('00')) attempts.push(() => parsePhoneNumberFromString(`+${digits.slice(2)}`));
    else if (options.international) attempts.push(asInternational);
    if (region) attempts.push(() => parsePhoneNumberFromString(digits, region));
    if (!options.international && digits.length >= 8 && digits[0] !== '0') attempts.push(asInternational);
  }

  // Which attempt is the explicit reading (not the wa_id guess): the first, or the national one after `00`/wa_id.
  const explicit = !plus && region && (digits.startsWith('00') || options.international) ? 1 : 0;
  let possible: PhoneNumber | undefined;
  for (let i = 0; i < attempts.length; i++) {
    const attempt = attempts[i];
    const parsed = attempt?.();
    if (!parsed) continue;
    if (parsed.isValid()) return build(input, parsed, true, digits, extension, options);
    // A quirk form of an invalid number may be the valid one (a Brazilian mobile without its 9th digit).
    for (const variant of mobileVariants(parsed.countryCallingCode, parsed.nationalNumber)) {
      const alt = parsePhoneNumberFromString(variant);
      if (alt?.isValid()) return build(input, alt, true, digits, extension, options, parsed.number);
    }
    // Only the explicit reading (with `+`, or national in the default region) may stand as merely possible.
    if (!possible && i === explicit && parsed.isPossible()) possible = parsed;
  }
  if (possible) return build(input, possible, false, digits, extension, options);
  if (digits.length <= 6 && !plus) return short(input, 'shortcode', digits);
  return invalid(input, !plus && !region ? 'no-region' : 'not-a-number', digits);
}

function short(input: string, kind: 'extension' | 'shortcode', digits: string): NormalizedPhone {
  const form: CandidateForm = kind === 'extension' ? 'extension' : 'digits';
  return { kind, input, valid: false, digits, candidates: [{ form, key: digits }], keys: [digits] };
}

function build(
  input: string,
  parsed: PhoneNumber,
  valid: boolean | undefined,
  digits: string,
  extension: string | undefined,
  options: ResolvedNormalizePhoneOptions,
  original?: string,
): NormalizedPhone {
  return new E164Phone(input, parsed, valid, digits, extension, options.lastDigits, original);
}
