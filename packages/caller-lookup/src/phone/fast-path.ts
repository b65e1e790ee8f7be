// The core API with explicit metadata: the `max` entry's CJS build exports neither `Metadata` nor a
// `PhoneNumber` bound to its metadata, so the wrappers are not usable from both module systems.
import {
  type CountryCode,
  PhoneNumber as LibPhoneNumber,
  Metadata,
  type MetadataJson,
} from 'libphonenumber-js/core';
import metadataJson from 'libphonenumber-js/metadata.max.json';
import { mobileVariants } from './quirks.js';

/**
 * Fast paths around libphonenumber's text parser, which costs ~25 µs a call (it extracts a number from
 * free text with large regular expressions). Our input is already reduced to digits, so for the common
 * shapes we split the country code ourselves and let libphonenumber's `PhoneNumber` do the checks.
 * Anything unusual returns `undefined` and goes through the full parser.
 */

// Mobile quirk countries: the valid one of two forms is canonical, so validity is checked up front.
const QUIRK_CODES = new Set(['55', '52', '54']);

interface Plan {
  readonly callingCode: string;
  readonly nationalPrefix: string | undefined;
  readonly idd: RegExp;
  /** What libphonenumber strips before a national number (`national_prefix_for_parsing`), anchored. */
  readonly prefixForParsing: RegExp | undefined;
  /** How it rewrites the rest when that pattern captured (Argentina's `0AA15…` → `9AA…`). */
  readonly transformRule: string | undefined;
  /** No prefix patterns beyond the plain national prefix (or alternatives to it, like GB's `0|180020`). */
  readonly simple: boolean;
}

const plans = new Map<string, Plan>();
const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);

function planOf(region: CountryCode): Plan {
  let plan = plans.get(region);
  if (!plan) {
    const metadata = new Metadata(metadataJson as MetadataJson) as Metadata & {
      numberingPlan: Record<string, () => unknown>;
    };
    metadata.selectNumberingPlan(region);
    const p = metadata.numberingPlan;
    const nationalPrefix = text(p.nationalPrefix?.());
    // Without its own pattern, the national prefix itself is what gets stripped.
    const forParsing = text(p.nationalPrefixForParsing?.()) ?? nationalPrefix;
    const transformRule = text(p.nationalPrefixTransformRule?.());
    plan = {
      callingCode: String(p.callingCode?.()),
      nationalPrefix,
      idd: new RegExp(`^(?:${text(p.IDDPrefix?.()) ?? '00'})`),
      prefixForParsing: forParsing === undefined ? undefined : new RegExp(`^(?:${forParsing})`),
      transformRule,
      simple:
        transformRule === undefined &&
        (forParsing === undefined ||
          forParsing === nationalPrefix ||
          forParsing.startsWith(`${nationalPrefix}|`)),
    };
    plans.set(region, plan);
  }
  return plan;
}

// libphonenumber's PhoneNumber also takes (country, national number, metadata): the country is then
// known, so validation checks that one region instead of every region sharing the calling code (the
// 25 NANP regions of +1 make that ~50 µs). The result is checked in case a release drops the form.
const RegionalPhoneNumber = LibPhoneNumber as unknown as new (
  country: CountryCode,
  nationalNumber: string,
  metadata: MetadataJson,
) => LibPhoneNumber;

function constructInRegion(region: CountryCode, callingCode: string, nn: string): LibPhoneNumber | undefined {
  try {
    const parsed = new RegionalPhoneNumber(region, nn, metadataJson as MetadataJson);
    if (parsed.country === region && parsed.number === `+${callingCode}${nn}`) return parsed;
  } catch {
    // Fall through to the E.164 form.
  }
  return construct(`+${callingCode}${nn}`);
}

function construct(e164: string): LibPhoneNumber | undefined {
  try {
    return new LibPhoneNumber(e164 as LibPhoneNumber['number'], metadataJson as MetadataJson);
  } catch {
    return undefined;
  }
}

/** A fast-path reading: the number, its validity if already known, and the form given if it was a quirk. */
export interface FastReading {
  readonly parsed: LibPhoneNumber;
  readonly valid?: true;
  readonly original?: string;
}

/**
 * `+digits`: accept when the length is possible for the country. A national number starting with `0`
 * (a stray trunk prefix as in `+44 020…`, or Italy) takes the full path. For the quirk countries the
 * valid one of the two forms is taken (a Mexican `+521…` becomes `+52…`, the given form a candidate).
 */
export function fastInternational(digits: string): FastReading | undefined {
  const parsed = construct(`+${digits}`);
  if (!parsed?.countryCallingCode || (parsed.nationalNumber as string)[0] === '0') return undefined;
  if (!QUIRK_CODES.has(parsed.countryCallingCode)) return parsed.isPossible() ? { parsed } : undefined;
  if (parsed.isValid()) return { parsed, valid: true };
  for (const variant of mobileVariants(parsed.countryCallingCode, parsed.nationalNumber as string)) {
    const alt = construct(variant);
    if (alt?.isValid()) return { parsed: alt, valid: true, original: parsed.number as string };
  }
  return undefined;
}

/**
 * National digits in `region`: strip the national prefix. With a plain trunk prefix the reading is
 * unambiguous, so a possible length is enough (validity is computed later, on demand); otherwise (no
 * prefix: the digits might be a WhatsApp id; or a country with extra prefix patterns) only a *valid*
 * reading is taken here. Every doubtful case (IDD prefixes, transform rules) takes the full path.
 */
export function fastNational(digits: string, region: CountryCode): FastReading | undefined {
  const plan = planOf(region);
  if (plan.idd.test(digits)) return undefined;
  const stripped = stripNationalPrefix(digits, plan);
  const nn = stripped ?? digits;
  if (nn === '' || nn[0] === '0') return undefined;
  const parsed = constructInRegion(region, plan.callingCode, nn);
  if (!parsed) return undefined;
  if (stripped !== undefined && plan.simple && !QUIRK_CODES.has(plan.callingCode)) {
    return parsed.isPossible() ? { parsed } : undefined;
  }
  return parsed.isValid() ? { parsed, valid: true } : undefined;
}

/**
 * The national number after the trunk prefix, the way libphonenumber reads it
 * (`extractNationalNumberFromPossiblyIncompleteNumber`): strip what `national_prefix_for_parsing`
 * matches, or apply the transform rule when its last group captured. `undefined`: no prefix.
 */
function stripNationalPrefix(digits: string, plan: Plan): string | undefined {
  const pattern = plan.prefixForParsing;
  const match = pattern?.exec(digits);
  if (!pattern || !match) return undefined;
  const captured = match.length > 1 && match[match.length - 1];
  if (plan.transformRule !== undefined && captured) return digits.replace(pattern, plan.transformRule);
  return digits.slice(match[0].length);
}
