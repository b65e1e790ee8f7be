import { expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './cursor.js';
import { CommsLogValidationError } from './errors.js';

it('round-trips a position and rejects anything else', () => {
  const at = new Date('2026-01-15T09:00:00.123Z');
  const id = '0190a000-0000-7000-8000-000000000001';
  expect(decodeCursor(encodeCursor(at, id))).toEqual({ at, id });
  for (const bad of [
    '',
    'abc',
    Buffer.from('2026-01-15|x').toString('base64url'),
    Buffer.from(`nope|${id}`).toString('base64url'),
  ]) {
    expect(() => decodeCursor(bad)).toThrow(CommsLogValidationError);
  }
});
