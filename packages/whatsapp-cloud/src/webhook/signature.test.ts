import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WebhookError } from '../errors.js';
import { encodeMetaJson } from '../testing/meta-json.js';
import { signWebhook } from '../testing/sign.js';
import { isValidSignature, prepareSignatureKeys, reserialisationHint, verifySignature } from './signature.js';

const secret = 'app-secret-0123456789abcdef';
const keys = prepareSignatureKeys(secret);
const bytes = (s: string) => new TextEncoder().encode(s);

function rejection(fn: () => void): WebhookError {
  try {
    fn();
  } catch (error) {
    if (error instanceof WebhookError) return error;
    throw error;
  }
  throw new Error('expected a WebhookError');
}

describe('verifySignature', () => {
  const body = bytes(
    encodeMetaJson({ object: 'whatsapp_business_account', text: 'Καλημέρα 👍 https://a/b' }),
  );

  it('accepts the HMAC-SHA256 of the exact raw bytes', () => {
    expect(() => verifySignature(body, signWebhook(body, secret), keys)).not.toThrow();
    expect(isValidSignature(body, signWebhook(body, secret), secret)).toBe(true);
  });

  it('accepts uppercase hex and surrounding whitespace', () => {
    const header = signWebhook(body, secret);
    expect(isValidSignature(body, ` sha256=${header.slice(7).toUpperCase()} `, keys)).toBe(true);
  });

  it('rejects a missing header with 401 SIGNATURE_MISSING', () => {
    for (const header of [undefined, null, '']) {
      const error = rejection(() => verifySignature(body, header, keys));
      expect(error.code).toBe('SIGNATURE_MISSING');
      expect(error.httpStatus).toBe(401);
    }
  });

  it('rejects malformed headers', () => {
    for (const header of [
      'sha1=abc',
      'sha256=',
      `sha256=${'z'.repeat(64)}`,
      `sha256=${'a'.repeat(63)}`,
      'abc',
    ]) {
      expect(rejection(() => verifySignature(body, header, keys)).code).toBe('SIGNATURE_MALFORMED');
    }
  });

  it('rejects a signature made with another secret', () => {
    const error = rejection(() => verifySignature(body, signWebhook(body, 'other'), keys));
    expect(error.code).toBe('SIGNATURE_MISMATCH');
    expect(error.hint).toBeUndefined();
  });

  it('accepts any of several secrets during a rotation, and none when none is configured', () => {
    const rotating = prepareSignatureKeys(['new-secret', secret]);
    expect(isValidSignature(body, signWebhook(body, secret), rotating)).toBe(true);
    expect(isValidSignature(body, signWebhook(body, 'new-secret'), rotating)).toBe(true);
    expect(isValidSignature(body, signWebhook(body, 'third'), rotating)).toBe(false);
    expect(isValidSignature(body, signWebhook(body, secret), prepareSignatureKeys([]))).toBe(false);
  });

  it('explains a mismatch caused by re-serialisation', () => {
    const reserialised = bytes(JSON.stringify(JSON.parse(new TextDecoder().decode(body)), null, 2));
    const error = rejection(() => verifySignature(reserialised, signWebhook(body, secret), keys));
    expect(error.code).toBe('SIGNATURE_MISMATCH');
    expect(error.hint).toMatch(/re-serialised/);
    expect(error.message).toMatch(/non-ASCII/);
    expect(error.message).toMatch(/unescaped '\/'/);
    expect(error.message).toMatch(/newlines/);
  });

  it('has no hint for Meta-shaped bodies', () => {
    expect(reserialisationHint(body)).toBeUndefined();
  });

  // Issue 5: any payload with arbitrary Unicode verifies over its raw bytes and fails after re-serialisation.
  it('property: arbitrary Unicode verifies raw and fails once re-serialised', () => {
    const needsEscape = fc.constantFrom('é', '/', '👍', '中文', '\u2028', 'Ω/€', '\u00a0');
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme' }),
        needsEscape,
        fc.string({ unit: 'binary' }),
        fc.string({ minLength: 1, maxLength: 40 }),
        (a, escaped, b, key) => {
          const payload = {
            object: 'whatsapp_business_account',
            entry: [{ text: `${a}${escaped}${b}`, key }],
          };
          const raw = bytes(encodeMetaJson(payload));
          const header = signWebhook(raw, key);
          expect(isValidSignature(raw, header, key)).toBe(true);
          const reserialised = bytes(JSON.stringify(JSON.parse(new TextDecoder().decode(raw))));
          expect(reserialised).not.toEqual(raw);
          expect(isValidSignature(reserialised, header, key)).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });
});
