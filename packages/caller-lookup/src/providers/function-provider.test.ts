import { describe, expect, it } from 'vitest';
import { createCallerLookup } from '../caller-lookup.js';
import { CallerLookupConfigError } from '../errors.js';
import { createFunctionProvider } from './function-provider.js';

describe('createFunctionProvider', () => {
  it('accepts null, one match or several, and passes the normalised number', async () => {
    const seen: string[] = [];
    const provider = createFunctionProvider({
      id: 'fn',
      kinds: ['e164', 'extension'],
      timeoutMs: 100,
      version: 2,
      lookup: (phone) => {
        seen.push(phone.e164 ?? phone.digits);
        if (phone.kind === 'extension') return { name: 'Reception' };
        return phone.e164 === '+302101234567' ? [{ name: 'A' }, { name: 'B' }] : null;
      },
    });
    expect(provider).toMatchObject({ id: 'fn', kinds: ['e164', 'extension'], timeoutMs: 100, version: 2 });
    const lookup = createCallerLookup({ providers: [provider], normalize: { defaultRegion: 'GR' } });
    expect((await lookup.lookup('201')).match?.name).toBe('Reception');
    expect((await lookup.lookup('210 123 4567')).status).toBe('ambiguous');
    expect((await lookup.lookup('210 123 4568')).status).toBe('miss');
    expect(seen).toEqual(['201', '+302101234567', '+302101234568']);
    expect(createFunctionProvider({ id: 'x', lookup: async () => undefined })).not.toHaveProperty('kinds');
  });

  it('rejects a missing id or function', () => {
    expect(() => createFunctionProvider({ id: '', lookup: () => null })).toThrow(CallerLookupConfigError);
    expect(() => createFunctionProvider({ id: 'x' } as never)).toThrow(CallerLookupConfigError);
  });
});
