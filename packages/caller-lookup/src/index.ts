/**
 * Phone-number normalisation and a caller-ID provider chain (phone book, LDAP/Active Directory, HTTP JSON, your own) with caching, deadlines and coalescing.
 *
 * @packageDocumentation
 */

/** The package's version, as published. */
export const version = '0.0.0';
