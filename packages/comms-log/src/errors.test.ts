import { expect, test } from 'vitest';
import { CommsLogConfigError, CommsLogError } from './errors.js';

class OtherError extends CommsLogError {}

test('isInstance: the base class matches every error of the package, a subclass only its own', () => {
  const config = new CommsLogConfigError('bad option');
  const other = new OtherError('boom', 'CONFIG');
  expect(CommsLogError.isInstance(config)).toBe(true);
  expect(CommsLogError.isInstance(other)).toBe(true);
  expect(CommsLogConfigError.isInstance(config)).toBe(true);
  expect(CommsLogConfigError.isInstance(other)).toBe(false);
  expect(CommsLogError.isInstance(new Error('plain'))).toBe(false);
  expect(CommsLogError.isInstance('CommsLogConfigError')).toBe(false);
});

test('isInstance recognises an error thrown by another copy of the package (same marker, other prototype)', () => {
  const foreign = Object.assign(new Error('from another copy'), {
    name: 'CommsLogConfigError',
    [Symbol.for('pbxkit.comms-log.error')]: true,
  });
  expect(CommsLogError.isInstance(foreign)).toBe(true);
  expect(CommsLogConfigError.isInstance(foreign)).toBe(true);
  expect(OtherError.isInstance(foreign)).toBe(false);
});
