import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './auth.js';
import { ConfigError, configSchema, loadConfig } from './config.js';

const hash = hashPassword('s3cret-pass');
const production = {
  SESSION_SECRET: 'x'.repeat(40),
  CRM_USERS: `alice:${hash}:101:Alice Smith`,
};

describe('loadConfig', () => {
  it('applies defaults in demo mode', () => {
    const c = loadConfig({ DEMO: '1' });
    expect(c).toMatchObject({
      DEMO: true,
      PORT: 3000,
      HOST: '127.0.0.1',
      DEFAULT_REGION: 'GR',
      CLICK_TO_CALL: 'ami',
    });
    expect(c.CRM_USERS).toEqual([]);
  });

  it('parses users, tokens and lists', () => {
    const c = loadConfig({
      ...production,
      API_TOKENS: 'alice:0123456789abcdef0123456789',
      OWN_NUMBERS: '+302105551000, 2105551400',
      PORT: '8080',
      DEMO: 'false',
    });
    expect(c.CRM_USERS).toEqual([
      { username: 'alice', passwordHash: hash, extension: '101', name: 'Alice Smith' },
    ]);
    expect(c.API_TOKENS).toEqual([{ username: 'alice', token: '0123456789abcdef0123456789' }]);
    expect(c.OWN_NUMBERS).toEqual(['+302105551000', '2105551400']);
    expect(c.PORT).toBe(8080);
    expect(verifyPassword('s3cret-pass', c.CRM_USERS[0]?.passwordHash ?? '')).toBe(true);
    expect(verifyPassword('wrong', c.CRM_USERS[0]?.passwordHash ?? '')).toBe(false);
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ DEMO: '1', PORT: '', DATABASE_URL: '' }).DATABASE_URL).toBeUndefined();
  });

  it.each([
    [{}, 'SESSION_SECRET'],
    [{ SESSION_SECRET: 'short' }, 'at least 32'],
    [{ SESSION_SECRET: 'x'.repeat(40) }, 'CRM_USERS'],
    [{ ...production, CRM_USERS: 'alice:plaintext:101' }, 'scrypt'],
    [{ ...production, CRM_USERS: `alice:${hash}:ext` }, 'extension'],
    [{ ...production, API_TOKENS: 'alice:short' }, '24+'],
    [{ ...production, API_TOKENS: 'bob:0123456789abcdef0123456789' }, 'unknown user bob'],
    [{ ...production, PORT: '99999' }, 'PORT'],
    [{ ...production, CLICK_TO_CALL: 'fax' }, 'CLICK_TO_CALL'],
    [{ ...production, DEMO: 'maybe' }, 'DEMO'],
  ])('refuses %j with a message naming the problem', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});

it('.env.example documents exactly the variables the schema reads', () => {
  const example = readFileSync(new URL('../.env.example', import.meta.url), 'utf8');
  const documented = [...example.matchAll(/^([A-Z_]+)=/gm)].map((m) => m[1]);
  expect(documented.sort()).toEqual(Object.keys(configSchema.shape).sort());
});
