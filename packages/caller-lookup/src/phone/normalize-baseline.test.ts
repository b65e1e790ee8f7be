import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createPhoneNormalizer, type NormalizePhoneOptions } from './normalize.js';
import type { NormalizedPhone } from './types.js';

// Outputs of the implementation before the performance work (commit f59e37e) for every 73rd id of the
// benchmark's mixed set (bench/numbers.ts): the fast paths must give exactly the same answers.
type Row = [raw: string, options: NormalizePhoneOptions, expected: NormalizedPhone];
const rows = JSON.parse(
  readFileSync(new URL('../../test/fixtures/normalize-baseline.json', import.meta.url), 'utf8'),
) as Row[];

const json = (phone: NormalizedPhone) => JSON.parse(JSON.stringify(phone)) as NormalizedPhone;

describe('normalizePhone matches the pre-optimisation outputs on the benchmark set', () => {
  it('covers every kind and the quirk countries', () => {
    const kinds = new Set(rows.map(([, , expected]) => expected.kind));
    expect([...kinds].sort()).toEqual(['anonymous', 'e164', 'extension', 'invalid']);
    const codes = new Set(rows.map(([, , expected]) => expected.countryCallingCode));
    for (const code of ['55', '52', '54', '1', '44']) expect(codes).toContain(code);
    expect(rows.length).toBeGreaterThan(1000);
  });

  it('gives the same result for each id, read in the set order, thrice (the third from the memo)', () => {
    const normalizers = new Map<string, (raw: unknown) => NormalizedPhone>();
    const mismatches: Array<{ raw: string; actual: NormalizedPhone; expected: NormalizedPhone }> = [];
    for (const [raw, options, expected] of rows) {
      const key = JSON.stringify(options);
      let normalize = normalizers.get(key);
      if (!normalize) {
        normalize = createPhoneNormalizer(options);
        normalizers.set(key, normalize);
      }
      for (let time = 0; time < 3; time++) {
        const actual = json(normalize(raw));
        if (JSON.stringify(actual) !== JSON.stringify(expected)) mismatches.push({ raw, actual, expected });
      }
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
  });

  it('gives the same result for each id on a fresh options object (cold memo)', () => {
    for (const [raw, options, expected] of rows.slice(0, 300)) {
      expect(json(createPhoneNormalizer({ ...options })(raw))).toEqual(expected);
    }
  });
});
