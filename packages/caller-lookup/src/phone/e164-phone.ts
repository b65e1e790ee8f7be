import type { CountryCode, PhoneNumber } from 'libphonenumber-js/max';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { toPhoneNumber } from './fast-path.js';
import { mobileVariants } from './quirks.js';
import type { NormalizedPhone, PhoneCandidate } from './types.js';
import { isValidIn } from './validity.js';

/** How a number was read: by the fast path (parts only) or by libphonenumber's parser (`parsed`). */
export interface PhoneReading {
  /** The region it was read in; `undefined` when read from its calling code. */
  readonly country: CountryCode | undefined;
  readonly callingCode: string;
  readonly nationalNumber: string;
  /** Validity when already known. */
  readonly valid?: boolean;
  /** The E.164 form as given, when its valid quirk form was preferred. */
  readonly original?: string;
  /** libphonenumber's number, when the parser produced it. */
  readonly parsed?: PhoneNumber;
}

/**
 * A normalised public number. Formatting, typing and validation cost microseconds each and most
 * callers only read `e164`, so those fields are getters computed on first read and then kept;
 * `toJSON()` includes them. libphonenumber's `PhoneNumber` itself is only built for those reads.
 */
export class E164Phone implements NormalizedPhone {
  readonly kind = 'e164' as const;
  readonly e164: string;
  readonly countryCallingCode: string;
  readonly nationalNumber: string;
  readonly extension?: string;
  readonly #reading: PhoneReading;
  readonly #lastDigits: number;
  #parsed: PhoneNumber | undefined;
  #valid: boolean | undefined;
  #region: CountryCode | undefined | null = null;
  #national: string | undefined;
  #international: string | undefined;
  #lineType: string | undefined | null = null;
  #candidates: PhoneCandidate[] | undefined;
  #keys: string[] | undefined;

  constructor(
    readonly input: string,
    reading: PhoneReading,
    readonly digits: string,
    extension: string | undefined,
    lastDigits: number,
  ) {
    this.#reading = reading;
    this.#parsed = reading.parsed;
    this.#valid = reading.valid;
    this.#lastDigits = lastDigits;
    this.countryCallingCode = reading.callingCode;
    this.nationalNumber = reading.nationalNumber;
    this.e164 = `+${reading.callingCode}${reading.nationalNumber}`;
    if (extension !== undefined) this.extension = extension;
  }

  get #number(): PhoneNumber {
    const { country, callingCode, nationalNumber } = this.#reading;
    this.#parsed ??= toPhoneNumber(country, callingCode, nationalNumber);
    return this.#parsed;
  }

  get valid(): boolean {
    const { country, callingCode, nationalNumber, parsed } = this.#reading;
    this.#valid ??= parsed ? parsed.isValid() : isValidIn(country ?? callingCode, nationalNumber);
    return this.#valid;
  }

  get region(): CountryCode | undefined {
    if (this.#region === null)
      this.#region = this.#reading.country ?? parsePhoneNumberFromString(this.e164)?.country;
    return this.#region;
  }

  get national(): string {
    this.#national ??= this.#number.formatNational();
    return this.#national;
  }

  get international(): string {
    this.#international ??= this.#number.formatInternational();
    return this.#international;
  }

  get lineType(): string | undefined {
    if (this.#lineType === null) this.#lineType = this.valid ? this.#number.getType() : undefined;
    return this.#lineType;
  }

  get candidates(): readonly PhoneCandidate[] {
    this.#candidates ??= this.#buildCandidates();
    return this.#candidates;
  }

  get keys(): readonly string[] {
    this.#keys ??= [...new Set(this.candidates.map((c) => c.key))];
    return this.#keys;
  }

  /** Every field, computed ones included. */
  toJSON(): NormalizedPhone {
    const json: { -readonly [K in keyof NormalizedPhone]: NormalizedPhone[K] } = {
      kind: this.kind,
      input: this.input,
      e164: this.e164,
      valid: this.valid,
      countryCallingCode: this.countryCallingCode,
      nationalNumber: this.nationalNumber,
      national: this.national,
      international: this.international,
      digits: this.digits,
      candidates: this.candidates,
      keys: this.keys,
    };
    if (this.region) json.region = this.region;
    if (this.lineType) json.lineType = this.lineType;
    if (this.extension !== undefined) json.extension = this.extension;
    return json;
  }

  #buildCandidates(): PhoneCandidate[] {
    const { e164, nationalNumber: nn, national } = this;
    const candidates: PhoneCandidate[] = [
      { form: 'e164', key: e164 },
      { form: 'digits', key: e164.slice(1) },
      { form: 'idd', key: `00${e164.slice(1)}` },
      { form: 'national', key: national.replace(/\D/g, '') },
      { form: 'nationalFormatted', key: national },
      { form: 'internationalFormatted', key: this.international },
    ];
    for (const variant of mobileVariants(this.countryCallingCode, nn)) {
      if (variant === e164) continue;
      candidates.push({ form: 'variant', key: variant }, { form: 'variant', key: variant.slice(1) });
    }
    // The reading as given, when we preferred its valid quirk form (`+551187654321` → `+5511987654321`).
    const original = this.#reading.original;
    if (original !== undefined && original !== e164 && !candidates.some((c) => c.key === original)) {
      candidates.push({ form: 'variant', key: original }, { form: 'variant', key: original.slice(1) });
    }
    if (this.#lastDigits > 0 && nn.length > this.#lastDigits) {
      candidates.push({ form: 'lastDigits', key: nn.slice(-this.#lastDigits) });
    }
    return candidates;
  }
}
