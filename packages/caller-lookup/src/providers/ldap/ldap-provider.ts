import type { ConnectionOptions } from 'node:tls';
import { Client, type Entry } from 'ldapts';
import { CallerLookupConfigError, CallerLookupLdapError } from '../../errors.js';
import { parseOptions } from '../../internal/parse-options.js';
import type { NormalizedPhone, PhoneKind } from '../../phone/types.js';
import type { CallerIdProvider, CallerMatch, ProviderContext } from '../../types.js';
import { escapeDnValue } from './escape.js';
import { buildPhoneFilter, searchValues } from './ldap-filter.js';
import {
  type LdapProviderOptions,
  ldapProviderOptionsSchema,
  type ResolvedLdapProviderOptions,
} from './ldap-options.js';

const digitsOf = (value: string) => value.replace(/\D/g, '');

/**
 * A caller-ID provider that searches OpenLDAP or Active Directory (ldapts): escaped filters over the
 * configured phone attributes, exact and trailing-digit matching, bind and search timeouts, LDAPS or
 * StartTLS, and one bound connection reused across lookups (re-established after a failure).
 */
export class LdapProvider implements CallerIdProvider {
  /** Provider id. */
  readonly id: string;
  /** Kinds of number it takes. */
  readonly kinds: readonly PhoneKind[];
  /** Its own timeout. */
  readonly timeoutMs: number | undefined;
  /** Configuration version (part of the cache key). */
  readonly version: string | number | undefined;
  /** The validated options. */
  readonly options: ResolvedLdapProviderOptions;
  /** The bind DN actually used (escaped when given as parts). */
  readonly bindDn: string | undefined;
  readonly #tls: ConnectionOptions | undefined;
  #connection: Promise<Client> | undefined;
  #closed = false;

  /** @param options - See {@link LdapProviderOptions}; throws {@link CallerLookupConfigError} when invalid. */
  constructor(options: LdapProviderOptions) {
    const { tlsOptions, ...rest } = options;
    const o = parseOptions(ldapProviderOptionsSchema, rest);
    if (o.startTls && o.url.startsWith('ldaps:'))
      throw new CallerLookupConfigError('startTls needs an ldap:// URL');
    this.options = o;
    this.id = o.id;
    this.kinds = o.kinds;
    this.timeoutMs = o.timeoutMs;
    this.version = o.version;
    this.#tls = tlsOptions;
    const dn = o.bindDn;
    this.bindDn =
      typeof dn === 'object' ? `${dn.rdnAttribute}=${escapeDnValue(dn.rdnValue)},${dn.parent}` : dn;
  }

