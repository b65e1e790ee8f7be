import type { CountryCode, PhoneNumber } from 'libphonenumber-js/max';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { mobileVariants } from './quirks.js';
import type { NormalizedPhone, PhoneCandidate } from './types.js';

/**
 * A normalised public number. Formatting, typing and validation cost microseconds each and most
 * callers only read `e164`, so those fields are getters computed on first read and then kept;
 * `toJSON()` includes them.
 */
export class E164Phone implements NormalizedPhone {
  readonly kind = 'e164' as const;
  readonly e164: string;
  readonly countryCallingCode: string;
  readonly nationalNumber: string;
  readonly extension?: string;
  readonly #parsed: PhoneNumber;
  readonly #original: string | undefined;
  readonly #lastDigits: number;
  #valid: boolean | undefined;
  #region: CountryCode | undefined | null = null;
  #national: string | undefined;
  #international: string | undefined;
  #lineType: string | undefined | null = null;
  #candidates: PhoneCandidate[] | undefined;
  #keys: string[] | undefined;

  constructor(
    readonly input: string,
    parsed: PhoneNumber,
    valid: boolean | undefined,
    readonly digits: string,
    extension: string | undefined,
    lastDigits: number,
    original: string | undefined,
  ) {
    this.#parsed = parsed;
    this.#valid = valid;
    this.#lastDigits = lastDigits;
    this.#original = original;
    this.e164 = parsed.number as string;
    this.countryCallingCode = parsed.countryCallingCode as string;
    this.nationalNumber = parsed.nationalNumber as string;
    if (extension !== undefined) this.extension = extension;
  }

  get valid(): boolean {
    this.#valid ??= this.#parsed.isValid();
    return this.#valid;
  }

  get region(): CountryCode | undefined {
    if (this.#region === null)
      this.#region = this.#parsed.country ?? parsePhoneNumberFromString(this.e164)?.country;
    return this.#region;
  }

  get national(): string {
    this.#national ??= this.#parsed.formatNational();
    return this.#national;
  }

  get international(): string {
    this.#international ??= this.#parsed.formatInternational();
    return this.#international;
  }

  get lineType(): string | undefined {
    if (this.#lineType === null) this.#lineType = this.valid ? this.#parsed.getType() : undefined;
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
    const original = this.#original;
    if (original !== undefined && original !== e164 && !candidates.some((c) => c.key === original)) {
      candidates.push({ form: 'variant', key: original }, { form: 'variant', key: original.slice(1) });
    }
    if (this.#lastDigits > 0 && nn.length > this.#lastDigits) {
      candidates.push({ form: 'lastDigits', key: nn.slice(-this.#lastDigits) });
    }
    return candidates;
  }
}
