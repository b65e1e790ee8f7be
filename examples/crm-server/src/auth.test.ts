import { describe, expect, it } from 'vitest';
import { readCookie, SessionSigner, TokenTable, verifyPassword } from './auth.js';

describe('SessionSigner', () => {
  it('round-trips a username until the cookie expires', () => {
    let now = 1_000_000;
    const signer = new SessionSigner('k'.repeat(32), 60_000, () => now);
    const { value } = signer.sign('zoë');
    expect(signer.verify(value)).toBe('zoë');
    now += 61_000;
    expect(signer.verify(value)).toBeUndefined();
  });

  it('refuses tampered values and other secrets', () => {
    const signer = new SessionSigner('k'.repeat(32), 60_000);
    const { value } = signer.sign('demo');
    const [user, , mac] = value.split('.');
    expect(signer.verify(`${user}.9999999999.${mac}`)).toBeUndefined();
    expect(new SessionSigner('j'.repeat(32), 60_000).verify(value)).toBeUndefined();
    expect(signer.verify('garbage')).toBeUndefined();
    expect(signer.verify(undefined)).toBeUndefined();
  });
});

describe('helpers', () => {
  it('reads one cookie among several', () => {
    expect(readCookie('a=1; crm_session=x.y.z; b=2', 'crm_session')).toBe('x.y.z');
    expect(readCookie('a=1', 'crm_session')).toBeUndefined();
    expect(readCookie(undefined, 'crm_session')).toBeUndefined();
  });

  it('maps tokens to users', () => {
    const table = new TokenTable([{ username: 'alice', token: 'token-0123456789abcdefghij' }]);
    expect(table.usernameOf('token-0123456789abcdefghij')).toBe('alice');
    expect(table.usernameOf('token-0123456789abcdefghiJ')).toBeUndefined();
  });

  it('refuses malformed password hashes', () => {
    expect(verifyPassword('x', 'plain')).toBe(false);
    expect(verifyPassword('x', 'bcrypt$a$b')).toBe(false);
  });
});
