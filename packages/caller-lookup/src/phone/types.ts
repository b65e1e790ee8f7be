import type { CountryCode } from 'libphonenumber-js';

/**
 * What a caller id turned out to be.
 * - `e164`: a public number with a canonical E.164 form.
 * - `extension`: a short internal number (matched `extensionPattern`).
 * - `shortcode`: a service or feature code (`112`, `*97`) that is not a subscriber number.
 * - `anonymous`: withheld (`anonymous`, `restricted`, `<unknown>`, empty).
 * - `invalid`: anything else; never sent to a provider.
 */
export type PhoneKind = 'e164' | 'extension' | 'shortcode' | 'anonymous' | 'invalid';

/** Why a caller id was classified `invalid`. */
export type InvalidPhoneReason =
  | 'not-a-string'
  | 'too-long'
  | 'bad-characters'
  | 'no-digits'
  | 'no-region'
  | 'not-a-number';

/**
 * The shape of one candidate key.
 * - `e164`: `+442079460958`; `digits`: `442079460958` (also a WhatsApp `wa_id`);
 * - `idd`: `00442079460958`; `national`: `02079460958` (with the trunk prefix);
 * - `nationalFormatted`: `020 7946 0958`; `internationalFormatted`: `+44 20 7946 0958`;
 * - `variant`: the E.164 of a country quirk (Brazil's 9th digit, Mexico's `521`, Argentina's `9`);
 * - `lastDigits`: the last N digits of the national number (weakest, suffix matching);
 * - `extension`: an internal extension's digits.
 */
export type CandidateForm =
  | 'e164'
  | 'digits'
  | 'idd'
  | 'national'
  | 'nationalFormatted'
  | 'internationalFormatted'
  | 'variant'
  | 'lastDigits'
  | 'extension';

/** One key under which an exact-match store may hold this number. */
export interface PhoneCandidate {
  /** Which form the key has. */
  readonly form: CandidateForm;
  /** The key itself. */
  readonly key: string;
}

/** The result of {@link normalizePhone}: a classification plus every useful form of the number. */
export interface NormalizedPhone {
  /** What the input is. */
  readonly kind: PhoneKind;
  /** The input as given (cut to 64 characters, so a hostile 5 KB caller id is not kept around). */
  readonly input: string;
  /** Canonical E.164 (`+306974015758`); set when `kind` is `e164`. */
  readonly e164?: string;
  /** Whether the number is valid per libphonenumber's metadata (not just possible by length). */
  readonly valid: boolean;
  /** ISO 3166 region of the number, when known. */
  readonly region?: CountryCode;
  /** Country calling code without `+` (`30`). */
  readonly countryCallingCode?: string;
  /** National significant number (`6974015758`). */
  readonly nationalNumber?: string;
  /** National format (`697 401 5758`). */
  readonly national?: string;
  /** International format (`+30 697 401 5758`). */
  readonly international?: string;
  /** Line type from libphonenumber's metadata (`MOBILE`, `FIXED_LINE`, …), when known. */
  readonly lineType?: string;
  /** A dialled extension after the number (`;ext=12`, `x12`). */
  readonly extension?: string;
  /** The digits of the input: the extension or short code itself for those kinds. */
  readonly digits: string;
  /** Candidate keys for exact-match stores, strongest first. */
  readonly candidates: readonly PhoneCandidate[];
  /** The distinct candidate keys, strongest first. */
  readonly keys: readonly string[];
  /** Why the input is `invalid`. */
  readonly reason?: InvalidPhoneReason;
}
