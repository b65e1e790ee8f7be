import {
  createCallerLookup,
  createLdapProvider,
  type LdapProviderOptions,
  normalizePhone,
} from '@pbxkit/caller-lookup';
import { Client } from 'ldapts';
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import { CallerLookupConfigError, CallerLookupLdapError } from '../src/errors.js';
import type { NormalizedPhone } from '../src/phone/types.js';
import type { LdapProvider } from '../src/providers/ldap/ldap-provider.js';
import { BASE_DN, HOSTILE_VALUE, SERVICE_PARENT, SERVICE_PASSWORD, SERVICE_RDN } from './slapd/seed.js';

const slapd = inject('slapd');
const signal = () => new AbortController().signal;
const gr = (raw: string) => normalizePhone(raw, { defaultRegion: 'GR' });
const opened: LdapProvider[] = [];

function provider(extra: Partial<LdapProviderOptions> = {}): LdapProvider {
  const p = createLdapProvider({
    url: slapd.url,
    bindDn: { rdnAttribute: 'cn', rdnValue: SERVICE_RDN, parent: SERVICE_PARENT },
    bindPassword: SERVICE_PASSWORD,
    baseDn: `ou=People,${BASE_DN}`,
    map: { company: 'company', fields: ['uid'] },
    ...extra,
  });
  opened.push(p);
  return p;
}

/** A phone whose lookup value is exactly `value`, to push raw strings through the filter builder. */
function rawExtension(value: string): NormalizedPhone {
  return {
    kind: 'extension',
    input: value,
    valid: false,
    digits: value,
    candidates: [{ form: 'extension', key: value }],
    keys: [value],
  };
}

afterEach(async () => {
  await Promise.all(opened.splice(0).map((p) => p.close()));
  vi.restoreAllMocks();
});

