import { type CountryCode, Metadata, type MetadataJson } from 'libphonenumber-js/core';
import metadataJson from 'libphonenumber-js/metadata.max.json';

/**
 * libphonenumber's `isValid()`/`isPossible()` answers, from precompiled metadata.
 *
 * libphonenumber compiles a `RegExp` from its metadata string on every check (`matchesEntirely`:
 * `new RegExp('^(?:' + pattern + ')$')`) and builds `Metadata`/`NumberingPlan` objects per call. On a
 * mixed set of 15 countries that was half of `normalizePhone`'s time plus most of its garbage
 * (issue #6: ≥ 200k/s). Here each numbering plan is read once through libphonenumber's own
 * `Metadata` API and its patterns compiled once, and the checks follow `isValidNumber`,
 * `getNumberType`/`isNumberTypeEqualTo` and `checkNumberLength` (libphonenumber-js 1.13) step by step,
 * so the answers are the same; `normalize-baseline.test.ts` pins them against the library's outputs.
 */

export const metadata = metadataJson as MetadataJson;

// The order `getNumberType` tries: fixed line, then NON_FIXED_LINE_PHONE_TYPES. Validity only asks
// whether any matches, so the order does not change the answer, but it is kept for clarity.
const TYPES = [
  'FIXED_LINE',
  'MOBILE',
  'PREMIUM_RATE',
  'TOLL_FREE',
  'SHARED_COST',
  'VOIP',
  'PERSONAL_NUMBER',
  'PAGER',
  'UAN',
  'VOICEMAIL',
] as const;

interface TypePlan {
  readonly pattern: RegExp;
  readonly lengths: readonly number[] | undefined;
}

interface CompiledPlan {
  readonly lengths: readonly number[] | undefined;
  readonly national: RegExp;
  readonly hasTypes: boolean;
  readonly types: readonly TypePlan[];
}

interface PlanApi {
  possibleLengths(): number[] | undefined;
  nationalNumberPattern(): string;
  hasTypes(): boolean;
  type(name: string): { pattern(): string; possibleLengths(): number[] | undefined } | undefined;
}

const entire = (pattern: string) => new RegExp(`^(?:${pattern})$`);
const compiled = new Map<string, CompiledPlan>();

/** The plan libphonenumber selects for a region (`GB`) or, for a calling code (`44`), its main region. */
function compiledPlan(countryOrCallingCode: string): CompiledPlan {
  let plan = compiled.get(countryOrCallingCode);
  if (!plan) {
    const selected = new Metadata(metadata) as Metadata & { numberingPlan: PlanApi };
    selected.selectNumberingPlan(countryOrCallingCode as CountryCode);
    const p = selected.numberingPlan;
    const types: TypePlan[] = [];
    if (p.hasTypes()) {
      for (const name of TYPES) {
        const type = p.type(name);
        // A missing type or an empty pattern (a duplicate of fixed line, removed) never matches.
        const pattern = type?.pattern();
        if (type && pattern) types.push({ pattern: entire(pattern), lengths: type.possibleLengths() });
      }
    }
    plan = {
      lengths: p.possibleLengths(),
      national: entire(p.nationalNumberPattern()),
      hasTypes: p.hasTypes(),
      types,
    };
    compiled.set(countryOrCallingCode, plan);
  }
  return plan;
}

/** `PhoneNumber#isValid()` for a number read in `country` (or, without one, its calling code's plan). */
export function isValidIn(countryOrCallingCode: string, nationalNumber: string): boolean {
  const plan = compiledPlan(countryOrCallingCode);
  if (!plan.national.test(nationalNumber)) return false;
  if (!plan.hasTypes) return true;
  const length = nationalNumber.length;
  for (const type of plan.types) {
    if (type.lengths && !type.lengths.includes(length)) continue;
    if (type.pattern.test(nationalNumber)) return true;
  }
  return false;
}

/**
 * `PhoneNumber#isPossible()` likewise (`checkNumberLength` is `IS_POSSIBLE` exactly when the length is
 * one of the plan's possible lengths). Every plan of the bundled metadata has them; without any,
 * `checkNumberLength` says possible, and so do we.
 */
export function isPossibleIn(countryOrCallingCode: string, nationalNumber: string): boolean {
  const lengths = compiledPlan(countryOrCallingCode).lengths;
  return lengths ? lengths.includes(nationalNumber.length) : true;
}

const callingCodes = new Set(Object.keys(metadata.country_calling_codes));

/**
 * Split `+digits` the way libphonenumber's `extractCountryCallingCode` does: the shortest prefix
 * (1 to 3 digits) that is a known calling code; `undefined` when none is, when the digits start
 * with `0`, or when nothing is left for the national number (the `PhoneNumber` constructor throws).
 */
export function splitCallingCode(digits: string): [callingCode: string, nationalNumber: string] | undefined {
  if (digits[0] === '0') return undefined;
  for (let end = 1; end <= 3 && end <= digits.length; end++) {
    const code = digits.slice(0, end);
    if (callingCodes.has(code)) return end < digits.length ? [code, digits.slice(end)] : undefined;
  }
  return undefined;
}
