import type { NormalizedPhone } from '../../phone/types.js';
import { escapeFilterValue } from './escape.js';
import type { ResolvedLdapProviderOptions } from './ldap-options.js';

/** The exact values and the suffix an LDAP search for `phone` uses. */
export function searchValues(
  phone: NormalizedPhone,
  options: ResolvedLdapProviderOptions,
): { exact: string[]; suffix?: string } {
  if (phone.kind !== 'e164') return { exact: [phone.digits] };
  const exact: string[] = [];
  for (const form of options.forms) {
    for (const c of phone.candidates) if (c.form === form && !exact.includes(c.key)) exact.push(c.key);
  }
  const nn = phone.nationalNumber ?? '';
  return options.lastDigits > 0 && nn.length >= options.lastDigits
    ? { exact, suffix: nn.slice(-options.lastDigits) }
    : { exact };
}

/**
 * Build the search filter: `(&<trusted filter>(|(attr=value)…(attr=*suffix)…))`. Every value is
 * escaped (RFC 4515), so nothing from the caller id can add wildcards or clauses.
 */
export function buildPhoneFilter(phone: NormalizedPhone, options: ResolvedLdapProviderOptions): string {
  const { exact, suffix } = searchValues(phone, options);
  const clauses: string[] = [];
  for (const attribute of options.attributes) {
    for (const value of exact) clauses.push(`(${attribute}=${escapeFilterValue(value)})`);
    if (suffix !== undefined) clauses.push(`(${attribute}=*${escapeFilterValue(suffix)})`);
  }
  return `(&${options.filter}(|${clauses.join('')}))`;
}
