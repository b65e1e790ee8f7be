import type { ConnectionOptions } from 'node:tls';
import { z } from 'zod';

/** zod schema of {@link LdapProviderOptions} (without `tlsOptions`). */
export const ldapProviderOptionsSchema = z.object({
  /** Provider id. @defaultValue 'ldap' */
  id: z.string().min(1).default('ldap'),
  /** Server URL, `ldap://host:389` or `ldaps://host:636`. */
  url: z.string().regex(/^ldaps?:\/\/[^/]+\/?$/, 'must be ldap://host[:port] or ldaps://host[:port]'),
  /** Upgrade an `ldap://` connection with StartTLS before binding. @defaultValue false */
  startTls: z.boolean().default(false),
  /**
   * Bind DN, written out (`CN=Doe\, John,OU=Users,DC=corp`) or as parts that are escaped for you
   * (RFC 4514). Without it the search is anonymous.
   */
  bindDn: z
    .union([
      z.string().min(1),
      z.object({
        /** RDN attribute (`CN`, `uid`). */
        rdnAttribute: z.string().regex(/^[A-Za-z][\w-]*$/),
        /** RDN value, unescaped (`Doe, John`); escaped per RFC 4514 for you. */
        rdnValue: z.string().min(1),
        /** The parent DN, written out (`OU=Users,DC=corp,DC=example`). */
        parent: z.string().min(1),
      }),
    ])
    .optional(),
  /** Bind password. */
  bindPassword: z.string().optional(),
  /** Search base (`OU=People,DC=corp,DC=example`). */
  baseDn: z.string().min(1),
  /** Search scope. @defaultValue 'sub' */
  scope: z.enum(['base', 'one', 'sub']).default('sub'),
  /** A trusted extra filter ANDed with the phone filter, e.g. only enabled users. @defaultValue '(objectClass=*)' */
  filter: z
    .string()
    .regex(/^\(.*\)$/, 'must be a parenthesised LDAP filter')
    .default('(objectClass=*)'),
  /** Phone attributes searched. @defaultValue `['telephoneNumber', 'mobile', 'homePhone', 'ipPhone', 'otherTelephone']` */
  attributes: z
    .array(z.string().regex(/^[A-Za-z][\w-]*$/))
    .min(1)
    .default(['telephoneNumber', 'mobile', 'homePhone', 'ipPhone', 'otherTelephone']),
  /**
   * Number forms matched exactly. `telephoneNumber`-syntax attributes ignore spaces and dashes
   * (RFC 4517 telephoneNumberMatch), so `+30 210 1234567` matches `e164`.
   * @defaultValue `['e164', 'internationalFormatted', 'nationalFormatted', 'national']`
   */
  forms: z
    .array(
      z.enum(['e164', 'digits', 'idd', 'national', 'nationalFormatted', 'internationalFormatted', 'variant']),
    )
    .min(1)
    .default(['e164', 'internationalFormatted', 'nationalFormatted', 'national']),
  /** Also match values ending in this many digits of the national number (`*12345678`); `0` is off. @defaultValue 0 */
  lastDigits: z.number().int().min(0).max(15).default(0),
  /** How entries become matches (attribute names; the first present wins for `name`). */
  map: z
    .object({
      /** Name attributes, first present wins. @defaultValue `['displayName', 'cn']` */
      name: z.array(z.string()).min(1).default(['displayName', 'cn']),
      /** Company attribute. @defaultValue 'company' */
      company: z.string().default('company'),
      /** E-mail attribute. @defaultValue 'mail' */
      email: z.string().default('mail'),
      /** `dn` or an attribute (`entryUUID`, `objectGUID`). @defaultValue 'dn' */
      contactId: z.string().default('dn'),
      /** Extra attributes copied into `fields`. @defaultValue `[]` */
      fields: z.array(z.string()).default([]),
    })
    .prefault({}),
  /** Most entries returned; at least 2, so a shared number still comes back `ambiguous`. @defaultValue 10 */
  sizeLimit: z.number().int().min(2).default(10),
  /** TCP (and TLS) connect timeout, which also bounds the bind. @defaultValue 2000 */
  bindTimeoutMs: z.number().int().positive().default(2000),
  /** Per-operation timeout (bind, search). @defaultValue 2000 */
  searchTimeoutMs: z.number().int().positive().default(2000),
  /** This provider's timeout in the engine. */
  timeoutMs: z.number().int().positive().optional(),
  /** Kinds of number it takes (extensions match `ipPhone`-style attributes by digits). @defaultValue `['e164', 'extension']` */
  kinds: z.array(z.enum(['e164', 'extension', 'shortcode'])).default(['e164', 'extension']),
  /** Bump to invalidate cached answers after a configuration change. */
  version: z.union([z.string(), z.number()]).optional(),
});

/** Options of `createLdapProvider`. */
export type LdapProviderOptions = z.input<typeof ldapProviderOptionsSchema> & {
  /** TLS options for `ldaps://` and StartTLS (`ca`, `servername`, `rejectUnauthorized`). */
  tlsOptions?: ConnectionOptions;
};

/** {@link LdapProviderOptions} after validation. */
export type ResolvedLdapProviderOptions = z.output<typeof ldapProviderOptionsSchema>;
