import { expect, test } from 'vitest';
import { CallerLookupConfigError, CallerLookupError } from './errors.js';

class OtherError extends CallerLookupError {}

test('isInstance: the base class matches every error of the package, a subclass only its own', () => {
  const config = new CallerLookupConfigError('bad option');
  const other = new OtherError('boom', 'CONFIG');
  expect(CallerLookupError.isInstance(config)).toBe(true);
  expect(CallerLookupError.isInstance(other)).toBe(true);
  expect(CallerLookupConfigError.isInstance(config)).toBe(true);
  expect(CallerLookupConfigError.isInstance(other)).toBe(false);
  expect(CallerLookupError.isInstance(new Error('plain'))).toBe(false);
  expect(CallerLookupError.isInstance('CallerLookupConfigError')).toBe(false);
});

test('isInstance recognises an error thrown by another copy of the package (same marker, other prototype)', () => {
  const foreign = Object.assign(new Error('from another copy'), {
    name: 'CallerLookupConfigError',
    [Symbol.for('pbxkit.caller-lookup.error')]: true,
  });
  expect(CallerLookupError.isInstance(foreign)).toBe(true);
  expect(CallerLookupConfigError.isInstance(foreign)).toBe(true);
  expect(OtherError.isInstance(foreign)).toBe(false);
});