  /** Search the directory for the number. */
  async lookup(phone: NormalizedPhone, { signal }: ProviderContext): Promise<readonly CallerMatch[]> {
    const o = this.options;
    const filter = buildPhoneFilter(phone, o);
    const client = await this.#connect();
    if (signal.aborted) throw signal.reason;
    let entries: Entry[];
    try {
      const result = await client.search(o.baseDn, {
        scope: o.scope,
        filter,
        sizeLimit: o.sizeLimit,
        timeLimit: Math.max(1, Math.ceil(o.searchTimeoutMs / 1000)),
        attributes: [
          'dn',
          ...o.attributes,
          ...o.map.name,
          o.map.company,
          o.map.email,
          o.map.contactId,
          ...o.map.fields,
        ],
      });
      entries = result.searchEntries;
    } catch (cause) {
      // Any failure may mean a dead or half-closed socket: drop the connection so the next lookup reconnects.
      this.#reset();
      throw new CallerLookupLdapError(this.id, `LDAP search failed: ${(cause as Error).message}`, { cause });
    }
    const { exact, suffix } = searchValues(phone, o);
    const wanted = exact.map(digitsOf);
    return entries.map((entry) => this.#toMatch(entry, wanted, suffix));
  }

  /** Unbind and drop the connection. */
  async close(): Promise<void> {
    this.#closed = true;
    const connection = this.#connection;
    this.#connection = undefined;
    const client = await connection?.catch(() => undefined);
    await client?.unbind().catch(() => {});
  }

  #connect(): Promise<Client> {
    if (this.#closed) return Promise.reject(new CallerLookupLdapError(this.id, 'LDAP provider is closed'));
    this.#connection ??= this.#open().catch((error: unknown) => {
      this.#connection = undefined;
      throw error;
    });
    return this.#connection;
  }

  async #open(): Promise<Client> {
    const o = this.options;
    const client = new Client({
      url: o.url,
      timeout: o.searchTimeoutMs,
      connectTimeout: o.bindTimeoutMs,
      // ldapts treats any tlsOptions as "connect with TLS", so they only go to the constructor for ldaps://.
      ...(this.#tls && o.url.startsWith('ldaps:') ? { tlsOptions: { ...this.#tls } } : {}),
    });
    try {
      // startTLS() writes the plain socket into the options it gets: hand it a copy.
      if (o.startTls) await client.startTLS({ ...this.#tls });
      if (this.bindDn !== undefined) await client.bind(this.bindDn, o.bindPassword ?? '');
      return client;
    } catch (cause) {
      await client.unbind().catch(() => {});
      const step = o.startTls && !client.isConnected ? 'StartTLS' : 'bind';
      throw new CallerLookupLdapError(
        this.id,
        `LDAP ${step} to ${o.url} failed: ${(cause as Error).message}`,
        { cause },
      );
    }
  }

  #reset(): void {
    const connection = this.#connection;
    this.#connection = undefined;
    void connection?.then((client) => client.unbind()).catch(() => {});
  }

  #toMatch(entry: Entry, wanted: string[], suffix: string | undefined): CallerMatch {
    const { map, attributes } = this.options;
    const first = (attribute: string): string | undefined => {
      const key = Object.keys(entry).find((k) => k.toLowerCase() === attribute.toLowerCase());
      const value = key === undefined ? undefined : entry[key];
      const one = Array.isArray(value) ? value[0] : value;
      return typeof one === 'string' && one !== ''
        ? one
        : Buffer.isBuffer(one)
          ? one.toString('utf8')
          : undefined;
    };
    const match: CallerMatch = {};
    const name = map.name.map(first).find((v) => v !== undefined);
    if (name) match.name = name;
    const company = first(map.company);
    if (company) match.company = company;
    const email = first(map.email);
    if (email) match.email = email;
    const contactId = map.contactId === 'dn' ? entry.dn : first(map.contactId);
    if (contactId) match.contactId = contactId;
    if (map.fields.length > 0) match.fields = Object.fromEntries(map.fields.map((f) => [f, entry[f]]));
    // Which attribute value matched, for the trace and for humans.
    for (const attribute of attributes) {
      const values = entry[attribute];
      for (const value of Array.isArray(values) ? values : values === undefined ? [] : [values]) {
        const text = typeof value === 'string' ? value : value.toString('utf8');
        const digits = digitsOf(text);
        if (
          wanted.includes(digits) ||
          wanted.includes(text) ||
          (suffix !== undefined && digits.endsWith(suffix))
        ) {
          match.matchedKey = `${attribute}: ${text}`;
          return match;
        }
      }
    }
    return match;
  }
}

/**
 * Build an {@link LdapProvider}.
 *
 * @example
 * ```ts
 * const directory = createLdapProvider({
 *   url: 'ldaps://dc1.corp.example:636',
 *   bindDn: { rdnAttribute: 'CN', rdnValue: 'PBX, Service', parent: 'OU=Service Accounts,DC=corp,DC=example' },
 *   bindPassword: process.env.LDAP_PASSWORD,
 *   baseDn: 'OU=People,DC=corp,DC=example',
 *   filter: '(&(objectClass=user)(!(userAccountControl:1.2.840.113556.1.4.803:=2)))',
 *   lastDigits: 8,
 * });
 * ```
 */
export function createLdapProvider(options: LdapProviderOptions): LdapProvider {
  return new LdapProvider(options);
}
