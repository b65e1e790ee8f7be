import { createCallerLookup, createHttpJsonProvider, normalizePhone } from '@pbxkit/caller-lookup';
import { type FakeCrm, startFakeCrm } from '@pbxkit/caller-lookup/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { CallerLookupConfigError, CallerLookupHttpError } from '../src/errors.js';

const MARIA = normalizePhone('+306974015758');
const signal = () => new AbortController().signal;
const contacts = [
  {
    id: 'c1',
    firstName: 'Maria',
    lastName: 'Papadopoulou',
    company: 'Acme',
    email: 'maria@example.com',
    phones: ['697 401 5758'],
    tags: ['vip'],
    spamScore: 5,
  },
  { id: 'c2', firstName: 'Nikos', phones: ['+302101234567'] },
];
const mapping = {
  list: '$.data',
  name: ['first_name', 'last_name'],
  company: 'company.name',
  email: 'email',
  contactId: 'id',
  tags: 'tags',
  spamScore: 'spam_score',
  fields: { phones: 'phones' },
};

let crm: FakeCrm | undefined;
afterEach(async () => {
  await crm?.close();
  crm = undefined;
});

describe('HttpJsonProvider against the fake CRM', () => {
  it('tries number formats in turn and maps the JSON answer', async () => {
    crm = await startFakeCrm({ contacts, auth: { type: 'bearer', token: 's3cret' } });
    const provider = createHttpJsonProvider({
      id: 'crm',
      url: `${crm.url}/contacts`,
      query: { phone: '{{number}}', region: '{{params.region}}' },
      params: { region: 'gr' },
      auth: { type: 'bearer', token: 's3cret' },
      formats: ['e164', 'digits', 'nationalFormatted'],
      response: mapping,
    });
    const matches = await provider.lookup(MARIA, { signal: signal() });
    expect(matches).toEqual([
      {
        matchedKey: '697 401 5758',
        name: 'Maria Papadopoulou',
        company: 'Acme',
        email: 'maria@example.com',
        contactId: 'c1',
        tags: ['vip'],
        spamScore: 5,
        fields: { phones: ['697 401 5758'] },
      },
    ]);
    expect(crm.requests.map((r) => r.query)).toEqual([
      { phone: '+306974015758', region: 'gr' },
      { phone: '306974015758', region: 'gr' },
      { phone: '697 401 5758', region: 'gr' },
    ]);
  });

  it('POSTs a JSON body with an API key header', async () => {
    crm = await startFakeCrm({ contacts, auth: { type: 'apiKey', name: 'X-Api-Key', value: 'k1' } });
    const provider = createHttpJsonProvider({
      id: 'crm',
      url: `${crm.url}/contacts/search`,
      method: 'POST',
      body: { phone: '{{e164}}', meta: { source: 'pbx', n: 1 } },
      auth: { type: 'apiKey', name: 'X-Api-Key', value: 'k1' },
      response: { list: 'data', name: 'first_name', contactId: 'id' },
    });
    const matches = await provider.lookup(normalizePhone('+30 210 123 4567'), { signal: signal() });
    expect(matches).toEqual([{ matchedKey: '+302101234567', name: 'Nikos', contactId: 'c2' }]);
    expect(JSON.parse(crm.requests[0]?.body ?? '')).toEqual({
      phone: '+302101234567',
      meta: { source: 'pbx', n: 1 },
    });
    expect(crm.requests[0]?.headers['content-type']).toBe('application/json');
  });

  it('encodes the number for the URL path, treats 404 as a miss, and sends form bodies', async () => {
    crm = await startFakeCrm({ contacts, auth: { type: 'basic', username: 'pbx', password: 'p:w' } });
    const provider = createHttpJsonProvider({
      id: 'crm',
      url: `${crm.url}/contacts/by-phone/{{number}}`,
      auth: { type: 'basic', username: 'pbx', password: 'p:w' },
      response: { name: 'first_name' },
    });
    expect(await provider.lookup(normalizePhone('+302101234567'), { signal: signal() })).toEqual([
      { matchedKey: '+302101234567', name: 'Nikos' },
    ]);
    expect(await provider.lookup(MARIA, { signal: signal() })).toEqual([]);
    expect(crm.requests[0]?.path).toBe('/contacts/by-phone/%2B302101234567');

    const form = createHttpJsonProvider({
      id: 'form',
      url: `${crm.url}/contacts/by-phone/x`,
      method: 'POST',
      bodyType: 'form',
      body: { phone: '{{national}}', n: 2 },
      auth: { type: 'basic', username: 'pbx', password: 'p:w' },
    });
    await form.lookup(MARIA, { signal: signal() });
    expect(crm.requests.at(-1)?.body).toBe('phone=6974015758&n=2');
  });

  it('uses OAuth2 client credentials, sharing one token and refreshing after a 401', async () => {
    crm = await startFakeCrm({ contacts, auth: { type: 'oauth2', clientId: 'pbx', clientSecret: 'shh' } });
    const provider = createHttpJsonProvider({
      id: 'crm',
      url: `${crm.url}/contacts`,
      query: { phone: '{{e164}}' },
      auth: {
        type: 'oauth2',
        tokenUrl: `${crm.url}/oauth/token`,
        clientId: 'pbx',
        clientSecret: 'shh',
        scope: 'contacts.read',
      },
      response: { list: 'data', name: 'first_name' },
    });
    const nikos = normalizePhone('+302101234567');
    const results = await Promise.all([1, 2, 3].map(() => provider.lookup(nikos, { signal: signal() })));
    expect(results.map((r) => r[0]?.name)).toEqual(['Nikos', 'Nikos', 'Nikos']);
    expect(crm.tokensIssued).toBe(1);
    expect(new URLSearchParams(crm.requests[0]?.body).get('scope')).toBe('contacts.read');
    crm.revokeTokens();
    expect((await provider.lookup(nikos, { signal: signal() }))[0]?.name).toBe('Nikos');
    expect(crm.tokensIssued).toBe(2);

    const wrong = createHttpJsonProvider({
      id: 'wrong',
      url: `${crm.url}/contacts`,
      auth: {
        type: 'oauth2',
        tokenUrl: `${crm.url}/oauth/token`,
        clientId: 'pbx',
        clientSecret: 'nope',
        clientAuth: 'body',
      },
    });
    await expect(wrong.lookup(nikos, { signal: signal() })).rejects.toMatchObject({
      code: 'HTTP',
      status: 401,
      method: 'POST',
    });
  });

  it('turns failures into typed HTTP errors with status, url, body and retryability', async () => {
    crm = await startFakeCrm({ contacts, auth: { type: 'apiKey', name: 'key', value: 'topsecret' } });
    const provider = createHttpJsonProvider({
      id: 'crm',
      url: `${crm.url}/contacts`,
      query: { phone: '{{e164}}' },
      auth: { type: 'apiKey', in: 'query', name: 'key', value: 'topsecret' },
      response: { list: 'data', name: 'first_name' },
    });
    crm.failNext(503);
    const error = await provider.lookup(MARIA, { signal: signal() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CallerLookupHttpError);
    expect(error).toMatchObject({
      status: 503,
      method: 'GET',
      isRetryable: true,
      responseBody: '{"error":"scripted failure"}',
    });
    expect((error as CallerLookupHttpError).url).toContain('key=[redacted]');
    expect((error as CallerLookupHttpError).url).not.toContain('topsecret');
    crm.failNext(400, 1, 'not json');
    expect(await provider.lookup(MARIA, { signal: signal() }).catch((e: unknown) => e)).toMatchObject({
      status: 400,
      isRetryable: false,
    });
    crm.failNext(200, 1, '<html>');
    await expect(provider.lookup(MARIA, { signal: signal() })).rejects.toThrow(/not JSON/);
    crm.failNext(200, 1, '');
    expect(await provider.lookup(MARIA, { signal: signal() })).toEqual([]);
    crm.failNext(200, 1, JSON.stringify({ data: 'x'.repeat(2000) }));
    const small = createHttpJsonProvider({
      id: 's',
      url: `${crm.url}/contacts?key=topsecret`,
      maxResponseBytes: 100,
    });
    await expect(small.lookup(MARIA, { signal: signal() })).rejects.toThrow(/larger than 100 bytes/);

    const url = crm.url;
    await crm.close();
    crm = undefined;
    const down = createHttpJsonProvider({ id: 'down', url: `${url}/contacts` });
    expect(await down.lookup(MARIA, { signal: signal() }).catch((e: unknown) => e)).toMatchObject({
      status: 0,
      isRetryable: true,
    });
  });

  it('applies a success rule', async () => {
    crm = await startFakeCrm();
    const provider = createHttpJsonProvider({
      id: 'crm',
      url: `${crm.url}/contacts`,
      success: { path: 'ok', equals: true },
      response: { list: 'contact', name: 'name' },
    });
    crm.failNext(200, 1, '{"ok":false,"contact":{"name":"Ghost"}}');
    expect(await provider.lookup(MARIA, { signal: signal() })).toEqual([]);
    crm.failNext(200, 1, '{"ok":true,"contact":{"name":"Real"}}');
    expect(await provider.lookup(MARIA, { signal: signal() })).toEqual([
      { matchedKey: '+306974015758', name: 'Real' },
    ]);
    const truthy = createHttpJsonProvider({
      id: 't',
      url: `${crm.url}/x`,
      success: { path: 'found', status: [200, 202] },
    });
    crm.failNext(202, 1, '{"found":0}');
    expect(await truthy.lookup(MARIA, { signal: signal() })).toEqual([]);
  });

  it('works inside the engine, with coalescing and caching', async () => {
    crm = await startFakeCrm({
      contacts: [{ id: 'c2', firstName: 'Nikos', phones: ['+302101234567'] }],
      latencyMs: 20,
    });
    const provider = createHttpJsonProvider({
      id: 'crm',
      url: `${crm.url}/contacts`,
      query: { phone: '{{e164}}' },
      response: { list: 'data', name: 'first_name', contactId: 'id' },
    });
    const lookup = createCallerLookup({ providers: [provider], normalize: { defaultRegion: 'GR' } });
    const results = await Promise.all(Array.from({ length: 50 }, () => lookup.lookup('210 123 4567')));
    expect(results.every((r) => r.match?.name === 'Nikos')).toBe(true);
    expect((await lookup.lookup('+30 210 1234567')).source).toBe('cache');
    expect(crm.requests).toHaveLength(1);
    // Hostile caller ids never reach the CRM.
    for (const raw of ['*)(uid=*', '../../admin', '%0d%0aX: 1', "'; DROP TABLE contacts; --"]) {
      expect((await lookup.lookup(raw)).status).toBe('invalid');
    }
    expect(crm.requests).toHaveLength(1);
    await lookup.close();
  });

  it('rejects bad configuration', () => {
    const base = { id: 'x', url: 'https://crm.example/contacts' };
    expect(() => createHttpJsonProvider({ ...base, query: { q: '{{nope}}' } })).toThrow(
      CallerLookupConfigError,
    );
    expect(() => createHttpJsonProvider({ ...base, url: 'https://{{number}}.example/' })).toThrow(
      /only in its path/,
    );
    expect(() => createHttpJsonProvider({ ...base, url: 'ftp://crm.example/{{number}}' })).toThrow(
      CallerLookupConfigError,
    );
    expect(() => createHttpJsonProvider({ ...base, response: { list: 'a[' } })).toThrow(
      CallerLookupConfigError,
    );
    expect(() => createHttpJsonProvider({ ...base, headers: { x: '{{params.t}}' } })).toThrow(/params.t/);
    expect(() => createHttpJsonProvider({ ...base, auth: { type: 'bearer', token: '' } })).toThrow(
      CallerLookupConfigError,
    );
    expect(() => createHttpJsonProvider({ ...base, formats: [] })).toThrow(CallerLookupConfigError);
  });
});
