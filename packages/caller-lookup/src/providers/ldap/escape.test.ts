import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizePhone } from '../../phone/normalize.js';
import { escapeDnValue, escapeFilterValue } from './escape.js';
import { buildPhoneFilter } from './ldap-filter.js';
import { ldapProviderOptionsSchema } from './ldap-options.js';

describe('RFC 4515 filter escaping', () => {
  it('escapes the specials and control characters', () => {
    expect(escapeFilterValue('*)(uid=*))(|(uid=*')).toBe('\\2a\\29\\28uid=\\2a\\29\\29\\28|\\28uid=\\2a');
    expect(escapeFilterValue('a\\b\u0000c\r\n')).toBe('a\\5cb\\00c\\0d\\0a');
    expect(escapeFilterValue('Zoë Ωμέγα 😀')).toBe('Zoë Ωμέγα 😀');
  });

  it('never leaves an unescaped special, for any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (value) => {
        const escaped = escapeFilterValue(value);
        const bare = escaped.replace(/\\[0-9a-f]{2}/g, '');
        for (const special of ['*', '(', ')', '\\', '\u0000']) expect(bare).not.toContain(special);
      }),
    );
  });
});

describe('RFC 4514 DN escaping', () => {
  it.each([
    ['Doe, John', 'Doe\\, John'],
    [' lead', '\\ lead'],
    ['trail ', 'trail\\ '],
    ['#hash', '\\#hash'],
    ['a+b;c<d>e"f\\g=h', 'a\\+b\\;c\\<d\\>e\\"f\\\\g\\=h'],
    ['nul\u0000', 'nul\\00'],
  ])('%s', (value, escaped) => {
    expect(escapeDnValue(value)).toBe(escaped);
  });
});

describe('phone filter', () => {
  it('ORs every form over every attribute inside the trusted filter', () => {
    const options = ldapProviderOptionsSchema.parse({
      url: 'ldap://x',
      baseDn: 'dc=x',
      attributes: ['telephoneNumber', 'mobile'],
      forms: ['e164', 'national'],
      lastDigits: 8,
      filter: '(objectClass=person)',
    });
    expect(buildPhoneFilter(normalizePhone('+306974015758'), options)).toBe(
      '(&(objectClass=person)(|(telephoneNumber=+306974015758)(telephoneNumber=6974015758)(telephoneNumber=*74015758)' +
        '(mobile=+306974015758)(mobile=6974015758)(mobile=*74015758)))',
    );
  });
});
