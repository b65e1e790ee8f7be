import { expectTypeOf, it } from 'vitest';
import type { CallerLookup } from './caller-lookup.js';
import type { CallerLookupProviderError } from './errors.js';
import type { CallerLookupEvents } from './events.js';
import type { CircuitState, LookupResult } from './types.js';

it('pins the event map', () => {
  expectTypeOf<CallerLookupEvents['updated']>().toEqualTypeOf<
    [result: LookupResult, previous: LookupResult]
  >();
  expectTypeOf<CallerLookupEvents['error']>().toEqualTypeOf<[error: CallerLookupProviderError]>();
  expectTypeOf<CallerLookupEvents['circuit']>().toEqualTypeOf<[providerId: string, state: CircuitState]>();
  expectTypeOf<CallerLookupEvents['debug']>().toEqualTypeOf<[message: string]>();
  expectTypeOf<CallerLookup['lookup']>().returns.resolves.toEqualTypeOf<LookupResult>();
  expectTypeOf<Parameters<CallerLookup['on']>[0]>().toEqualTypeOf<keyof CallerLookupEvents>();
});
