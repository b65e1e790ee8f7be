import { expect, test } from 'vitest';
import { AmiConfigError, AmiError } from './errors.js';

class OtherError extends AmiError {}

test('isInstance: the base class matches every error of the package, a subclass only its own', () => {
  const config = new AmiConfigError('bad option');
  const other = new OtherError('boom', 'config');
  expect(AmiError.isInstance(config)).toBe(true);
  expect(AmiError.isInstance(other)).toBe(true);
  expect(AmiConfigError.isInstance(config)).toBe(true);
  expect(AmiConfigError.isInstance(other)).toBe(false);
  expect(AmiError.isInstance(new Error('plain'))).toBe(false);
  expect(AmiError.isInstance('AmiConfigError')).toBe(false);
});

test('isInstance recognises an error thrown by another copy of the package (same marker, other prototype)', () => {
  const foreign = Object.assign(new Error('from another copy'), {
    name: 'AmiConfigError',
    [Symbol.for('pbxkit.ami-client.error')]: true,
  });
  expect(AmiError.isInstance(foreign)).toBe(true);
  expect(AmiConfigError.isInstance(foreign)).toBe(true);
  expect(OtherError.isInstance(foreign)).toBe(false);
});
