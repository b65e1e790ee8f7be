import { expect, test } from 'vitest';
import { WhatsAppConfigError, WhatsAppError } from './errors.js';

class OtherError extends WhatsAppError {}

test('isInstance: the base class matches every error of the package, a subclass only its own', () => {
  const config = new WhatsAppConfigError('bad option');
  const other = new OtherError('boom', 'CONFIG');
  expect(WhatsAppError.isInstance(config)).toBe(true);
  expect(WhatsAppError.isInstance(other)).toBe(true);
  expect(WhatsAppConfigError.isInstance(config)).toBe(true);
  expect(WhatsAppConfigError.isInstance(other)).toBe(false);
  expect(WhatsAppError.isInstance(new Error('plain'))).toBe(false);
  expect(WhatsAppError.isInstance('WhatsAppConfigError')).toBe(false);
});

test('isInstance recognises an error thrown by another copy of the package (same marker, other prototype)', () => {
  const foreign = Object.assign(new Error('from another copy'), {
    name: 'WhatsAppConfigError',
    [Symbol.for('pbxkit.whatsapp-cloud.error')]: true,
  });
  expect(WhatsAppError.isInstance(foreign)).toBe(true);
  expect(WhatsAppConfigError.isInstance(foreign)).toBe(true);
  expect(OtherError.isInstance(foreign)).toBe(false);
});
