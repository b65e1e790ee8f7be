import { expect, test } from 'vitest';
import { YeastarConfigError, YeastarError } from './errors.js';

class OtherError extends YeastarError {}

test('isInstance: the base class matches every error of the package, a subclass only its own', () => {
  const config = new YeastarConfigError('bad option');
  const other = new OtherError('boom', 'CONFIG');
  expect(YeastarError.isInstance(config)).toBe(true);
  expect(YeastarError.isInstance(other)).toBe(true);
  expect(YeastarConfigError.isInstance(config)).toBe(true);
  expect(YeastarConfigError.isInstance(other)).toBe(false);
  expect(YeastarError.isInstance(new Error('plain'))).toBe(false);
  expect(YeastarError.isInstance('YeastarConfigError')).toBe(false);
});

test('isInstance recognises an error thrown by another copy of the package (same marker, other prototype)', () => {
  const foreign = Object.assign(new Error('from another copy'), {
    name: 'YeastarConfigError',
    [Symbol.for('pbxkit.yeastar-client.error')]: true,
  });
  expect(YeastarError.isInstance(foreign)).toBe(true);
  expect(YeastarConfigError.isInstance(foreign)).toBe(true);
  expect(OtherError.isInstance(foreign)).toBe(false);
});
