import fc from 'fast-check';
import examples from 'libphonenumber-js/examples.mobile.json';
import type { CountryCode } from 'libphonenumber-js/max';
import { getCountries, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';
import { CallerLookupConfigError } from '../errors.js';
import { createPhoneNormalizer, normalizePhone } from './normalize.js';

describe('normalizePhone', () => {
  it.each([
    ['+44 20 7946 0958', 'GR'],
    ['+44 (0)20 7946 0958', 'GR'],
    ['+44 020 7946 0958', 'GR'],
    ['0044 20 7946 0958', 'US'],
    ['0044.20.7946.0958', 'GR'],
    ['011 44 20 7946 0958', 'US'],
    ['020 7946 0958', 'GB'],
    ['(020) 7946-0958', 'GB'],
    ['442079460958', 'GR'],
    ['tel:+44-20-7946-0958', 'GR'],
    ['sip:+442079460958@pbx.example;user=phone', 'GR'],
    ['<+442079460958>', 'GR'],
    ['  +44\u00a020\u20117946\u20110958 ', 'GR'],
  ])('reads %s (region %s) as +442079460958', (raw, region) => {
    const phone = normalizePhone(raw, { defaultRegion: region });
    expect(phone).toMatchObject({ kind: 'e164', e164: '+442079460958', valid: true, region: 'GB' });
  });

  it('produces the candidate keys exact-match stores hold', () => {
    const phone = normalizePhone('+44 (0)20 7946 0958', { defaultRegion: 'GB' });
    expect(phone.candidates).toEqual([
      { form: 'e164', key: '+442079460958' },
      { form: 'digits', key: '442079460958' },
      { form: 'idd', key: '00442079460958' },
      { form: 'national', key: '02079460958' },
      { form: 'nationalFormatted', key: '020 7946 0958' },
      { form: 'internationalFormatted', key: '+44 20 7946 0958' },
      { form: 'lastDigits', key: '79460958' },
    ]);
    expect(phone.keys[0]).toBe('+442079460958');
    expect(normalizePhone('+442079460958', { lastDigits: 0 }).candidates.map((c) => c.form)).not.toContain(
      'lastDigits',
    );
  });

  it.each([
    'anonymous',
    'Anonymous',
    '<unknown>',
    'restricted',
    'unavailable',
    '',
    '   ',
    'sip:anonymous@anonymous.invalid',
    'Private',
  ])('classifies %j as anonymous', (raw) => {
    expect(normalizePhone(raw, { defaultRegion: 'GB' }).kind).toBe('anonymous');
  });

  it('classifies extensions with the default and a custom pattern', () => {
    expect(normalizePhone('201', { defaultRegion: 'GB' })).toMatchObject({
      kind: 'extension',
      digits: '201',
      keys: ['201'],
    });
    expect(normalizePhone('1000001', { defaultRegion: 'GB', extensionPattern: '^1\\d{6}$' }).kind).toBe(
      'extension',
    );
    expect(normalizePhone('201', { defaultRegion: 'GB', extensionPattern: /^9\d{3}$/g }).kind).toBe(
      'shortcode',
    );
  });

  it('classifies feature codes and short service numbers as shortcodes', () => {
    expect(normalizePhone('*97', { defaultRegion: 'GB' })).toMatchObject({ kind: 'shortcode', digits: '97' });
    expect(normalizePhone('#31#', { defaultRegion: 'GB' }).kind).toBe('shortcode');
    expect(normalizePhone('116123', { defaultRegion: 'GB' }).kind).toBe('shortcode');
  });

  it('keeps an extension suffix apart from the number', () => {
    for (const raw of ['+1 212 555 1234 ext. 23', '+1 212 555 1234 x23', 'tel:+1-212-555-1234;ext=23']) {
      expect(normalizePhone(raw)).toMatchObject({ e164: '+12125551234', extension: '23' });
    }
  });

  it('reads WhatsApp wa_id digits', () => {
    expect(normalizePhone('306974015758', { defaultRegion: 'GR' }).e164).toBe('+306974015758');
    expect(normalizePhone('306974015758', { defaultRegion: 'US' }).e164).toBe('+306974015758');
    // Where the digits are also a valid national number (German numbers vary in length), say so.
    expect(normalizePhone('306974015758', { defaultRegion: 'DE' }).e164).toBe('+49306974015758');
    expect(normalizePhone('306974015758', { defaultRegion: 'DE', international: true }).e164).toBe(
      '+306974015758',
    );
    expect(normalizePhone('306974015758').e164).toBe('+306974015758');
    // A US national number stays national, even though the digits could be read as international.
    expect(normalizePhone('2125551234', { defaultRegion: 'US' }).e164).toBe('+12125551234');
    expect(normalizePhone('12125551234', { defaultRegion: 'GB', international: true }).e164).toBe(
      '+12125551234',
    );
  });

  describe('country mobile quirks are extra candidates, not rewrites', () => {
    it('Brazil: the 9th digit', () => {
      const full = normalizePhone('+55 11 98765-4321');
      expect(full.e164).toBe('+5511987654321');
      expect(full.keys).toEqual(expect.arrayContaining(['+551187654321', '551187654321']));
      // The old 8-digit mobile form is invalid today: its valid 9-digit form is canonical, the given one a candidate.
      const old = normalizePhone('551187654321', { defaultRegion: 'BR', international: true });
      expect(old.e164).toBe('+5511987654321');
      expect(old.keys).toContain('+551187654321');
      // A landline (starts 2-5) gets no variant.
      expect(normalizePhone('+55 11 3456-7890').candidates.some((c) => c.form === 'variant')).toBe(false);
    });

    it('Mexico: 521', () => {
      const current = normalizePhone('+52 55 1234 5678');
      expect(current.e164).toBe('+525512345678');
      expect(current.keys).toContain('+5215512345678');
      const wa = normalizePhone('5215512345678', { international: true });
      expect(wa.e164).toBe('+525512345678');
      expect(wa.keys).toContain('5215512345678');
    });

    it('Argentina: 9 after the country code', () => {
      const mobile = normalizePhone('+54 9 11 1234-5678');
      expect(mobile.e164).toBe('+5491112345678');
      expect(mobile.keys).toContain('+541112345678');
      expect(normalizePhone('011 15 1234-5678', { defaultRegion: 'AR' }).e164).toBe('+5491112345678');
      const landline = normalizePhone('+54 11 1234-5678');
      expect(landline.e164).toBe('+541112345678');
      expect(landline.keys).toContain('+5491112345678');
    });
  });

  it('keeps possible-but-invalid numbers as e164 with valid: false', () => {
    expect(normalizePhone('+49 000 0000')).toMatchObject({ kind: 'e164', valid: false });
  });

  it.each([
    ['bad-characters', '*)(uid=*))(|(uid=*'],
    ['bad-characters', '../../etc/passwd'],
    ['bad-characters', '%0d%0a'],
    ['bad-characters', "1' OR '1'='1"],
    ['bad-characters', '+30 697\r\nX-Evil: 1'],
    ['bad-characters', '+30 697\u0000401'],
    ['bad-characters', '📞 +30 6974015758'],
    ['too-long', 'x'.repeat(5000)],
    ['too-long', '1'.repeat(5000)],
    ['too-long', '+1'.padEnd(70, '2')],
    ['no-digits', '+'],
    ['no-digits', '()'],
    ['no-region', '2101234567'],
    ['not-a-number', '+999 1234 5678'],
    ['not-a-number', '+3'],
  ])('rejects hostile or broken input as invalid: %s (case %#)', (reason, raw) => {
    const phone = normalizePhone(raw, reason === 'no-region' ? {} : { defaultRegion: 'GR' });
    expect(phone).toMatchObject({ kind: 'invalid', reason, keys: [] });
    expect(phone.input.length).toBeLessThanOrEqual(64);
  });

  it('never throws for non-strings', () => {
    for (const raw of [undefined, null, 42, {}, [], Symbol('x')]) {
      expect(normalizePhone(raw)).toMatchObject({ kind: 'invalid', reason: 'not-a-string' });
    }
  });

  it('rejects bad options with a typed error', () => {
    expect(() => normalizePhone('1', { defaultRegion: 'XX' })).toThrow(CallerLookupConfigError);
    expect(() => normalizePhone('1', { extensionPattern: '(' })).toThrow(CallerLookupConfigError);
    expect(() => createPhoneNormalizer({ lastDigits: -1 })).toThrow(/lastDigits/);
  });
});

// Valid numbers built from libphonenumber's example mobile numbers with their last digits varied.
const regions = getCountries().filter((r) => (examples as Record<string, string>)[r]);
const validNumber = fc
  .record({
    region: fc.constantFrom(...regions),
    tail: fc.integer({ min: 0, max: 999 }),
    other: fc.constantFrom<CountryCode>('US', 'GB', 'DE', 'GR', 'BR', 'IN', 'JP', 'FR'),
  })
  .map(({ region, tail, other }) => {
    const example = (examples as Record<string, string>)[region] as string;
    const varied = `${example.slice(0, -3)}${String(tail).padStart(3, '0')}`.slice(0, example.length);
    return { region, other, parsed: parsePhoneNumberFromString(varied, region) };
  })
  .filter((x) => x.parsed?.isValid() === true && x.parsed.country === x.region);
const separator = fc.constantFrom(' ', '.', '-', '', ' ', '\u00a0');

describe('property: every valid number in any of its formats normalises to the same E.164', () => {
  it('international forms, from any default region', () => {
    fc.assert(
      fc.property(validNumber, separator, ({ parsed, other }, sep) => {
        if (!parsed) return;
        const e164 = parsed.number;
        const digits = e164.slice(1);
        const forms = [
          e164,
          parsed.formatInternational(),
          parsed.formatInternational().replaceAll(' ', sep),
          parsed.getURI(),
          `00${digits}`,
          `00 ${parsed.countryCallingCode} ${parsed.nationalNumber}`,
          `+${parsed.countryCallingCode} (${parsed.nationalNumber.slice(0, 3)}) ${parsed.nationalNumber.slice(3)}`,
        ];
        for (const form of forms)
          expect(normalizePhone(form, { defaultRegion: other }).e164, form).toBe(e164);
        expect(normalizePhone(digits, { defaultRegion: other, international: true }).e164).toBe(e164);
      }),
      { numRuns: 1000 },
    );
  });

  it('national forms, in their own region', () => {
    fc.assert(
      fc.property(validNumber, separator, ({ parsed, region }, sep) => {
        if (!parsed) return;
        const national = parsed.formatNational();
        for (const form of [national, national.replaceAll(' ', sep), national.replace(/[^\d]/g, '')]) {
          const phone = normalizePhone(form, { defaultRegion: region, extensionPattern: '^$' });
          expect(phone.e164, form).toBe(parsed.number);
          expect(phone.region, form).toBe(parsed.country);
          expect(phone.national, form).toBe(parsed.formatNational());
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('every candidate key of a normalised number normalises back to it', () => {
    fc.assert(
      fc.property(validNumber, ({ parsed, region }) => {
        if (!parsed) return;
        const phone = normalizePhone(parsed.number, { defaultRegion: region });
        for (const c of phone.candidates) {
          if (c.form === 'variant' || c.form === 'lastDigits' || c.form === 'digits') continue;
          expect(normalizePhone(c.key, { defaultRegion: region, extensionPattern: '^$' }).e164, c.key).toBe(
            phone.e164,
          );
        }
      }),
      { numRuns: 200 },
    );
  });

  it('arbitrary strings never throw and invalid results carry no keys', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80, unit: 'binary' }), (raw) => {
        const phone = normalizePhone(raw, { defaultRegion: 'GB' });
        if (phone.kind === 'invalid' || phone.kind === 'anonymous') expect(phone.keys).toEqual([]);
        for (const key of phone.keys) expect(key).toMatch(/^[+\d][\d ()+-]*$/);
      }),
      { numRuns: 2000 },
    );
  });
});
