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
/** How a caller id of the set is written. */
export type CallerIdForm =
  | 'e164'
  | 'international formatted'
  | '00 prefix'
  | 'tel: URI'
  | 'wa_id digits'
  | 'national formatted'
  | 'national digits'
  | 'extension'
  | 'withheld'
  | 'hostile';

export type CallerId = [raw: string, options: NormalizePhoneOptions, form: CallerIdForm];

/** mulberry32: a small seeded PRNG with good low bits; `rand(n)` is an integer in [0, n). */
function seeded(seed: number): (n: number) => number {
  return (n) => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

export function realisticCallerIds(count: number): CallerId[] {
  const rand = seeded(42);
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
  const out: CallerId[] = [];
  while (out.length < count) {
    const roll = rand(100);
    const home = regions[rand(regions.length)] as CountryCode;
    if (roll < 8) {
      out.push([String(100 + rand(900)), { defaultRegion: home }, 'extension']);
      continue;
    }
    if (roll < 11) {
      out.push([
        ['anonymous', '<unknown>', 'restricted', 'Anonymous'][rand(4)] as string,
        { defaultRegion: home },
        'withheld',
      ]);
      continue;
    }
    if (roll < 12) {
      out.push([
        ['*)(uid=*))(|(uid=*', "' OR 1=1 --", '../../etc/passwd', '%0d%0a', '😀'][rand(5)] as string,
        { defaultRegion: home },
        'hostile',
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
    const forms: CallerId[] = [
      [e164, { defaultRegion: home }, 'e164'],
      [parsed.formatInternational(), { defaultRegion: home }, 'international formatted'],
      [`00${e164.slice(1)}`, { defaultRegion: home }, '00 prefix'],
      [`tel:${parsed.formatInternational().replaceAll(' ', '-')}`, { defaultRegion: home }, 'tel: URI'],
      [e164.slice(1), { defaultRegion: home, international: true }, 'wa_id digits'],
    ];
    if (region === home) {
      forms.push(
        [parsed.formatNational(), { defaultRegion: home }, 'national formatted'],
        [parsed.formatNational().replace(/\D/g, ''), { defaultRegion: home }, 'national digits'],
      );
    }
    out.push(forms[rand(forms.length)] as CallerId);
  }
  return out;
}

/**
 * A second realistic set: `count` calls drawn from the mixed set's ids with Zipf-distributed
 * popularity (exponent 1, as caller frequencies in call-centre traffic roughly are: a few callers call
 * often, most once). Seeded. The goal is judged on the harder mixed set, not on this one.
 */
export function zipfCallerIds(population: readonly CallerId[], count: number): CallerId[] {
  const rand = seeded(7);
  const cumulative = new Float64Array(population.length);
  let total = 0;
  for (let rank = 0; rank < population.length; rank++) {
    total += 1 / (rank + 1);
    cumulative[rank] = total;
  }
  const out: CallerId[] = [];
  for (let n = 0; n < count; n++) {
    const target = (rand(2 ** 30) / 2 ** 30) * total;
    let low = 0;
    let high = population.length - 1;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((cumulative[mid] as number) < target) low = mid + 1;
      else high = mid;
    }
    out.push(population[low] as CallerId);
  }
  return out;
}