describe('LdapProvider against a real slapd', () => {
  it('binds with an escaped DN and finds a person by any phone attribute, whatever its formatting', async () => {
    const ldap = provider();
    expect(ldap.bindDn).toBe(`cn=PBX\\, Service,${SERVICE_PARENT}`);
    const mobile = await ldap.lookup(gr('697 401 5758'), { signal: signal() });
    expect(mobile).toEqual([
      {
        name: 'Maria Papadopoulou',
        company: 'Acme Hellas',
        email: 'maria@example.com',
        contactId: `uid=maria,ou=People,${BASE_DN}`,
        fields: { uid: 'maria' },
        matchedKey: 'mobile: +30-697-401-5758',
      },
    ]);
    expect((await ldap.lookup(gr('+302101234567'), { signal: signal() }))[0]?.matchedKey).toBe(
      'telephoneNumber: +30 210 123 4567',
    );
    expect((await ldap.lookup(gr('0030 210 999 8888'), { signal: signal() }))[0]?.matchedKey).toBe(
      'homePhone: 210 999 8888',
    );
    expect((await ldap.lookup(gr('201'), { signal: signal() }))[0]?.matchedKey).toBe('ipPhone: 201');
    expect(await ldap.lookup(gr('+30 697 000 0000'), { signal: signal() })).toEqual([]);
  });

  it('returns non-ASCII names intact and searches multi-valued attributes', async () => {
    const [zoe] = await provider().lookup(normalizePhone('+49 30 7654321'), { signal: signal() });
    expect(zoe).toMatchObject({ name: 'Zoë Ωμέγα-Núñez', matchedKey: 'otherTelephone: +49 30 7654321' });
  });

  it('matches trailing digits when configured', async () => {
    const phone = normalizePhone('+1 646 555 0100');
    expect(await provider().lookup(phone, { signal: signal() })).toEqual([]);
    const [evil] = await provider({ lastDigits: 7 }).lookup(phone, { signal: signal() });
    expect(evil?.matchedKey).toBe('telephoneNumber: +1 212 555 0100');
  });

  it('escapes filter values: specials and NUL are matched literally, never as syntax', async () => {
    const ldap = provider();
    const exact = await ldap.lookup(rawExtension(HOSTILE_VALUE), { signal: signal() });
    expect(exact.map((m) => m.contactId)).toEqual([`uid=evil,ou=People,${BASE_DN}`]);
    expect(exact[0]?.name).toBe('Evil *)(uid=*))(|(uid=* \\ name');
    // Unescaped, `*` would match everyone with an ipPhone and the injection would match every entry.
    for (const hostile of ['*', '*)(uid=*))(|(uid=*', 'a*', '\\', ')(objectClass=*']) {
      expect(await ldap.lookup(rawExtension(hostile), { signal: signal() }), hostile).toEqual([]);
    }
  });

  it('reports several people on one number as ambiguous through the engine, and rejects hostile ids', async () => {
    const lookup = createCallerLookup({ providers: [provider()], normalize: { defaultRegion: 'GR' } });
    const result = await lookup.lookup('2310 123456');
    expect(result.status).toBe('ambiguous');
    // At the size limit the server stops, but two entries still say "ambiguous".
    expect(await provider({ sizeLimit: 2 }).lookup(gr('2310 123456'), { signal: signal() })).toHaveLength(2);
    expect(result.matches.map((m) => m.name).sort()).toEqual(['Front Desk A', 'Front Desk B']);
    for (const raw of ['*)(uid=*))(|(uid=*', '*', '(', '\\00'])
      expect((await lookup.lookup(raw)).status).toBe('invalid');
    await lookup.close();
  });

  it('reuses one bound connection and reconnects after a failure', async () => {
    const bind = vi.spyOn(Client.prototype, 'bind');
    const ldap = provider();
    await Promise.all(
      ['697 401 5758', '2101234567', '201', '2109998888'].map((n) =>
        ldap.lookup(gr(n), { signal: signal() }),
      ),
    );
    await ldap.lookup(gr('201'), { signal: signal() });
    expect(bind).toHaveBeenCalledTimes(1);
    const broken = provider({ baseDn: `ou=Nowhere,${BASE_DN}` });
    await expect(broken.lookup(gr('201'), { signal: signal() })).rejects.toBeInstanceOf(
      CallerLookupLdapError,
    );
    await expect(broken.lookup(gr('201'), { signal: signal() })).rejects.toThrow(/search failed/);
    expect(bind).toHaveBeenCalledTimes(3);
  });

  it('speaks LDAPS and StartTLS with a pinned CA, and refuses an unknown certificate', async () => {
    const tlsOptions = { ca: [slapd.ca] };
    const ldaps = provider({ url: slapd.ldapsUrl, tlsOptions });
    expect((await ldaps.lookup(gr('201'), { signal: signal() }))[0]?.name).toBe('Maria Papadopoulou');
    const startTls = provider({ startTls: true, tlsOptions });
    expect((await startTls.lookup(gr('201'), { signal: signal() }))[0]?.name).toBe('Maria Papadopoulou');
    const untrusted = provider({ url: slapd.ldapsUrl });
    await expect(untrusted.lookup(gr('201'), { signal: signal() })).rejects.toBeInstanceOf(
      CallerLookupLdapError,
    );
    const untrustedStartTls = provider({ startTls: true });
    await expect(untrustedStartTls.lookup(gr('201'), { signal: signal() })).rejects.toThrow(/StartTLS|bind/);
  });

  it('fails with typed errors on bad credentials, a dead server and bad options', async () => {
    await expect(
      provider({ bindPassword: 'wrong' }).lookup(gr('201'), { signal: signal() }),
    ).rejects.toMatchObject({
      code: 'LDAP',
      providerId: 'ldap',
      message: expect.stringContaining('bind'),
    });
    // Anonymous users may not read this directory: slapd hides the base (noSuchObject), a typed error.
    await expect(provider({ bindDn: undefined }).lookup(gr('201'), { signal: signal() })).rejects.toThrow(
      /search failed/,
    );
    const dead = provider({ url: 'ldap://127.0.0.1:1', bindTimeoutMs: 500 });
    await expect(dead.lookup(gr('201'), { signal: signal() })).rejects.toBeInstanceOf(CallerLookupLdapError);
    await dead.close();
    await expect(dead.lookup(gr('201'), { signal: signal() })).rejects.toThrow(/closed/);
    expect(() => createLdapProvider({ url: 'http://x', baseDn: BASE_DN })).toThrow(CallerLookupConfigError);
    expect(() => createLdapProvider({ url: 'ldaps://x', startTls: true, baseDn: BASE_DN })).toThrow(
      /startTls/,
    );
    expect(() => createLdapProvider({ url: 'ldap://x', baseDn: BASE_DN, attributes: ['bad)(attr'] })).toThrow(
      CallerLookupConfigError,
    );
    expect(() => createLdapProvider({ url: 'ldap://x', baseDn: BASE_DN, sizeLimit: 1 })).toThrow(
      CallerLookupConfigError,
    );
  });
});
