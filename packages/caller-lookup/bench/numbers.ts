import examples from 'libphonenumber-js/examples.mobile.json';
import type { CountryCode } from 'libphonenumber-js/max';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { NormalizePhoneOptions } from '../src/index.js';

/**
 * A mixed, realistic set of caller ids as PBXs and CRMs deliver them: valid numbers (varied from
 * libphonenumber's example mobiles) for the regions where most calls happen, written the ways trunks,
 * phones and people write them (E.164, national with separators, `00`/`011`, `+CC (0)`, WhatsApp
 * `wa_id`, `tel:`), plus extensions, withheld and hostile ids. Seeded, so every run sees the same set.
 */
export function realisticCallerIds(count: number): Array<[string, NormalizePhoneOptions]> {
  // mulberry32: a small seeded PRNG with good low bits.
  let seed = 42;
  const rand = (n: number) => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
  const regions: CountryCode[] = [
    'GR',
    'GB',
    'US',
    'DE',
    'FR',
    'IT',
    'ES',
    'BR',
    'MX',
    'AR',
    'IN',
    'CY',
    'NL',
    'CA',
    'AU',
  ];
  const table = examples as Record<string, string>;
  const out: Array<[string, NormalizePhoneOptions]> = [];
  while (out.length < count) {
    const roll = rand(100);
    const home = regions[rand(regions.length)] as CountryCode;
    if (roll < 8) {
      out.push([String(100 + rand(900)), { defaultRegion: home }]); // extension
      continue;
    }
    if (roll < 11) {
      out.push([
        ['anonymous', '<unknown>', 'restricted', 'Anonymous'][rand(4)] as string,
        { defaultRegion: home },
      ]);
      continue;
    }
    if (roll < 12) {
      out.push([
        ['*)(uid=*))(|(uid=*', "' OR 1=1 --", '../../etc/passwd', '%0d%0a', '😀'][rand(5)] as string,
        { defaultRegion: home },
      ]);
      continue;
    }
    // 70% of callers are from the PBX's own region.
    const region = rand(10) < 7 ? home : (regions[rand(regions.length)] as CountryCode);
    const example = table[region] as string;
    const tail = String(rand(10_000)).padStart(4, '0');
    const parsed = parsePhoneNumberFromString(`${example.slice(0, -4)}${tail}`, region);
    if (!parsed?.isValid()) continue;
    const e164 = parsed.number;
    const forms: Array<[string, NormalizePhoneOptions]> = [
      [e164, { defaultRegion: home }],
      [parsed.formatInternational(), { defaultRegion: home }],
      [`00${e164.slice(1)}`, { defaultRegion: home }],
      [`tel:${parsed.formatInternational().replaceAll(' ', '-')}`, { defaultRegion: home }],
      [e164.slice(1), { defaultRegion: home, international: true }],
    ];
    if (region === home) {
      forms.push(
        [parsed.formatNational(), { defaultRegion: home }],
        [parsed.formatNational().replace(/\D/g, ''), { defaultRegion: home }],
      );
    }
    out.push(forms[rand(forms.length)] as [string, NormalizePhoneOptions]);
  }
  return out;
}
